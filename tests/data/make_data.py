"""Make the small input files the reader tests read.

    python tests/data/make_data.py [FOLDER]

Writes tests/data/drop/ (a mixed mid-semester drop whose row ledger the
tests work out by hand), tests/data/no-academy/ and tests/data/single/ (one
file per header or value case). The .xls and .ods files are written by
LibreOffice headless from .xlsx files this script makes, so the readers are
tested on what a real spreadsheet program writes; without `soffice` on PATH
those two are left as they are.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2026, 11, 2, 9, 0, 0)
D = dt.date


def write_xlsx(path: Path, sheets: dict[str, list[list]], *, epoch=None) -> None:
    """Write rows to sheets exactly as given (None = empty cell)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    if epoch is not None:
        book.epoch = epoch
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    cell = sheet.cell(row=r, column=c, value=value)
                    if isinstance(value, dt.datetime):
                        cell.number_format = "dd/mm/yyyy hh:mm"
                    elif isinstance(value, dt.date):
                        cell.number_format = "dd/mm/yyyy"
    book.properties.creator = "cpd-xl tests"
    book.properties.created = FIXED
    book.properties.modified = FIXED
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def write_csv(path: Path, lines: list[str], *, encoding="utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def convert(source: Path, fmt: str, target: Path) -> None:
    """Have LibreOffice save ``source`` as ``fmt`` (xls or ods) at ``target``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"soffice not found: {target.name} left as it is", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as scratch:
        profile = Path(scratch, "profile").as_uri()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                scratch,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        made = Path(scratch, source.stem + "." + fmt)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made, target)


# The mixed drop ---------------------------------------------------------------

AJA_STAFF = [
    ["AJA Staff List - Autumn 2026"],
    [],
    ["Exported from HR on 01/11/2026"],
    [
        "Email Address",
        "First name",
        "Surname",
        "Phase",
        "Job Title",
        "Role(s)",
        "Teaching Staff (Y/N)",
        "Start Date",
        "Leaving Date",
    ],
    [
        "ann.ash@aja.example.org",
        "Ann",
        "Ash",
        "Primary",
        "Teacher",
        "Year 3 Teacher; Literacy Leader",
        "Y",
        D(2019, 9, 1),
        None,
    ],
    [
        "Ben.Birch@AJA.example.org",
        "Ben",
        "Birch",
        "KS3",
        "Teacher",
        "Head of Maths / Middle Leader",
        "Y",
        "03.09.2026",
        None,
    ],
    [
        "cara.cole@aja.example.org",
        "Cara",
        "Cole",
        "Early Years",
        "EYFS Co-ordinator",
        "EYFS Co-ordinator and Classroom Teacher",
        "Yes",
        "5/9/26",
        None,
    ],
    [
        "dan.dale@aja.example.org",
        "Dan",
        "Dale",
        "Sixth Form",
        "Site Manager",
        None,
        "N",
        "2020-01-06",
        "3 Oct 2026",
    ],
    [],
    ["eve.elm@aja.example.org", "Eve", "Elm", "Middle School", "Teacher", None, "Y"],
    ["ann.ash@aja.example.org", "Ann", "Ash", "Primary", "Teacher", None, "Y"],
    [None, "Fay", "Fir", "Primary", "Teaching Assistant", None, "N"],
    [
        "fay.fir@aja.example.org",
        "Fay",
        "Fir",
        "Primary",
        "Teaching Assistant",
        None,
        "maybe",
        "P.C.",
    ],
    [],
    ["Total staff: 8"],
]

AJA_RECORDS = [
    ["Optimus CPD - Learning Records"],
    ["Exported 02/11/2026"],
    [],
    [
        "Username",
        "Email",
        "Full Name",
        "Course",
        "Unit / Module",
        "Status",
        "Date Started",
        "Date Completed",
        "Time Spent (mins)",
        "Certificate Requested",
    ],
    [
        "ann.ash",
        "ann.ash@aja.example.org",
        "Ann Ash",
        "Safeguarding Whole School Update",
        None,
        "Completed",
        D(2026, 9, 2),
        D(2026, 9, 3),
        60,
        "Y",
    ],
    [
        "ann.ash",
        "ANN.ASH@aja.example.org",
        "Ann Ash",
        "Differentiation in Practice",
        "Unit 1",
        "Complete",
        "2/9/26",
        "14.09.2026",
        "1h 20m",
        "N",
    ],
    [
        "ben.birch",
        "ben.birch@aja.example.org",
        "Ben Birch",
        "CPD leadership essentials",
        None,
        "In Progress",
        "1/10/2026",
    ],
    [
        "cara.cole",
        "cara.cole@aja.example.org",
        "Cara Cole",
        "Underwater Basket Weaving",
        None,
        "Completed",
        None,
        "3 Oct 2026",
        "45",
    ],
    [
        "cara.cole",
        "cara.cole@aja.example.org",
        "Cara Cole",
        "Early Years SEN",
        None,
        "Completed",
        None,
        "P.C.",
        30,
    ],
    [
        "dan.dale",
        "dan.dale@aja.example.org",
        "Dan Dale",
        "Embedding Literacy",
        None,
        "Maybe later",
    ],
    [None, None, "Zed Zee", "Peer Observation", None, "Completed"],
    [
        "ann.ash",
        "ann.ash@aja.example.org",
        "Ann Ash",
        "Safeguarding Whole-School Update",
        None,
        "Completed",
        D(2026, 9, 2),
        D(2026, 9, 3),
        60,
    ],
    [],
    ["Total", None, None, None, None, None, None, None, 195],
]

AJA_LOGINS = [
    ["Email", "Name", "Logins", "Web sessions accessed", "Last login"],
    ["ann.ash@aja.example.org", "Ann Ash", 12, 30, D(2026, 10, 20)],
    ["ben.birch@aja.example.org", "Ben Birch", 0, 0, None],
    ["ghost@aja.example.org", "Gus Ghost", 3, 4, "15/09/2026"],
    ["ann.ash@aja.example.org", "Ann Ash", 12, 30, D(2026, 10, 20)],
    ["cara.cole@aja.example.org", "Cara Cole", "lots", 2, "1/10/26"],
]

LOOKUP = [["Colour", "Code"], ["Red", 1], ["Green", 2], ["Blue", 3]]

AMAG_STAFF_CSV = [
    "E-mail;Name;Phase;Job title;Classroom Teacher;Contact with students",
    "gil.gale@amag.example.org;Gil Gale;Secondary;Teacher;Yes;TRUE",
    "hal.hart@amag.example.org;Hélène Hart;Primary;Head of Primary;No;TRUE",
    "ann.ash@aja.example.org;Ann Ash;Primary;Teacher;Yes;TRUE",
]

AMAG_EXPORT_1 = [
    ["Email", "Course", "Unit", "Status", "Completion date", "Duration"],
    [
        "gil.gale@amag.example.org",
        "Embedding Numeracy",
        "Unit 1",
        "Completed",
        D(2026, 9, 10),
        40,
    ],
    ["gil.gale@amag.example.org", "Embedding Numeracy", "Unit 2", "In progress"],
    [
        "hal.hart@amag.example.org",
        "Performance Management",
        None,
        "Completed",
        D(2026, 9, 20),
        "1.5 hours",
    ],
]

AMAG_EXPORT_2 = [
    [
        "Email Address",
        "Course Title",
        "Module",
        "Progress",
        "Date Completed",
        "Time spent (hours)",
    ],
    [
        "gil.gale@amag.example.org",
        "Embedding Numeracy",
        "Unit 1",
        "Completed",
        D(2026, 9, 10),
        1,
    ],
    [
        "gil.gale@amag.example.org",
        "Embedding Numeracy",
        "Unit 2",
        "Completed",
        D(2026, 10, 5),
        0.5,
    ],
    [
        "hal.hart@amag.example.org",
        "Tackling Staff Underperformance",
        None,
        "Not started",
    ],
]

AMAG_LOGINS = [
    ["Email", "Login date/time", "Session"],
    ["gil.gale@amag.example.org", dt.datetime(2026, 9, 7, 8, 30), "Numeracy 1"],
    ["gil.gale@amag.example.org", dt.datetime(2026, 9, 14, 8, 31), "Numeracy 2"],
    ["gil.gale@amag.example.org", dt.datetime(2026, 10, 5, 16, 0), "Numeracy 2"],
    ["hal.hart@amag.example.org", "20/09/2026 10:15", "Performance Management"],
    ["GIL.GALE@amag.example.org", "not a date", None],
]

TERM_DATES_CSV = [
    "Holiday,Start,End,Academy",
    "Autumn half term,26/10/2026,30/10/2026,",
    "Christmas,21/12/2026,01/01/2027,",
    "INSET day,P.C.,,AJA",
]

AMAB_STAFF = [
    ["Work Email", "Name", "Academy", "Phase", "Roles"],
    ["ivy.ing@amab.example.org", "Ivy Ing", "AMAB", "EYFS", "Head of EYFS"],
    ["jon.jay@amab.example.org", "Jon Jay", "AMAB", "Reception", "Classroom Teacher"],
]


def make_drop(root: Path) -> None:
    write_xlsx(root / "AJA" / "AJA staff.xlsx", {"Staff": AJA_STAFF})
    write_xlsx(
        root / "AJA" / "Optimus export.xlsx",
        {"Learning Records": AJA_RECORDS, "Logins": AJA_LOGINS, "Lookup": LOOKUP},
    )
    write_csv(root / "AMAG" / "AMAG staff.csv", AMAG_STAFF_CSV, encoding="cp1252")
    write_xlsx(root / "AMAG" / "records-export-1.xlsx", {"Records": AMAG_EXPORT_1})
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch, "records-export-2.xlsx")
        write_xlsx(source, {"Records": AMAG_EXPORT_2})
        convert(source, "ods", root / "AMAG" / "records-export-2.ods")
        source = Path(scratch, "logins.xlsx")
        write_xlsx(source, {"Logins": AMAG_LOGINS})
        convert(source, "xls", root / "AMAG" / "logins.xls")
    write_csv(root / "term-dates.csv", TERM_DATES_CSV)
    write_xlsx(root / "AMAB staff.xlsx", {"Staff": AMAB_STAFF})
    (root / "notes.txt").write_text("Drop for the reader tests.\n")
    (root / "~$AMAB staff.xlsx").write_bytes(b"\x0bcpd-xl tests\x00" * 8)
    (root / ".hidden.csv").write_text("Email,Name\nx@example.org,X\n")


# Single files -------------------------------------------------------------------


def make_single(root: Path) -> None:
    # A header row far down, below a title, a logo-like cell and blank rows.
    far = [["Optimus"], [], ["Login report"], ["Generated 02/11/2026"]]
    far += [[] for _ in range(20)]
    far += [
        [None, "Staff member", "Email", "Number of logins", "Last logged in"],
        [None, "Kim Kay", "kim.kay@aja.example.org", 5, "28/10/2026"],
    ]
    write_xlsx(root / "header-far-down.xlsx", {"Report": far})

    # Raw serial numbers (no date format) in a 1904-date-system workbook.
    # 45200 days after 1904-01-01 is 2027-10-02 (1900 system: 2023-10-01).
    write_xlsx(
        root / "records-1904.xlsx",
        {
            "Records": [
                ["Email", "Course", "Status", "Date Completed"],
                ["kim.kay@aja.example.org", "Peer Observation", "Completed", 45200],
            ]
        },
        epoch=CALENDAR_MAC_1904,
    )

    # The provider's catalogue: one sheet per heading, no heading column.
    write_xlsx(
        root / "provider-catalogue.xlsx",
        {
            "Teaching and Learning": [
                ["CPD Catalogue 2026"],
                [
                    "Course",
                    "Units",
                    "Target audience",
                    "Mode of completion",
                    "Recommended staff member to deliver",
                    "Duration (hours)",
                    "Duration breakdown",
                    "Units can be used separately",
                    "Guiding notes",
                ],
                [
                    "Peer Observation",
                    "Unit 1; Unit 2",
                    "All teachers",
                    "Facilitated training",
                    "Head of School",
                    1.5,
                    "2 x 45 min",
                    "Yes",
                    "Pair staff across phases",
                ],
                ["Marking and Feedback", None, None, "Independent self-study"],
                ["Marking & Feedback", None, None, "Independent self-study"],
            ],
            "Topical Briefings": [
                ["Course", "Mode of completion", "Duration (hours)"],
                ["Briefings: governors and school leaders", "Self-study", "an hour"],
            ],
        },
    )

    # A workbook holding staff and records sheets side by side, plus an
    # empty default sheet.
    write_xlsx(
        root / "two-kinds.xlsx",
        {
            "Staff": [
                ["Email", "Name", "Academy", "Phase"],
                ["lee.lamb@amag.example.org", "Lee Lamb", "AMAG", "Primary"],
            ],
            "Records": [
                ["Email", "Course", "Status"],
                ["lee.lamb@amag.example.org", "Peer Observation", "Started"],
            ],
            "Sheet3": [],
        },
    )


def make_no_academy(root: Path) -> None:
    write_csv(
        root / "staff.csv",
        [
            "Email,Name,Phase",
            "max.moss@example.org,Max Moss,Primary",
            "nia.nash@example.org,Nia Nash,Secondary",
        ],
    )


def main(root: Path = HERE) -> None:
    """Write every test input under ``root`` (tests/data by default)."""
    for name in ("drop", "single", "no-academy"):
        shutil.rmtree(root / name, ignore_errors=True)
    make_drop(root / "drop")
    make_single(root / "single")
    make_no_academy(root / "no-academy")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
