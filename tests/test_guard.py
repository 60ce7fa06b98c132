"""The pre-flight guard and the HTML table reader, on files written here.

Each case writes the smallest file that shows one thing; what the guard must
say of it is worked out from the bytes written.
"""

from __future__ import annotations

import importlib.util
import random
import string
from dataclasses import replace
from pathlib import Path

import pytest

from cpd_xl.readers import guard
from cpd_xl.readers.guard import LIMITS, FileRefused, Limits, examine, inspect, sniff
from cpd_xl.readers.htmltable import MAX_COLSPAN, read_html_rows

HOSTILE = Path(__file__).resolve().parent / "hostile"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def corpus_script():
    spec = importlib.util.spec_from_file_location(
        "make_corpus", HOSTILE / "make_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CORPUS = corpus_script()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def zipped(tmp_path: Path, name: str, parts: dict[str, str | bytes]) -> Path:
    path = tmp_path / name
    CORPUS.write_zip(path, parts)
    return path


def ole(tmp_path: Path, name: str, *streams: str) -> Path:
    """A compound file whose first directory sector names the given streams."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x1E:0x20] = (9).to_bytes(2, "little")  # 512-byte sectors
    header[0x30:0x34] = (0).to_bytes(4, "little")  # directory at sector 0
    sector = bytearray(512)
    for index, stream in enumerate(("Root Entry", *streams)):
        encoded = (stream + "\0").encode("utf-16-le")
        entry = bytearray(128)
        entry[: len(encoded)] = encoded
        entry[64:66] = len(encoded).to_bytes(2, "little")
        sector[index * 128 : (index + 1) * 128] = entry
    return write(tmp_path, name, bytes(header + sector))


def sheet_book(tmp_path: Path, name: str, sheet_xml: str, **options) -> Path:
    path = tmp_path / name
    CORPUS.write_xlsx(path, [{"name": "Data", "xml": sheet_xml}], **options)
    return path


def sheet(body: str) -> str:
    return f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>{body}</sheetData></worksheet>'  # noqa: E501


# Telling the format


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"Email,Name\r\na@x.org,Ann\r\n", "csv"),
        ("\ufeffEmail;Name\n".encode(), "csv"),
        ("Email\tName\n".encode("utf-16"), "csv"),
        (b"<!DOCTYPE html><html><body><table></table></body></html>", "html"),
        (b"<h1>Export</h1>\n<table><tr><td>x</td></tr></table>", "html"),
        (
            b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
            b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
            "xml2003",
        ),
        (b'<?xml version="1.0"?><note>hello</note>', "unknown"),
        (b"%PDF-1.7\n", "unknown"),
        (b"\x89PNG\r\n\x1a\n", "unknown"),
        (b"\x00\x01\x02binary\x00", "unknown"),
    ],
)
def test_sniff_tells_text_files_by_their_bytes(tmp_path, data, kind):
    assert sniff(write(tmp_path, "file.xlsx", data)) == kind


def test_sniff_says_empty_for_zero_bytes(tmp_path):
    assert sniff(write(tmp_path, "file.xlsx", b"")) == "empty"


@pytest.mark.parametrize(
    "content_type, kind",
    [
        ("spreadsheetml.sheet.main+xml", "xlsx"),
        ("ms-excel.sheet.macroEnabled.main+xml", "xlsm"),
        ("ms-excel.sheet.binary.macroEnabled.main", "xlsb"),
        ("wordprocessingml.document.main+xml", "unknown"),
    ],
)
def test_sniff_tells_office_packages_by_their_main_part(tmp_path, content_type, kind):
    types = f'<Types><Override PartName="/x" ContentType="application/{content_type}"/></Types>'  # noqa: E501
    path = zipped(tmp_path, "file.csv", {"[Content_Types].xml": types})
    assert sniff(path) == kind


@pytest.mark.parametrize(
    "mimetype, manifest, kind",
    [
        ("application/vnd.oasis.opendocument.spreadsheet", "<manifest/>", "ods"),
        (
            "application/vnd.oasis.opendocument.spreadsheet",
            "<manifest><manifest:encryption-data/></manifest>",
            "encrypted",
        ),
        ("application/vnd.oasis.opendocument.text", "<manifest/>", "unknown"),
    ],
)
def test_sniff_tells_opendocument_files(tmp_path, mimetype, manifest, kind):
    path = zipped(
        tmp_path,
        "file.xlsx",
        {"mimetype": mimetype, "META-INF/manifest.xml": manifest},
    )
    assert sniff(path) == kind


def test_sniff_says_a_cut_zip_is_damaged(tmp_path):
    whole = zipped(tmp_path, "whole.xlsx", {"xl/workbook.xml": "<workbook/>" * 50})
    cut = write(tmp_path, "cut.xlsx", whole.read_bytes()[:60])
    assert sniff(cut) == "damaged"


@pytest.mark.parametrize(
    "streams, kind",
    [
        (("Workbook",), "xls"),
        (("Book",), "xls"),
        (("EncryptionInfo", "EncryptedPackage"), "encrypted"),
        (("WordDocument",), "unknown"),
        (("PowerPoint Document",), "unknown"),
        # Nothing known in the first directory sector: the parser decides.
        (("Something",), "xls"),
    ],
)
def test_sniff_reads_ole_stream_names(tmp_path, streams, kind):
    assert sniff(ole(tmp_path, "file.xlsx", *streams)) == kind


@pytest.mark.parametrize(
    "name, kind",
    [
        ("encrypted.xlsx", "encrypted"),
        ("encrypted-lo.ods", "encrypted"),
        # An encrypted .xls is a BIFF workbook; calamine tells the password.
        ("encrypted-lo.xls", "xls"),
        ("merged-header-lo.ods", "ods"),
        ("html-table.xls", "html"),
        ("csv-named.xlsx", "csv"),
    ],
)
def test_sniff_on_files_other_programs_wrote(name, kind):
    assert sniff(HOSTILE / "files" / name) == kind


# Refusing


@pytest.mark.parametrize(
    "limits, words",
    [
        (Limits(max_file_bytes=100), "over cpd-xl's limit of 0 MB"),
        (Limits(max_uncompressed_bytes=1000), "unpacks to 0 MB"),
        (Limits(max_parts=3), "holds 6 parts"),
        (Limits(max_ratio=2, ratio_floor_bytes=1000), "times its packed size"),
    ],
)
def test_sizes_over_the_limits_are_refused(tmp_path, limits, words):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, 99))
    path = sheet_book(tmp_path, "big.xlsx", sheet(rows))
    with pytest.raises(FileRefused) as caught:
        inspect(path, limits)
    assert caught.value.code == "limit-exceeded"
    assert str(caught.value).startswith("big.xlsx: ")
    assert words in str(caught.value)


def test_an_encrypted_zip_entry_is_refused_as_encrypted(tmp_path):
    path = zipped(tmp_path, "book.xlsx", {"xl/workbook.xml": "<workbook/>"})
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag bit in the central directory entry.
    at = data.index(b"PK\x01\x02")
    data[at + 8] |= 1
    path.write_bytes(bytes(data))
    with pytest.raises(FileRefused) as caught:
        inspect(path)
    assert caught.value.code == "encrypted-file"


def test_a_package_missing_its_workbook_part_is_refused(tmp_path):
    types = (
        '<Types><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    path = zipped(tmp_path, "book.xlsx", {"[Content_Types].xml": types})
    with pytest.raises(FileRefused, match="its part xl/workbook.xml is missing"):
        inspect(path)


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE worksheet [<!ENTITY a "b">]>',
        "<!-- " + "padding " * 1000 + '--><!DOCTYPE worksheet [<!ENTITY a "b">]>',
        '<!doctype worksheet SYSTEM "other.dtd">',
    ],
)
def test_a_doctype_before_the_root_is_refused(tmp_path, prolog):
    xml = sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    xml = xml.replace('<?xml version="1.0"?>', '<?xml version="1.0"?>' + prolog)
    path = sheet_book(tmp_path, "dtd.xlsx", xml)
    with pytest.raises(FileRefused, match="declares a DOCTYPE or entities"):
        inspect(path)


def test_doctype_text_inside_the_document_is_only_text(tmp_path):
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<!DOCTYPE x>]]></t></is></c></row>'  # noqa: E501
    assert inspect(sheet_book(tmp_path, "cdata.xlsx", sheet(body))) == "xlsx"


def test_a_part_with_no_element_in_its_first_kilobytes_is_refused(tmp_path):
    xml = '<?xml version="1.0"?>' + " " * 70_000 + sheet("")
    path = sheet_book(tmp_path, "blank.xlsx", xml)
    with pytest.raises(FileRefused, match="no XML element in its first 64 KB"):
        inspect(path)


# How far apart cells lie

CELL = '<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
SMALL = Limits(max_rows_per_sheet=5_000, max_columns=300, max_cells_per_sheet=100_000)


def cells(*refs: str) -> str:
    rows = []
    for ref in refs:
        row = int("".join(ch for ch in ref if ch.isdigit()))
        rows.append(CELL.format(row=row, ref=ref))
    return sheet("".join(rows))


@pytest.mark.parametrize(
    "body, limits, refused",
    [
        # The fast scan's ground: columns A-Z, rows below 100,000.
        (cells("A1", "Z99999"), LIMITS, False),
        # Read reference by reference.
        (cells("A1", "XFD1"), LIMITS, False),
        (cells("A1", "A1048576"), LIMITS, False),
        (cells("A1", "ZZ28000"), LIMITS, False),  # 702 x 28,000 = 19.7 million
        (cells("A1", "ZZ29000"), LIMITS, True),  # 702 x 29,000 = 20.4 million
        (cells("A1", "XFD1048576"), LIMITS, True),
        (cells("A1", "C5000"), SMALL, False),
        (cells("A1", "C5001"), SMALL, True),
        (cells("A1", "KN1"), SMALL, False),  # column 300 is KN, 301 is KO
        (cells("A1", "KO1"), SMALL, True),
        (cells("A1", "KM300"), SMALL, False),  # 299 x 300 cells
        (cells("A1", "KM400"), SMALL, True),  # 299 x 400 = 119,600 cells
        # References written in ways no common writer uses are walked.
        (sheet("<row r='1'><c r='XFD1048576'><v>1</v></c></row>"), LIMITS, True),
        (sheet('<row r="1"><c r = "XFD1048576"><v>1</v></c></row>'), LIMITS, True),
        (sheet('<row r="1"><c\tr="XFD1048576"><v>1</v></c></row>'), LIMITS, True),
        (sheet('<row r="1"><c r="xfd1048576"><v>1</v></c></row>'), LIMITS, True),
        (sheet('<x:row r="1"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'),
         LIMITS, True),
        # Cells with no reference are placed one after the other.
        (sheet('<row r="1">' + "<c><v>1</v></c>" * 300 + "</row>"
               '<row r="5000"><c><v>2</v></c></row>'), LIMITS, False),
        (sheet('<row r="1">' + "<c><v>1</v></c>" * 301 + "</row>"), SMALL, True),
        (sheet("<row><c><v>1</v></c></row>" * 5001), SMALL, True),
    ],
)  # fmt: skip
def test_cells_far_apart_are_refused_before_parsing(tmp_path, body, limits, refused):
    path = sheet_book(tmp_path, "far.xlsx", body)
    if refused:
        with pytest.raises(FileRefused) as caught:
            inspect(path, limits)
        assert caught.value.code == "limit-exceeded"
        assert "far.xlsx: xl/worksheets/sheet1.xml places cells" in str(caught.value)
    else:
        assert inspect(path, limits) == "xlsx"


@pytest.mark.parametrize("shift", range(-40, 41, 4))
def test_a_far_reference_cut_by_a_chunk_boundary_is_still_seen(tmp_path, shift):
    head = '<?xml version="1.0"?><worksheet><sheetData><row r="1">'
    filler = '<c r="A1" t="inlineStr"><is><t>'
    end = "</t></is></c>"
    far = '<c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    # Letters that do not compress much, so that the ratio limit stays clear,
    # and as many as put the far reference across the first 1 MB chunk's end.
    count = guard._CHUNK - len(head) - len(filler) - len(end) + shift
    letters = "".join(random.Random(7).choices(string.ascii_letters, k=count))
    xml = head + filler + letters + end + far
    with pytest.raises(FileRefused, match="1,048,576 rows down"):
        inspect(sheet_book(tmp_path, "cut.xlsx", xml))


ODS_HEAD = (
    '<?xml version="1.0"?><office:document-content xmlns:office="o" '
    'xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>'
)


def ods(tmp_path: Path, tables: str) -> Path:
    return zipped(
        tmp_path,
        "book.ods",
        {
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": ODS_HEAD + tables + "</office:spreadsheet></office:body>"
            "</office:document-content>",
        },
    )


def ods_cell(value: int = 1, across: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{across}" '
        f'office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


@pytest.mark.parametrize(
    "tables, refused",
    [
        # LibreOffice pads every sheet with empty rows and cells to the edge.
        (
            '<table:table table:name="A"><table:table-row>'
            + ods_cell()
            + '<table:table-cell table:number-columns-repeated="16383"/>'
            "</table:table-row>"
            '<table:table-row table:number-rows-repeated="1048575">'
            '<table:table-cell table:number-columns-repeated="16384"/>'
            "</table:table-row></table:table>",
            False,
        ),
        (
            '<table:table table:name="A">'
            '<table:table-row table:number-rows-repeated="1048576">'
            + ods_cell(across=16384)
            + "</table:table-row></table:table>",
            True,
        ),
        # 300 rows by 301 columns, then 1 row: over SMALL's 100,000 cells.
        (
            '<table:table table:name="A">'
            '<table:table-row table:number-rows-repeated="300">'
            + ods_cell(across=301)
            + "</table:table-row></table:table>",
            True,
        ),
        # Each table is measured on its own.
        (
            '<table:table table:name="A">'
            '<table:table-row table:number-rows-repeated="300">'
            + ods_cell(across=300)
            + "</table:table-row></table:table>"
            '<table:table table:name="B">'
            '<table:table-row table:number-rows-repeated="300">'
            + ods_cell(across=300)
            + "</table:table-row></table:table>",
            False,
        ),
    ],
)
def test_ods_repeated_cells_are_measured_where_they_hold_values(
    tmp_path, tables, refused
):
    path = ods(tmp_path, tables)
    if refused:
        with pytest.raises(FileRefused, match="content.xml places cells"):
            inspect(path, SMALL)
    else:
        assert inspect(path, SMALL) == "ods"


# Cells that read as blank


def test_error_and_unsaved_formula_cells_are_named_with_their_sheet(tmp_path):
    path = tmp_path / "book.xlsx"
    CORPUS.write_xlsx(
        path,
        [
            {"name": "Intro", "rows": [["nothing odd"]]},
            {
                "name": "Records & notes",
                "rows": [
                    ["Email", "Date", "Time"],
                    ["a@x.org", CORPUS.Error("#N/A"), CORPUS.Formula("1+1")],
                    ["b@x.org", CORPUS.Formula("A1", cached=3), CORPUS.Error("#REF!")],
                ],
            },
        ],
    )
    kind, notes = examine(path, name="AJA/book.xlsx")
    assert kind == "xlsx"
    assert [(n.code, str(n.source)) for n in notes] == [
        ("error-cell", "AJA/book.xlsx, sheet Records & notes, row 2, column B"),
        ("error-cell", "AJA/book.xlsx, sheet Records & notes, row 3, column C"),
        ("formula-no-value", "AJA/book.xlsx, sheet Records & notes, row 2, column C"),
    ]
    assert notes[0].message.startswith("cell B2 holds the spreadsheet error #N/A")
    assert notes[1].message.startswith("cell C3 holds the spreadsheet error #REF!")


def test_many_error_cells_are_named_up_to_a_limit(tmp_path):
    rows = [[CORPUS.Error("#N/A")] for _ in range(guard.MAX_NOTED + 5)]
    path = tmp_path / "book.xlsx"
    CORPUS.write_xlsx(path, [{"name": "S", "rows": rows}])
    _, notes = examine(path)
    assert len(notes) == guard.MAX_NOTED + 1
    assert notes[-1].message.startswith("5 more cells like these read as blank")


def test_text_files_have_no_cell_notes(tmp_path):
    assert examine(write(tmp_path, "a.csv", "Email\na@x.org\n")) == ("csv", [])


def test_sheet_layer_limits_reach_the_guard(tmp_path, monkeypatch):
    from cpd_xl.readers import sheets

    monkeypatch.setattr(sheets, "MAX_CELLS", 10)
    assert sheets._limits() == replace(LIMITS, max_cells_per_sheet=10)


# HTML tables


def html(tmp_path: Path, body: str, encoding="utf-8", head="") -> Path:
    text = f"<html><head>{head}</head><body>{body}</body></html>"
    return write(tmp_path, "page.xls", text.encode(encoding))


def test_html_rows_keep_columns_in_line_across_spans(tmp_path):
    path = html(
        tmp_path,
        "<table><tr><th colspan='2'>Name</th><th>Email</th></tr>"
        "<tr><td>Ann</td><td>Ash</td><td>ann@x.org</td></tr></table>",
    )
    assert read_html_rows(path) == [["Name", "", "Email"], ["Ann", "Ash", "ann@x.org"]]


def test_html_text_is_spaced_as_a_browser_shows_it(tmp_path):
    path = html(
        tmp_path,
        "<table><tr><td>  Ann\n   Ash </td><td>a<br>b</td>"
        "<td>x&amp;y&nbsp;z</td><td><script>alert(1)</script>ok</td></tr></table>",
    )
    assert read_html_rows(path) == [["Ann Ash", "a\nb", "x&y\u00a0z", "ok"]]


def test_html_largest_table_is_read_and_nested_ones_apart(tmp_path):
    path = html(
        tmp_path,
        "<table><tr><td>menu</td></tr></table>"
        "<table><tr><td>a</td><td><table><tr><td>inner</td></tr></table></td></tr>"
        "<tr><td>b</td><td>c</td></tr></table>",
    )
    assert read_html_rows(path) == [["a", ""], ["b", "c"]]


def test_html_charset_is_read_from_the_page(tmp_path):
    path = html(
        tmp_path,
        "<table><tr><td>Zoë Brontë</td></tr></table>",
        encoding="cp1252",
        head='<meta http-equiv="Content-Type" content="text/html; '
        'charset=windows-1252">',
    )
    assert read_html_rows(path) == [["Zoë Brontë"]]


def test_html_span_is_capped(tmp_path):
    path = html(tmp_path, "<table><tr><td colspan='99999999'>x</td></tr></table>")
    assert len(read_html_rows(path)[0]) == MAX_COLSPAN


def test_html_with_no_table_has_no_rows(tmp_path):
    assert read_html_rows(html(tmp_path, "<p>nothing here</p>")) == []
