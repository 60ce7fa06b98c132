"""A small hand-made Results for the writer tests: two academies, three
phases, staff who have met, are in progress with or are missing courses, a
staff name that is a formula and one that is HTML.

The figures each test expects are worked out by hand in the comments below.
"""

from __future__ import annotations

import datetime as dt

from cpd_xl.model import (
    FileReport,
    Finding,
    Hours,
    LearningRecord,
    LoginActivity,
    Period,
    PolicyInfo,
    Requirement,
    Results,
    RowCounts,
    Source,
    StaffMember,
    StaffResult,
)

HOSTILE = '=HYPERLINK("http://x.invalid","click")'
HTML_NAME = "<b>Bea</b> Bold"
GENERATED = dt.datetime(2026, 10, 26, 9, 30)
PERIOD = Period(dt.date(2026, 9, 1), dt.date(2026, 10, 23))

SAFEGUARDING = "Safeguarding Whole-School Update"
DIFFERENTIATION = "Differentiation in Practice"
EY_SEN = "Early Years SEN"
EAL = "EAL for Classroom Teachers"
ETP = "Evaluating Teacher Performance"
PM = "Performance Management"
TSU = "Tackling Staff Underperformance"


def _req(course, status, rule="Appendix B: all staff", src=None):
    reasons = {
        "met": f"completed {course}",
        "in_progress": f"{course} started but not finished",
        "missing": f"no learning record for {course}",
    }
    return Requirement(rule, course, status, reasons[status], [src] if src else [])


def _record(email, name, course, academy, row, status="completed", day=None):
    return LearningRecord(
        email=email,
        name=name,
        course_text=course,
        course=course,
        unit="Unit 1",
        status=status,
        started=dt.date(2026, 9, 2),
        completed=day,
        minutes=60.0,
        academy=academy,
        source=Source(f"{academy}/records.xlsx", "Records", row),
    )


