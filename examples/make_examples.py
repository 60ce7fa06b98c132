"""Make examples/autumn-2026/, the example mid-semester drop of three academies.

The drop is example INPUT for cpd-xl: staff lists as HR systems export them,
learning-record exports as the Optimus portal gives them and login reports,
with the mixed forms and the few planted problems real drops have. Every
planted problem is also listed in examples/autumn-2026-planted.json, outside
the drop so that it is not read as input.

Run from anywhere: ``python examples/make_examples.py``. The seed and every
date are fixed, so a rerun gives the same content. LibreOffice (``soffice``)
must be on PATH: it writes the one .xls and the one .ods file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

SEED = 20261102
HERE = Path(__file__).resolve().parent
DROP = HERE / "autumn-2026"
PLANTED = HERE / "autumn-2026-planted.json"
PERIOD_START = dt.date(2026, 9, 1)
PERIOD_END = dt.date(2026, 10, 30)
HALF_TERM = (dt.date(2026, 10, 26), dt.date(2026, 10, 30))
LAST_YEAR = (dt.date(2025, 9, 8), dt.date(2026, 7, 17))
EXPORTED = dt.datetime(2026, 11, 2, 7, 30)
ZIP_TIME = (2026, 11, 2, 7, 30, 0)
DOMAINS = {"AJA": "aja", "AMAG": "amag", "AMAB": "amab"}

FIRST_NAMES = """Aisha Alfie Amara Ben Bethany Callum Chloe Daniel Deepa Eleanor
Ellis Erin Farah Finn Freya George Grace Hannah Harvey Imran Isla Jack Jasmine
Joel Kate Kwame Laura Leah Liam Lucy Maya Mohammed Nadia Nathan Niamh Oliver
Olivia Omar Priya Rachel Rhys Rosa Ryan Sam Sana Sophie Tariq Tom Yusuf Zara
""".split()
SURNAMES = """Adeyemi Ahmed Ali Bailey Barker Begum Bennett Brooks Carter Chen
Clarke Cole Davies Doyle Evans Fisher Foster Grant Gray Hall Hughes Hussain
Iqbal Jones Kaur Kelly Khan Lewis Lloyd Malik Mason Mills Morgan Murphy Nolan
Novak Okafor Owen Patel Price Quinn Reid Rossi Shah Singh Walsh Ward Webb Wood
Wright Young""".split()

# Courses written with rows per unit; every other course has one row.
UNITS = {
    "Embedding Literacy": [f"Unit {n}" for n in range(1, 5)],
    "Embedding Numeracy": [f"Unit {n}" for n in range(1, 5)],
    "Middle Leadership Essentials": [f"Module {n}" for n in range(1, 6)],
    "Differentiation in Practice": [f"Unit {n}" for n in range(1, 4)],
    "Teacher Development Programme": [f"Unit {n}" for n in range(1, 7)],
    "SEND Inclusive Teaching Programme": [f"Unit {n}" for n in range(1, 5)],
    "EAL for Classroom Teachers": ["Session 1", "Session 2"],
}
SINGLE = """Coaching for Change|Evaluating Teacher Performance|Performance Management
|Tackling Staff Underperformance|Achieving Value for Money|Risk Assessment
|Staff Wellbeing|Accelerate Progress with Metacognition
|Action Research for Improved Classroom Teaching|Assessment Without Levels
|CPD Leadership: Essentials|CPD Leadership: Strategy
|Developmental Lesson Observation|Early Years SEN|Effective Lesson Planning
|Effective Use of Pupil Voice|EYFS Bite-size Training|Marking and Feedback
|Mastery Learning and Assessment|Peer Observation|Questioning for Challenge
|Improving Behaviour through Restorative Approaches|Managing Neglect
|Managing Self-Harm|Preventing and Tackling Cyberbullying
|Preventing Extremism and Radicalisation|Preventing Prejudice-Based Bullying
|Safeguarding Whole-School Update|Sexual Exploitation and Grooming
|Tackling Low-Level Disruption
|Teaching Assistants: Successful Classroom Partnerships
|Briefings: governors and school leaders|Topics for team meetings""".replace(
    "\n", ""
).split("|")
EAL_SHORT = [
    "EAL webinar: building vocabulary",
    "EAL: principles of good practice",
    "EAL: using pupils' first language in the mainstream classroom",
]
# Spellings the portal and the policy use besides the catalogue's own.
VARIANTS = {
    "Safeguarding Whole-School Update": [
        "Safeguarding Whole School Update",
        "Safeguarding Whole-School Update",
        "Safeguarding whole school update",
    ],
    "CPD Leadership: Essentials": [
        "CPD leadership essentials",
        "CPD Leadership: Essentials",
    ],
    "EAL for Classroom Teachers": [
        "EAL for classroom teachers",
        "EAL for Classroom Teachers",
    ],
    "Embedding Literacy": ["embedding literacy", "Embedding Literacy"],
    "Teaching Assistants: Successful Classroom Partnerships": [
        "Teaching Assistants - Successful Classroom Partnerships",
        "Teaching Assistants: Successful Classroom Partnerships",
    ],
    "Improving Behaviour through Restorative Approaches": [
        "Improving Behaviour Through Restorative Approaches"
    ],
    "Marking and Feedback": ["Marking & Feedback", "Marking and Feedback"],
}
UNKNOWN_COURSES = {
    "AJA": "Forest School Outdoor Learning Level 1",
    "AMAG": "Phonics Catch-up Masterclass",
    "AMAB": "Data Protection (GDPR) Refresher",
}
UNKNOWN_STAFF = {
    "AJA": ("supply.teacher@aja.example.org", "Supply Teacher"),
    "AMAG": ("d.visitor@amag.example.org", "Dana Visitor"),
    "AMAB": ("former.bursar@amab.example.org", "Former Bursar"),
}
GONE_ACCOUNTS = {
    "AJA": ("marcus.hale@aja.example.org", "Marcus Hale"),
    "AMAB": ("petra.lind@amab.example.org", "Petra Lind"),
}


def columns(text: str) -> list[str]:
    """Header cells written as one string, separated by " | "."""
    return [cell.strip() for cell in text.split(" | ")]


# The header rows as each HR system and the portal write them.
STAFF_HEADERS = {
    "AJA": columns(
        "Name | Email Address | Job Title | Role(s) | Phase | Teaching Staff "
        "(Y/N) | Classroom Teacher (Yes/No) | Contact with students | Conducts "
        "PM / Observations | NPQML (enrolled) | Start Date | Leaving Date"
    ),
    "AMAG": columns(
        "First name | Surname | E-mail | Job Title | Role(s) | Phase | Teaching"
        " Staff | Classroom Teacher | Contact with students | Conducts PM / "
        "Observations | NPQML | Start Date | Leaving Date"
    ),
    "AMAB": columns(
        "Academy | Name | Work Email | Job Title | Role(s) | Phase | Teaching "
        "Staff | Classroom Teacher | Contact with students | Conducts PM / "
        "Observations | NPQML (enrolled) | Start Date | Leaving Date"
    ),
}
RECORD_HEADERS = {
    "AJA": columns(
        "Username | Full Name | Course | Unit / Module | Status | Date Started "
        "| Date Completed | Time Spent (mins) | Certificate Requested | "
        "Certificate Issued"
    ),
    "AMAG": columns(
        "Email | Full Name | Course | Unit / Module | Status | Date Started | "
        "Completion date | Time Spent | Certificate Requested | Certificate "
        "Issued"
    ),
    "AMAB": columns(
        "Username / Email | Full Name | Course | Unit / Module | Status | Date "
        "Started | Completion date | Duration | Certificate Requested | "
        "Certificate Issued"
    ),
}


@dataclass
class Role:
    """A line of a staff list as the HR system holds it."""

    phase: str
    job_title: str
    roles: str
    keys: frozenset[str]
    teaching: bool
    classroom: bool
    contact: bool
    pm: bool = False
    npqml: bool = False


# One staff-list line per row: phase | job title | Role(s) cell | the policy
# roles it stands for (only to make compliant staff) | flags | how many.
# Flags: t teaching staff, c classroom teacher, s contact with students,
# p conducts performance management / observations, n enrolled on NPQML.
EYFS_ROLES = """
EYFS | Head of EYFS | Head of EYFS | head_eyfs | tcsp | 1
EYFS | Teacher | EYFS Co-ordinator and Classroom Teacher | eyfs_coord teacher | tcsp | 1
EYFS | Teacher | Reception Teacher | teacher | tcs | 3
EYFS | Nursery Nurse | Teaching Assistant | ta | ts | 4
"""
PRIMARY_ROLES = """
Primary | Head of Primary | Head of Primary | head_primary | tcsp | 1
Primary | Assistant Head | Primary Co-ordinator / Year 5 Teacher
  | primary_coord teacher | tcsp | 1
