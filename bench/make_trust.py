"""Write a synthetic trust of academies as real .xlsx drops for the benchmark.

Each academy gets a sub-folder with a staff list, a learning-record export
and a login report, in the shape cpd-xl's readers take. An academy's files
depend only on its code and the seed, so the 10-, 30- and 100-academy trusts
share their first academies: each academy is written once under
``DATA/academies/`` and hard-linked into every ``DATA/trust-N/`` that holds it.

    python bench/make_trust.py --sizes 10,30,100
    python bench/make_trust.py --smoke
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import xlsxwriter

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_DATA = BENCH / "data"
SEED = 20261104
# Raise when what the generator writes changes, so old data is made again.
FORMAT = 3
# A semester already over: cpd-xl rightly treats a completion after today as
# one still to come, so the data must lie in the past wherever it is run.
PERIOD = (dt.date(2025, 9, 1), dt.date(2026, 1, 30))
# A fixed time for document properties, so files do not change between runs.
CREATED = dt.datetime(2026, 2, 2, 8, 0, 0)
EXCEL_EPOCH = dt.date(1899, 12, 30)

FIRST_NAMES = (
    "Amal Ben Chloe Dara Eitan Farah Gwen Hamza Ines Jonah Kiri Layla Mateo Nadia "
    "Omar Priya Quinn Rosa Sami Tara Umar Vera Wes Xena Yusuf Zara Alfie Bea Cyrus "
    "Dina Emre Fleur Gus Hana Ivo Jada Kofi Lina Milo Noor Aoife Bilal Cerys Dev "
    "Elif Femi Greta Hugo Isla Jamal Keira Luca Maryam Niall Ola Pavel Rhea Soren "
    "Tomas Uma Vikram Wren Yara Zain Anya Bruno Carys Deniz Esme Felix Gita Hal"
).split()
SURNAMES = (
    "Adeyemi Barker Costa Dubois Evans Fischer Garcia Haddad Ito Jensen Khan Lopez "
    "Mensah Novak Okafor Patel Quint Rossi Silva Tanaka Usman Vance Walsh Xu Yilmaz "
    "Zamora Abbott Byrne Chen Doyle Ekwueme Farouk Grant Hughes Iqbal Joshi Kowalski "
    "Lindqvist Moreau Nakamura Oduya Pereira Quinlan Reyes Sato Thorne Ueda Varga "
    "Whitfield Yates Achebe Bianchi Castillo Delaney Eriksen Fontaine Gallo Horvat "
    "Ibrahim Jovanovic Kaur Larsen Mbeki Nilsen Osei Petrov Russo Sharma Tembo"
).split()
# A middle initial keeps shared names about as rare as in a real trust of
# 15,000 staff: a few hundred pairs, not thousands.
INITIALS = "ABCDEFGHJKLMNPRSTW"

# (role text as a staff list writes it, phase or None for any, teaching,
# classroom teacher, contact with students, conducts PM) and how many per
# academy; the rest of the staff are classroom teachers and support staff.
LEADER_ROLES = (
    ("Head of Primary", "Primary", True, False, True, True, 1),
    ("Head of Secondary", "Secondary", True, False, True, True, 1),
    ("Head of EYFS", "EYFS", True, False, True, True, 1),
    ("EYFS Co-ordinator; Classroom Teacher", "EYFS", True, True, True, True, 1),
    ("Primary Co-ordinator", "Primary", True, True, True, True, 2),
    ("Year 4 Teacher; Literacy Leader", "Primary", True, True, True, False, 1),
    ("NY Leader", "Primary", True, True, True, False, 1),
    ("Year Leader", None, True, True, True, True, 3),
    ("Head of English / Middle Leader", "Secondary", True, True, True, True, 1),
    ("Head of Maths / Middle Leader", "Secondary", True, True, True, True, 1),
    ("Head of Learning Support", None, True, False, True, True, 1),
    ("English Leader", "Primary", True, True, True, False, 1),
    ("Maths Leader", "Primary", True, True, True, False, 1),
    ("Middle Leader", None, True, True, True, True, 4),
)
SUPPORT_ROLES = (
    ("Teaching Assistant", False, False, True),
    ("Office Manager", False, False, False),
    ("Site Manager", False, False, True),
)
ACADEMY_PHASES = (
    ("EYFS", "Primary", "Secondary"),
    ("Primary", "Secondary"),
    ("EYFS", "Primary"),
)
STAFF_HEADERS = (
    "Email Address",
    "Name",
    "Phase",
    "Job Title",
    "Roles",
    "Teaching Staff",
    "Classroom Teacher",
    "Contact with students",
    "Conducts PM / Observations",
    "NPQML",
    "Start Date",
    "Leaving Date",
)
RECORD_HEADERS = (
    "Email",
    "Full Name",
    "Course",
    "Unit / Module",
    "Status",
    "Date Started",
    "Date Completed",
    "Time Spent (mins)",
    "Certificate Requested",
    "Certificate Issued",
)
LOGIN_HEADERS = ("Email", "Name", "Logins", "Web sessions accessed", "Last login")
STAFF_FILE, RECORDS_FILE, LOGINS_FILE = (
    "staff list.xlsx",
    "learning records.xlsx",
    "login report.xlsx",
)
FILES = (STAFF_FILE, RECORDS_FILE, LOGINS_FILE)
# The portal puts a title block above the headers of its export.
RECORDS_TITLE = ("Optimus CPD - Learning Records", "Exported 02/02/2026", None)


@dataclass(frozen=True)
class Shape:
    """How big each academy of a trust is."""

    staff: int = 150
    records_per_staff: int = 60

    @property
    def tag(self) -> str:
        return f"s{self.staff}-r{self.records_per_staff}"


@dataclass
class AcademyCounts:
    """Rows and cells written for one academy (data rows, headers left out)."""

    staff: int = 0
    records: int = 0
    logins: int = 0
    cells: int = 0

    def add(self, other: AcademyCounts) -> None:
        self.staff += other.staff
        self.records += other.records
        self.logins += other.logins
        self.cells += other.cells


def academy_code(index: int) -> str:
    """The folder name of the academy numbered ``index`` (from 1)."""
    return f"AC{index:03d}"


def read_course_titles() -> list[str]:
    """Course titles from the shipped catalogue, else from the policy's Appendix A."""
    shipped = REPO / "catalogue" / "catalogue.csv"
    if shipped.is_file():
        with shipped.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        if rows:
            keys = {k.strip().lower(): k for k in rows[0] if k}
            column = keys.get("title") or keys.get("course")
            if column:
                titles = [r[column].strip() for r in rows if (r[column] or "").strip()]
                if titles:
                    return titles
    policy = SHARED / "policy" / "cpd-portal-policy.md"
    if policy.is_file():
        return titles_from_policy(policy.read_text(encoding="utf-8"))
    sys.exit(
        "make_trust: no course titles: neither catalogue/catalogue.csv nor "
        f"{policy} exists"
    )


