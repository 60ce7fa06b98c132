"""Login reports -> LoginActivity, one per e-mail.

A report has either one row per member (logins, web sessions accessed, last
login) or one row per login event (e-mail and login date/time, maybe the
session). Events are summed: the number of event rows is the logins count,
distinct sessions are counted when there is a session column, and the latest
event date is the last login.
"""

from __future__ import annotations

import math

from ..model import LoginActivity
from .headers import Table
from .values import clean_text, parse_date


def parse_count(value) -> int | None:
    """A whole number of logins or sessions; blank -> None."""
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value < 0 or value != int(value):
            raise ValueError(f"'{clean_text(value)}' is not a whole number")
        return int(value)
    text = clean_text(value)
    if text is None:
        return None
    digits = text.replace(",", "")
    if not digits.isdigit():
        raise ValueError(f"'{text}' is not a whole number")
    return int(digits)


def is_event_report(table: Table) -> bool:
    """Whether a login report has one row per login event."""
    columns = table.header.columns
    return "login_time" in columns and not columns.keys() & {
        "logins",
        "sessions",
        "last_login",
    }


def read_logins(table: Table) -> list[LoginActivity]:
    """Read a login report's rows into one activity per e-mail."""
    if is_event_report(table):
        return _read_events(table)
    return _read_members(table)


def _read_members(table: Table) -> list[LoginActivity]:
    dates = {"day_first": table.day_first, "date1904": table.date1904}
    found: dict[str, LoginActivity] = {}
    for row in table.data_rows():
        email = row.identity()
        if email is None:
            continue
        previous = found.get(email)
        if previous is not None:
            table.ledger.duplicate(row.source)
            table.note(
                "duplicate-record",
                f"{email} already has a login row at {previous.sources[0]}; this "
                "row is counted once",
                row.source,
                email=email,
            )
            continue
        found[email] = LoginActivity(
            email=email,
            name=row.person_name(),
            logins=row.parse("logins", parse_count, "bad-number"),
            sessions=row.parse("sessions", parse_count, "bad-number"),
            last_login=row.parse("last_login", _last_login, "bad-date", **dates),
            academy=table.academy(row),
            sources=[row.source],
        )
        table.ledger.use(row.source)
    return list(found.values())


def _read_events(table: Table) -> list[LoginActivity]:
    dates = {"day_first": table.day_first, "date1904": table.date1904}
    found: dict[str, LoginActivity] = {}
    sessions: dict[str, set[str]] = {}
    counted = "session" in table.header.columns
    for row in table.data_rows():
        email = row.identity()
        if email is None:
            continue
        when = row.parse("login_time", parse_date, "bad-date", **dates)
        activity = found.get(email)
        if activity is None:
            activity = found[email] = LoginActivity(
                email=email,
                name=row.person_name(),
                logins=0,
                sessions=0 if counted else None,
                academy=table.academy(row),
            )
            sessions[email] = set()
        activity.logins += 1
        activity.sources.append(row.source)
        if when is not None and (
            activity.last_login is None or when > activity.last_login
        ):
            activity.last_login = when
        session = row.text("session")
        if counted and session:
            sessions[email].add(session.casefold())
            activity.sessions = len(sessions[email])
        table.ledger.use(row.source)
    return list(found.values())


# What login reports write for someone who has never logged in.
_NEVER = {"never", "not yet", "n/a", "na", "none", "-", "--"}


def _last_login(value, **dates):
    """A last-login date; "Never" and the like mean there is none."""
    if isinstance(value, str) and value.strip().casefold() in _NEVER:
        return None
    return parse_date(value, **dates)
