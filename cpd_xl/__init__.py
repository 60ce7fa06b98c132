"""cpd-xl: turn a school group's spreadsheets into the CPD reports its policy
asks for.

The public functions are imported lazily so that ``cpd-xl --help`` and the
resource lookups stay quick and need none of the spreadsheet libraries.
"""

from __future__ import annotations

__version__ = "0.1.0"

_PUBLIC = {
    "read_folder": "cpd_xl.readers",
    "load_catalogue": "cpd_xl.readers",
    "load_policy": "cpd_xl.policy",
    "check": "cpd_xl.policy",
    "write_report": "cpd_xl.writers",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'cpd_xl' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