def titles_from_policy(text: str) -> list[str]:
    """The course titles listed under Appendix A's headings."""
    section = text.split("## Appendix A", 1)[1].split("\n## ", 1)[0]
    section = section.split("The provider's", 1)[0]
    titles = []
    for item in section.split("\n- ")[1:]:
        _heading, sep, courses = " ".join(item.split()).partition(": ")
        if sep:
            titles += [t.strip() for t in courses.split(";") if t.strip()]
    return titles


def titles_digest(titles: list[str]) -> str:
    """A digest of the titles and the format: new catalogue, new data."""
    text = "\n".join([f"format {FORMAT}", *titles])
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def to_serial(day: dt.date) -> int:
    """An Excel date serial in the 1900 system."""
    return (day - EXCEL_EPOCH).days


def new_workbook(path: Path) -> tuple[xlsxwriter.Workbook, object]:
    """A constant-memory workbook and its date format."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    book.set_properties({"title": path.stem, "author": "bench", "created": CREATED})
    return book, book.add_format({"num_format": "dd/mm/yyyy"})


def write_row(sheet, row: int, values, date_format) -> int:
    """Write one row, dates as real date cells; return the cells written."""
    cells = 0
    for col, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, dt.date):
            sheet.write_number(row, col, to_serial(value), date_format)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value)
        else:
            sheet.write_string(row, col, value)
        cells += 1
    return cells


def make_staff(rng: random.Random, code: str, shape: Shape) -> list[dict]:
    """The staff of one academy, leaders first, as dictionaries."""
    phases = ACADEMY_PHASES[int(code[2:]) % len(ACADEMY_PHASES)]
    domain = f"{code.lower()}.example.org"
    people = []
    for role, phase, teaching, classroom, contact, pm, count in LEADER_ROLES:
        if phase is not None and phase not in phases:
            continue
        for _ in range(count):
            people.append(
                (role, phase or rng.choice(phases), teaching, classroom, contact, pm)
            )
    while len(people) < shape.staff:
        if rng.random() < 0.7:
            phase = rng.choice(phases)
            people.append(("Classroom Teacher", phase, True, True, True, False))
        else:
            role, teaching, classroom, contact = rng.choice(SUPPORT_ROLES)
            people.append(
                (role, rng.choice(phases), teaching, classroom, contact, False)
            )
    staff = []
    for number, (role, phase, teaching, classroom, contact, pm) in enumerate(
        people[: shape.staff], start=1
    ):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        initial = rng.choice(INITIALS)
        start = dt.date(2015, 9, 1) + dt.timedelta(days=rng.randrange(0, 3650))
        leaving = None
        if rng.random() < 0.02:
            leaving = PERIOD[0] + dt.timedelta(days=rng.randrange(30, 140))
        staff.append(
            {
                "email": f"{first}.{initial}.{last}.{number}@{domain}".lower(),
                "name": f"{first} {initial}. {last}",
                "phase": phase,
                "job_title": role.split(";")[0].split("/")[0].strip(),
                "roles": role,
                "teaching": teaching,
                "classroom": classroom,
                "contact": contact,
                "pm": pm,
                "npqml": "Middle Leader" in role and rng.random() < 0.3,
                "start": min(start, PERIOD[0] + dt.timedelta(days=20)),
                "leaving": leaving,
            }
        )
    return staff


def yes_no(flag: bool) -> str:
    return "Y" if flag else "N"


def record_rows(rng: random.Random, person: dict, titles: list[str], target: int):
    """About ``target`` learning-record rows for one person, no two alike."""
    rows = []
    courses = rng.sample(titles, k=min(len(titles), max(1, target // 3)))
    for course in courses:
        units = rng.choice((0, 2, 3, 4, 5, 6, 8))
        for unit in range(1, units + 1) if units else (None,):
            if len(rows) >= target:
                return rows
            roll = rng.random()
            status = (
                "Completed"
                if roll < 0.75
                else ("In Progress" if roll < 0.93 else "Not Started")
            )
            started = completed = minutes = None
            if status != "Not Started":
                started = PERIOD[0] + dt.timedelta(days=rng.randrange(0, 140))
                minutes = rng.randrange(10, 95, 5)
            if status == "Completed":
                completed = min(
                    started + dt.timedelta(days=rng.randrange(0, 14)), PERIOD[1]
                )
            course_level = unit is None
            rows.append(
                (
                    person["email"],
                    person["name"],
                    course if rng.random() > 0.02 else course.lower(),
                    f"Unit {unit}" if unit else "",
                    status,
                    started,
                    completed,
                    minutes,
                    yes_no(course_level and status == "Completed"),
                    yes_no(
                        course_level and status == "Completed" and rng.random() < 0.8
                    ),
                )
            )
    return rows


def write_academy(
    folder: Path, code: str, shape: Shape, titles: list[str], seed: int = SEED
) -> AcademyCounts:
    """Write one academy's three files into ``folder``; return what was written."""
    rng = random.Random(f"{seed}-{code}-{shape.tag}")
    folder.mkdir(parents=True, exist_ok=True)
    counts = AcademyCounts()
    staff = make_staff(rng, code, shape)

    book, date_format = new_workbook(folder / STAFF_FILE)
    sheet = book.add_worksheet("Staff")
    counts.cells += write_row(sheet, 0, STAFF_HEADERS, date_format)
    for row, p in enumerate(staff, start=1):
        values = (
            p["email"],
            p["name"],
            p["phase"],
            p["job_title"],
            p["roles"],
            yes_no(p["teaching"]),
            yes_no(p["classroom"]),
            yes_no(p["contact"]),
            yes_no(p["pm"]),
            yes_no(p["npqml"]),
            p["start"],
            p["leaving"],
        )
        counts.cells += write_row(sheet, row, values, date_format)
        counts.staff += 1
    book.close()

    book, date_format = new_workbook(folder / RECORDS_FILE)
    sheet = book.add_worksheet("Learning Records")
    for row, title in enumerate(RECORDS_TITLE):
        counts.cells += write_row(sheet, row, (title,), date_format)
    header = len(RECORDS_TITLE)
    counts.cells += write_row(sheet, header, RECORD_HEADERS, date_format)
    row = header + 1
    for person in staff:
        spread = shape.records_per_staff // 4
        target = shape.records_per_staff + rng.randint(-spread, spread)
        for values in record_rows(rng, person, titles, target):
            counts.cells += write_row(sheet, row, values, date_format)
            row += 1
    # As real exports do: a few records for people on no staff list and a
    # course title the catalogue does not know.
    stranger = f"former.member@{code.lower()}.example.org"
    extras = (
        (
            stranger,
            "Former Member",
            titles[0],
            "",
            "Completed",
            PERIOD[0],
            PERIOD[0],
            30,
            "N",
            "N",
        ),
        (
            staff[0]["email"],
            staff[0]["name"],
            "Forest School Induction",
            "",
            "Completed",
            PERIOD[0],
            PERIOD[0],
            45,
            "N",
            "N",
        ),
    )
    for values in extras:
        counts.cells += write_row(sheet, row, values, date_format)
        row += 1
    counts.records = row - header - 1
    book.close()

    book, date_format = new_workbook(folder / LOGINS_FILE)
    sheet = book.add_worksheet("Logins")
    counts.cells += write_row(sheet, 0, LOGIN_HEADERS, date_format)
    for row, p in enumerate(staff, start=1):
        if rng.random() < 0.05:
            values = (p["email"], p["name"], 0, 0, None)
        else:
            logins = rng.randrange(1, 80)
            last = PERIOD[1] - dt.timedelta(days=rng.randrange(0, 60))
            values = (
                p["email"],
                p["name"],
                logins,
                logins + rng.randrange(0, 40),
                last,
            )
        counts.cells += write_row(sheet, row, values, date_format)
        counts.logins += 1
    book.close()
    return counts


