"""Make the corpus of broken and hostile files that tests/test_hostile.py reads.

    python tests/hostile/make_corpus.py

Writes tests/hostile/files/ (one file per case, what each should get is in
tests/hostile/expected.toml) and tests/hostile/good/ (a small sound drop of
one academy, whose results must not change when the hostile files sit beside
it). Workbooks are written part by part with zipfile, so that each oddity is
exactly the one wanted; zip entries carry a fixed date, so the same script
gives the same bytes. Three files are the exception:

- encrypted.xlsx is encrypted with msoffcrypto-tool (PyPI), because the
  LibreOffice 7.4 here ignores a password when it saves .xlsx headless; its
  salt is random, so its bytes differ from run to run.
- encrypted-lo.xls, encrypted-lo.ods and merged-header-lo.ods are written by
  LibreOffice headless (a Basic macro in a throwaway profile sets the
  password); they carry LibreOffice's own timestamps.

Without msoffcrypto or soffice those files are left as they are.

The XXE case is not stored here: its entity must point at a file in the
test's own temporary folder, so tests build it with :func:`write_xxe`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
GOOD = HERE / "good"
DATE = (2026, 11, 2, 9, 0, 0)
PASSWORD = "cpd-xl-test"

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


class Formula:
    """A formula cell; ``cached`` None writes no cached value at all."""

    def __init__(self, text: str, cached=None) -> None:
        self.text = text
        self.cached = cached


class Error:
    """A cell holding a spreadsheet error such as #N/A."""

    def __init__(self, text: str) -> None:
        self.text = text


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def serial(day: dt.date, date1904: bool = False) -> int:
    """The Excel serial number of a date (1900 system, or 1904)."""
    epoch = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
    return (day - epoch).days


def cell_xml(ref: str, value, date1904: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{serial(value, date1904)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, Formula):
        cached = "" if value.cached is None else f"<v>{value.cached}</v>"
        return f'<c r="{ref}"><f>{escape(value.text)}</f>{cached}</c>'
    if isinstance(value, Error):
        return f'<c r="{ref}" t="e"><v>{escape(value.text)}</v></c>'
    text = escape(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def sheet_xml(rows, *, date1904=False, dimension=None, merged=(), cells=None) -> str:
    """A worksheet part: ``rows`` from A1 down, or ``cells`` as {ref: value}."""
    body = []
    if cells is not None:
        by_row: dict[int, list[str]] = {}
        for ref, value in cells.items():
            number = int("".join(ch for ch in ref if ch.isdigit()))
            by_row.setdefault(number, []).append(cell_xml(ref, value, date1904))
        for number in sorted(by_row):
            body.append(f'<row r="{number}">{"".join(by_row[number])}</row>')
    else:
        for r, row in enumerate(rows, start=1):
            parts = [
                cell_xml(f"{column_letter(c)}{r}", value, date1904)
                for c, value in enumerate(row)
            ]
            if any(parts):
                body.append(f'<row r="{r}">{"".join(parts)}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = ""
    if merged:
        items = "".join(f'<mergeCell ref="{m}"/>' for m in merged)
        merge = f'<mergeCells count="{len(merged)}">{items}</mergeCells>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{NS}" xmlns:r="{REL_NS}">{dim}'
        f"<sheetData>{''.join(body)}</sheetData>{merge}</worksheet>"
    )


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" '
    'applyNumberFormat="1"/></cellXfs></styleSheet>'
)


def write_xlsx(
    path: Path,
    sheets: list[dict],
    *,
    date1904: bool = False,
    shared_strings: str | None = None,
) -> None:
    """Write a workbook part by part.

    Each sheet is a dict: ``name``, and either ``xml`` (the part as given) or
    ``rows`` with optional ``dimension``, ``merged``, ``cells``; ``hidden``.
    """
    overrides = [
        ("/xl/workbook.xml", f"{MAIN_TYPE}.sheet.main+xml"),
        ("/xl/styles.xml", f"{MAIN_TYPE}.styles+xml"),
    ]
    rels = [
        f'<Relationship Id="rId{len(sheets) + 1}" '
        f'Type="{REL_NS}/styles" Target="styles.xml"/>'
    ]
    entries = []
    parts = {}
    for number, sheet in enumerate(sheets, start=1):
        target = f"worksheets/sheet{number}.xml"
        overrides.append((f"/xl/{target}", f"{MAIN_TYPE}.worksheet+xml"))
        rels.append(
            f'<Relationship Id="rId{number}" Type="{REL_NS}/worksheet" '
            f'Target="{target}"/>'
        )
        state = ' state="hidden"' if sheet.get("hidden") else ""
        entries.append(
            f'<sheet name="{escape(sheet["name"])}" sheetId="{number}"{state} '
            f'r:id="rId{number}"/>'
        )
        parts[f"xl/{target}"] = sheet.get("xml") or sheet_xml(
            sheet.get("rows", ()),
            date1904=date1904,
            dimension=sheet.get("dimension"),
            merged=sheet.get("merged", ()),
            cells=sheet.get("cells"),
        )
    if shared_strings is not None:
        overrides.append(("/xl/sharedStrings.xml", f"{MAIN_TYPE}.sharedStrings+xml"))
        rels.append(
            f'<Relationship Id="rId{len(sheets) + 2}" '
            f'Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        parts["xl/sharedStrings.xml"] = shared_strings
    flag = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{NS}" xmlns:r="{REL_NS}">{flag}'
        f"<sheets>{''.join(entries)}</sheets></workbook>"
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG_REL_NS}">{"".join(rels)}</Relationships>'
    )
    parts["xl/styles.xml"] = STYLES
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    types = "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>'
        for name, kind in overrides
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Types xmlns="{CT_NS}"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{types}</Types>"
    )
    write_zip(path, {"[Content_Types].xml": content_types, **parts})


