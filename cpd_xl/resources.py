"""Find the data cpd-xl ships: the catalogue folder and the templates.

Both live at the top of the repository and are packed into the wheel as
``cpd_xl/catalogue`` and ``cpd_xl/templates`` (see ``setup.cfg``), so they are
looked for beside the package first and beside the source checkout second.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"cpd-xl's {name}/ folder is missing from {_PACKAGE}: reinstall cpd-xl"
    )


def catalogue_dir() -> Path:
    """The folder holding the shipped catalogue, aliases and policy file."""
    return _shipped("catalogue")


def templates_dir() -> Path:
    """The folder holding the shipped Jinja templates."""
    return _shipped("templates")
