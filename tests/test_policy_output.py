"""The check's text for people (table, ledger line) and the JSON contract."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cpd_xl.model import (
    Finding,
    Hours,
    LearningRecord,
    Period,
    PolicyInfo,
    Requirement,
    Results,
    RowCounts,
    Source,
    StaffMember,
    StaffResult,
)
from cpd_xl.writers.console import ledger_line, results_as_table, staff_summary
from cpd_xl.writers.jsonout import JSON_VERSION, finding_as_dict, results_as_dict

D = dt.date


@pytest.mark.parametrize(
    "rows, line",
    [
        (
            RowCounts(
                2431,
                2380,
                12,
                {"bad-date": 9, "unknown-staff": 21, "unknown-course": 9},
            ),
            "rows: 2,431 read = 2,380 used + 12 duplicate + 39 rejected "
            "(unknown-staff 21, bad-date 9, unknown-course 9)",
        ),
        (RowCounts(3, 3, 0, {}), "rows: 3 read = 3 used + 0 duplicate + 0 rejected"),
        (
            RowCounts(4, 3, 0, {}),
            "rows: 4 read = 3 used + 0 duplicate + 0 rejected - DOES NOT ADD UP",
        ),
    ],
)
def test_ledger_line(rows, line):
    assert ledger_line(rows) == line


def result(name, academy, phase, statuses=(), done=5.0, required=4.0, **kw):
    member = StaffMember(f"{name.lower()}@x.org", name, academy, phase)
    module = LearningRecord(
        member.email,
        name,
        "Risk Assessment",
        "Risk Assessment",
        None,
        "completed",
        completed=D(2026, 9, 9),
        source=Source("AJA/r.csv", None, 7),
    )
    options = dict(logins=3, sessions=1, last_login=D(2026, 10, 1), inactive=False)
    options.update(kw)
    return StaffResult(
        staff=member,
        roles=("Classroom teacher",),
        requirements=[
            Requirement(
                "B-1",
                f"Course {n}",
                status,
                f"{status}: why",
                [Source("AJA/r.csv", "Export", 41)],
            )
            for n, status in enumerate(statuses)
        ],
        hours=Hours(done, required),
        modules=[module],
        external_training_eligible=False,
        **options,
    )


def results(staff):
    return Results(
        period=Period(D(2026, 9, 1), D(2026, 10, 30)),
        policy=PolicyInfo("P", "1", "policy.toml", "abc"),
        staff=staff,
        findings=[],
        files=[],
        rows=RowCounts(2, 2, 0, {}),
        file_rows={},
        records=[],
        logins=[],
        academies=["AJA"],
        generated=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize(
    "statuses, done, summary",
    [
        (("met",), 5.0, "compliant"),
        (("missing", "missing", "in_progress", "met"), 5.0, "2 missing, 1 in progress"),
        (("met",), 2.5, "1.5 h short"),
    ],
)
def test_staff_summary(statuses, done, summary):
    assert staff_summary(result("Ann", "AJA", "Primary", statuses, done)) == summary


def test_table_has_one_line_per_staff_member_then_totals():
    text = results_as_table(
        results(
            [
                result("Ann", "AJA", "Primary", ("met",)),
                result(
                    "Bo",
                    "AJA",
                    "Secondary",
                    ("missing",),
                    last_login=None,
                    logins=0,
                    inactive=True,
                ),
            ]
        )
    )
    lines = text.splitlines()
    assert lines[0].split() == [
        "academy",
        "phase",
        "name",
        "hours",
        "mod",
        "last",
        "login",
        "verdict",
    ]
    assert lines[1].split() == [
        "AJA",
        "Primary",
        "Ann",
        "5.0/4.0",
        "1",
        "2026-10-01",
        "compliant",
    ]
    assert lines[2].split() == [
        "AJA",
        "Secondary",
        "Bo",
        "5.0/4.0",
        "1",
        "never",
        "1",
        "missing",
    ]
    assert lines[3] == ""
    assert lines[4].startswith("period 2026-09-01..2026-10-30: 1 of 2 staff compliant")
    assert lines[-1] == "rows: 2 read = 2 used + 0 duplicate + 0 rejected"


def test_json_contract_fields():
    data = results_as_dict(results([result("Ann", "AJA", "Primary", ("met",))]))
    json.dumps(data)  # plain data only
    assert data["version"] == JSON_VERSION
    assert data["generated"] == "2026-11-02T08:00:00+00:00"
    assert data["period"] == {"start": "2026-09-01", "end": "2026-10-30"}
    assert data["rows"] == {
        "read": 2,
        "used": 2,
        "duplicate": 0,
        "rejected": 0,
        "rejected_by_reason": {},
    }
    (ann,) = data["staff"]
    assert ann["requirements"] == [
        {
            "rule": "B-1",
            "course": "Course 0",
            "status": "met",
            "reason": "met: why",
            "evidence": [{"file": "AJA/r.csv", "sheet": "Export", "row": 41}],
        }
    ]
    assert ann["hours"] == {"done": 5.0, "required": 4.0, "met": True}
    assert ann["modules_completed"] == 1
    assert ann["modules"] == [
        {
            "course": "Risk Assessment",
            "unit": None,
            "completed": "2026-09-09",
            "file": "AJA/r.csv",
            "sheet": None,
            "row": 7,
        }
    ]
    assert ann["last_login"] == "2026-10-01"
    assert (ann["logins"], ann["inactive"], ann["compliant"]) == (3, False, True)
    assert (ann["portal_reported"], ann["never_logged_in"]) == (True, False)
    bad = Finding("bad-date", "P.C.", Source("AJA/r.csv", "Export", 9, "D"))
    assert finding_as_dict(bad) == {
        "code": "bad-date",
        "severity": "warning",
        "message": "P.C.",
        "file": "AJA/r.csv",
        "sheet": "Export",
        "row": 9,
        "column": "D",
        "email": None,
        "course": None,
        "academy": None,
    }


def test_table_cuts_a_very_long_academy_name_to_its_column():
    long = "A" * 300
    text = results_as_table(results([result("Ann", long, "Primary", ("met",))]))
    first = text.splitlines()[1]
    assert first.startswith("A" * 11 + "…  Primary")
