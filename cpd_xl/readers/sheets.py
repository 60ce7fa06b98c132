"""Open a spreadsheet file and give its sheets as numbered rows of cells.

This is the one layer that touches file bytes: python-calamine for workbooks
(.xlsx, .xlsm, .xlsb, .xls, .ods), the csv module for .csv. Every size limit
and every check on what a file really is lives here, so that hostile or broken
files are stopped in one place before any reader sees a cell.

Row numbers are 1-based and count every row above, blank or not, as Excel
shows them; calamine drops leading empty rows and columns, so the offsets are
put back here.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..findings import finding
from ..model import Finding, Source
from .guard import LIMITS, PASSWORD_HELP, FileRefused, examine
from .htmltable import read_html_rows

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv")

# Limits, in one place (guard.LIMITS, checked before any parser runs). A
# school's real exports are far below each of them.
MAX_FILE_BYTES = LIMITS.max_file_bytes
MAX_ROWS = LIMITS.max_rows_per_sheet
MAX_COLUMNS = LIMITS.max_columns
MAX_CELLS = LIMITS.max_cells_per_sheet
MAX_WORKBOOK_XML_BYTES = 1024 * 1024
MAX_UNZIPPED_BYTES = LIMITS.max_uncompressed_bytes

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SheetError(InputError):
    """A file cannot be opened as a spreadsheet; ``code`` is a finding code."""

    def __init__(self, message: str, code: str = "unreadable-file") -> None:
        super().__init__(message)
        self.code = code


@dataclass(slots=True)
class Sheet:
    """One sheet of a file: its name, whether it is hidden, and its rows.

    ``rows`` yields ``(row_number, cells)``: the 1-based row number as a user
    sees it and the cells from column A on.
    """

    name: str
    hidden: bool
    _rows: object

    def rows(self) -> Iterator[tuple[int, list]]:
        """Every row of the sheet, blank rows included, numbered from 1."""
        yield from self._rows()


@dataclass(slots=True)
class Workbook:
    """An opened file: its sheets and the date system of its serial numbers."""

    path: Path
    sheets: list[Sheet]
    date1904: bool = False
    findings: list[Finding] = field(default_factory=list)


def column_letter(index: int) -> str:
    """The Excel letter of a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def open_workbook(path: Path, *, display: str | None = None) -> Workbook:
    """Open a spreadsheet file read-only, or raise SheetError saying why not."""
    path = Path(path)
    name = display or path.name
    suffix = path.suffix.lower()
    try:
        kind, notes = examine(path, _limits(), name=name)
    except FileRefused as error:
        raise SheetError(str(error), error.code) from None
    except OSError as error:
        raise SheetError(f"{name}: cannot be opened ({error.strerror})") from None
    if kind == "csv":
        book = Workbook(path, [_csv_sheet(path, name)])
    elif kind == "html":
        book = Workbook(path, [_html_sheet(path, name)])
    else:
        book = _calamine_workbook(path, name, suffix)
    book.findings.extend(notes)
    if suffix not in _SUFFIXES_OF[kind]:
        book.findings.append(
            finding(
                "format-mismatch",
                f"{name}: the file is {_FORMAT_NAMES[kind]} with a {suffix} name, "
                "and was read as what it is; save it again from Excel as .xlsx",
                Source(name),
                severity="info",
            )
        )
    return book


_SUFFIXES_OF = {
    "xlsx": (".xlsx", ".xlsm"),
    "xlsm": (".xlsm", ".xlsx"),
    "xlsb": (".xlsb",),
    "xls": (".xls",),
    "ods": (".ods",),
    "csv": (".csv",),
    "html": (),
}
_FORMAT_NAMES = {
    "xlsx": "an .xlsx workbook",
    "xlsm": "an .xlsm workbook",
    "xlsb": "an .xlsb workbook",
    "xls": "an Excel 97-2003 .xls workbook",
    "ods": "an OpenDocument .ods spreadsheet",
    "csv": "plain text (CSV)",
    "html": "a web page (HTML) holding a table",
}


def _limits():
    """The guard's limits, from this module's constants (tests may lower them)."""
    return replace(
        LIMITS,
        max_file_bytes=MAX_FILE_BYTES,
        max_uncompressed_bytes=MAX_UNZIPPED_BYTES,
        max_rows_per_sheet=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        max_cells_per_sheet=MAX_CELLS,
    )


def _html_sheet(path: Path, name: str) -> Sheet:
    rows = read_html_rows(path)
    if len(rows) > MAX_ROWS:
        raise SheetError(
            f"{name}: more than {MAX_ROWS:,} rows, over cpd-xl's limit; split the file",
            "limit-exceeded",
        )
    return Sheet(path.stem, False, lambda: enumerate(rows, start=1))


def _calamine_workbook(path: Path, name: str, suffix: str) -> Workbook:
    import python_calamine

    try:
        with _panics_refused(f"{name}: cannot be opened"):
            book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise SheetError(
            f"{name}: the workbook is password-protected; {PASSWORD_HELP}",
            "encrypted-file",
        ) from None
    except SheetError:
        raise
    except Exception as error:  # calamine raises several types for bad files
        # An .ods saved with an .xlsx name (or the reverse) is still readable:
        # calamine can tell the format from the bytes.
        with _panics_refused(f"{name}: cannot be opened"):
            book = _by_content(python_calamine, path)
        if book is None:
            with path.open("rb") as stream:
                old_style = stream.read(8) == _OLE and suffix != ".xls"
            what = (
                f"an old-style .xls file with a {suffix} name that cannot be read"
                if old_style
                else f"cannot be read as a {suffix} workbook"
            )
            raise SheetError(
                f"{name}: {what} ({_short(error)}); open it in Excel or "
                "LibreOffice and save it again as .xlsx"
            ) from None
    date1904 = _date1904(path) if zipfile.is_zipfile(path) else False
    sheets = []
    for meta in book.sheets_metadata:
        if str(meta.typ).rsplit(".", 1)[-1] not in ("WorkSheet", "Worksheet"):
            continue
        hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
        sheets.append(_calamine_sheet(book, meta.name, hidden, name))
    return Workbook(path, sheets, date1904)


