"""Records and login rows that appear in more than one export.

VLE co-ordinators export the learning records every mid-semester, so one
drop often holds the same record twice. The same record (same person,
course, unit, status and completion date) counts once and the others are
merged duplicates. Records of one person, course and unit that disagree on
status are a conflict: the furthest status wins (completed > in progress >
not started) and the others are merged duplicates too. Both cases get a
finding naming both rows.
"""

from __future__ import annotations

from ..findings import finding
from ..ledger import Ledger
from ..model import STATUSES, Finding, LearningRecord, LoginActivity
from .values import title_key


def record_key(record: LearningRecord, keys: dict | None = None) -> tuple:
    """Who, which course and which unit a record is about."""
    keys = {} if keys is None else keys
    course = record.course or record.course_text
    unit = record.unit or ""
    if course not in keys:
        keys[course] = title_key(course)
    if unit not in keys:
        keys[unit] = title_key(unit)
    return (record.email or "", keys[course], keys[unit])


def merge_records(
    records: list[LearningRecord], ledger: Ledger
) -> tuple[list[LearningRecord], list[Finding]]:
    """Count each learning record once; settle the others as duplicates."""
    groups: dict[tuple[str, str, str], list[LearningRecord]] = {}
    keys: dict[str, str] = {}
    for record in records:
        groups.setdefault(record_key(record, keys), []).append(record)
    dropped: set[int] = set()
    findings: list[Finding] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        furthest = max(STATUSES.index(r.status) for r in group)
        winners = [r for r in group if STATUSES.index(r.status) == furthest]
        for record in group:
            if STATUSES.index(record.status) < furthest:
                winner = winners[0]
                dropped.add(id(record))
                ledger.duplicate(record.source)
                findings.append(
                    finding(
                        "conflicting-record",
                        f"{_what(record)} is {_status(record)} here but "
                        f"{_status(winner)} at {winner.source}; the furthest "
                        f"status ({_status(winner)}) is kept",
                        record.source,
                        email=record.email,
                        course=record.course or record.course_text,
                        academy=record.academy,
                    )
                )
        kept: dict[tuple, LearningRecord] = {}
        for record in winners:
            same = (record.status, record.completed)
            first = kept.get(same)
            if first is None:
                kept[same] = record
                continue
            dropped.add(id(record))
            ledger.duplicate(record.source)
            findings.append(
                finding(
                    "duplicate-record",
                    f"{_what(record)} ({_status(record)}"
                    f"{_on(record)}) is the same record as at {first.source}; "
                    "it is counted once",
                    record.source,
                    email=record.email,
                    course=record.course or record.course_text,
                    academy=record.academy,
                )
            )
    return [r for r in records if id(r) not in dropped], findings


def merge_logins(activities: list[LoginActivity]) -> list[LoginActivity]:
    """One activity per e-mail across reports: the largest counts, latest login.

    Login reports from two exports overlap rather than add up, so the larger
    count and the latest date are kept and every source row is listed.
    """
    merged: dict[str, LoginActivity] = {}
    for activity in activities:
        first = merged.get(activity.email)
        if first is None:
            merged[activity.email] = LoginActivity(
                email=activity.email,
                name=activity.name,
                logins=activity.logins,
                sessions=activity.sessions,
                last_login=activity.last_login,
                academy=activity.academy,
                sources=list(activity.sources),
            )
            continue
        first.name = first.name or activity.name
        first.academy = first.academy or activity.academy
        first.logins = _largest(first.logins, activity.logins)
        first.sessions = _largest(first.sessions, activity.sessions)
        first.last_login = _largest(first.last_login, activity.last_login)
        first.sources.extend(activity.sources)
    return list(merged.values())


def _largest(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _what(record: LearningRecord) -> str:
    unit = f", {record.unit}" if record.unit else ""
    return f"{record.email}: {record.course or record.course_text}{unit}"


def _status(record: LearningRecord) -> str:
    return record.status.replace("_", " ")


def _on(record: LearningRecord) -> str:
    return f" on {record.completed:%d/%m/%Y}" if record.completed else ""
