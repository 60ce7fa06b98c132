"""Learning-record exports from the portal -> LearningRecord.

The reader settles every row it could parse as used and every row it could
not parse (no e-mail or username, no course, no status) as rejected. Course
titles are matched to the catalogue afterwards, by :func:`match_courses`, once
the whole drop has been read: a title that matches nothing keeps the record
with ``course=None`` and an ``unknown-course`` finding, and the policy check
may then settle that row again.
"""

from __future__ import annotations

from ..findings import finding
from ..model import Course, Finding, LearningRecord
from .headers import Table
from .titles import CourseIndex
from .values import (
    parse_date,
    parse_flag,
    parse_minutes,
    parse_status,
)


def read_records(table: Table) -> list[LearningRecord]:
    """Read a learning-record export's rows; each row read is settled."""
    records: list[LearningRecord] = []
    dates = {"day_first": table.day_first, "date1904": table.date1904}
    unit = table.header.unit("minutes")
    for row in table.data_rows():
        identity = row.identity()
        if identity is None:
            continue
        course_text = row.text("course")
        if course_text is None:
            table.reject(
                row, "blank-row-data", "the row names no course; it is not used"
            )
            continue
        try:
            status = row.value("status", parse_status)
        except ValueError as error:
            table.reject(
                row,
                "bad-status",
                f"{table.label('status')}: {error}; the row is not used",
            )
            continue
        if status is None:
            table.reject(row, "bad-status", "the status is blank; the row is not used")
            continue
        completed = _completed(table, row, status, dates)
        records.append(
            LearningRecord(
                email=identity,
                name=row.person_name(),
                course_text=course_text,
                course=None,
                unit=row.text("unit"),
                status=status,
                started=row.parse("date_started", parse_date, "bad-date", **dates),
                completed=completed,
                minutes=row.parse("minutes", parse_minutes, "bad-duration", unit=unit),
                certificate_requested=row.parse(
                    "certificate_requested", parse_flag, "bad-flag"
                ),
                certificate_issued=row.parse(
                    "certificate_issued", parse_flag, "bad-flag"
                ),
                academy=table.academy(row),
                source=row.source,
            )
        )
        table.ledger.use(row.source)
    return records


def match_courses(records: list[LearningRecord], index: CourseIndex) -> list[Finding]:
    """Set each record's catalogue course; one finding per title matching none."""
    unknown: dict[str, list[LearningRecord]] = {}
    matched: dict[str, Course | None] = {}
    for record in records:
        text = record.course_text
        course = (
            matched[text]
            if text in matched
            else matched.setdefault(text, index.match(text))
        )
        record.course = course.title if course is not None else None
        if course is None:
            unknown.setdefault(record.course_text, []).append(record)
    findings = []
    for text, missed in unknown.items():
        hint = index.suggest(text)
        also = f" (did you mean '{hint}'? add it to the alias table)" if hint else ""
        for record in missed:
            findings.append(
                finding(
                    "unknown-course",
                    f"'{text}' matches no catalogue course{also}",
                    record.source,
                    email=record.email,
                    course=text,
                    academy=record.academy,
                )
            )
    return findings


def _completed(table: Table, row, status: str, dates: dict):
    value = row.raw("date_completed")
    if value is None:
        return None
    try:
        return row.value("date_completed", parse_date, **dates)
    except ValueError as error:
        label = table.label("date_completed")
        kept = (
            "; the record is kept as completed, with no completion date"
            if status == "completed"
            else ""
        )
        table.note("bad-date", f"{label}: {error}{kept}", row.at("date_completed"))
        return None