@contextmanager
def _panics_refused(message: str) -> Iterator[None]:
    """Turn a panic in calamine's Rust code into a SheetError.

    pyo3 raises such a panic as PanicException, which derives from
    BaseException, so ``except Exception`` would let it stop the whole run.
    """
    try:
        yield
    except BaseException as error:
        if type(error).__name__ != "PanicException":
            raise
        raise SheetError(
            f"{message} (the spreadsheet reader failed: {_short(error)}); open it "
            "in Excel or LibreOffice and save it again"
        ) from None


def _by_content(python_calamine, path: Path):
    try:
        with path.open("rb") as stream:
            return python_calamine.CalamineWorkbook.from_filelike(stream)
    except Exception:
        return None


def _calamine_sheet(book, sheet_name: str, hidden: bool, name: str) -> Sheet:
    try:
        with _panics_refused(f"{name}: sheet {sheet_name} cannot be read"):
            sheet = book.get_sheet_by_name(sheet_name)
    except SheetError:
        raise
    except Exception as error:
        raise SheetError(
            f"{name}: sheet {sheet_name} cannot be read ({_short(error)}); "
            "open the file in Excel or LibreOffice and save it again"
        ) from None
    start, end = sheet.start, sheet.end
    if start is None or end is None:
        return Sheet(sheet_name, hidden, lambda: iter(()))
    rows_claimed, columns_claimed = end[0] + 1, end[1] + 1
    if (
        rows_claimed > MAX_ROWS
        or columns_claimed > MAX_COLUMNS
        or rows_claimed * columns_claimed > MAX_CELLS
    ):
        raise SheetError(
            f"{name}: sheet {sheet_name} spans {rows_claimed:,} rows by "
            f"{columns_claimed:,} columns, over cpd-xl's limits ({MAX_ROWS:,} "
            f"rows, {MAX_COLUMNS:,} columns, {MAX_CELLS:,} cells); copy the data "
            "into a new workbook",
            "limit-exceeded",
        )

    def rows() -> Iterator[tuple[int, list]]:
        # skip_empty_area=False keeps the leading empty rows and columns that
        # calamine otherwise drops, so row numbers match what Excel shows.
        with _panics_refused(f"{name}: sheet {sheet_name} cannot be read"):
            data = sheet.to_python(skip_empty_area=False)
        for index, cells in enumerate(data):
            yield index + 1, cells

    return Sheet(sheet_name, hidden, rows)


def _date1904(path: Path) -> bool:
    """Whether an .xlsx counts its serial dates from 1904 (old Mac Excel)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > MAX_WORKBOOK_XML_BYTES:
                return False
            with archive.open(info) as part:
                text = part.read(MAX_WORKBOOK_XML_BYTES).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError):
        return False
    match = re.search(r"<(?:\w+:)?workbookPr\b[^>]*>", text)
    if not match:
        return False
    flag = re.search(r"\bdate1904\s*=\s*[\"']([^\"']*)[\"']", match.group(0))
    return bool(flag) and flag.group(1).strip().lower() in ("1", "true")


def _csv_sheet(path: Path, name: str) -> Sheet:
    raw = path.read_bytes()
    text = _decode(raw)
    if "\x00" in text[:4096]:
        raise SheetError(
            f"{name}: this is not a text CSV file (it holds binary data); export "
            "it again as CSV or .xlsx"
        )
    delimiter = _sniff(text)

    def rows() -> Iterator[tuple[int, list]]:
        # A field longer than the csv module's limit (131,072 characters)
        # stops the file with csv.Error, reported below.
        number = 0
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            for cells in reader:
                number += 1
                if number > MAX_ROWS:
                    raise SheetError(
                        f"{name}: more than {MAX_ROWS:,} rows, over cpd-xl's limit; "
                        "split the file",
                        "limit-exceeded",
                    )
                yield number, cells
        except csv.Error as error:
            raise SheetError(
                f"{name}: row {number + 1} cannot be read as CSV ({error}); "
                "open it in a spreadsheet program and save it again as CSV"
            ) from None

    return Sheet(path.stem, False, rows)


def _decode(raw: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16, else cp1252."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; Latin-1 maps them rather than fail.
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _sniff(text: str) -> str:
    """The delimiter that splits the most of the first lines into one count."""
    lines = text[:16384].splitlines()
    if len(text) > 16384:
        lines.pop()  # cut short by the sample
    lines = [line for line in lines if line.strip()][:30]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in ",;\t|":
        counts: dict[int, int] = {}
        try:
            for cells in csv.reader(lines, delimiter=delimiter):
                if len(cells) > 1:
                    counts[len(cells)] = counts.get(len(cells), 0) + 1
        except csv.Error:
            continue
        if counts:
            width = max(counts, key=lambda n: (counts[n], n))
            score = (counts[width], width)
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    text = text[:160]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