Primary | Teacher | Year 3 Teacher; Literacy Leader | ly_leader teacher | tcs | 1
Primary | Teacher | NY leader; Year 4 Teacher | ny_leader teacher | tcs | 1
Primary | Teacher | Year Leader, Year 6 Teacher | year_leader teacher | tcs | 2
Primary | Teacher | English Leader; Year 2 Teacher | english_leader teacher | tcs | 1
Primary | Teacher | Maths Leader; Year 1 Teacher | maths_leader teacher | tcs | 1
Primary | SENCo | Head of Learning Support | head_ls | tcsp | 1
Primary | Teacher | Classroom Teacher | teacher | tcs | 12
Primary | Teaching Assistant | Teaching Assistant | ta | ts | 9
"""
SECONDARY_ROLES = """
Secondary | Head of Secondary | Head of Secondary | head_secondary | tcsp | 1
Secondary | Head of English | Head of English / Middle Leader
  | head_english middle_leader teacher | tcspn | 1
Secondary | Head of Maths | Head of Maths / Middle Leader
  | head_maths middle_leader teacher | tcsp | 1
Secondary | Head of Science | Middle Leader; Classroom Teacher
  | middle_leader teacher | tcsp | 2
Secondary | Head of Humanities | Middle Leader and Classroom Teacher
  | middle_leader teacher | tcspn | 1
