"""The CPD Catalogue: the shipped one (Appendix A) or the provider's workbook.

A catalogue sheet has one row per course: heading, course, units, target
audience, mode of completion, recommended trainer, duration (and its
breakdown), whether units can be used separately and guiding notes. When a
sheet has no heading column, the sheet's name is the heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from ..ledger import Ledger
from ..model import Catalogue, Course
from ..resources import catalogue_dir
from .headers import Table, read_header
from .sheets import SheetError, open_workbook
from .titles import read_aliases
from .values import parse_flag, parse_minutes, title_key

_UNIT_BREAK = re.compile(r"[;\n]")


def read_catalogue_table(table: Table) -> list[Course]:
    """Read a catalogue sheet's rows into courses; each row read is settled."""
    courses: list[Course] = []
    unit = table.header.unit("duration")
    seen: dict[str, Course] = {}
    for row in table.data_rows():
        title = row.text("course")
        if title is None:
            table.reject(row, "blank-row-data", "the row names no course; not used")
            continue
        key = title_key(title)
        if key in seen:
            table.ledger.duplicate(row.source)
            table.note(
                "duplicate-record",
                f"the course '{title}' is already listed at {seen[key].source}; "
                "this row is not used",
                row.source,
                course=title,
            )
            continue
        units = tuple(
            part.strip()
            for part in _UNIT_BREAK.split(row.text("units") or "")
            if part.strip()
        )
        course = Course(
            heading=row.text("heading") or table.sheet or "",
            title=title,
            units=units,
            audience=row.text("audience"),
            mode=row.text("mode"),
            trainer=row.text("trainer"),
            duration_minutes=row.parse(
                "duration", parse_minutes, "bad-duration", unit=unit
            ),
            breakdown=row.text("breakdown"),
            units_separate=row.parse("units_separate", parse_flag, "bad-flag"),
            notes=row.text("notes"),
            source=row.source,
        )
        seen[key] = course
        courses.append(course)
        table.ledger.use(row.source)
    return courses


def load_catalogue(
    path=None, *, extra: Iterable[Course] = (), header_map: dict | None = None
) -> Catalogue:
    """The catalogue: the shipped one when ``path`` is None, else that file.

    ``extra`` adds courses the policy names outside the catalogue (the three
    short EAL sessions); one already in the catalogue is not added twice.
    Data problems in the file are kept in ``Catalogue.findings``.
    """
    shipped = path is None
    folder = catalogue_dir()
    path = Path(folder / "catalogue.csv" if shipped else path)
    courses, findings = _read_courses(path, header_map)
    # The shipped aliases name Appendix A's titles; a provider's catalogue
    # gets those whose title it holds too.
    titles = [c.title for c in courses] if shipped else None
    aliases = read_aliases(folder / "aliases.csv", titles=titles)
    by_title = {title_key(c.title): c for c in courses}
    for written, title in aliases.items():
        course = by_title.get(title_key(title))
        if course is not None and title_key(written) not in by_title:
            course.aliases = (*course.aliases, written)
    known = {title_key(c.title) for c in courses}
    for course in extra:
        if title_key(course.title) not in known:
            known.add(title_key(course.title))
            courses.append(course)
    return Catalogue(courses, str(path), findings)


def _read_courses(path: Path, header_map: dict | None):
    try:
        book = open_workbook(path)
    except SheetError as error:
        raise InputError(f"the catalogue {error}") from None
    ledger = Ledger()
    courses: list[Course] = []
    findings = []
    found = []
    for sheet in book.sheets:
        detection, rows = read_header(sheet.rows(), header_map)
        header = detection.header
        if header is None or header.kind != "catalogue":
            found.append(f"sheet {sheet.name}: {', '.join(detection.found) or 'none'}")
            continue
        table = Table(
            path.name, sheet.name, header, rows, ledger, date1904=book.date1904
        )
        courses.extend(read_catalogue_table(table))
        findings.extend(table.findings)
    if not courses:
        raise InputError(
            f"{path}: no catalogue sheet found (a sheet with a Course column and "
            f"columns such as Heading, Target audience, Mode of completion); "
            f"headers found: {'; '.join(found) or 'none'}"
        )
    return courses, findings