def link_or_copy(source: Path, target: Path) -> None:
    """Hard-link a generated file into a trust, copying where links fail."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def make_trust(
    size: int, data: Path = DEFAULT_DATA, shape: Shape = Shape(), progress=None
) -> Path:
    """Make ``data/trust-SIZE`` unless a complete one is there; return its path."""
    name = f"trust-{size}" if shape == Shape() else f"trust-{size}-{shape.tag}"
    trust = data / name
    manifest = data / f"{name}.json"
    titles = read_course_titles()
    digest = titles_digest(titles)
    if manifest.is_file() and trust.is_dir():
        if json.loads(manifest.read_text()).get("titles") == digest:
            return trust
    pool = data / "academies" / f"{shape.tag}-{digest}"
    if trust.exists():
        shutil.rmtree(trust)
    total = AcademyCounts()
    for index in range(1, size + 1):
        code = academy_code(index)
        done = pool / f"{code}.json"
        if done.is_file():
            counts = AcademyCounts(**json.loads(done.read_text()))
        else:
            counts = write_academy(pool / code, code, shape, titles)
            done.write_text(json.dumps(asdict(counts)))
        for file in FILES:
            link_or_copy(pool / code / file, trust / code / file)
        total.add(counts)
        if progress:
            progress(index, size, code)
    summary = {
        "academies": size,
        "files": size * len(FILES),
        "staff_per_academy": shape.staff,
        "records_per_staff": shape.records_per_staff,
        "period": f"{PERIOD[0].isoformat()}..{PERIOD[1].isoformat()}",
        "seed": SEED,
        "titles": digest,
        **asdict(total),
        "rows": total.staff + total.records + total.logins,
    }
    manifest.write_text(json.dumps(summary, indent=2) + "\n")
    return trust


def read_manifest(trust: Path) -> dict:
    """What make_trust wrote about a trust: rows, cells, files, period."""
    return json.loads(trust.with_name(trust.name + ".json").read_text())


SMOKE = (2, Shape(staff=20, records_per_staff=60))


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and make each trust asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10,30,100", help="academies per trust, comma-separated"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="only the tiny trust (2 academies x 20 staff)",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)

    def show(done: int, total: int, item: str) -> None:
        print(f"\r  {item} {done}/{total}", end="", file=sys.stderr, flush=True)

    jobs = (
        [SMOKE]
        if args.smoke
        else [(int(s), Shape()) for s in args.sizes.split(",") if s.strip()]
    )
    for size, shape in sorted(jobs, key=lambda job: job[0]):
        trust = make_trust(size, args.data, shape, progress=show)
        print(f"\r{trust}: {read_manifest(trust)['rows']:,} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
