"""Writing safely: cell text that never turns into a formula, output names
that stay inside the output folder, and files replaced only whole.

Every sheet cpd-xl writes goes through :class:`SheetWriter`, so no other
module calls xlsxwriter's ``write()`` on a value it did not make itself.
:func:`set_print` lays every sheet out for A4 at a scale that stays readable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import textwrap
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import OutputError

# A text starting with one of these is a formula (or DDE payload) to Excel,
# LibreOffice or a CSV importer.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_TEXT = 32_767
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
PERCENT_FORMAT = "0%"
HOURS_FORMAT = "0.0"

# Column-width units across A4 landscape inside the margins at 100%, a little
# under the 149 that fit, since a page breaks only between columns.
PAGE_WIDTH = 140
DEFAULT_WIDTH = 8.43
# Below this scale 11 pt text prints smaller than about 7.5 pt.
MIN_SCALE = 0.7
MAX_PAGES_WIDE = 3

_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(10)),
    *(f"LPT{n}" for n in range(10)),
}
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_MAX_NAME = 120

# The options every workbook is opened with: a string is only ever a string.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
}


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_text(value: object) -> str:
    """A value as CSV cell text, with formula-like text defused by a quote."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_like(text) else text


def safe_file_name(text: str, *, fallback: str = "unnamed") -> str:
    """A single file-name component made from any text (academy names too).

    Path separators, ``..``, control and reserved characters and Windows
    device names (``CON``, ``NUL``...) never survive, so the name cannot
    leave the folder it is joined to.
    """
    name = unicodedata.normalize("NFC", str(text))
    name = re.sub(r"\s+", " ", name)
    name = _UNSAFE_NAME_CHARS.sub("_", name).strip(" .")
    name = re.sub(r"_+", "_", re.sub(r"\.{2,}", "_", name))
    if name.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        name = "_" + name
    name = name[:_MAX_NAME].rstrip(" .")
    return name or fallback


def safe_name_part(text: str, *, fallback: str, limit: int = 60) -> str:
    """A part of a file name made from any text, shortened to ``limit`` characters.

    Text with no letter or digit left once cleaned becomes ``fallback``. A
    shortened name ends in ``…`` and six hex digits of the whole name, so two
    long names that start alike still give two names.
    """
    name = safe_file_name(text, fallback="")
    if not any(ch.isalnum() for ch in name):
        return fallback
    if len(name) <= limit and len(name.encode("utf-8")) <= 2 * limit:
        return name
    digest = hashlib.sha256(str(text).encode("utf-8")).hexdigest()[:6]
    keep = name[: limit - 8]
    # Folders cap names in bytes, and one character may take four.
    while len(keep.encode("utf-8")) > 2 * limit - 16:
        keep = keep[:-1]
    return f"{keep.rstrip(' ._')}… {digest}"


def path_inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would land elsewhere."""
    base = folder.resolve()
    path = (base / name).resolve()
    if path.parent != base:
        raise OutputError(
            f"refusing to write {name!r}: it would land outside {folder}; "
            "this is a bug in cpd-xl's output names, please report it"
        )
    return path


def replace_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Have ``write`` fill a temporary file beside ``path``, then move it over.

    An existing file at ``path`` is replaced only once the new one is whole;
    if ``write`` fails, the old file stays and the temporary one is removed.
    The file ends with the mode a plain ``open()`` gives: 0o666 less the umask.
    """
    temp = _create_beside(path)
    try:
        write(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def _create_beside(path: Path) -> Path:
    # Not tempfile.mkstemp: it makes the file 0600, which os.replace would keep.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temp = (
            path.parent / f".{path.stem[:40]}.{secrets.token_hex(4)}.part{path.suffix}"
        )
        try:
            fd = os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return temp
    raise FileExistsError(f"no free temporary name beside {path}")


def write_text_atomically(path: Path, text: str) -> Path:
    """Write UTF-8 text to ``path`` whole or not at all."""
    return replace_atomically(
        path, lambda temp: temp.write_text(text, encoding="utf-8", newline="\n")
    )


def footer_text(text: str) -> str:
    """Text made safe for an Excel header or footer (``&`` is a code there)."""
    return str(text).replace("&", "&&")[:80]


