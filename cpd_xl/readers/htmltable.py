"""Rows of the table in a web page: what portals save as ".xls" exports.

Many web portals "export to Excel" by sending an HTML page with a ``.xls``
name; Excel opens it with a warning. cpd-xl reads the largest table of such
a page with the standard library's HTML parser: one list of cell texts per
``<tr>``, a cell spanning several columns followed by blank cells so that
the columns stay in line. Scripts, styles and nested tables' layout are
ignored; nothing is fetched.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

# A colspan beyond this is taken as this many columns: a hostile page must
# not make a row of millions of blank cells.
MAX_COLSPAN = 1000
# Source line breaks and runs of spaces are one space, as a browser shows them.
_SPACES = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def read_html_rows(path) -> list[list[str]]:
    """The rows of the largest table in an HTML file, as lists of cell text."""
    parser = _TableParser()
    parser.feed(_decode(Path(path).read_bytes()))
    parser.close()
    tables = [rows for rows in parser.tables if rows]
    return max(tables, key=len) if tables else []


def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace")
    declared = _CHARSET.search(raw[:4096])
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


class _TableParser(HTMLParser):
    """Collects the rows of every table; a nested table is a table of its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._span = 1
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._end_cell()
            rows: list[list[str]] = []
            self.tables.append(rows)
            self._open.append(rows)
        elif not self._open:
            return
        elif tag == "tr":
            self._end_cell()
            self._open[-1].append([])
        elif tag in ("td", "th"):
            self._end_cell()
            if not self._open[-1]:
                self._open[-1].append([])
            self._cell = []
            self._span = _span(dict(attrs).get("colspan"))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th", "tr"):
            self._end_cell()
        elif tag == "table" and self._open:
            self._end_cell()
            self._open.pop()

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(_SPACES.sub(" ", data))

    def _end_cell(self) -> None:
        if self._cell is None or not self._open:
            self._cell = None
            return
        text = "\n".join(line.strip() for line in "".join(self._cell).split("\n"))
        self._open[-1][-1].extend([text] + [""] * (self._span - 1))
        self._cell = None


def _span(value) -> int:
    try:
        return min(max(int(value), 1), MAX_COLSPAN)
    except (TypeError, ValueError):
        return 1