def write_zip(path: Path, parts: dict[str, str | bytes]) -> None:
    """A zip of the given parts, deflated, every entry dated DATE."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data.encode() if isinstance(data, str) else data)


def shared_strings(doctype: str, first: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'{doctype}<sst xmlns="{NS}" count="2" uniqueCount="2">'
        f"<si><t>{first}</t></si><si><t>Name</t></si></sst>"
    )


def write_xxe(path: Path, target: Path) -> None:
    """A workbook whose shared strings name ``target`` as an external entity."""
    doctype = f'<!DOCTYPE sst [<!ENTITY leak SYSTEM "{target.resolve().as_uri()}">]>'
    write_xlsx(
        path,
        [{"name": "Staff", "xml": _shared_string_sheet()}],
        shared_strings=shared_strings(doctype, "&leak;"),
    )


def _shared_string_sheet() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{NS}"><sheetData><row r="1">'
        '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        "</row></sheetData></worksheet>"
    )


# The sound drop: one academy, four staff, their records and logins.

STAFF_HEADER = ["Email", "Name", "Phase", "Job Title", "Teaching Staff"]
STAFF = [
    ["ann.ash@aja.example.org", "Ann Ash", "Primary", "Year 3 Teacher", "Y"],
    ["ben.birch@aja.example.org", "Ben Birch", "Primary", "Year 5 Teacher", "Y"],
    ["cat.cedar@aja.example.org", "Cat Cedar", "Primary", "Office Manager", "N"],
    ["dan.elm@aja.example.org", "Dan Elm", "Secondary", "Teacher of Maths", "Y"],
]
RECORDS_HEADER = ["Email", "Course", "Unit", "Status", "Date Completed", "Time Spent"]
SAFEGUARDING = "Safeguarding Whole-School Update"
D = dt.date
RECORDS = [
    ["ann.ash@aja.example.org", SAFEGUARDING, "Unit 1", "Completed", D(2026, 9, 8), 60],
    ["ann.ash@aja.example.org", "Differentiation in Practice", "Unit 1", "Completed",
     D(2026, 9, 15), 90],
    ["ben.birch@aja.example.org", SAFEGUARDING, "Unit 1", "In Progress", None, 20],
    ["cat.cedar@aja.example.org", SAFEGUARDING, "Unit 1", "Completed",
     D(2026, 10, 1), 45],
    ["dan.elm@aja.example.org", "Marking and Feedback", "Unit 2", "Completed",
     D(2026, 10, 6), 120],
]  # fmt: skip
LOGINS = [
    "Email,Logins,Last Login",
    "ann.ash@aja.example.org,12,2026-10-20",
    "ben.birch@aja.example.org,3,2026-09-30",
    "cat.cedar@aja.example.org,5,2026-10-02",
    "dan.elm@aja.example.org,8,2026-10-21",
]

# Hostile and odd files name people on no staff list of the sound drop, so
# that beside it they change nobody's results there; odd-values.xlsx names a
# member of the CON academy's list (formula-names.xlsx), so that the policy
# check judges its dates and times.
OTHER = "zed.zinc@elsewhere.example.org"
EVE = "eve@con.example.org"
# A course no one in the sound drop takes: the policy learns a course's units
# from every record of it, so CON's units must not be Safeguarding's.
PEER = "Peer Observation"


def make_good() -> None:
    write_xlsx(GOOD / "AJA" / "staff.xlsx", [{"name": "Staff", "rows": [
        STAFF_HEADER, *STAFF]}])  # fmt: skip
    write_xlsx(
        GOOD / "AJA" / "records.xlsx",
        [{"name": "Records", "rows": [RECORDS_HEADER, *RECORDS]}],
    )
    (GOOD / "AJA" / "logins.csv").write_text("\n".join(LOGINS) + "\n")


def record(email=OTHER, course=SAFEGUARDING, status="Completed", day=D(2026, 9, 9),
           minutes=30, unit="Unit 1"):  # fmt: skip
    return [email, course, unit, status, day, minutes]


def make_files() -> None:
    FILES.mkdir(parents=True, exist_ok=True)
    records = [RECORDS_HEADER, record(), record(unit="Unit 2")]

    (FILES / "not-a-spreadsheet.xlsx").write_bytes(
        b"%PDF-1.4\n% a PDF saved with a spreadsheet name\n%%EOF\n"
    )
    (FILES / "empty.xlsx").write_bytes(b"")
    whole = FILES / "truncated.xlsx"
    write_xlsx(whole, [{"name": "Records", "rows": records}])
    data = whole.read_bytes()
    whole.write_bytes(data[: len(data) // 2])
    (FILES / "csv-named.xlsx").write_text(
        "Email,Course,Unit,Status,Date Completed,Time Spent\n"
        f"{OTHER},{SAFEGUARDING},Unit 1,Completed,09/09/2026,30\n"
        f"{OTHER},{SAFEGUARDING},Unit 2,Completed,10/09/2026,30\n"
    )
    (FILES / "html-table.xls").write_text(
        "<html><head><meta charset='utf-8'><title>Optimus export</title></head>"
        "<body><h1>Learning records</h1><table border='1'>\n"
        "<tr><th>Email</th><th>Course</th><th>Unit</th><th>Status</th>"
        "<th>Date Completed</th><th>Time Spent</th></tr>\n"
        f"<tr><td>{OTHER}</td><td>{SAFEGUARDING}</td><td>Unit 1</td>"
        "<td>Completed</td><td>09/09/2026</td><td>30</td></tr>\n"
        f"<tr><td>{OTHER}</td><td>Differentiation&nbsp;in Practice</td>"
        "<td>Unit 1</td><td>Completed</td><td>10/09/2026</td><td>45</td></tr>\n"
        "</table></body></html>\n"
    )
    (FILES / "text.xls").write_text(
        "Export failed: the report server timed out.\nPlease try again later.\n"
    )
    write_xlsx(
        FILES / "dimension-a1.xlsx",
        [
            {
                "name": "Records",
                "rows": [RECORDS_HEADER]
                + [record(unit=f"Unit {n}") for n in range(1, 31)],
                "dimension": "A1",
            }
        ],
    )
    write_xlsx(
        FILES / "dimension-million.xlsx",
        [
            {
                "name": "Records",
                "rows": [RECORDS_HEADER] + [record(unit=f"Unit {n}") for n in (1, 2)],
                "dimension": "A1:F1048576",
            }
        ],
    )
    write_xlsx(
        FILES / "formula-no-value.xlsx",
        [
            {
                "name": "Records",
                "rows": [
                    RECORDS_HEADER,
                    record(minutes=Formula("20+25")),
                    record(unit="Unit 2", minutes=Formula("30+15", cached=45)),
                ],
            }
        ],
    )
    write_xlsx(
        FILES / "error-cells.xlsx",
        [
            {
                "name": "Records",
                "rows": [
                    RECORDS_HEADER,
                    record(day=Error("#N/A")),
                    record(unit="Unit 2", minutes=Error("#REF!")),
                ],
            }
        ],
    )
    write_xlsx(
        FILES / "merged-header.xlsx",
        [
            {
                "name": "Records",
                "rows": [
                    ["Optimus CPD - Learning Records"],
                    [],
                    ["Email", "Course", "Unit", "Status", "Date Completed",
                     "Time Spent"],
                    record(),
                    record(unit="Unit 2"),
                ],
                "merged": ["A1:F1"],
            }
        ],
    )  # fmt: skip
    write_xlsx(
        FILES / "duplicate-blank-headers.xlsx",
        [
            {
                "name": "Records",
                "rows": [
                    ["Email", "Course", "Unit", "Status", "Date Completed",
                     "Time Spent", None, "Status"],
                    record() + [None, "Not started"],
                    record(unit="Unit 2") + ["stray", "Not started"],
                ],
            }
        ],
    )  # fmt: skip
    write_xlsx(
        FILES / "header-row-25.xlsx",
        [
            {
                "name": "Records",
                "rows": [["Optimus CPD - Learning Records"], ["Exported 02/11/2026"]]
                + [[] for _ in range(22)]
                + [RECORDS_HEADER, record(), record(unit="Unit 2")],
            }
        ],
    )
    write_xlsx(
        FILES / "totals-notes.xlsx",
        [
            {
                "name": "Records",
                "rows": [
                    RECORDS_HEADER,
                    record(),
                    record(unit="Unit 2"),
                    ["Total", None, None, None, None, 60],
                    ["Notes: exported by the VLE co-ordinator"],
                ],
            }
        ],
    )
    write_xlsx(
        FILES / "hidden-sheet.xlsx",
        [
            {"name": "Records", "rows": records},
            {"name": "Old", "rows": [RECORDS_HEADER, record(unit="Unit 3")],
             "hidden": True},
        ],
    )  # fmt: skip
    write_xlsx(
        FILES / "several-sheets.xlsx",
        [
            {"name": "Records", "rows": records},
            {"name": "More records", "rows": [RECORDS_HEADER, record(unit="Unit 3")]},
        ],
    )
    write_xlsx(
        FILES / "date-1904.xlsx",
        [{"name": "Records", "rows": records}],
        date1904=True,
    )
    write_xlsx(
        FILES / "text-values.xlsx",
        [
            {
                "name": "Records",
                "rows": [
                    RECORDS_HEADER,
                    record(day="09/09/2026", minutes="30"),
                    record(unit="Unit 2", day="'10/09/2026", minutes="'45"),
                    record(unit="Unit 3", email=f"{OTHER}\u00a0",
                           course="Safeguarding\u00a0Whole-School Update_x000D_"),
                ],
            }
        ],
    )  # fmt: skip
    write_xlsx(
        FILES / "odd-values.xlsx",
        [
            {
                "name": "Records",
                "rows": [
                    RECORDS_HEADER,
                    record(EVE, PEER, day=D(2027, 3, 1)),
                    record(EVE, PEER, unit="Unit 2", day=D(2010, 1, 4)),
                    record(EVE, PEER, unit="Unit 3", minutes=-30),
                    record(EVE, PEER, unit="Unit 4", minutes=36000),
                    record(None, PEER, unit="Unit 5"),
                ],
            }
        ],
    )
    write_xlsx(
        FILES / "formula-names.xlsx",
        [
            {
                "name": "Staff",
                "rows": [
                    ["Email", "Name", "Phase", "Job Title", "Academy"],
                    [EVE, '=HYPERLINK("http://x.invalid","click")',
                     "Primary", "Teacher", "CON"],
                    ["fay@con.example.org", "+44 7700 900000", "Primary", "Teacher",
                     "CON"],
                    ["gus@con.example.org", "-Gus", "Primary", "@Teacher", "CON"],
                    ["hal@con.example.org", "\tHal", "Primary", "Teacher", "CON"],
                    ["ida@con.example.org", "\rIda <b>Bold</b>", "Primary",
                     "Teacher", "CON"],
                ],
            }
        ],
    )  # fmt: skip
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    write_xlsx(
        FILES / "billion-laughs.xlsx",
        [{"name": "Staff", "xml": _shared_string_sheet()}],
        shared_strings=shared_strings(
            f'<!DOCTYPE sst [<!ENTITY l0 "lol">{laughs}]>', "&l9;"
        ),
    )
    make_zip_bomb(FILES / "zip-bomb.xlsx")
    write_xlsx(
        FILES / "absurd-extent.xlsx",
        [
            {
                "name": "Records",
                "cells": {"A1": "Email", "B1": "Course", "XFD1048576": "far away"},
            }
        ],
    )
    make_ods_extent_bomb(FILES / "absurd-extent.ods")


def make_zip_bomb(path: Path) -> None:
    """A few KB that unpack to 8 MB: one sheet padded with empty rows."""
    head = sheet_xml([RECORDS_HEADER, record()]).split("</sheetData>")[0]
    padding = "<row/>" * (8 * 1024 * 1024 // 6)
    sheet = head + padding + "</sheetData></worksheet>"
    write_xlsx(path, [{"name": "Records", "xml": sheet}])


def make_ods_extent_bomb(path: Path) -> None:
    """An .ods whose one cell is repeated over a million rows by 16,384 columns."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
        'xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:'
        'table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet>'
        '<table:table table:name="Records">'
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" '
        'office:value-type="float" office:value="1"><text:p>1</text:p>'
        "</table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
        'manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
        'opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
        '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("mimetype", DATE)
        archive.writestr(info, "application/vnd.oasis.opendocument.spreadsheet")
        for name, data in (
            ("content.xml", content),
            ("META-INF/manifest.xml", manifest),
        ):
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


