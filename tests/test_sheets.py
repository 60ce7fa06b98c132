"""The sheet-opening layer: row numbers, CSV sniffing, what a file really is."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from cpd_xl.errors import InputError
from cpd_xl.readers import sheets
from cpd_xl.readers.sheets import SheetError, column_letter, open_workbook

DATA = Path(__file__).resolve().parent / "data"
REAL_WORLD = Path(__file__).resolve().parents[2] / "shared" / "samples" / "real-world"


def rows_of(path: Path, sheet: int = 0) -> dict[int, list]:
    """Non-blank rows of one sheet by row number."""
    book = open_workbook(path)
    return {
        number: cells
        for number, cells in book.sheets[sheet].rows()
        if any(c not in ("", None) for c in cells)
    }


@pytest.mark.parametrize(
    "index, letter",
    [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")],
)
def test_column_letter(index, letter):
    assert column_letter(index) == letter


def real_world(name: str) -> Path:
    path = REAL_WORLD / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path


def test_row_numbers_count_the_blank_rows_calamine_drops():
    # Excel shows: rows 1-2 blank, "Note 1" in C3, rows 4-8 blank, header in
    # row 9, data in row 10.
    rows = rows_of(real_world("calamine__header-row.xlsx"))
    assert list(rows) == [3, 9, 10]
    assert rows[3][2] == "Note 1"
    assert rows[9][:2] == ["Columns", "Column A"]
    assert rows[10][0] == "put data here"


def test_columns_keep_their_place_when_the_table_starts_at_b3():
    # readxl's geometry.xlsx: the table starts at B3.
    rows = rows_of(real_world("readxl__geometry.xlsx"))
    assert min(rows) == 3
    assert rows[3][:4] == ["", "var1", "var2", "var3"]


def test_header_row_written_far_down_keeps_its_row_number():
    # make_data.py writes 4 title rows, 20 blank rows, the header in row 25.
    rows = rows_of(DATA / "single" / "header-far-down.xlsx")
    assert list(rows) == [1, 3, 4, 25, 26]
    assert rows[25][1] == "Staff member"


def test_xls_written_by_libreoffice_reads_with_date_cells():
    rows = rows_of(DATA / "drop" / "AMAG" / "logins.xls")
    assert rows[1] == ["Email", "Login date/time", "Session"]
    assert rows[2][1] == dt.datetime(2026, 9, 7, 8, 30)
    assert rows[5][1] == "20/09/2026 10:15"
    assert len(rows) == 6


def test_ods_written_by_libreoffice_reads_with_date_cells():
    rows = rows_of(DATA / "drop" / "AMAG" / "records-export-2.ods")
    assert rows[1][3] == "Progress"
    assert rows[3][4] == dt.date(2026, 10, 5)
    assert rows[3][5] == 0.5
    assert len(rows) == 4


@pytest.mark.parametrize(
    "path, expected",
    [
        (DATA / "single" / "records-1904.xlsx", True),
        (DATA / "single" / "two-kinds.xlsx", False),
        ("calamine__date_1904.xlsx", True),
        ("readxl__dates-1900-LibreOffice.xlsx", False),
    ],
)
def test_date_system_is_read_from_the_workbook(path, expected):
    path = path if isinstance(path, Path) else real_world(path)
    assert open_workbook(path).date1904 is expected


@pytest.mark.parametrize(
    "text, encoding, expected",
    [
        ("Email,Name\na@x.org,Ann\n", "utf-8", ["a@x.org", "Ann"]),
        ("Email;Name\na@x.org;Zoë\n", "utf-8-sig", ["a@x.org", "Zoë"]),
        ("Email;Name\na@x.org;Hélène\n", "cp1252", ["a@x.org", "Hélène"]),
        ("Email\tName\na@x.org\tAnn, Jr\n", "utf-16", ["a@x.org", "Ann, Jr"]),
        ('Email|Name\na@x.org|"A|B"\n', "utf-8", ["a@x.org", "A|B"]),
        # a title line above the table does not fool the sniffing
        (
            "Staff list\nEmail;Name;Phase\na@x.org;Ann;EYFS\n",
            "utf-8",
            ["a@x.org", "Ann", "EYFS"],
        ),
    ],
)
def test_csv_encoding_and_delimiter_are_sniffed(tmp_path, text, encoding, expected):
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode(encoding))
    rows = rows_of(path)
    assert rows[max(rows)] == expected


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.xlsx", b"", "empty (0 bytes)"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "damaged or cut short"),
        (
            "old.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "old-style .xls",
        ),
        ("notes.pdf", b"%PDF-1.4", "not a spreadsheet"),
    ],
)
def test_files_that_are_not_spreadsheets_say_what_they_are(
    tmp_path, name, content, words
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SheetError) as caught:
        open_workbook(path)
    assert isinstance(caught.value, InputError)
    assert caught.value.code == "unreadable-file"
    assert words in str(caught.value)
    assert name in str(caught.value)


def test_an_encrypted_workbook_is_named_as_such(tmp_path):
    path = tmp_path / "locked.xlsx"
    marker = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000) + marker)
    with pytest.raises(SheetError) as caught:
        open_workbook(path)
    assert caught.value.code == "encrypted-file"
    assert "password" in str(caught.value)


def test_opening_does_not_change_the_file():
    path = DATA / "drop" / "AJA" / "Optimus export.xlsx"
    before = path.read_bytes(), path.stat().st_mtime_ns
    book = open_workbook(path)
    for sheet in book.sheets:
        list(sheet.rows())
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_csv_field_over_the_limit_stops_the_file_with_its_row(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Email,Notes\na@x.org,short\nb@x.org," + "x" * 200_000 + "\n")
    sheet = open_workbook(path).sheets[0]
    with pytest.raises(SheetError, match="notes.csv: row 3 cannot be read as CSV"):
        list(sheet.rows())


@pytest.mark.parametrize(
    "source, name",
    [
        ("records-export-2.ods", "saved-as.xlsx"),
        ("records-export-1.xlsx", "saved-as.ods"),
        ("logins.xls", "saved-as.xlsx"),
    ],
)
def test_a_workbook_with_the_wrong_extension_is_read_by_its_bytes(
    tmp_path, source, name
):
    path = tmp_path / name
    path.write_bytes((DATA / "drop" / "AMAG" / source).read_bytes())
    rows = rows_of(path)
    assert rows[2][0] == "gil.gale@amag.example.org"


def test_a_workbook_unpacking_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_UNZIPPED_BYTES", 1000)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<a/>" * 1000)
    with pytest.raises(SheetError) as caught:
        open_workbook(path)
    assert caught.value.code == "limit-exceeded"
    assert "bomb.xlsx: the workbook unpacks to" in str(caught.value)
