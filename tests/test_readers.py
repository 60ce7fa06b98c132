"""Each reader on the files tests/data/make_data.py writes (values by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from cpd_xl.ledger import Ledger
from cpd_xl.model import Course
from cpd_xl.readers import load_catalogue, read_file
from cpd_xl.readers.headers import Table, detect_header
from cpd_xl.readers.staff import parse_phase, read_staff

DATA = Path(__file__).resolve().parent / "data"
D = dt.date


def read(relative: str, root: Path = DATA / "drop"):
    ledger = Ledger()
    report, data = read_file(root / relative, root=root, ledger=ledger)
    return report, data, ledger


def codes_at(findings, sheet=None):
    return sorted(
        (f.code, f.source.row)
        for f in findings
        if f.source and (sheet is None or f.source.sheet == sheet)
    )


def test_staff_list_below_title_rows():
    report, data, ledger = read("AJA/AJA staff.xlsx")
    assert (report.kind, report.academy, report.sheets) == ("staff", "AJA", ["Staff"])
    got = {m.email: m for m in data.staff}
    assert list(got) == [
        "ann.ash@aja.example.org",
        "ben.birch@aja.example.org",
        "cara.cole@aja.example.org",
        "dan.dale@aja.example.org",
        "eve.elm@aja.example.org",
        "fay.fir@aja.example.org",
    ]
    ann = got["ann.ash@aja.example.org"]
    assert (ann.name, ann.academy, ann.phase, ann.job_title) == (
        "Ann Ash",
        "AJA",
        "Primary",
        "Teacher",
    )
    assert ann.roles == ("Year 3 Teacher", "Literacy Leader")
    assert (ann.teaching, ann.start, ann.leaving) == (True, D(2019, 9, 1), None)
    assert ann.source.row == 5
    ben = got["ben.birch@aja.example.org"]
    assert (ben.phase, ben.start) == ("Secondary", D(2026, 9, 3))
    assert ben.roles == ("Head of Maths", "Middle Leader")
    cara = got["cara.cole@aja.example.org"]
    assert (cara.phase, cara.start) == ("EYFS", D(2026, 9, 5))
    assert cara.roles == ("EYFS Co-ordinator", "Classroom Teacher")
    dan = got["dan.dale@aja.example.org"]
    assert (dan.phase, dan.teaching, dan.leaving) == (
        "Secondary",
        False,
        D(2026, 10, 3),
    )
    assert got["eve.elm@aja.example.org"].phase is None
    fay = got["fay.fir@aja.example.org"]
    assert (fay.teaching, fay.start) == (None, None)
    assert codes_at(data.findings) == [
        ("bad-date", 13),
        ("bad-flag", 13),
        ("blank-email", 12),
        ("blank-row-data", 15),
        ("duplicate-staff", 11),
        ("unknown-phase", 10),
    ]
    counts = ledger.counts()
    assert (counts.read, counts.used, counts.duplicate) == (9, 6, 1)
    assert counts.rejected == {"blank-email": 1, "blank-row-data": 1}


def test_learning_records_below_two_title_rows():
    report, data, ledger = read("AJA/Optimus export.xlsx")
    assert report.sheet_kinds == {"Learning Records": "records", "Logins": "logins"}
    records = {r.source.row: r for r in data.records}
    assert sorted(records) == [5, 6, 7, 8, 9, 12]
    first = records[5]
    assert (first.email, first.name, first.course_text, first.unit) == (
        "ann.ash@aja.example.org",
        "Ann Ash",
        "Safeguarding Whole School Update",
        None,
    )
    assert (first.status, first.started, first.completed) == (
        "completed",
        D(2026, 9, 2),
        D(2026, 9, 3),
    )
    assert (first.minutes, first.certificate_requested, first.academy) == (
        60,
        True,
        "AJA",
    )
    second = records[6]
    assert second.email == "ann.ash@aja.example.org"  # written in capitals
    assert (second.unit, second.status) == ("Unit 1", "completed")
    assert (second.started, second.completed) == (D(2026, 9, 2), D(2026, 9, 14))
    assert (second.minutes, second.certificate_requested) == (80, False)
    assert (records[7].status, records[7].completed) == ("in_progress", None)
    assert (records[8].completed, records[8].minutes) == (D(2026, 10, 3), 45)
    # the P.C. cell: kept as completed, with no date, and said so
    assert (records[9].status, records[9].completed) == ("completed", None)
    pc = [f for f in data.findings if f.code == "bad-date"]
    assert len(pc) == 1 and "'P.C.'" in pc[0].message
    assert "kept as completed" in pc[0].message
    assert pc[0].source.column == "H"
    assert codes_at(data.findings, "Learning Records") == [
        ("bad-date", 9),
        ("bad-status", 10),
        ("blank-email", 11),
        ("blank-row-data", 14),
    ]


def test_login_report_one_row_per_member():
    _, data, _ = read("AJA/Optimus export.xlsx")
    logins = {a.email: a for a in data.logins}
    assert list(logins) == [
        "ann.ash@aja.example.org",
        "ben.birch@aja.example.org",
        "ghost@aja.example.org",
        "cara.cole@aja.example.org",
    ]
    ann = logins["ann.ash@aja.example.org"]
    assert (ann.logins, ann.sessions, ann.last_login) == (12, 30, D(2026, 10, 20))
    assert (logins["ben.birch@aja.example.org"].logins, ann.name) == (0, "Ann Ash")
    assert logins["ghost@aja.example.org"].last_login == D(2026, 9, 15)
    cara = logins["cara.cole@aja.example.org"]
    assert (cara.logins, cara.sessions, cara.last_login) == (None, 2, D(2026, 10, 1))
    assert codes_at(data.findings, "Logins") == [
        ("bad-number", 6),
        ("duplicate-record", 5),
    ]


def test_login_report_one_row_per_event_is_summed():
    report, data, ledger = read("AMAG/logins.xls")
    assert (report.kind, report.academy) == ("logins", "AMAG")
    logins = {a.email: a for a in data.logins}
    gil = logins["gil.gale@amag.example.org"]
    # four events (one with a bad date), two distinct sessions
    assert (gil.logins, gil.sessions, gil.last_login) == (4, 2, D(2026, 10, 5))
    assert [s.row for s in gil.sources] == [2, 3, 4, 6]
    hal = logins["hal.hart@amag.example.org"]
    assert (hal.logins, hal.sessions, hal.last_login) == (1, 1, D(2026, 9, 20))
    assert codes_at(data.findings) == [("bad-date", 6)]
    assert ledger.counts().used == 5


def test_calendar_of_term_dates():
    report, data, ledger = read("term-dates.csv")
    assert report.kind == "calendar"
    assert [(h.name, h.start, h.end, h.academy) for h in data.holidays] == [
        ("Autumn half term", D(2026, 10, 26), D(2026, 10, 30), None),
        ("Christmas", D(2026, 12, 21), D(2027, 1, 1), None),
    ]
    assert codes_at(data.findings) == [("bad-date", 4)]
    assert ledger.counts().rejected == {"bad-date": 1}


def test_academy_from_a_column():
    report, data, _ = read("AMAB staff.xlsx")
    assert report.academy == "AMAB"
    assert [(m.email, m.academy, m.phase) for m in data.staff] == [
        ("ivy.ing@amab.example.org", "AMAB", "EYFS"),
        ("jon.jay@amab.example.org", "AMAB", "EYFS"),
    ]
    assert data.staff[0].roles == ("Head of EYFS",)


def test_academy_from_the_sub_folder_of_a_cp1252_semicolon_csv():
    report, data, _ = read("AMAG/AMAG staff.csv")
    assert report.academy == "AMAG"
    assert [m.name for m in data.staff] == ["Gil Gale", "Hélène Hart", "Ann Ash"]
    gil = data.staff[0]
    assert (gil.classroom_teacher, gil.contact_with_students) == (True, True)
    assert data.staff[1].classroom_teacher is False


def test_no_academy_is_an_error_for_a_staff_list():
    root = DATA / "no-academy"
    report, data, ledger = read("staff.csv", root)
    assert data.staff == []
    assert [(f.code, f.severity) for f in data.findings] == [("no-academy", "error")]
    assert ledger.counts().rejected == {"no-academy": 2}


def test_serial_dates_follow_the_1904_date_system():
    _, data, _ = read("records-1904.xlsx", DATA / "single")
    # serial 45200 counted from 1904-01-01
    assert data.records[0].completed == D(2027, 10, 2)


def test_several_sheets_of_different_kinds_in_one_file():
    report, data, ledger = read("two-kinds.xlsx", DATA / "single")
    assert report.sheet_kinds == {"Staff": "staff", "Records": "records"}
    assert [m.email for m in data.staff] == ["lee.lamb@amag.example.org"]
    assert [(r.email, r.status) for r in data.records] == [
        ("lee.lamb@amag.example.org", "in_progress")
    ]
    assert ledger.counts().read == 2


def test_a_sheet_missing_a_needed_column(tmp_path):
    (tmp_path / "AJA").mkdir()
    path = tmp_path / "AJA" / "list.csv"
    path.write_text("Name,Phase,Job Title\nAnn Ash,Primary,Teacher\n", encoding="utf-8")
    report, data, ledger = read("AJA/list.csv", tmp_path)
    assert report.kind == "unknown"
    [missing] = data.findings
    assert missing.code == "missing-column"
    assert "email" in missing.message and "Name, Phase, Job Title" in missing.message
    assert missing.severity == "error"
    assert "the 1 row under it cannot be used" in missing.message
    assert "Add a column for email" in missing.message
    assert "--headers" in missing.message
    # Ann Ash's row is entered in the ledger and rejected, not lost.
    counts = ledger.counts()
    assert (counts.read, counts.used, counts.rejected) == (1, 0, {"missing-column": 1})


def test_a_hidden_sheet_is_read_and_said_so(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Email", "Name", "Academy", "Phase"])
    book.active.append(["a@x.example.org", "Ann", "AJA", "EYFS"])
    book.active.sheet_state = "hidden"
    book.create_sheet("Front").append(["Nothing to see"])
    book.save(tmp_path / "hidden.xlsx")
    _, data, _ = read("hidden.xlsx", tmp_path)
    assert [m.email for m in data.staff] == ["a@x.example.org"]
    assert "hidden-sheet" in [f.code for f in data.findings]


@pytest.mark.parametrize(
    "text, phase",
    [
        ("EYFS", "EYFS"),
        ("Early Years", "EYFS"),
        ("Foundation Stage", "EYFS"),
        ("Reception", "EYFS"),
        ("primary", "Primary"),
        ("KS1", "Primary"),
        ("Key Stage 2", "Primary"),
        ("KS3", "Secondary"),
        ("KS4", "Secondary"),
        ("Sixth Form", "Secondary"),
        ("SECONDARY", "Secondary"),
        ("", None),
        (None, None),
    ],
)
def test_parse_phase(text, phase):
    assert parse_phase(text) == phase


@pytest.mark.parametrize("text", ["Middle School", "Whole school", "KS9"])
def test_parse_phase_refuses_other_text(text):
    with pytest.raises(ValueError, match="not EYFS, Primary or Secondary"):
        parse_phase(text)


def test_reader_on_rows_in_memory():
    rows = list(
        enumerate(
            [
                ["Email", "Name", "Phase", "NPQML", "Conducts PM / Observations"],
                ["a@x.example.org", "Ann", "Primary", "Y", "N"],
            ],
            start=1,
        )
    )
    header = detect_header(rows).header
    ledger = Ledger()
    table = Table("f.xlsx", "S", header, iter(rows), ledger, folder_academy="AJA")
    [member] = read_staff(table)
    assert (member.npqml, member.conducts_pm, member.academy) == (True, False, "AJA")
    assert ledger.verify().used == 1


def test_shipped_catalogue_holds_appendix_a_with_aliases_folded_in():
    catalogue = load_catalogue()
    # Appendix A: 5 + 3 + 19 + 11 + 1 + 3 + 1 courses under seven headings.
    assert len(catalogue.courses) == 43
    essentials = catalogue.get("CPD Leadership: Essentials")
    assert "CPD leadership essentials: coaching staff" in essentials.aliases
    assert catalogue.get("EAL for Classroom Teachers").duration_minutes == 80


def test_extra_courses_are_added_once():
    extra = [
        Course("EAL short sessions", "EAL webinar: building vocabulary"),
        Course("Teaching and Learning", "Embedding literacy"),  # already there
    ]
    catalogue = load_catalogue(extra=extra)
    assert len(catalogue.courses) == 44
    assert catalogue.get("EAL webinar: building vocabulary") is extra[0]


def test_the_providers_catalogue_workbook():
    catalogue = load_catalogue(DATA / "single" / "provider-catalogue.xlsx")
    assert [(c.heading, c.title) for c in catalogue.courses] == [
        ("Teaching and Learning", "Peer Observation"),
        ("Teaching and Learning", "Marking and Feedback"),
        ("Topical Briefings", "Briefings: governors and school leaders"),
    ]
    peer = catalogue.courses[0]
    assert peer.units == ("Unit 1", "Unit 2")
    assert (peer.audience, peer.mode, peer.trainer) == (
        "All teachers",
        "Facilitated training",
        "Head of School",
    )
    assert (peer.duration_minutes, peer.breakdown) == (90, "2 x 45 min")
    assert (peer.units_separate, peer.notes) == (True, "Pair staff across phases")
    # the shipped alias table is folded in for the titles the provider shares
    assert catalogue.courses[2].aliases == (
        "Briefings for governors and school leaders",
    )
    assert peer.aliases == ()
    assert sorted(
        (f.code, f.source.sheet, f.source.row) for f in catalogue.findings
    ) == [
        ("bad-duration", "Topical Briefings", 2),
        ("duplicate-record", "Teaching and Learning", 5),
    ]


@pytest.mark.parametrize(
    "cell, roles",
    [
        ("Head of Teaching and Learning", ("Head of Teaching and Learning",)),
        (
            "EYFS Co-ordinator and Classroom Teacher",
            ("EYFS Co-ordinator", "Classroom Teacher"),
        ),
        (
            "Head of Design and Technology; Year Leader",
            ("Head of Design and Technology", "Year Leader"),
        ),
    ],
)
def test_roles_with_and_inside_one_role_stay_whole(cell, roles):
    rows = [(1, ["Email", "Name", "Roles"]), (2, ["a@x.example.org", "Ann", cell])]
    header = detect_header(rows).header
    table = Table("f.csv", "f", header, iter(rows), Ledger(), folder_academy="AJA")
    assert read_staff(table)[0].roles == roles


@pytest.mark.parametrize("cell", ["Never", "never ", "-", "N/A"])
def test_a_last_login_of_never_is_no_date_not_a_bad_one(tmp_path, cell):
    (tmp_path / "logins.csv").write_text(
        f"Email,Logins,Last login\nann@aja.example.org,0,{cell}\n", encoding="utf-8"
    )
    _, data, _ = read("logins.csv", root=tmp_path)
    [ann] = data.logins
    assert (ann.logins, ann.last_login) == (0, None)
    assert codes_at(data.findings) == []