# Files other programs write


def make_encrypted_xlsx(path: Path) -> None:
    """An Excel-style encrypted .xlsx (an OLE file with an EncryptedPackage)."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        print(f"msoffcrypto-tool is not installed: {path.name} left as it is")
        return
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch) / "plain.xlsx"
        write_xlsx(plain, [{"name": "Records", "rows": [RECORDS_HEADER, record()]}])
        with plain.open("rb") as source, path.open("wb") as target:
            OOXMLFile(source).encrypt(PASSWORD, target)


MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" \
"module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" \
script:name="Module1" script:language="StarBasic">
Sub StoreCopy
    Dim opening(0) As New com.sun.star.beans.PropertyValue
    opening(0).Name = &quot;Hidden&quot;
    opening(0).Value = True
    source = ConvertToURL(Environ(&quot;CPDXL_SRC&quot;))
    doc = StarDesktop.loadComponentFromURL(source, &quot;_blank&quot;, 0, opening())
    Dim storing(1) As New com.sun.star.beans.PropertyValue
    storing(0).Name = &quot;FilterName&quot;
    storing(0).Value = Environ(&quot;CPDXL_FILTER&quot;)
    storing(1).Name = &quot;Password&quot;
    storing(1).Value = Environ(&quot;CPDXL_PASSWORD&quot;)
    doc.storeToURL(ConvertToURL(Environ(&quot;CPDXL_DST&quot;)), storing())
    doc.close(True)
End Sub
</script:module>
"""


