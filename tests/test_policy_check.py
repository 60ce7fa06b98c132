"""Verdicts of the shipped policy, one case per rule of Appendices B and C.

Every expected verdict below is worked out by hand from the policy text
(Appendix B for EYFS and Primary, Appendix C for Secondary): the rules a
person's phase, roles and flags bring in, and what their records show.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cpd_xl.ledger import Ledger
from cpd_xl.model import (
    Catalogue,
    Course,
    Holiday,
    Inputs,
    LearningRecord,
    LoginActivity,
    Period,
    Source,
    StaffMember,
)
from cpd_xl.policy import Rule, Selector, check, load_policy

PERIOD = Period(dt.date(2026, 9, 1), dt.date(2026, 10, 30))
D = dt.date

SWSU = "Safeguarding Whole-School Update"
EAL = "EAL for Classroom Teachers"
LIT = "Embedding Literacy"
NUM = "Embedding Numeracy"
META = "Accelerate Progress with Metacognition"
DIFF = "Differentiation in Practice"
EYSEN = "Early Years SEN"
CPDL = "CPD Leadership: Essentials"
MLE = "Middle Leadership Essentials"
ETP = "Evaluating Teacher Performance"
PM = "Performance Management"
TSU = "Tackling Staff Underperformance"
EAL1 = "EAL webinar: building vocabulary"
EAL2 = "EAL: principles of good practice"
EAL3 = "EAL: using pupils' first language in the mainstream classroom"

UNITS = {
    EAL: ("Session 1", "Session 2"),
    LIT: ("Unit 1", "Unit 2", "Unit 3", "Unit 4"),
    NUM: ("Unit 1", "Unit 2", "Unit 3", "Unit 4"),
    MLE: ("Module 1", "Module 2", "Module 3", "Module 4", "Module 5"),
    DIFF: ("Unit 1", "Unit 2", "Unit 3"),
}
DURATIONS = {"Peer Observation": 45, NUM: 120}
TITLES = [SWSU, EAL, LIT, NUM, META, DIFF, EYSEN, CPDL, MLE, ETP, PM, TSU]
TITLES += ["Peer Observation", "Risk Assessment", "Marking and Feedback"]
TITLES += ["Staff Wellbeing", "Coaching for Change", "Questioning for Challenge"]


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def catalogue() -> Catalogue:
    return Catalogue(
        [
            Course(
                "Heading",
                title,
                units=UNITS.get(title, ()),
                duration_minutes=DURATIONS.get(title),
            )
            for title in TITLES
        ]
    )


def staff(email="pat@aja.example.org", phase="Primary", roles=(), **kw) -> dict:
    return dict(
        email=email,
        name=kw.pop("name", "Pat Doe"),
        academy="AJA",
        phase=phase,
        roles=tuple(roles),
        **kw,
    )


def rec(course, status="completed", completed=D(2026, 9, 15), unit=None, **kw):
    """A learning record; ``completed`` is dropped unless the status says so."""
    return dict(
        course=course,
        status=status,
        unit=unit,
        completed=completed if status == "completed" else None,
        **kw,
    )


def make_inputs(people, records=(), logins=(), holidays=()) -> Inputs:
    """Inputs as the readers would give them, every row read and used."""
    ledger = Ledger()
    members = []
    for row, person in enumerate(people, 2):
        source = Source("AJA/staff.csv", None, row)
        ledger.read(source)
        ledger.use(source)
        members.append(StaffMember(source=source, **person))
    learning = []
    for row, r in enumerate(records, 2):
        r = dict(r)
        source = Source("AJA/records.csv", None, row)
        ledger.read(source)
        ledger.use(source)
        learning.append(
            LearningRecord(
                email=r.pop("email", members[0].email if members else None),
                name=None,
                course_text=r.pop("course_text", r["course"] or "?"),
                source=source,
                **r,
            )
        )
    activity = []
    for row, a in enumerate(logins, 2):
        source = Source("AJA/logins.csv", None, row)
        ledger.read(source)
        ledger.use(source)
        activity.append(LoginActivity(sources=[source], academy="AJA", **a))
    return Inputs(
        root="drop",
        catalogue=catalogue(),
        staff=members,
        records=learning,
        logins=activity,
        holidays=list(holidays),
        files=[],
        findings=[],
        ledger=ledger,
    )


def verdicts(result) -> dict[str, tuple[str, str]]:
    return {r.course: (r.status, r.rule) for r in result.requirements}


def missing(rule, *courses):
    return {course: ("missing", rule) for course in courses}


TEACHER = dict(teaching=True, classroom_teacher=True, contact_with_students=True)
NOT_TEACHING = dict(teaching=False, classroom_teacher=False)
EAL_ITEMS = (EAL1, EAL2, EAL3)

CASES = [
    pytest.param(
        staff(roles=["Office"], **NOT_TEACHING),
        [rec(SWSU, completed=D(2026, 9, 10))],
        {SWSU: ("met", "B-1")},
        id="B-1 all staff: office, safeguarding done",
    ),
    pytest.param(
        staff(roles=["Year 3 Teacher", "Literacy Leader"], **TEACHER),
        [
            rec(EAL, unit="Session 1"),
            rec(EAL, "in_progress", unit="Session 2"),
            rec(LIT),
        ],
        {
            **missing("B-1", SWSU),
            EAL: ("in_progress", "B-2"),
            LIT: ("met", "B-3"),
            **missing("B-5", *EAL_ITEMS),
            **missing("B-7", DIFF),
            **missing("B-9", CPDL),
            **missing("B-10", MLE),
        },
        id="B-2 B-3 literacy leader: EAL half done, Literacy whole",
    ),
    pytest.param(
        staff(roles=["Head of English"], **TEACHER),
        [rec(LIT, unit=f"Unit {n}", completed=D(2026, 6, n)) for n in (1, 2)]
        + [rec(LIT, unit=f"Unit {n}", completed=D(2026, 9, n)) for n in (3, 4)],
        {
            **missing("B-1", SWSU),
            **missing("B-2", EAL),
            LIT: ("met", "B-3"),
            **missing("B-5", *EAL_ITEMS),
            **missing("B-7", DIFF),
        },
        id="B-3 head of English: all four units, two before the period",
    ),
    pytest.param(
        staff(roles=["NY leader"], **TEACHER),
        [rec(NUM, unit="Unit 1"), rec(NUM, unit="Unit 2")],
        {
            **missing("B-1", SWSU),
            NUM: ("in_progress", "B-4"),
            **missing("B-5", *EAL_ITEMS),
            **missing("B-7", DIFF),
            **missing("B-9", CPDL),
            **missing("B-10", MLE),
        },
        id="B-4 numeracy leader: two of four units",
    ),
    pytest.param(
        staff(roles=["Head of Learning Support"], teaching=True),
        [],
        {
            **missing("B-1", SWSU),
            **missing("B-2", EAL),
            **missing("B-3", LIT),
            **missing("B-4", NUM),
            **missing("B-5", *EAL_ITEMS),
            **missing("B-7", DIFF),
        },
        id="B-2 B-3 B-4 head of learning support: nothing done",
    ),
    pytest.param(
        staff(roles=["Classroom Teacher"], **TEACHER),
        [rec(EAL1), rec(EAL2), rec(EAL3, completed=D(2025, 3, 3))],
        {
            **missing("B-1", SWSU),
            EAL1: ("met", "B-5"),
            EAL2: ("met", "B-5"),
            EAL3: ("met", "B-5"),
            **missing("B-7", DIFF),
        },
        id="B-5 teaching staff: the three EAL sessions",
    ),
    pytest.param(
        staff(roles=["Teaching Assistant"], **NOT_TEACHING),
        [rec(EAL1)],
        missing("B-1", SWSU),
        id="B-5 not teaching staff: no EAL sessions asked",
    ),
    pytest.param(
        staff(roles=["Primary Co-ordinator", "Year 5 Teacher"], **TEACHER),
        [rec(META, completed=D(2025, 11, 5)), rec(ETP)],
        {
            **missing("B-1", SWSU),
            **missing("B-5", *EAL_ITEMS),
            META: ("met", "B-6"),
            **missing("B-7", DIFF),
            **missing("B-10", MLE),
            ETP: ("met", "B-11"),
        },
        id="B-6 B-11 primary co-ordinator: metacognition last year counts",
    ),
    pytest.param(
        staff(roles=["Classroom Teacher"], **TEACHER),
        [rec(SWSU), rec(DIFF, "in_progress")],
        {
            SWSU: ("met", "B-1"),
            **missing("B-5", *EAL_ITEMS),
            DIFF: ("in_progress", "B-7"),
        },
        id="B-7 teaching staff: differentiation started",
    ),
    pytest.param(
        staff(phase="EYFS", roles=["Head of EYFS"], teaching=True),
        [rec(EYSEN, "not_started")],
        {
            **missing("B-1", SWSU),
            **missing("B-5", *EAL_ITEMS),
            **missing("B-7", DIFF),
            **missing("B-8", EYSEN),
        },
        id="B-8 head of EYFS: Early Years SEN enrolled, not started",
    ),
    pytest.param(
        staff(roles=["Year Leader", "Year 6 Teacher"], **TEACHER),
        [rec(CPDL)],
        {
            **missing("B-1", SWSU),
            **missing("B-5", *EAL_ITEMS),
            **missing("B-7", DIFF),
            CPDL: ("met", "B-9"),
        },
        id="B-9 year leader: CPD leadership essentials done",
    ),
    pytest.param(
        staff(
            phase="EYFS", roles=["EYFS Co-ordinator", "Classroom Teacher"], **TEACHER
        ),
        [rec(MLE, unit=f"Module {n}") for n in range(1, 6)] + [rec(EYSEN)],
        {
            **missing("B-1", SWSU),
            **missing("B-5", *EAL_ITEMS),
            **missing("B-7", DIFF),
            EYSEN: ("met", "B-8"),
            MLE: ("met", "B-10"),
        },
        id="B-8 B-10 EYFS co-ordinator: all five modules",
    ),
    pytest.param(
        staff(roles=["Head of Primary"], teaching=True),
        [rec(PM, "in_progress")],
        {
            **missing("B-1", SWSU),
            **missing("B-5", *EAL_ITEMS),
            **missing("B-7", DIFF),
            ETP: ("missing", "B-12"),
            PM: ("in_progress", "B-12"),
            TSU: ("missing", "B-12"),
        },
        id="B-12 head of Primary: performance management in progress",
    ),
    pytest.param(
        staff(
            phase="Secondary",
            roles=["Site"],
            contact_with_students=True,
            **NOT_TEACHING,
        ),
        [],
        missing("C-1", SWSU),
        id="C-1 in contact with students: site staff",
    ),
    pytest.param(
        staff(
            phase="Secondary",
            roles=["Office"],
            contact_with_students=False,
            **NOT_TEACHING,
        ),
        [],
        {},
        id="C-1 not in contact with students: nothing asked",
    ),
    pytest.param(
        staff(phase="Secondary", roles=[]),
        [rec(SWSU)],
        {SWSU: ("met", "C-1")},
        id="C-1 no role and no flags: contact assumed",
    ),
    pytest.param(
        staff(phase="Secondary", roles=["Classroom Teacher"], **TEACHER),
        [rec(SWSU), rec(EAL, unit="Session 1"), rec(EAL, unit="Session 2")],
        {
            SWSU: ("met", "C-1"),
            EAL: ("met", "C-2"),
            **missing("C-3", DIFF),
        },
        id="C-2 classroom teacher: two 40-minute sessions",
    ),
    pytest.param(
        staff(
            phase="Secondary",
            roles=["Teaching Assistant"],
            teaching=True,
            classroom_teacher=False,
            contact_with_students=True,
        ),
        [rec(DIFF)],
        {**missing("C-1", SWSU), DIFF: ("met", "C-3")},
        id="C-3 teaching staff who is no classroom teacher",
    ),
    pytest.param(
        staff(
            phase="Secondary",
            roles=["Middle Leader", "Classroom Teacher"],
            conducts_pm=True,
            npqml=False,
            **TEACHER,
        ),
        [rec(ETP)],
        {
            **missing("C-1", SWSU),
            **missing("C-2", EAL),
            **missing("C-3", DIFF),
            ETP: ("met", "C-4"),
            **missing("C-6", MLE),
        },
        id="C-4 C-6 middle leader who conducts PM, not in NPQML",
    ),
    pytest.param(
        staff(
            phase="Secondary",
            roles=["Head of Secondary"],
            teaching=True,
            classroom_teacher=False,
            conducts_pm=True,
        ),
        [rec(PM), rec(TSU, "in_progress")],
        {
            **missing("C-1", SWSU),
            **missing("C-3", DIFF),
            **missing("C-4", ETP),
            PM: ("met", "C-5"),
            TSU: ("in_progress", "C-5"),
        },
        id="C-5 head of Secondary",
    ),
    pytest.param(
        staff(
            phase="Secondary",
            roles=["Middle Leader"],
            teaching=True,
            classroom_teacher=False,
            conducts_pm=False,
            npqml=True,
        ),
        [],
        {**missing("C-1", SWSU), **missing("C-3", DIFF)},
        id="C-6 middle leader enrolled in NPQML: no MLE",
    ),
]


@pytest.mark.parametrize("person, records, expected", CASES)
def test_rule_verdicts(policy, person, records, expected):
    results = check(make_inputs([person], records), policy, PERIOD)
    assert verdicts(results.staff[0]) == expected


def test_missing_reason_names_the_course_role_and_rule(policy):
    person = staff(roles=["Head of Primary"], teaching=True)
    results = check(make_inputs([person], [rec(PM, "in_progress")]), policy, PERIOD)
    by_course = {r.course: r for r in results.staff[0].requirements}
    assert by_course[ETP].reason == (
        "missing: no record of Evaluating Teacher Performance; "
        "applies as Head of Primary (rule B-12)"
    )
    assert by_course[PM].reason == ("in_progress: started (AJA/records.csv, row 2)")
    assert by_course[PM].evidence == [Source("AJA/records.csv", None, 2)]


def test_met_reason_carries_the_date_and_the_row(policy):
    person = staff(roles=["Office"], **NOT_TEACHING)
    inputs = make_inputs([person], [rec(SWSU, completed=D(2026, 10, 3))])
    requirement = check(inputs, policy, PERIOD).staff[0].requirements[0]
    assert requirement.reason == "met: completed 03/10/2026 (AJA/records.csv, row 2)"


def test_a_course_two_rules_ask_is_one_requirement_naming_both(policy):
    person = staff(roles=["Primary Co-ordinator", "Head of Primary"], teaching=False)
    results = check(make_inputs([person]), policy, PERIOD)
    etp = [r for r in results.staff[0].requirements if r.course == ETP]
    assert len(etp) == 1
    assert etp[0].rule == "B-11"
    assert "(rule B-11)" in etp[0].reason and "(rule B-12)" in etp[0].reason


def test_units_seen_in_the_exports_stand_in_for_a_catalogue_without_units():
    # "Coaching for Change" lists no units in the test catalogue; another
    # person's rows show it has Part 1 and Part 2.
    policy = load_policy()
    policy.rules = [
        Rule("X-1", ("Primary",), (Selector("all"),), ("Coaching for Change",))
    ]
    me = staff(roles=["Office"], **NOT_TEACHING)
    other = staff(email="sam@aja.example.org", roles=["Office"], **NOT_TEACHING)
    records = [
        rec("Coaching for Change", unit="Part 1"),
        rec(
            "Coaching for Change",
            "not_started",
            unit="Part 2",
            email="sam@aja.example.org",
        ),
    ]
    result = check(make_inputs([me, other], records), policy, PERIOD)
    mine = {r.course: r for r in result.staff[0].requirements}
    assert mine["Coaching for Change"].status == "in_progress"
    assert mine["Coaching for Change"].reason.startswith(
        "in_progress: 1 of 2 units completed, the last 15/09/2026"
    )
    records.append(rec("Coaching for Change", unit="Part 2"))
    result = check(make_inputs([me, other], records), policy, PERIOD)
    mine = {r.course: r for r in result.staff[0].requirements}
    assert mine["Coaching for Change"].status == "met"


def test_optional_validity_lets_an_old_completion_lapse():
    policy = load_policy()
    policy.rules = [
        Rule("X-1", ("Primary",), (Selector("all"),), (SWSU,), valid_for_days=365)
    ]
    person = staff(roles=["Office"], **NOT_TEACHING)
    # 30 Oct 2026 less 365 days is 30 Oct 2025.
    for completed, status in [(D(2025, 10, 29), "missing"), (D(2025, 10, 30), "met")]:
        inputs = make_inputs([person], [rec(SWSU, completed=completed)])
        requirement = check(inputs, policy, PERIOD).staff[0].requirements[0]
        assert requirement.status == status
    assert requirement.reason.startswith("met: completed 30/10/2025")


# Hours: 1 hour per fortnight x days employed in the period / 14.


def hours_of(policy, person, records=(), holidays=()):
    inputs = make_inputs([person], records, holidays=holidays)
    return check(inputs, policy, PERIOD).staff[0].hours


@pytest.mark.parametrize(
    "extra, holidays, required",
    [
        # 1 Sep to 30 Oct is 60 days: 60 / 14 hours.
        ({}, [], 60 / 14),
        # Joins 3 Oct: 3 to 30 Oct is 28 days, two fortnights.
        ({"start": D(2026, 10, 3)}, [], 2.0),
        # Leaves 14 Sep: 1 to 14 Sep is one fortnight.
        ({"leaving": D(2026, 9, 14)}, [], 1.0),
        # Half term 26-30 Oct for AJA: 55 days. The other academy's week and
        # the group-wide day inside AJA's week take nothing more.
        (
            {},
            [
                Holiday("half term", D(2026, 10, 26), D(2026, 10, 30), "AJA"),
                Holiday("AMAB week", D(2026, 10, 12), D(2026, 10, 16), "AMAB"),
                Holiday("inset", D(2026, 10, 30), D(2026, 10, 30), None),
            ],
            55 / 14,
        ),
        # A group-wide week off (academy None) counts for AJA too: 53 days.
        ({}, [Holiday("week", D(2026, 10, 1), D(2026, 10, 7))], 53 / 14),
    ],
    ids=["whole period", "joiner", "leaver", "holiday week", "group holiday"],
)
def test_required_hours_are_pro_rata(policy, extra, holidays, required):
    person = staff(roles=["Office"], **NOT_TEACHING, **extra)
    assert hours_of(policy, person, holidays=holidays).required == pytest.approx(
        required
    )


def test_secondary_and_eyfs_staff_owe_hours_too(policy):
    for phase in ("EYFS", "Secondary"):
        person = staff(phase=phase, roles=["Office"], **NOT_TEACHING)
        assert hours_of(policy, person).required == pytest.approx(60 / 14)


def test_done_hours_count_time_of_units_completed_inside_the_period(policy):
    records = [
        rec("Risk Assessment", minutes=90),  # 90
        rec("Marking and Feedback", minutes=60, completed=D(2026, 8, 31)),  # before
        rec("Peer Observation"),  # no time: the catalogue's 45 minutes
        rec(NUM, unit="Unit 1"),  # 120 minutes over 4 units: 30
        rec("Staff Wellbeing", "in_progress", minutes=50),  # not completed
        # A course-level row beside its unit rows repeats their time.
        rec(DIFF, unit="Unit 1", minutes=20),
        rec(DIFF, minutes=200),
    ]
    person = staff(roles=["Office"], **NOT_TEACHING)
    hours = hours_of(policy, person, records)
    assert hours.done == pytest.approx((90 + 45 + 30 + 20) / 60)
    assert not hours.met  # 185 minutes against 60 / 14 hours = 257 minutes


def test_a_completion_with_no_time_anywhere_counts_zero_and_says_so(policy):
    person = staff(roles=["Office"], **NOT_TEACHING)
    inputs = make_inputs([person], [rec("Coaching for Change")])
    results = check(inputs, policy, PERIOD)
    assert results.staff[0].hours.done == 0
    found = [f for f in results.findings if f.code == "no-time-recorded"]
    assert len(found) == 1
    assert found[0].source == Source("AJA/records.csv", None, 2)
    assert found[0].email == "pat@aja.example.org"


def test_a_completion_without_a_date_meets_but_adds_no_hours(policy):
    person = staff(roles=["Office"], **NOT_TEACHING)
    inputs = make_inputs([person], [rec(SWSU, completed=None, minutes=60)])
    result = check(inputs, policy, PERIOD).staff[0]
    assert result.hours.done == 0
    assert result.requirements[0].status == "met"
    assert result.requirements[0].reason == (
        "met: completed on an unknown date (AJA/records.csv, row 2)"
    )


@pytest.mark.parametrize(
    "minutes, counted, flagged",
    [(600, 600, False), (601, 0, True), (600 * 60, 0, True)],
)
def test_time_out_of_reason_is_reported_and_not_counted(
    policy, minutes, counted, flagged
):
    # The shipped policy allows at most 10 hours (600 minutes) on one record.
    person = staff(roles=["Office"], **NOT_TEACHING)
    inputs = make_inputs([person], [rec("Risk Assessment", minutes=minutes)])
    results = check(inputs, policy, PERIOD)
    assert results.staff[0].hours.done == pytest.approx(counted / 60)
    found = [f for f in results.findings if f.code == "implausible-duration"]
    assert len(found) == flagged
    if flagged:
        assert found[0].source == Source("AJA/records.csv", None, 2)


def test_hours_met_exactly(policy):
    # Joins 3 Oct: 2 hours owed; 120 minutes done.
    person = staff(roles=["Office"], start=D(2026, 10, 3), **NOT_TEACHING)
    done = rec("Risk Assessment", minutes=120, completed=D(2026, 10, 5))
    hours = hours_of(policy, person, [done])
    assert hours.met


def test_hours_done_count_only_while_employed(policy):
    # Joins 1 Oct: 30 days to 30 Oct owe 30 / 14 hours. The 90 minutes done
    # on 3 Sep, before joining, are outside the days the hours are owed for.
    person = staff(roles=["Office"], start=D(2026, 10, 1), **NOT_TEACHING)
    records = [
        rec("Risk Assessment", minutes=90, completed=D(2026, 9, 3)),
        rec("Staff Wellbeing", minutes=40, completed=D(2026, 10, 2)),
    ]
    hours = hours_of(policy, person, records)
    assert hours.done == pytest.approx(40 / 60)
    assert hours.required == pytest.approx(30 / 14)


@pytest.mark.parametrize(
    "rows, modules",
    [
        # Three units and a course-level row repeating them: three modules.
        ([("Unit 1",), ("Unit 2",), ("Unit 3",), (None,)], 3),
        # A course-level row alone counts as one.
        ([(None,)], 1),
    ],
)
def test_a_course_level_row_does_not_add_to_its_units(policy, rows, modules):
    person = staff(roles=["Office"], **NOT_TEACHING)
    records = [rec(DIFF, unit=unit) for (unit,) in rows]
    results = check(make_inputs([person], records), policy, PERIOD)
    assert len(results.staff[0].modules) == modules


# External training: at least 5 completed units or modules, any date.


@pytest.mark.parametrize("count, eligible", [(4, False), (5, True)])
def test_five_module_rule(policy, count, eligible):
    records = [
        rec(MLE, unit=f"Module {n}", completed=D(2024, 1, n))
        for n in range(1, count + 1)
    ]
    records.append(rec(NUM, "in_progress", unit="Unit 1"))
    person = staff(roles=["Office"], **NOT_TEACHING)
    result = check(make_inputs([person], records), policy, PERIOD).staff[0]
    assert len(result.modules) == count
    assert result.external_training_eligible is eligible
    assert [m.unit for m in result.modules] == [
        f"Module {n}" for n in range(1, count + 1)
    ]


def test_a_course_level_completion_counts_as_one_module(policy):
    records = [rec(SWSU), rec(PM), rec(NUM, unit="Unit 1"), rec(NUM, unit="Unit 2")]
    person = staff(roles=["Office"], **NOT_TEACHING)
    result = check(make_inputs([person], records), policy, PERIOD).staff[0]
    assert len(result.modules) == 4
    assert not result.external_training_eligible


# Portal use.


@pytest.mark.parametrize(
    "last_login, inactive",
    [(D(2026, 9, 30), False), (D(2026, 9, 29), True), (D(2026, 10, 30), False)],
    ids=["30 days before the end", "31 days before the end", "last day"],
)
def test_inactive_after_more_than_30_days(policy, last_login, inactive):
    person = staff(roles=["Office"], **NOT_TEACHING)
    login = dict(email=person["email"], logins=4, sessions=2, last_login=last_login)
    results = check(make_inputs([person], logins=[login]), policy, PERIOD)
    result = results.staff[0]
    assert result.inactive is inactive
    assert result.logins == 4 and result.sessions == 2
    assert result.last_login == last_login
    codes = [f.code for f in results.findings]
    assert ("inactive" in codes) is inactive


def test_a_leaver_is_not_inactive_for_the_days_after_leaving(policy):
    # Left 19 Sep, last login that day: 41 days before the period ends but
    # none before their own last day.
    person = staff(roles=["Office"], leaving=D(2026, 9, 19), **NOT_TEACHING)
    login = dict(email=person["email"], logins=2, last_login=D(2026, 9, 19))
    results = check(make_inputs([person], logins=[login]), policy, PERIOD)
    assert not results.staff[0].inactive


def test_on_the_login_report_but_never_logged_in(policy):
    person = staff(roles=["Office"], **NOT_TEACHING)
    login = dict(email=person["email"], logins=0, sessions=0, last_login=None)
    results = check(make_inputs([person], logins=[login]), policy, PERIOD)
    assert results.staff[0].never_logged_in
    assert results.staff[0].inactive
    assert [f.code for f in results.findings if f.email].count("never-logged-in") == 1


def test_no_login_report_means_portal_use_is_not_judged(policy):
    person = staff(roles=["Office"], **NOT_TEACHING)
    results = check(make_inputs([person]), policy, PERIOD)
    assert results.staff[0].logins is None
    assert not results.staff[0].inactive
    assert not [f for f in results.findings if f.code == "account-to-create"]


# Accounts, unknown people, leavers and the row ledger.


def test_accounts_to_create_and_remove(policy):
    people = [
        staff(email="a@aja.example.org", roles=["Office"], **NOT_TEACHING),
        staff(email="b@aja.example.org", roles=["Office"], **NOT_TEACHING),
        staff(email="c@aja.example.org", roles=["Office"], **NOT_TEACHING),
    ]
    records = [rec(SWSU, email="c@aja.example.org")]
    logins = [
        dict(email="a@aja.example.org", logins=3, last_login=D(2026, 10, 20)),
        dict(email="ghost@aja.example.org", logins=9, last_login=D(2026, 10, 1)),
    ]
    results = check(make_inputs(people, records, logins), policy, PERIOD)
    found = {(f.code, f.email) for f in results.findings}
    # b has no login row and no record: no account.
    assert ("account-to-create", "b@aja.example.org") in found
    # c has a record, so an account, but no login: never logged in.
    assert ("never-logged-in", "c@aja.example.org") in found
    assert ("account-to-remove", "ghost@aja.example.org") in found
    assert not {e for c, e in found if c == "account-to-create"} - {"b@aja.example.org"}
    # The ghost's login row is rejected as unknown-staff.
    assert results.rows.rejected == {"unknown-staff": 1}
    assert [a.email for a in results.logins] == ["a@aja.example.org"]


def test_rows_policy_cannot_use_are_rejected_in_the_ledger(policy):
    person = staff(roles=["Office"], **NOT_TEACHING)
    records = [
        rec(SWSU),  # used
        rec(SWSU, email="nobody@aja.example.org"),  # unknown-staff
        rec(SWSU, email="nobody@aja.example.org"),  # unknown-staff
        rec(None, course_text="Basket Weaving"),  # unknown-course
        rec(PM, completed=D(2026, 11, 2)),  # after the period, before today
        rec(PM, completed=D(2026, 11, 3)),  # after the period, before today
        rec(PM, completed=D(2026, 12, 5)),  # after today: future-date
    ]
    today = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
    results = check(make_inputs([person], records), policy, PERIOD, generated=today)
    # 1 staff row + 7 record rows read; the staff row and one record used.
    assert results.rows.read == 8
    assert results.rows.used == 2
    assert results.rows.rejected == {
        "unknown-staff": 2,
        "unknown-course": 1,
        "after-period": 2,
        "future-date": 1,
    }
    assert [r.source.row for r in results.records] == [2]
    codes = [f.code for f in results.findings]
    assert codes.count("unknown-staff") == 2  # one finding per rejected row
    assert codes.count("after-period") == 1  # one finding per file
    assert codes.count("future-date") == 1
    assert "unknown-course" in codes
    # A completion after the period does not meet the requirement.
    assert verdicts(results.staff[0]) == {SWSU: ("met", "B-1")}


def test_a_completion_before_the_portal_started_is_flagged_but_kept(policy):
    # The shipped policy says the portal started on 1 January 2015.
    person = staff(roles=["Office"], **NOT_TEACHING)
    records = [rec(SWSU, completed=D(2014, 12, 31)), rec(PM, completed=D(2015, 1, 1))]
    results = check(make_inputs([person], records), policy, PERIOD)
    flagged = [f for f in results.findings if f.code == "implausible-date"]
    assert [f.source.row for f in flagged] == [2]
    assert verdicts(results.staff[0]) == {SWSU: ("met", "B-1")}


def test_leaver_before_the_period_and_joiner_after_it_are_left_out(policy):
    people = [
        staff(email="gone@aja.example.org", roles=["Office"], leaving=D(2026, 8, 20)),
        staff(email="new@aja.example.org", roles=["Office"], start=D(2026, 11, 2)),
        staff(email="here@aja.example.org", roles=["Office"], leaving=D(2026, 9, 1)),
    ]
    logins = [dict(email="gone@aja.example.org", logins=1, last_login=D(2026, 7, 1))]
    results = check(make_inputs(people, logins=logins), policy, PERIOD)
    assert [r.staff.email for r in results.staff] == ["here@aja.example.org"]
    # Left on the first day of the period: one day of fourteen.
    assert results.staff[0].hours.required == pytest.approx(1 / 14)
    removes = [f for f in results.findings if f.code == "account-to-remove"]
    assert [f.email for f in removes] == ["gone@aja.example.org"]
    assert results.rows.rejected == {}
    # Nobody drops out without a word.
    left_out = [f for f in results.findings if f.code == "not-employed"]
    assert sorted(f.email for f in left_out) == [
        "gone@aja.example.org",
        "new@aja.example.org",
    ]
    assert "leaving 20/08/2026" in left_out[0].message


@pytest.mark.parametrize(
    "roles, message",
    [
        (["Classroom Teacher", "Forest School Lead"], "role 'Forest School Lead' "),
        (
            ["Classroom Teacher; Forest School Lead"],
            "role 'Forest School Lead' (in 'Classroom Teacher; Forest School Lead')",
        ),
    ],
)
def test_role_text_that_matches_nothing_is_a_finding(policy, roles, message):
    person = staff(roles=roles, **TEACHER)
    results = check(make_inputs([person]), policy, PERIOD)
    unknown = [f for f in results.findings if f.code == "unknown-role"]
    assert len(unknown) == 1
    assert message in unknown[0].message
    assert unknown[0].email == "pat@aja.example.org"
    assert unknown[0].source == Source("AJA/staff.csv", None, 2)
    assert results.staff[0].roles == ("Classroom teacher",)


def test_staff_are_sorted_by_academy_phase_and_name(policy):
    people = [
        staff(email="z@x.org", name="Zed", phase="Secondary", roles=["Office"]),
        staff(email="y@x.org", name="Amy", phase="Primary", roles=["Office"]),
        staff(email="x@x.org", name="Bob", phase="EYFS", roles=["Office"]),
        staff(email="w@x.org", name="Al", phase="Primary", roles=["Office"]),
    ]
    results = check(make_inputs(people), policy, PERIOD)
    assert [r.staff.name for r in results.staff] == ["Bob", "Al", "Amy", "Zed"]
    assert results.academies == ["AJA"]


def test_everyone_compliant(policy):
    person = staff(roles=["Office"], **NOT_TEACHING)
    records = [rec(SWSU, minutes=300)]
    results = check(make_inputs([person], records), policy, PERIOD)
    assert results.compliant
    assert results.staff[0].compliant


def test_rule_titles_are_matched_to_the_catalogue_loosely_or_reported():
    policy = load_policy()
    policy.rules = [
        Rule(
            "X-1",
            ("Primary",),
            (Selector("all"),),
            ("safeguarding whole school update",),
        ),
        Rule("X-2", ("Primary",), (Selector("all"),), ("Basket Weaving",)),
    ]
    person = staff(roles=["Office"], **NOT_TEACHING)
    results = check(make_inputs([person], [rec(SWSU)]), policy, PERIOD)
    assert verdicts(results.staff[0]) == {
        SWSU: ("met", "X-1"),
        "Basket Weaving": ("missing", "X-2"),
    }
    unknown = [f.message for f in results.findings if f.code == "unknown-course"]
    assert len(unknown) == 1 and unknown[0].startswith("rule X-2 requires 'Basket")


def test_without_a_login_report_portal_use_is_unknown_not_never(policy):
    person = staff(roles=["Office"], **NOT_TEACHING)
    results = check(make_inputs([person], [rec(SWSU)]), policy, PERIOD)
    [result] = results.staff
    assert not result.portal_reported
    assert not result.never_logged_in and not result.inactive
    assert result.logins is None and result.last_login is None
    [found] = [f for f in results.findings if f.code == "no-login-report"]
    assert found.academy == "AJA"