Secondary | SENCo | Head of Learning Support | head_ls | tcsp | 1
Secondary | Teacher | Classroom Teacher | teacher | tcs | 24
Secondary | Learning Support Assistant | Teaching Assistant | ta | ts | 5
"""
SUPPORT_ROLES = """
{phase} | Office Manager | Non-teaching staff | non_teaching | - | 1
{phase} | Administrator | Office staff | non_teaching | - | {size}
{phase} | Site Manager | Site staff | non_teaching | s | 1
{phase} | Midday Supervisor | Non-teaching staff | non_teaching | s | {size}
"""
FOREST_SCHOOL = """
EYFS | Teacher | Classroom Teacher; Forest School Lead | teacher | tcs | 1
"""
SENSORY_ROOM = """
Primary | Teaching Assistant | Teaching Assistant; Sensory Room Champion | ta | ts | 1
"""


def parse_roles(table: str) -> list[tuple[Role, int]]:
    """Read a role table above into (role, how many) pairs."""
    out = []
    for line in table.strip().replace("\n  |", " |").splitlines():
        phase, job, roles, keys, flags, count = (c.strip() for c in line.split("|"))
        flagged = (f in flags for f in "tcspn")
        kind = Role(phase, job, roles, frozenset(keys.split()), *flagged)
        out.append((kind, int(count)))
    return out


def support_roles(phase: str, size: int) -> list[tuple[Role, int]]:
    """The office and site staff of one phase."""
    return parse_roles(SUPPORT_ROLES.format(phase=phase, size=size))


EYFS, PRIMARY = parse_roles(EYFS_ROLES), parse_roles(PRIMARY_ROLES)
SECONDARY = parse_roles(SECONDARY_ROLES)
ACADEMIES = {
    "AJA": EYFS
    + PRIMARY
    + SECONDARY
    + parse_roles(FOREST_SCHOOL)
    + support_roles("Primary", 3)
    + support_roles("Secondary", 3),
    "AMAG": PRIMARY
    + SECONDARY
    + support_roles("Primary", 3)
    + support_roles("Secondary", 4),
    "AMAB": EYFS
    + EYFS[2:]
    + PRIMARY
    + parse_roles(SENSORY_ROOM)
    + support_roles("EYFS", 2)
    + support_roles("Primary", 4),
}
# Each academy writes some roles its own way; the policy names both spellings.
ROLE_TEXTS = {
    "Year 3 Teacher; Literacy Leader": {"AMAG": "LY leader / Year 3 Teacher"},
    "NY leader; Year 4 Teacher": {"AJA": "Numeracy Leader; Year 4 Teacher"},
}
PHASE_TEXT = {
    "AJA": {
        "EYFS": ["EYFS", "Early Years"],
        "Primary": ["Primary"],
        "Secondary": ["Secondary", "KS3"],
    },
    "AMAG": {"Primary": ["Primary"], "Secondary": ["Secondary", "KS3", "Secondary"]},
    "AMAB": {"EYFS": ["Early Years", "EYFS"], "Primary": ["Primary"]},
}


@dataclass
class Person:
    """One member of staff and what the drop says about them."""

    academy: str
    first: str
    last: str
    email: str
    role: Role
    phase_text: str
    start: dt.date
    leaving: dt.date | None = None
    roles_text: str = ""
    profile: str = "partial"
    login: str = "active"
    last_login: dt.datetime | None = None
    records: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def required_courses(p: Person) -> list[str]:
    """Roughly what the policy asks of this person, to make compliant staff."""
    k, r = p.role.keys, p.role
    need = []
    if r.phase == "Secondary":
        if r.contact:
            need.append("Safeguarding Whole-School Update")
        if r.classroom:
            need.append("EAL for Classroom Teachers")
        if r.teaching:
            need.append("Differentiation in Practice")
        if r.pm:
            need.append("Evaluating Teacher Performance")
        if "head_secondary" in k:
            need += ["Performance Management", "Tackling Staff Underperformance"]
        if "middle_leader" in k and not r.npqml:
            need.append("Middle Leadership Essentials")
        return need
    need.append("Safeguarding Whole-School Update")
    lit = {"ly_leader", "head_english", "english_leader", "head_ls"}
    if k & lit:
        need += ["EAL for Classroom Teachers", "Embedding Literacy"]
    if k & {"ny_leader", "head_maths", "maths_leader", "head_ls"}:
        need.append("Embedding Numeracy")
    if r.teaching:
        need += EAL_SHORT + ["Differentiation in Practice"]
    if "primary_coord" in k:
        need += [
            "Accelerate Progress with Metacognition",
            "Evaluating Teacher Performance",
        ]
    if k & {"head_eyfs", "eyfs_coord"}:
        need.append("Early Years SEN")
    if k & {"ly_leader", "ny_leader", "year_leader"}:
        need.append("CPD Leadership: Essentials")
    if k & {"ly_leader", "ny_leader", "primary_coord", "eyfs_coord"}:
        need.append("Middle Leadership Essentials")
    if "head_primary" in k:
        need += [
            "Evaluating Teacher Performance",
            "Performance Management",
            "Tackling Staff Underperformance",
        ]
    return list(dict.fromkeys(need))


def pick_day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    """A day from lo to hi, both included."""
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def make_people(rng: random.Random) -> dict[str, list[Person]]:
    """Staff each academy's roles with unique fictional names."""
    names = [(f, s) for f in FIRST_NAMES for s in SURNAMES]
    rng.shuffle(names)
    people: dict[str, list[Person]] = {}
    for academy, roles in ACADEMIES.items():
        staff = []
        for r, count in roles:
            for _ in range(count):
                first, last = names.pop()
                email = f"{first}.{last}@{DOMAINS[academy]}.example.org".lower()
                start = pick_day(rng, dt.date(2012, 9, 1), dt.date(2025, 9, 1))
                text = rng.choice(PHASE_TEXT[academy][r.phase])
                roles = ROLE_TEXTS.get(r.roles, {}).get(academy, r.roles)
                staff.append(
                    Person(
                        academy, first, last, email, r, text, start, roles_text=roles
                    )
                )
        rng.shuffle(staff)
        people[academy] = staff
    return people