def encrypt_with_libreoffice(
    source: Path, target: Path, filter_name: str, password: str
) -> None:
    """Have LibreOffice headless save ``source`` as ``target`` with a password."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"soffice is not on PATH: {target.name} left as it is")
        return
    with tempfile.TemporaryDirectory() as scratch:
        profile = Path(scratch) / "profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--terminate_after_init"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(MACRO)
        env = {
            **os.environ,
            "CPDXL_SRC": str(source.resolve()),
            "CPDXL_DST": str(target.resolve()),
            "CPDXL_FILTER": filter_name,
            "CPDXL_PASSWORD": password,
        }
        target.unlink(missing_ok=True)
        run = subprocess.Popen(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "macro:///Standard.Module1.StoreCopy"],
            env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            run.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    if not target.exists():
        raise SystemExit(f"LibreOffice did not write {target}")


def make_libreoffice_files() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch) / "records.xlsx"
        write_xlsx(plain, [{"name": "Records", "rows": [RECORDS_HEADER, record()]}])
        for name, filter_name in (
            ("encrypted-lo.xls", "MS Excel 97"),
            ("encrypted-lo.ods", "calc8"),
        ):
            encrypt_with_libreoffice(plain, FILES / name, filter_name, PASSWORD)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return
    with tempfile.TemporaryDirectory() as scratch:
        profile = (Path(scratch) / "profile").as_uri()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless",
             "--convert-to", "ods", "--outdir", scratch,
             str(FILES / "merged-header.xlsx")],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        shutil.move(Path(scratch) / "merged-header.ods", FILES / "merged-header-lo.ods")


def main() -> None:
    make_good()
    make_files()
    make_encrypted_xlsx(FILES / "encrypted.xlsx")
    make_libreoffice_files()


if __name__ == "__main__":
    sys.exit(main())