def make_results() -> Results:
    """Five staff in AJA (EYFS, Primary) and AMAB (Secondary).

    AJA Primary: Alice (all met, hours met, active, eligible) and the hostile
    name (Differentiation in progress, hours short, inactive): 1 of 2 = 50%
    for mandatory, hours and logged in; 1 eligible.
    AJA EYFS: Bea (Safeguarding missing, 0 hours, never logged in): 0 of 1.
    AJA: 1 of 3 (33%) for each share; 1 eligible.
    AMAB Secondary: Carl (all met, 5.5 h, active, eligible) and Dana (ETP in
    progress, PM missing, 3.8 of 3.8 h met, active): mandatory 1 of 2 (50%),
    hours 2 of 2 (100%), logged in 2 of 2 (100%); 1 eligible.
    All: 5 staff, mandatory 2 (40%), hours 3 (60%), logged in 3 (60%).
    """
    alice = StaffMember("alice@aja.example", "Alice Able", "AJA", "Primary")
    hostile = StaffMember("hostile@aja.example", HOSTILE, "AJA", "Primary")
    bea = StaffMember("bea@aja.example", HTML_NAME, "AJA", "EYFS")
    carl = StaffMember("carl@amab.example", "Carl Cole", "AMAB", "Secondary")
    dana = StaffMember("dana@amab.example", "Dana Dale", "AMAB", "Secondary")

    alice_modules = [
        _record(alice.email, alice.name, c, "AJA", 2 + i, day=dt.date(2026, 9, 10 + i))
        for i, c in enumerate([SAFEGUARDING, DIFFERENTIATION, EAL, ETP, PM])
    ]
    carl_modules = [
        _record(carl.email, carl.name, c, "AMAB", 2 + i, day=dt.date(2026, 10, 1 + i))
        for i, c in enumerate([SAFEGUARDING, EAL, DIFFERENTIATION, TSU, PM])
    ]
    staff = [
        StaffResult(
            alice,
            ("teaching staff",),
            [_req(SAFEGUARDING, "met"), _req(DIFFERENTIATION, "met")],
            Hours(4.0, 3.8),
            alice_modules,
            True,
            12,
            10,
            dt.date(2026, 10, 20),
            False,
        ),
        StaffResult(
            hostile,
            ("teaching staff",),
            [_req(SAFEGUARDING, "met"), _req(DIFFERENTIATION, "in_progress")],
            Hours(2.0, 3.8),
            [],
            False,
            3,
            2,
            dt.date(2026, 9, 10),
            True,
        ),
        StaffResult(
            bea,
            ("Heads of EYFS",),
            [_req(SAFEGUARDING, "missing"), _req(EY_SEN, "met")],
            Hours(0.0, 3.8),
            [],
            False,
            0,
            0,
            None,
            True,
        ),
        StaffResult(
            carl,
            ("classroom teacher",),
            [
                _req(SAFEGUARDING, "met"),
                _req(EAL, "met"),
                _req(DIFFERENTIATION, "met"),
            ],
            Hours(5.5, 3.8),
            carl_modules,
            True,
            20,
            15,
            dt.date(2026, 10, 22),
            False,
        ),
        StaffResult(
            dana,
            ("Heads of Secondary",),
            [
                _req(SAFEGUARDING, "met"),
                _req(ETP, "in_progress", "Appendix C: conducts performance management"),
                _req(ETP, "in_progress", "Appendix C: Heads of Secondary"),
                _req(PM, "missing", "Appendix C: Heads of Secondary"),
                _req(TSU, "met", "Appendix C: Heads of Secondary"),
            ],
            Hours(3.8, 3.8),
            [],
            False,
            7,
            7,
            dt.date(2026, 10, 19),
            False,
        ),
    ]
    findings = [
        Finding(
            "bad-date",
            "'31/13/2026' is not a date",
            Source("AJA/records.xlsx", "Records", 14, "Completed"),
            email="hostile@aja.example",
            academy="AJA",
        ),
        Finding(
            "implausible-duration",
            "-5 hours is not a time spent",
            Source("AJA/records.xlsx", "Records", 15, "Time"),
            academy="AJA",
        ),
        Finding(
            "duplicate-record",
            "the same record is in export1.xlsx row 3",
            Source("AMAB/export2.xlsx", "Learning", 7),
            email="carl@amab.example",
            course=SAFEGUARDING,
            academy="AMAB",
        ),
        Finding(
            "staff-in-two-academies",
            "carl@amab.example is on the staff lists of AJA and AMAB",
            Source("AJA/staff.xlsx", "Staff", 9),
            email="carl@amab.example",
        ),
        Finding(
            "requirement-missing",
            "no learning record for Performance Management",
            None,
            email="dana@amab.example",
            course=PM,
            academy="AMAB",
        ),
    ]
    files = [
        FileReport("AJA/staff.xlsx", "staff", "AJA", ["Staff"], "a" * 64, 4),
        FileReport("AJA/records.xlsx", "records", "AJA", ["Records"], "b" * 64, 8),
        FileReport("AMAB/export2.xlsx", "records", "AMAB", ["Learning"], "c" * 64, 6),
        FileReport("catalogue.xlsx", "catalogue", None, ["Catalogue"], "d" * 64, 40),
    ]
    file_rows = {
        "AJA/staff.xlsx": RowCounts(4, 3, 0, {"duplicate-staff": 1}),
        "AJA/records.xlsx": RowCounts(8, 5, 0, {"bad-date": 1, "bad-duration": 2}),
        "AMAB/export2.xlsx": RowCounts(6, 5, 1, {}),
        "catalogue.xlsx": RowCounts(40, 40, 0, {}),
    }
    rows = RowCounts(
        58, 53, 1, {"duplicate-staff": 1, "bad-date": 1, "bad-duration": 2}
    )
    logins = [
        LoginActivity(
            s.staff.email,
            s.staff.name,
            s.logins,
            s.sessions,
            s.last_login,
            s.staff.academy,
        )
        for s in staff
        if s.logins
    ]
    return Results(
        period=PERIOD,
        policy=PolicyInfo("Policy 2A", "2019-01", "catalogue/policy.toml", "e" * 64),
        staff=staff,
        findings=findings,
        files=files,
        rows=rows,
        file_rows=file_rows,
        records=alice_modules + carl_modules,
        logins=logins,
        academies=["AJA", "AMAB"],
        generated=GENERATED,
    )


def without_login_report(results: Results, academy: str) -> Results:
    """The results as if the drop had no login report for ``academy``.

    With AMAB's taken away: AMAB's 2 staff have portal use unknown, so AMAB
    shows n/a; across academies 1 of the 3 AJA staff with a report (33%)
    logged in within the window (Alice), 1 is inactive and 1 never logged in.
    """
    for result in results.staff:
        if result.staff.academy == academy:
            result.logins = result.sessions = result.last_login = None
            result.inactive = False
            result.portal_reported = False
    results.logins = [item for item in results.logins if item.academy != academy]
    results.findings.append(
        Finding(
            "no-login-report",
            f"the drop has no login report for {academy}",
            academy=academy,
        )
    )
    return results
