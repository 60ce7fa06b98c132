"""Readers: turn a drop of spreadsheets into the shared model.

``read_folder`` reads a whole drop; ``load_catalogue`` the catalogue. The
layers beneath: :mod:`.sheets` opens files, :mod:`.headers` finds header rows
and tells a sheet's kind, one module per kind reads its rows, and
:mod:`.merge` counts records found in two exports once.
"""

from __future__ import annotations

from .catalogue import load_catalogue
from .folder import list_files, read_file, read_folder

__all__ = ["list_files", "load_catalogue", "read_file", "read_folder"]
