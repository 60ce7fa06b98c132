"""read_folder on a whole drop: kinds, academies, the ledger, merges."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

from cpd_xl.errors import InputError
from cpd_xl.ledger import Ledger
from cpd_xl.model import LearningRecord, Source
from cpd_xl.readers import read_folder
from cpd_xl.readers.merge import merge_records

DATA = Path(__file__).resolve().parent / "data"
REAL_WORLD = Path(__file__).resolve().parents[2] / "shared" / "samples" / "real-world"
D = dt.date


@pytest.fixture(scope="module")
def drop():
    return read_folder(DATA / "drop")


def test_each_file_has_its_kind_and_academy(drop):
    assert [(f.path, f.kind, f.academy, f.error) for f in drop.files] == [
        ("AJA/AJA staff.xlsx", "staff", "AJA", None),
        ("AJA/Optimus export.xlsx", "records", "AJA", None),
        ("AMAB staff.xlsx", "staff", "AMAB", None),
        ("AMAG/AMAG staff.csv", "staff", "AMAG", None),
        ("AMAG/logins.xls", "logins", "AMAG", None),
        ("AMAG/records-export-1.xlsx", "records", "AMAG", None),
        ("AMAG/records-export-2.ods", "records", "AMAG", None),
        ("term-dates.csv", "calendar", None, None),
    ]
    assert all(len(f.sha256) == 64 for f in drop.files)


def test_the_ledger_adds_up_as_worked_out_by_hand(drop):
    # Per file (read = used + duplicate + rejected), from make_data.py:
    # AJA staff 9 = 6 + 1 + 2; AJA export 14 = 7 + 2 + 5 (records 9 = 4 + 1 +
    # 4, the fourth rejection Cara's 'Underwater Basket Weaving', a course
    # matching nothing; logins 5 = 3 + 1 + 1, Gus Ghost being on no staff
    # list); AMAB staff 2 = 2; AMAG staff 3 = 3; logins.xls 5 = 5; export-1
    # 3 = 2 + 1 (conflict); export-2 3 = 2 + 1 (duplicate); term-dates 3 = 2 +
    # 0 + 1.
    expected = {
        "AJA/AJA staff.xlsx": (9, 6, 1, {"blank-email": 1, "blank-row-data": 1}),
        "AJA/Optimus export.xlsx": (
            14,
            7,
            2,
            {
                "bad-status": 1,
                "blank-email": 1,
                "blank-row-data": 1,
                "unknown-course": 1,
                "unknown-staff": 1,
            },
        ),
        "AMAB staff.xlsx": (2, 2, 0, {}),
        "AMAG/AMAG staff.csv": (3, 3, 0, {}),
        "AMAG/logins.xls": (5, 5, 0, {}),
        "AMAG/records-export-1.xlsx": (3, 2, 1, {}),
        "AMAG/records-export-2.ods": (3, 2, 1, {}),
        "term-dates.csv": (3, 2, 0, {"bad-date": 1}),
    }
    for path, (read, used, duplicate, rejected) in expected.items():
        counts = drop.ledger.counts(path)
        assert (counts.read, counts.used, counts.duplicate) == (read, used, duplicate)
        assert counts.rejected == rejected, path
    total = drop.ledger.verify()
    assert (total.read, total.used, total.duplicate, total.rejected_total) == (
        42,
        29,
        5,
        8,
    )
    assert [f.rows_read for f in drop.files] == [9, 14, 2, 3, 5, 3, 3, 3]


def test_what_the_drop_holds(drop):
    # staff: 6 AJA + 2 AMAB + 3 AMAG (Ann Ash is on two academies' lists)
    assert len(drop.staff) == 11
    # records: 6 AJA parsed - 1 duplicate; 6 AMAG parsed - 2 merged
    assert len(drop.records) == 9
    # logins: 4 AJA members + 2 AMAG people from events
    assert sorted(a.email for a in drop.logins) == [
        "ann.ash@aja.example.org",
        "ben.birch@aja.example.org",
        "cara.cole@aja.example.org",
        "ghost@aja.example.org",
        "gil.gale@amag.example.org",
        "hal.hart@amag.example.org",
    ]
    assert [h.name for h in drop.holidays] == ["Autumn half term", "Christmas"]


def test_course_titles_are_matched_to_the_catalogue(drop):
    titles = {(r.email, r.course_text): r.course for r in drop.records}
    assert (
        titles[("ann.ash@aja.example.org", "Safeguarding Whole School Update")]
        == "Safeguarding Whole-School Update"
    )
    assert (
        titles[("ben.birch@aja.example.org", "CPD leadership essentials")]
        == "CPD Leadership: Essentials"
    )
    assert titles[("cara.cole@aja.example.org", "Underwater Basket Weaving")] is None
    unknown = [f for f in drop.findings if f.code == "unknown-course"]
    assert [(f.source.file, f.source.row) for f in unknown] == [
        ("AJA/Optimus export.xlsx", 8)
    ]


def test_records_in_two_exports_are_merged(drop):
    gil = sorted(
        (r.unit, r.status, r.completed, r.source.file)
        for r in drop.records
        if r.email == "gil.gale@amag.example.org"
    )
    assert gil == [
        ("Unit 1", "completed", D(2026, 9, 10), "AMAG/records-export-1.xlsx"),
        ("Unit 2", "completed", D(2026, 10, 5), "AMAG/records-export-2.ods"),
    ]
    by_code = {f.code: f for f in drop.findings}
    conflict = by_code["conflicting-record"]
    assert conflict.source == Source("AMAG/records-export-1.xlsx", "Records", 3)
    assert "records-export-2.ods, sheet Records, row 3" in conflict.message
    duplicates = sorted(
        (f.source.file, f.source.row)
        for f in drop.findings
        if f.code == "duplicate-record" and f.source.sheet != "Logins"
    )
    assert duplicates == [
        ("AJA/Optimus export.xlsx", 12),
        ("AMAG/records-export-2.ods", 2),
    ]


def test_staff_on_two_academies_lists_are_kept_and_reported(drop):
    ann = [m.academy for m in drop.staff if m.email == "ann.ash@aja.example.org"]
    assert ann == ["AJA", "AMAG"]
    moved = [f for f in drop.findings if f.code == "staff-in-two-academies"]
    assert [f.source.file for f in moved] == ["AMAG/AMAG staff.csv"]


def test_hidden_lock_and_other_files_are_skipped_and_said_so(drop):
    skipped = sorted(f.message for f in drop.findings if f.code == "skipped-file")
    assert [m.split(":")[0] for m in skipped] == [
        ".hidden.csv",
        "notes.txt",
        "~$AMAB staff.xlsx",
    ]


def test_an_unknown_sheet_is_listed_with_its_headers(drop):
    [unknown] = [f for f in drop.findings if f.code == "unknown-sheet"]
    assert unknown.source == Source("AJA/Optimus export.xlsx", "Lookup", 1)
    assert "Colour, Code" in unknown.message
    assert "4 non-blank rows were not read" in unknown.message


def test_an_unreadable_file_is_reported_and_the_rest_still_read(tmp_path):
    shutil.copytree(DATA / "drop" / "AMAG", tmp_path / "AMAG")
    (tmp_path / "AMAG" / "broken.xlsx").write_bytes(b"PK\x03\x04 cut short")
    inputs = read_folder(tmp_path)
    broken = [f for f in inputs.files if f.path == "AMAG/broken.xlsx"]
    assert broken[0].error and "AMAG/broken.xlsx" in broken[0].error
    assert [
        f.code for f in inputs.findings if f.source == Source("AMAG/broken.xlsx")
    ] == ["unreadable-file"]
    assert len(inputs.staff) == 3
    assert inputs.ledger.verify().read == 14


def test_a_header_map_file_is_used(tmp_path):
    (tmp_path / "AJA").mkdir()
    (tmp_path / "AJA" / "odd.csv").write_text(
        "Staff E-mail (work),Learning item,Stage,Mins on task\n"
        "a@x.example.org,Peer Observation,Done,25\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "headers.toml"
    mapping.write_text(
        '[headers]\n"Stage" = "status"\n"Mins on task" = "minutes"\n', encoding="utf-8"
    )
    inputs = read_folder(tmp_path, header_map=mapping)
    [record] = inputs.records
    assert (record.status, record.minutes, record.course) == (
        "completed",
        25,
        "Peer Observation",
    )


def test_progress_is_called_once_per_file():
    calls = []
    read_folder(DATA / "drop", progress=lambda *args: calls.append(args))
    assert [c[:2] for c in calls] == [(n, 8) for n in range(1, 9)]
    assert calls[-1][2] == "term-dates.csv"


def record(status, completed=None, row=1, file="a.xlsx", unit=None):
    return LearningRecord(
        email="a@x.example.org",
        name=None,
        course_text="Peer Observation",
        course="Peer Observation",
        unit=unit,
        status=status,
        completed=completed,
        source=Source(file, "S", row),
    )


def settled(records):
    ledger = Ledger()
    for r in records:
        ledger.read(r.source)
        ledger.use(r.source)
    kept, findings = merge_records(records, ledger)
    return kept, [f.code for f in findings], ledger.verify()


@pytest.mark.parametrize(
    "statuses, winner",
    [
        (["completed", "in_progress"], "completed"),
        (["not_started", "in_progress"], "in_progress"),
        (["in_progress", "not_started", "completed"], "completed"),
    ],
)
def test_the_furthest_status_wins_a_conflict(statuses, winner):
    records = [
        record(s, D(2026, 9, 1) if s == "completed" else None, row=n)
        for n, s in enumerate(statuses, start=1)
    ]
    kept, codes, counts = settled(records)
    assert [r.status for r in kept] == [winner]
    assert codes == ["conflicting-record"] * (len(statuses) - 1)
    assert (counts.used, counts.duplicate) == (1, len(statuses) - 1)


def test_same_record_twice_counts_once_and_other_units_are_not_merged():
    records = [
        record("completed", D(2026, 9, 1), row=1, file="a.xlsx"),
        record("completed", D(2026, 9, 1), row=7, file="b.xlsx"),
        record("completed", D(2026, 9, 1), row=2, file="a.xlsx", unit="Unit 2"),
        record("completed", D(2025, 9, 1), row=3, file="a.xlsx"),
    ]
    kept, codes, counts = settled(records)
    assert [r.source.row for r in kept] == [1, 2, 3]
    assert codes == ["duplicate-record"]
    assert (counts.used, counts.duplicate) == (3, 1)


def real_world_files():
    if not REAL_WORLD.is_dir():
        return []
    return sorted(p.name for p in REAL_WORLD.iterdir() if p.name != "README.md")


@pytest.mark.skipif(not REAL_WORLD.is_dir(), reason="shared samples are not here")
def test_every_real_world_sample_gets_a_clear_answer():
    inputs = read_folder(REAL_WORLD)
    assert len(inputs.files) == 24 == len(real_world_files())
    for report in inputs.files:
        about = [
            f.code
            for f in inputs.findings
            if f.source is not None and f.source.file == report.path
        ] + [f.code for f in inputs.findings if report.path in f.message]
        answered = (
            report.kind != "unknown"
            or report.error
            or {"unknown-sheet", "missing-column", "empty-sheet", "error-cell"}
            & set(about)
        )
        assert answered, report.path
        if report.error:
            assert report.path in report.error
    # calamine__too_small.xls is a line of text: read as such, its sheet unknown.
    assert {f.path for f in inputs.files if f.error} == {"pycalamine__empty_file.xlsx"}
    assert inputs.ledger.verify().read == 0


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.skipif(
    not (EXAMPLES / "autumn-2026-planted.json").exists(), reason="no example drop"
)
def test_the_example_drop_reads_with_kinds_academies_and_planted_problems():
    inputs = read_folder(EXAMPLES / "autumn-2026")
    for report in inputs.files:
        folder = report.path.split("/")[0] if "/" in report.path else None
        assert report.error is None, report.path
        assert report.kind != "unknown", report.path
        assert report.academy == folder, report.path
    kinds = sorted(f.kind for f in inputs.files)
    assert kinds == ["calendar"] + ["logins"] * 3 + ["records"] * 3 + ["staff"] * 3
    inputs.ledger.verify()
    found = {(f.code, f.source.file, f.source.row) for f in inputs.findings if f.source}
    planted = json.loads((EXAMPLES / "autumn-2026-planted.json").read_text())
    renamed = {"totals-row": "blank-row-data"}
    for item in planted["planted"]:
        code = renamed.get(item["code"], item["code"])
        if code in ("bad-date", "unknown-course", "blank-row-data"):
            assert (code, item["file"], item["row"]) in found, item


def test_read_folder_needs_a_folder(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        read_folder(tmp_path / "missing")


def summary(inputs):
    return (
        [(f.path, f.kind, f.academy, f.rows_read) for f in inputs.files],
        sorted((f.code, str(f.source)) for f in inputs.findings),
        inputs.ledger.counts(),
    )


@pytest.mark.slow
def test_make_data_remakes_the_committed_drop(tmp_path):
    if shutil.which("soffice") is None and not os.environ.get("CPD_XL_REQUIRE_SOFFICE"):
        pytest.skip("LibreOffice (soffice) is not installed")
    spec = importlib.util.spec_from_file_location("make_data", DATA / "make_data.py")
    make_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_data)
    make_data.main(tmp_path)
    assert summary(read_folder(tmp_path / "drop")) == summary(
        read_folder(DATA / "drop")
    )


def test_records_without_an_academy_take_their_staff_members(tmp_path):
    shutil.copytree(DATA / "drop" / "AJA", tmp_path / "AJA")
    (tmp_path / "export.csv").write_text(
        "Email,Course,Status\n"
        "ann.ash@aja.example.org,Peer Observation,Completed\n"
        "nobody@aja.example.org,Peer Observation,Completed\n",
        encoding="utf-8",
    )
    inputs = read_folder(tmp_path)
    top = [r for r in inputs.records if r.source.file == "export.csv"]
    assert [(r.email, r.academy) for r in top] == [
        ("ann.ash@aja.example.org", "AJA"),
        ("nobody@aja.example.org", None),
    ]
    [report] = [f for f in inputs.files if f.path == "export.csv"]
    assert report.academy == "AJA"
    assert "no-academy" not in {f.code for f in inputs.findings}


def test_one_name_with_two_emails_is_reported_not_merged(tmp_path):
    for academy, email in (
        ("AJA", "sam.lee@aja.example.org"),
        ("AMAB", "s.lee@amab.example.org"),
    ):
        (tmp_path / academy).mkdir()
        (tmp_path / academy / "staff.csv").write_text(
            f"Email,Name,Phase,Job title\n{email},Sam  Lee,Primary,Teacher\n",
            encoding="utf-8",
        )
    inputs = read_folder(tmp_path)
    assert sorted(m.email for m in inputs.staff) == [
        "s.lee@amab.example.org",
        "sam.lee@aja.example.org",
    ]
    [found] = [f for f in inputs.findings if f.code == "name-with-two-emails"]
    assert (found.source.file, found.source.row) == ("AMAB/staff.csv", 2)
    assert "sam.lee@aja.example.org" in found.message


# Fixes from a fresh user's drops. Each drop below is written here, and each
# expected value is counted by hand from the lines written.


def write_drop(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


STAFF_CSV = (
    "Email,Name,Phase,Job title\nann.ash@aja.example.org,Ann Ash,Primary,Teacher\n"
)


def test_rows_under_a_header_lacking_a_column_are_rejected_not_lost(tmp_path):
    drop = write_drop(
        tmp_path,
        {
            "AJA/staff.csv": STAFF_CSV,
            # A title row, the header on row 3, then two staff rows: no e-mail.
            "NOMAIL/staff.csv": "Staff list,,\n,,\nName,Phase,Job title\n"
            "Bo Birch,Primary,Teacher\nCy Cole,EYFS,Teaching Assistant\n",
        },
    )
    inputs = read_folder(drop)
    counts = inputs.ledger.counts("NOMAIL/staff.csv")
    assert (counts.read, counts.used, counts.rejected) == (2, 0, {"missing-column": 2})
    total = inputs.ledger.verify()
    assert (total.read, total.used, total.rejected_total) == (3, 1, 2)
    [missing] = [f for f in inputs.findings if f.code == "missing-column"]
    assert missing.severity == "error"
    assert missing.source == Source("NOMAIL/staff.csv", "staff", 3)
    assert "the 2 rows under it cannot be used" in missing.message
    assert "Add a column for email" in missing.message
    assert "map that header with --headers" in missing.message


RECORDS_CSV = (
    "Email,Course,Status,Date completed\n"
    "ann.ash@aja.example.org,Peer Observation,Completed,10/09/2026\n"
    "ann.ash@aja.example.org,Basket Weaving,Completed,11/09/2026\n"
    "zed.zinc@aja.example.org,Peer Observation,Completed,12/09/2026\n"
    "zed.zinc@aja.example.org,Basket Weaving,Completed,13/09/2026\n"
)
LOGINS_CSV = (
    "Email,Name,Logins,Last login\n"
    "ann.ash@aja.example.org,Ann Ash,3,20/09/2026\n"
    "zed.zinc@aja.example.org,Zed Zinc,2,21/09/2026\n"
)


def test_records_and_logins_of_unknown_staff_or_courses_are_rejected(tmp_path):
    drop = write_drop(
        tmp_path,
        {
            "AJA/staff.csv": STAFF_CSV,
            "AJA/records.csv": RECORDS_CSV,
            "AJA/logins.csv": LOGINS_CSV,
        },
    )
    inputs = read_folder(drop)
    # Row 2 is Ann's known course; row 3 Ann's unknown course; rows 4 and 5
    # are Zed's, who is on no list (unknown-staff comes first, as in check).
    records = inputs.ledger.counts("AJA/records.csv")
    assert (records.read, records.used) == (4, 1)
    assert records.rejected == {"unknown-course": 1, "unknown-staff": 2}
    logins = inputs.ledger.counts("AJA/logins.csv")
    assert (logins.read, logins.used, logins.rejected) == (2, 1, {"unknown-staff": 1})
    unknown = [f for f in inputs.findings if f.code == "unknown-staff"]
    assert [(f.source.row, f.email, f.academy) for f in unknown] == [
        (4, "zed.zinc@aja.example.org", "AJA"),
        (5, "zed.zinc@aja.example.org", "AJA"),
    ]
    [account] = [f for f in inputs.findings if f.code == "account-to-remove"]
    assert account.source == Source("AJA/logins.csv", "logins", 3)
    assert "no-staff-list" not in {f.code for f in inputs.findings}


def test_the_check_settles_unknown_rows_as_read_folder_did(tmp_path):
    from cpd_xl.model import Period
    from cpd_xl.policy import check, load_policy

    drop = write_drop(
        tmp_path,
        {
            "AJA/staff.csv": STAFF_CSV,
            "AJA/records.csv": RECORDS_CSV,
            "AJA/logins.csv": LOGINS_CSV,
        },
    )
    inputs = read_folder(drop)
    before = inputs.ledger.counts()
    period = Period(D(2026, 9, 1), D(2026, 10, 30))
    results = check(inputs, load_policy(), period)
    assert results.rows == before
    # 7 read: staff 1 used; records 1 used + 3 rejected; logins 1 + 1.
    assert (before.read, before.used) == (7, 3)
    assert before.rejected == {"unknown-course": 1, "unknown-staff": 3}
    codes = [f.code for f in results.findings]
    assert codes.count("unknown-staff") == 2  # one per record row, not doubled
    assert codes.count("account-to-remove") == 1


def test_a_drop_with_no_staff_list_keeps_its_rows_and_says_so_once(tmp_path):
    drop = write_drop(
        tmp_path,
        {"AJA/records.csv": RECORDS_CSV, "AJA/logins.csv": LOGINS_CSV},
    )
    inputs = read_folder(drop)
    # Only the two 'Basket Weaving' rows match no course; nobody is unknown.
    records = inputs.ledger.counts("AJA/records.csv")
    assert (records.read, records.used, records.rejected) == (
        4,
        2,
        {"unknown-course": 2},
    )
    assert inputs.ledger.counts("AJA/logins.csv").used == 2
    [none] = [f for f in inputs.findings if f.code == "no-staff-list"]
    assert none.severity == "error"
    assert "no staff list" in none.message
    assert "unknown-staff" not in {f.code for f in inputs.findings}


def test_findings_with_no_academy_take_their_files(tmp_path):
    drop = write_drop(
        tmp_path,
        {
            "AJA/staff.csv": STAFF_CSV,
            "AJA/records.csv": "Email,Course,Status,Date completed\n"
            "ann.ash@aja.example.org,Peer Observation,Completed,P.C.\n",
            # At the top level: its one person is AJA's, so the file is AJA's.
            "export.csv": "Email,Course,Status,Date completed\n"
            "ann.ash@aja.example.org,Peer Observation,Completed,P.C.\n",
        },
    )
    inputs = read_folder(drop)
    bad = [f for f in inputs.findings if f.code == "bad-date"]
    assert [(f.source.file, f.source.row, f.academy) for f in bad] == [
        ("AJA/records.csv", 2, "AJA"),
        ("export.csv", 2, "AJA"),
    ]


def test_one_staff_list_for_several_academies(tmp_path):
    drop = write_drop(
        tmp_path,
        {
            "HR all staff.csv": "Email,Academy,Name,Phase\n"
            "ann.ash@aja.example.org,AJA,Ann Ash,Primary\n"
            "gil.gale@amag.example.org,AMAG,Gil Gale,Secondary\n"
            "ivy.ing@amab.example.org,AMAB,Ivy Ing,EYFS\n"
            "jon.jay@amab.example.org,,Jon Jay,EYFS\n",
            "all records.csv": "Email,Course,Status\n"
            "ann.ash@aja.example.org,Peer Observation,Completed\n"
            "gil.gale@amag.example.org,Peer Observation,Completed\n",
        },
    )
    inputs = read_folder(drop)
    files = {f.path: (f.academy, f.academies) for f in inputs.files}
    assert files == {
        "HR all staff.csv": (None, ["AJA", "AMAB", "AMAG"]),
        "all records.csv": (None, ["AJA", "AMAG"]),
    }
    assert sorted((m.email, m.academy) for m in inputs.staff) == [
        ("ann.ash@aja.example.org", "AJA"),
        ("gil.gale@amag.example.org", "AMAG"),
        ("ivy.ing@amab.example.org", "AMAB"),
    ]
    [blank] = [f for f in inputs.findings if f.code == "no-academy"]
    assert blank.severity == "error"
    assert blank.source.row == 5
    assert "the Academy cell of row 5 (column B) is blank" in blank.message
    assert "no academy column" not in blank.message
    counts = inputs.ledger.counts("HR all staff.csv")
    assert (counts.read, counts.used, counts.rejected) == (4, 3, {"no-academy": 1})


def test_a_hidden_folder_is_skipped_with_a_warning_saying_what_to_do(tmp_path):
    drop = write_drop(
        tmp_path, {"AJA/staff.csv": STAFF_CSV, "..%2F../staff.csv": STAFF_CSV}
    )
    inputs = read_folder(drop)
    [skipped] = [f for f in inputs.findings if f.code == "skipped-file"]
    assert skipped.severity == "warning"
    assert skipped.message.startswith("..%2F..: ")
    assert "starts with '.'" in skipped.message
    assert "rename the folder" in skipped.message
    assert [f.path for f in inputs.files] == ["AJA/staff.csv"]


def test_staff_on_two_lists_are_said_to_be_checked_under_the_first(drop):
    [moved] = [f for f in drop.findings if f.code == "staff-in-two-academies"]
    # Ann Ash: row 5 of the AJA list (title, blank, note, header above), row
    # 4 of the AMAG CSV (header, Gil, Hal above); the same name on both.
    assert moved.message == (
        "ann.ash@aja.example.org is on the staff lists of AJA (AJA/AJA "
        "staff.xlsx, row 5) and AMAG (AMAG/AMAG staff.csv, row 4); cpd-xl "
        "checks them under AJA, the first read; remove the entry that is out "
        "of date"
    )


def test_staff_on_two_lists_under_two_names_is_said_so(tmp_path):
    drop = write_drop(
        tmp_path,
        {
            "ONE/staff.csv": "Email,Name,Phase\nwes@x.example.org,Wes One,Primary\n",
            "TWO/staff.csv": "Email,Name,Phase\n"
            "amy@x.example.org,Amy Ash,Primary\n"
            "wes@x.example.org,Wesley Other,Primary\n",
        },
    )
    inputs = read_folder(drop)
    [moved] = [f for f in inputs.findings if f.code == "staff-in-two-academies"]
    assert moved.message.startswith(
        "wes@x.example.org is on the staff lists of ONE (ONE/staff.csv, row 2) "
        "and TWO (TWO/staff.csv, row 3); cpd-xl checks them under ONE, the first "
        "read;"
    )
    assert "different names: 'Wes One' on ONE's list and 'Wesley Other'" in (
        moved.message
    )


def test_merge_messages_write_dates_day_first(drop):
    [twice] = [
        f
        for f in drop.findings
        if f.code == "duplicate-record"
        and f.source.file == "AJA/Optimus export.xlsx"
        and f.source.sheet == "Learning Records"
    ]
    # Ann's Safeguarding record of 3 September 2026, on rows 5 and 12.
    assert "(completed on 03/09/2026)" in twice.message
    assert "2026-09-03" not in twice.message


def test_a_pivot_sheet_beside_the_records_is_not_read_twice(tmp_path):
    import openpyxl

    (tmp_path / "AJA").mkdir()
    (tmp_path / "AJA" / "staff.csv").write_text(
        "Email,Name,Phase,Job title\nann@aja.example.org,Ann Lee,Primary,Office\n",
        encoding="utf-8",
    )
    book = openpyxl.Workbook()
    records = book.active
    records.title = "Learning Records"
    records.append(["Email", "Course", "Unit", "Status", "Date completed"])
    for unit in ("Unit 1", "Unit 2", "Unit 3"):
        records.append(
            ["ann@aja.example.org", "Peer Observation", unit, "Completed", "3/10/2026"]
        )
    pivot = book.create_sheet("Pivot")
    pivot.append(["Email", "Course", "Status", "Count of Status"])
    pivot.append(["ann@aja.example.org", "Peer Observation", "Completed", 3])
    pivot.append(["Grand Total", None, None, 3])
    book.save(tmp_path / "AJA" / "export.xlsx")

    inputs = read_folder(tmp_path)
    assert len(inputs.records) == 3
    [found] = [f for f in inputs.findings if f.code == "summary-sheet"]
    assert (found.source.file, found.source.sheet) == ("AJA/export.xlsx", "Pivot")
    assert "'Count of Status'" in found.message and "2 rows" in found.message
    counts = inputs.ledger.verify()
    # 1 staff row and 3 records: the pivot's rows are not data rows.
    assert (counts.read, counts.used) == (4, 4)


def test_one_person_twice_in_a_list_with_two_phases_says_which_is_used(tmp_path):
    (tmp_path / "AJA").mkdir()
    (tmp_path / "AJA" / "staff.csv").write_text(
        "Email,Name,Phase,Job title\n"
        "ann@aja.example.org,Ann Lee,Primary,Teacher\n"
        "ANN@aja.example.org,Ann Lee,Secondary,Teacher\n",
        encoding="utf-8",
    )
    inputs = read_folder(tmp_path)
    assert [(m.email, m.phase) for m in inputs.staff] == [
        ("ann@aja.example.org", "Primary")
    ]
    [found] = [f for f in inputs.findings if f.code == "duplicate-staff"]
    assert found.source.row == 3
    assert "phase Primary / Secondary" in found.message
