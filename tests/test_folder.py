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