def assign_profiles(rng: random.Random, people: dict[str, list[Person]]) -> None:
    """Give each person a compliance profile and a login pattern."""
    for staff in people.values():
        for p in staff:
            roll = rng.random()
            p.profile = (
                "full"
                if roll < 0.22
                else "many" if roll < 0.32 else "nothing" if roll < 0.42 else "partial"
            )
            p.login = "active"
            if p.profile == "nothing":
                p.login = rng.choice(["never", "never", "no-row", "inactive"])
            elif rng.random() < 0.12:
                p.login = "inactive"
        # Fixed positions keep the special cases stable and easy to find.
        specials = [p for p in staff if p.role.keys & {"teacher", "ta", "non_teaching"}]
        specials[0].profile, specials[1].profile = "exact4", "exact4"
        specials[2].profile, specials[3].profile = "exact5", "exact5"
        for p in specials[:4]:
            p.login = "active"
        specials[4].profile = specials[5].profile = "partial"
        specials[4].login, specials[5].login = "edge30", "edge31"
        joiners, leavers = specials[6:8], specials[8:10]
        for p in joiners + leavers:
            p.login = "active" if p.login == "inactive" else p.login
        for p in joiners:
            p.start = pick_day(rng, dt.date(2026, 9, 3), dt.date(2026, 10, 5))
        for p in leavers:
            p.leaving = pick_day(rng, dt.date(2026, 9, 18), dt.date(2026, 10, 16))


def minutes_for(rng: random.Random, course: str, unit: str | None) -> int:
    """A plausible time spent on a course or one unit of it."""
    if course in EAL_SHORT:
        return rng.choice([30, 40, 45])
    if course == "EAL for Classroom Teachers":
        return 40 if unit else 80
    return rng.choice(
        [30, 40, 45, 50, 60, 75, 80, 90, 120] if not unit else [20, 30, 40, 45, 60]
    )