class Styles:
    """The workbook's cell formats, made once per distinct set of properties."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self._made: dict[tuple, object] = {}

    def get(self, **props):
        """The format with these xlsxwriter properties, or None for none."""
        if not props:
            return None
        key = tuple(sorted(props.items()))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self.workbook.add_format(props)
        return made


class SheetWriter:
    """Writes typed cells to one worksheet, and sizes columns to fit them.

    Text is always a string cell; text a spreadsheet would take for a formula
    also gets Excel's quote prefix, so editing the cell keeps it text.
    """

    def __init__(self, worksheet, styles: Styles, *, max_width: int = 60) -> None:
        self.sheet = worksheet
        self.styles = styles
        self.max_width = max_width
        self.widths: dict[int, int] = {}
        self._plain = None

    def cell(self, row: int, col: int, value: object, **style) -> None:
        """Write one value by its Python type, with optional format properties."""
        sheet = self.sheet
        if value is None or value == "":
            sheet.write_blank(row, col, None, self.styles.get(**style))
            return
        if isinstance(value, bool):
            self.cell(row, col, "yes" if value else "no", **style)
            return
        if isinstance(value, (int, float)):
            sheet.write_number(row, col, value, self.styles.get(**style))
            self._fit(col, _number_width(value, style))
            return
        if isinstance(value, dt.datetime):
            style.setdefault("num_format", DATETIME_FORMAT)
            sheet.write_datetime(row, col, value, self.styles.get(**style))
            self._fit(col, 16)
            return
        if isinstance(value, dt.date):
            style.setdefault("num_format", DATE_FORMAT)
            sheet.write_datetime(row, col, value, self.styles.get(**style))
            self._fit(col, 11)
            return
        text = str(value)
        if len(text) > EXCEL_MAX_TEXT:
            text = text[: EXCEL_MAX_TEXT - 1] + "…"
        if is_formula_like(text):
            style["quote_prefix"] = True
        sheet.write_string(row, col, text, self.styles.get(**style))
        self._fit(col, max((len(line) for line in text.splitlines()), default=0))

    def row(self, row: int, values: Iterable[object], **style) -> None:
        """Write a row of values from column 0."""
        for col, value in enumerate(values):
            self.cell(row, col, value, **style)

    def plain_row(self, row: int, values: Iterable[object]) -> None:
        """Write a row fast: no formats but dates, no column sizing, no blanks.

        For the sheets of up to a million rows; the text rules are the same.
        """
        sheet = self.sheet
        if self._plain is None:
            self._plain = (
                self.styles.get(num_format=DATE_FORMAT),
                self.styles.get(num_format=DATETIME_FORMAT),
                self.styles.get(quote_prefix=True),
            )
        date_format, datetime_format, quoted = self._plain
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                if len(value) > EXCEL_MAX_TEXT:
                    value = value[: EXCEL_MAX_TEXT - 1] + "…"
                sheet.write_string(
                    row,
                    col,
                    value,
                    quoted if value.startswith(FORMULA_STARTS) else None,
                )
            elif kind is bool:
                sheet.write_string(row, col, "yes" if value else "no")
            elif kind is int or kind is float:
                sheet.write_number(row, col, value)
            elif kind is dt.date:
                sheet.write_datetime(row, col, value, date_format)
            elif kind is dt.datetime:
                sheet.write_datetime(row, col, value, datetime_format)
            else:
                self.cell(row, col, value)

    def header(self, row: int, titles: Iterable[str], *, freeze: bool = True) -> int:
        """Write a bold header row, freeze it and repeat it when printed."""
        titles = list(titles)
        for col, title in enumerate(titles):
            self.cell(row, col, title, bold=True, bg_color="#D9E1F2", bottom=1)
        if freeze:
            self.sheet.freeze_panes(row + 1, 0)
        self.sheet.repeat_rows(row)
        return len(titles)

    def autofilter(self, first_row: int, last_row: int, columns: int) -> None:
        """Put an autofilter over a header row and the data under it."""
        if columns:
            self.sheet.autofilter(first_row, 0, max(first_row, last_row), columns - 1)

    def fit_columns(self, *, minimum: int = 6) -> dict[int, float]:
        """Set every column written to the width of its widest value.

        Returns the widths set, by column.
        """
        widths = {}
        for col, width in self.widths.items():
            widths[col] = min(self.max_width, max(minimum, width))
            self.sheet.set_column(col, col, widths[col])
        return widths

    def _fit(self, col: int, width: int) -> None:
        # Bold headers and autofilter arrows need a little more room.
        width += 3
        if width > self.widths.get(col, 0):
            self.widths[col] = width


def _number_width(value: float, style: dict) -> int:
    if style.get("num_format") == PERCENT_FORMAT:
        return 5
    if isinstance(value, float):
        return len(f"{value:.1f}")
    return len(str(value))


def sheet_width(widths: dict[int, float], columns: int) -> float:
    """The width in column units of the first ``columns`` columns."""
    return sum(widths.get(col, DEFAULT_WIDTH) for col in range(columns))


def pages_wide(width: float, first: float = 0.0) -> int:
    """How many pages across a sheet ``width`` units wide needs to stay readable.

    ``first`` is the width of the first column, printed again on every page.
    """
    room = PAGE_WIDTH / MIN_SCALE
    for pages in range(1, MAX_PAGES_WIDE + 1):
        if width + (pages - 1) * first <= pages * room:
            return pages
    return MAX_PAGES_WIDE


def set_print(
    sheet,
    *,
    academy: str,
    title: str,
    header_row: int | None = 0,
    width: float | None = None,
    first: float = 0.0,
) -> int:
    """Landscape A4 with the header row repeated and a named footer.

    A sheet ``width`` units wide (with a first column ``first`` wide) fits one
    page across when that keeps the text readable, else two or three pages
    across, each repeating the first column. Returns the pages across.
    """
    sheet.set_landscape()
    sheet.set_paper(9)  # A4, the paper UK schools print on
    pages = 1 if width is None else pages_wide(width, first)
    sheet.fit_to_pages(pages, 0)
    if pages > 1:
        sheet.repeat_columns(0)
        # Each band of rows is printed whole, left part then right part.
        sheet.print_across()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(f"&L&B{footer_text(title)}")
    sheet.set_footer(f"&L{footer_text(academy)}&CPage &P of &N&R&A")
    if header_row is not None:
        sheet.repeat_rows(header_row)
    return pages


def text_lines(value: object, width: float, *, font_size: int = 11) -> int:
    """How many lines a wrapped text cell needs in a column ``width`` units wide."""
    if not isinstance(value, str) or not value:
        return 1
    # LibreOffice's wide fallback for Calibri fits about 1.25 characters of
    # 11 pt text per unit of width; Calibri itself fits more.
    chars = max(1, int(width * 1.2 * 11 / font_size) - 1)
    if len(value) <= chars and "\n" not in value:
        return 1  # the common case, without the cost of wrapping
    return sum(
        max(1, len(textwrap.wrap(line, chars, break_on_hyphens=False)))
        for line in value.splitlines()
    )


def line_height(font_size: int = 11) -> int:
    """The height in points of one line of text at ``font_size``."""
    return round(font_size * 15 / 11)