def add_course(
    rng, p: Person, course: str, state: str, lo: dt.date, hi: dt.date
) -> None:
    """Add the rows of one course: state is completed, started or enrolled."""
    units = UNITS.get(course, [None])
    if course == "EAL for Classroom Teachers" and rng.random() < 0.4:
        units = [None]
    done_units = len(units)
    if state == "started":
        done_units = rng.randint(0, len(units) - 1) if len(units) > 1 else 0
    day = pick_day(rng, lo, hi)
    for i, unit in enumerate(units):
        minutes = minutes_for(rng, course, unit)
        row = {"course": course, "unit": unit, "minutes": minutes}
        if state == "enrolled":
            row.update(status="not_started", started=None, completed=None, minutes=None)
        elif i < done_units:
            end = min(day + dt.timedelta(days=rng.randint(0, 9)), hi)
            row.update(status="completed", started=day, completed=end)
            day = end
        elif i == done_units and state == "started":
            row.update(
                status="in_progress",
                started=day,
                completed=None,
                minutes=rng.choice([None, minutes // 2]),
            )
        else:
            row.update(status="not_started", started=None, completed=None, minutes=None)
        p.records.append(row)


def make_records(rng: random.Random, people: dict[str, list[Person]]) -> None:
    """Fill each person's learning records from their profile."""
    electives = [c for c in SINGLE if c != "Safeguarding Whole-School Update"]
    for staff in people.values():
        for p in staff:
            hi = PERIOD_END
            if p.login in ("inactive", "edge31"):
                hi = dt.date(2026, 9, rng.randint(8, 25))
            if p.login == "edge30":
                hi = dt.date(2026, 9, 30)
            lo = max(PERIOD_START, p.start)
            hi = min(hi, p.leaving or hi)
            need = required_courses(p)
            if p.profile in ("exact4", "exact5"):
                count = 4 if p.profile == "exact4" else 5
                for course in rng.sample(electives, count):
                    add_course(rng, p, course, "completed", lo, hi)
                for course in rng.sample(sorted(UNITS), 3):
                    add_course(rng, p, course, "enrolled", lo, hi)
                continue
            if p.profile == "nothing":
                if p.login != "no-row":
                    for course in need[:3]:
                        add_course(rng, p, course, "enrolled", lo, hi)
                continue
            for course in need:
                if p.profile in ("full", "many"):
                    state = "completed"
                else:
                    state = rng.choice(["completed", "started", "enrolled", None])
                if state:
                    add_course(rng, p, course, state, lo, hi)
            extra = {"full": 6, "many": 12, "partial": 6}[p.profile]
            rest = [c for c in electives + sorted(UNITS) if c not in need]
            for course in rng.sample(rest, rng.randint(2, extra)):
                add_course(rng, p, course, "completed", lo, hi)
            if p.profile != "full" or rng.random() < 0.5:
                taken = {r["course"] for r in p.records}
                past = rng.sample(
                    [c for c in rest if c in SINGLE and c not in taken],
                    rng.randint(2, 5),
                )
                for course in past:
                    add_course(rng, p, course, "completed", *LAST_YEAR)
            if p.profile == "full":
                in_period = sum(
                    r["minutes"] or 0
                    for r in p.records
                    if r["completed"] and r["completed"] >= lo
                )
                while in_period < 330:
                    taken = {r["course"] for r in p.records}
                    course = rng.choice([c for c in SINGLE if c not in taken])
                    add_course(rng, p, course, "completed", lo, hi)
                    in_period += p.records[-1]["minutes"]
            taken = {r["course"] for r in p.records}
            if p.profile == "partial" and rng.random() < 0.5:
                free = [c for c in sorted(UNITS) if c not in taken]
                add_course(rng, p, rng.choice(free), "started", lo, hi)


def make_logins(rng: random.Random, people: dict[str, list[Person]]) -> None:
    """Set each person's last login consistent with their records."""
    for staff in people.values():
        for p in staff:
            days = [r[k] for r in p.records for k in ("started", "completed") if r[k]]
            latest = max(days, default=None)
            if p.login in ("never", "no-row"):
                p.last_login = None
                continue
            if p.login == "edge30":
                day = dt.date(2026, 9, 30)
            elif p.login in ("inactive", "edge31"):
                day = latest or dt.date(2026, 9, rng.randint(2, 25))
                day = dt.date(2026, 9, 29) if p.login == "edge31" else day
            else:
                floor = max(latest or PERIOD_START, dt.date(2026, 10, 5))
                day = pick_day(rng, floor, max(floor, dt.date(2026, 10, 30)))
                if p.leaving:
                    day = min(day, p.leaving)
                day = max(day, latest or day)
            p.last_login = dt.datetime.combine(
                day, dt.time(rng.randint(7, 20), rng.choice([0, 15, 30, 45]))
            )


# Writing: each academy's files differ as real HR systems and exports do.


def text_date(rng: random.Random, day: dt.date) -> str:
    """A day written as people type it, in one of several forms."""
    forms = [
        f"{day.day}/{day.month}/{day:%y}",
        f"{day:%d.%m.%Y}",
        day.isoformat(),
        f"{day.day} {day:%b %Y}",
        f"{day:%d/%m/%Y}",
    ]
    return rng.choice(forms)


def time_text(rng: random.Random, minutes: int) -> str | int:
    """Minutes written as a portal export might: number, h:mm, mins, hours."""
    h, m = divmod(minutes, 60)
    forms = [minutes, f"{h:02d}:{m:02d}", f"{minutes} mins"]
    if h:
        forms.append(f"{h}h {m}m" if m else f"{h}h")
    if minutes % 30 == 0:
        forms.append(f"{minutes / 60:g} hours")
    return rng.choice(forms)


STATUS_TEXT = {
    "completed": ["Completed", "Completed", "Complete", "Passed"],
    "in_progress": ["In Progress", "Started"],
    "not_started": ["Not Started"],
}


def course_text(rng: random.Random, course: str) -> str:
    """A course title as the portal spells it, variants included."""
    return rng.choice(VARIANTS.get(course, [course]))


class Planted:
    """The planted problems, collected while the files are written."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, code: str, file: str, row: int | None, note: str, **about):
        """Note one planted problem."""
        self.items.append(
            {"code": code, "file": file, "row": row, **about, "note": note}
        )


def new_book(title: str):
    """An openpyxl workbook with fixed properties and its first sheet."""
    wb = openpyxl.Workbook()
    wb.properties.creator = "cpd-xl examples"
    wb.properties.title = title
    ws = wb.active
    return wb, ws


def write_staff_aja(people, rng, plant: Planted, path: Path) -> None:
    """AJA's staff list: a title row block, Name, real date cells."""
    wb, ws = new_book("AJA Staff List")
    ws.title = "Staff"
    ws.append(["AJA Staff List - Autumn 2026"])
    ws.append([])
    ws.append(STAFF_HEADERS["AJA"])
    for p in people:
        r = p.role
        email = p.email
        if (p.profile, p.login) == ("partial", "active") and not plant_case_done(plant):
            email = f"{p.first}.{p.last}@AJA.example.org"
            plant.add(
                "email-case",
                "AJA/AJA staff list autumn 2026.xlsx",
                ws.max_row + 1,
                "Written with capitals here and in lower "
                "case in the learning records and login report; it is one "
                "person, so no unknown-staff finding is due.",
                email=p.email,
            )
        start = p.start if p.start < PERIOD_START else text_date(rng, p.start)
        leaving = p.leaving and text_date(rng, p.leaving)
        ws.append(
            [
                p.name,
                email,
                r.job_title,
                p.roles_text,
                p.phase_text,
                "Y" if r.teaching else "N",
                "Yes" if r.classroom else "No",
                r.contact,
                "Y" if r.pm else "N",
                "Yes" if r.npqml else "",
                start,
                leaving,
            ]
        )
        if isinstance(start, dt.date):
            ws.cell(ws.max_row, 11).number_format = "DD/MM/YYYY"
    save_book(wb, path)


def plant_case_done(plant: Planted) -> bool:
    """Whether the capitalised e-mail has been planted yet."""
    return any(i["code"] == "email-case" for i in plant.items)


def write_staff_amag(people, rng, path: Path) -> None:
    """AMAG's staff list: First name and Surname, ticks, text dates."""
    wb, ws = new_book("AMAG staff")
    ws.title = "Sheet1"
    ws.append(STAFF_HEADERS["AMAG"])
    for p in people:
        r = p.role
        ws.append(
            [
                p.first,
                p.last,
                p.email,
                r.job_title,
                p.roles_text,
                p.phase_text,
                "Y" if r.teaching else "N",
                "Yes" if r.classroom else "No",
                "✓" if r.contact else "✗",
                "Yes" if r.pm else "No",
                "Y" if r.npqml else "N",
                text_date(rng, p.start),
                p.leaving and text_date(rng, p.leaving),
            ]
        )
    save_book(wb, path)


def write_staff_amab(people, rng, path: Path) -> None:
    """AMAB's staff list: an Academy column; saved later as .xls."""
    wb, ws = new_book("AMAB staff list")
    ws.title = "Staff List"
    ws.append(STAFF_HEADERS["AMAB"])
    for p in people:
        r = p.role
        ws.append(
            [
                "AMAB",
                p.name,
                p.email,
                r.job_title,
                p.roles_text,
                p.phase_text,
                "Yes" if r.teaching else "No",
                "Yes" if r.classroom else "No",
                "TRUE" if r.contact else "FALSE",
                "Y" if r.pm else "N",
                "",
                p.start,
                p.leaving,
            ]
        )
        for col in (12, 13):
            ws.cell(ws.max_row, col).number_format = "DD/MM/YYYY"
    save_book(wb, path)


def record_rows(people):
    """Every export row of one academy, sorted as the portal sorts them."""
    rows = []
    for p in sorted(people, key=lambda p: (p.last, p.first)):
        for rec in p.records:
            rows.append((p.email, p.name, rec))
    return rows


def record(course: str, status: str, started, completed, minutes) -> dict:
    """A planted learning record; days are counted from 2026-09-01 as day 1."""
    days = [d and PERIOD_START + dt.timedelta(days=d - 1) for d in (started, completed)]
    return {
        "course": course,
        "unit": None,
        "status": status,
        "started": days[0],
        "completed": days[1],
        "minutes": minutes,
    }


def write_records(academy, people, rng, plant: Planted, path: Path, rel: str) -> None:
    """One academy's Optimus learning-record export, planted rows included."""
    wb, ws = new_book("Optimus CPD - Learning Records")
    ws.title = "Learning Records"
    ws.append(["Optimus CPD - Learning Records"])
    ws.append([f"Exported {EXPORTED:%d/%m/%Y}"])
    if academy == "AJA":
        ws.append([])
    ws.append(RECORD_HEADERS[academy])
    rows = record_rows(people)
    stranger, stranger_name = UNKNOWN_STAFF[academy]
    unknown = UNKNOWN_COURSES[academy]
    extra = [
        (
            stranger,
            stranger_name,
            record("Safeguarding Whole-School Update", "completed", 7, 7, 60),
        ),
        (
            stranger,
            stranger_name,
            record("Marking and Feedback", "in_progress", 14, None, 20),
        ),
    ]
    host = next(p for p in people if p.profile == "many")
    extra.append((host.email, host.name, record(unknown, "completed", 36, 38, 90)))
    # Spread the strangers and the unknown course through the export.
    for i, item in enumerate(extra):
        rows.insert(len(rows) * (i + 1) // 4, item)
    pc_done = academy != "AJA"
    counted = {p.email for p in people if p.profile in ("exact4", "exact5")}
    total = 0
    for email, name, rec in rows:
        n = ws.max_row + 1
        course = rec["course"]
        text = unknown if course == unknown else course_text(rng, course)
        minutes = rec["minutes"]
        total += minutes or 0
        started, completed = rec["started"], rec["completed"]
        certificate = rec["status"] == "completed" and rng.random() < 0.4
        issued = certificate and rng.random() < 0.6
        if academy == "AJA":
            time = minutes
            req, iss = ("Yes" if certificate else "No"), ("Yes" if issued else "No")
            if (
                not pc_done
                and rec["status"] == "completed"
                and email not in counted | {host.email}
                and n > 200
            ):
                completed, pc_done = "P.C.", True
                plant.add(
                    "bad-date",
                    rel,
                    n,
                    "Initials instead of a date in "
                    "Date Completed; the status still says completed.",
                    email=email,
                    course=course,
                    value="P.C.",
                )
        else:
            time = minutes if minutes is None else time_text(rng, minutes)
            started = started and text_date(rng, started)
            if isinstance(completed, dt.date):
                completed = text_date(rng, completed)
            req, iss = ("Y" if certificate else ""), ("Y" if issued else "")
        ws.append(
            [
                email,
                name,
                text,
                rec["unit"],
                rng.choice(STATUS_TEXT[rec["status"]]),
                started,
                completed,
                time,
                req,
                iss,
            ]
        )
        if academy == "AJA":
            for col in (6, 7):
                if isinstance(ws.cell(n, col).value, dt.datetime):
                    ws.cell(n, col).number_format = "DD/MM/YYYY"
        if email == stranger:
            plant.add(
                "unknown-staff",
                rel,
                n,
                "A learning record for an e-mail " "on no staff list.",
                email=email,
                course=course,
            )
        if course == unknown:
            plant.add(
                "unknown-course",
                rel,
                n,
                "A course title that matches no " "catalogue course.",
                email=email,
                course=text,
            )
    if academy == "AMAG":
        n = ws.max_row + 1
        ws.append(
            [None, "Totals", None, None, None, None, None, f"{total} mins", None, None]
        )
        plant.add(
            "totals-row",
            rel,
            n,
            "A totals row under the data: no e-mail, "
            "'Totals' in Full Name; it is not a learning record.",
        )
    save_book(wb, path)


def login_events(rng: random.Random, p: Person) -> list[tuple[dt.datetime, str]]:
    """One person's login events up to their last login, oldest first."""
    if p.last_login is None:
        return []
    count = rng.randint(1, 14)
    first = min(p.start, p.last_login.date())
    first = max(first, dt.date(2025, 9, 1))
    events = [(p.last_login, rng.choice(["", "Safeguarding Whole-School Update"]))]
    for _ in range(count - 1):
        day = pick_day(rng, first, p.last_login.date())
        when = dt.datetime.combine(
            day, dt.time(rng.randint(7, 20), rng.choice([0, 10, 20, 40]))
        )
        if when >= p.last_login:
            when = p.last_login - dt.timedelta(hours=1)
        session = rng.choice(
            ["", "", rng.choice(SINGLE), "EAL webinar: " "building vocabulary"]
        )
        events.append((when, session))
    return sorted(events)


def login_summary(rng, p: Person) -> tuple[int, int, dt.datetime | None]:
    """Logins, web sessions accessed and last login for one person."""
    events = login_events(rng, p)
    return len(events), sum(1 for _, s in events if s), p.last_login


def note_logins(people, plant: Planted, rel: str, rows: dict[str, int]) -> None:
    """List the login problems of one academy's staff as planted."""
    for p in people:
        row = rows.get(p.email)
        if p.login == "no-row":
            plant.add(
                "account-to-create",
                rel,
                None,
                "No login row and no "
                "learning record: the portal has no account for them.",
                email=p.email,
            )
        elif p.login == "never":
            plant.add(
                "never-logged-in",
                rel,
                row,
                "On the login report but " "never logged in.",
                email=p.email,
            )
        elif p.login in ("inactive", "edge31"):
            plant.add(
                "inactive",
                rel,
                row,
                f"Last login {p.last_login:%Y-%m-%d}, "
                "more than 30 days before 2026-10-30.",
                email=p.email,
                last_login=p.last_login.date().isoformat(),
            )
        elif p.login == "edge30":
            plant.add(
                "active-at-boundary",
                rel,
                row,
                "Last login 2026-09-30, "
                "exactly 30 days before 2026-10-30: not inactive.",
                email=p.email,
                last_login="2026-09-30",
            )


def write_logins_aja(people, rng, plant: Planted, path: Path, rel: str) -> None:
    """AJA's login report: one row per member, real date-time cells."""
    wb, ws = new_book("Optimus login report")
    ws.title = "Login Report"
    ws.append(["Email", "Name", "Logins", "Web sessions accessed", "Last login"])
    rows = {}
    listed = [p for p in people if p.login != "no-row"]
    gone, gone_name = GONE_ACCOUNTS["AJA"]
    for p in sorted(listed, key=lambda p: p.email):
        logins, sessions, last = login_summary(rng, p)
        ws.append([p.email, p.name, logins, sessions, last])
        rows[p.email] = ws.max_row
        if last:
            ws.cell(ws.max_row, 5).number_format = "DD/MM/YYYY HH:MM"
    ws.append([gone, gone_name, 23, 9, dt.datetime(2026, 6, 30, 16, 5)])
    ws.cell(ws.max_row, 5).number_format = "DD/MM/YYYY HH:MM"
    plant.add(
        "account-to-remove",
        rel,
        ws.max_row,
        "A portal account of someone " "on no staff list.",
        email=gone,
    )
    note_logins(people, plant, rel, rows)
    save_book(wb, path)


def write_logins_amag(people, rng, plant: Planted, path: Path, rel: str) -> None:
    """AMAG's login report: one row per login event; saved as .ods."""
    wb, ws = new_book("Optimus login events")
    ws.title = "Logins"
    ws.append(["Email", "Login date/time", "Session"])
    events = []
    for p in people:
        if p.login == "no-row":
            continue
        for when, session in login_events(rng, p):
            events.append((when, p.email, session))
    rows = {}
    for when, email, session in sorted(events):
        ws.append([email, when, session or None])
        ws.cell(ws.max_row, 2).number_format = "DD/MM/YYYY HH:MM"
        rows[email] = ws.max_row
    for p in people:
        if p.login == "never":
            # An event report has no line for someone who never logged in.
            p.login = "never-event"
            plant.add(
                "never-logged-in",
                rel,
                None,
                "No login event at all in " "the event report.",
                email=p.email,
            )
    note_logins(people, plant, rel, rows)
    save_book(wb, path)


def write_logins_amab(people, rng, plant: Planted, path: Path, rel: str) -> None:
    """AMAB's login report: one row per member, as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Email", "Name", "Logins", "Web sessions accessed", "Last login"])
    rows = {}
    listed = [p for p in people if p.login != "no-row"]
    for p in sorted(listed, key=lambda p: p.email):
        logins, sessions, last = login_summary(rng, p)
        writer.writerow(
            [
                p.email,
                p.name,
                logins,
                sessions,
                f"{last:%d/%m/%Y %H:%M}" if last else "",
            ]
        )
        rows[p.email] = len(rows) + 2
    gone, gone_name = GONE_ACCOUNTS["AMAB"]
    writer.writerow([gone, gone_name, 4, 1, "12/07/2026 09:15"])
    plant.add(
        "account-to-remove",
        rel,
        len(rows) + 2,
        "A portal account of " "someone on no staff list.",
        email=gone,
    )
    note_logins(people, plant, rel, rows)
    path.write_bytes(out.getvalue().encode("utf-8"))


def write_calendar(path: Path) -> None:
    """The term-dates calendar for every academy of the group."""
    path.write_text(
        "Holiday,Start,End,Academy\r\n"
        "Summer holiday 2026,2026-07-22,2026-08-31,\r\n"
        "Autumn half term 2026,2026-10-26,2026-10-30,\r\n"
        "Christmas holiday 2026,2026-12-21,2027-01-01,\r\n",
        encoding="utf-8",
    )


def save_book(wb, path: Path) -> None:
    """Save a workbook with a fixed creation date and restamp the zip."""
    wb.properties.created = EXPORTED
    wb.save(path)
    restamp_zip(path)


def restamp_zip(path: Path) -> None:
    """Rewrite a zip container with fixed timestamps so reruns are byte-stable."""
    with zipfile.ZipFile(path) as old:
        parts = [(info, old.read(info.filename)) for info in old.infolist()]
    stamp = EXPORTED.strftime("%Y-%m-%dT%H:%M:%S")
    with zipfile.ZipFile(path, "w") as new:
        for info, data in parts:
            if info.filename in ("docProps/core.xml", "meta.xml"):
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:modified[^>]*>)[^<]*", rf"\g<1>{stamp}Z", text
                )
                text = re.sub(r"(<dc:date>)[^<]*", rf"\g<1>{stamp}", text)
                text = re.sub(r"(<meta:creation-date>)[^<]*", rf"\g<1>{stamp}", text)
                text = re.sub(r"(<meta:generator>)[^<]*", r"\g<1>LibreOffice", text)
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = (
                zipfile.ZIP_STORED
                if info.filename == "mimetype"
                else zipfile.ZIP_DEFLATED
            )
            fixed.external_attr = 0o644 << 16
            new.writestr(fixed, data)


def convert(source: Path, fmt: str, target: Path, work: Path) -> None:
    """Save an .xlsx as .ods or .xls with LibreOffice, as a school would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit(
            "make_examples: LibreOffice (soffice) is needed for the .xls "
            "and .ods files; install it and run again."
        )
    outdir = work / "converted"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    made = outdir / f"{source.stem}.{fmt}"
    shutil.move(made, target)
    if fmt == "ods":
        restamp_zip(target)


def main() -> None:
    """Write the drop and the list of planted problems."""
    rng = random.Random(SEED)
    people = make_people(rng)
    assign_profiles(rng, people)
    make_records(rng, people)
    make_logins(rng, people)
    if DROP.exists():
        shutil.rmtree(DROP)
    for academy in people:
        (DROP / academy).mkdir(parents=True)
    plant = Planted()
    write_calendar(DROP / "term-dates.csv")
    with tempfile.TemporaryDirectory(prefix="cpd-xl-examples-") as tmp:
        work = Path(tmp)
        aja, amag, amab = people["AJA"], people["AMAG"], people["AMAB"]
        write_staff_aja(aja, rng, plant, DROP / "AJA/AJA staff list autumn 2026.xlsx")
        write_staff_amag(amag, rng, DROP / "AMAG/HR export - staff.xlsx")
        write_staff_amab(amab, rng, work / "AMAB_Staff.xlsx")
        convert(work / "AMAB_Staff.xlsx", "xls", DROP / "AMAB/AMAB_Staff.xls", work)
        for academy, name in (
            ("AJA", "Optimus learning records.xlsx"),
            ("AMAG", "LearningRecords_02-11-2026.xlsx"),
            ("AMAB", "Optimus export AMAB.xlsx"),
        ):
            rel = f"{academy}/{name}"
            write_records(academy, people[academy], rng, plant, DROP / rel, rel)
        write_logins_aja(
            aja, rng, plant, DROP / "AJA/login report.xlsx", "AJA/login report.xlsx"
        )
        write_logins_amag(
            amag, rng, plant, work / "AMAG logins.xlsx", "AMAG/AMAG logins.ods"
        )
        convert(work / "AMAG logins.xlsx", "ods", DROP / "AMAG/AMAG logins.ods", work)
        write_logins_amab(amab, rng, plant, DROP / "AMAB/logins.csv", "AMAB/logins.csv")
    write_planted(people, plant)


def write_planted(people, plant: Planted) -> None:
    """Write the machine-readable list of planted problems."""
    staff = {}
    for academy, members in people.items():
        staff[academy] = {
            "count": len(members),
            "exactly_4_completed": [p.email for p in members if p.profile == "exact4"],
            "exactly_5_completed": [p.email for p in members if p.profile == "exact5"],
            "meant_compliant": sorted(p.email for p in members if p.profile == "full"),
            "no_records": sorted(p.email for p in members if not p.records),
            "joiners": {
                p.email: p.start.isoformat() for p in members if p.start >= PERIOD_START
            },
            "leavers": {p.email: p.leaving.isoformat() for p in members if p.leaving},
        }
    roles = []
    for academy, file, first_row, text in (
        ("AJA", "AJA/AJA staff list autumn 2026.xlsx", 4, "Forest School Lead"),
        ("AMAB", "AMAB/AMAB_Staff.xls", 2, "Sensory Room Champion"),
    ):
        for i, p in enumerate(people[academy]):
            if text in p.roles_text:
                roles.append(
                    {
                        "code": "unknown-role",
                        "file": file,
                        "row": first_row + i,
                        "email": p.email,
                        "value": text,
                        "note": "A role text that matches " "no policy role.",
                    }
                )
    doc = {
        "drop": "examples/autumn-2026",
        "period": f"{PERIOD_START}..{PERIOD_END}",
        "holiday": f"{HALF_TERM[0]}..{HALF_TERM[1]}",
        "seed": SEED,
        "note": "Rows are 1-based spreadsheet rows (CSV: line numbers with the "
        "header as line 1); row null means the problem has no row.",
        "planted": plant.items + roles,
        "staff": staff,
    }
    PLANTED.write_text(
        json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
