"""Staff lists as HR systems export them -> StaffMember."""

from __future__ import annotations

import re

from ..model import StaffMember
from .headers import Table
from .values import parse_date, parse_flag, parse_identity, split_roles

_PHASES = {
    "eyfs": "EYFS",
    "early years": "EYFS",
    "early years foundation stage": "EYFS",
    "foundation stage": "EYFS",
    "foundation": "EYFS",
    "nursery": "EYFS",
    "reception": "EYFS",
    "fs": "EYFS",
    "fs1": "EYFS",
    "fs2": "EYFS",
    "primary": "Primary",
    "ks1": "Primary",
    "ks2": "Primary",
    "key stage 1": "Primary",
    "key stage 2": "Primary",
    "lower primary": "Primary",
    "upper primary": "Primary",
    "junior": "Primary",
    "infant": "Primary",
    "infants": "Primary",
    "secondary": "Secondary",
    "ks3": "Secondary",
    "ks4": "Secondary",
    "ks5": "Secondary",
    "key stage 3": "Secondary",
    "key stage 4": "Secondary",
    "key stage 5": "Secondary",
    "sixth form": "Secondary",
    "6th form": "Secondary",
    "post 16": "Secondary",
    "senior": "Secondary",
}

_FLAGS = ("teaching", "classroom_teacher", "contact_with_students", "conducts_pm")

# Phrases with "and" inside one role ("Head of Teaching and Learning"): a
# roles cell is split on "and" everywhere else.
ROLE_PHRASES = (
    "Teaching and Learning",
    "Learning and Teaching",
    "Design and Technology",
    "Health and Social Care",
    "Personal, Social and Health",
)


def parse_phase(value) -> str | None:
    """EYFS, Primary or Secondary from a phase cell; other text -> ValueError."""
    if value is None:
        return None
    text = " ".join(re.sub(r"[^\w]+", " ", str(value).casefold()).split())
    if not text:
        return None
    phase = _PHASES.get(text) or _PHASES.get(text.replace("key stage ", "ks"))
    if phase is None:
        raise ValueError(f"'{value}' is not EYFS, Primary or Secondary")
    return phase


def read_staff(table: Table) -> list[StaffMember]:
    """Read a staff list's rows; every row read is settled in the ledger."""
    staff: list[StaffMember] = []
    seen: dict[str, StaffMember] = {}
    warned_academy = False
    dates = {"day_first": table.day_first, "date1904": table.date1904}
    for row in table.data_rows():
        try:
            email = row.value("email", parse_identity)
        except ValueError as error:
            table.reject(
                row,
                "bad-email",
                f"{table.label('email')}: {error}; the row is not used",
            )
            continue
        if email is None:
            table.reject(row, "blank-email", "the row has no e-mail; it is not used")
            continue
        academy = table.academy(row)
        if academy is None and "academy" in table.header.columns:
            table.reject(
                row,
                "no-academy",
                f"the {table.label('academy')} cell of row {row.number} (column "
                f"{row.at('academy').column}) is blank and the file is in no "
                "academy's sub-folder, so the row's academy cannot be told; fill "
                "in the academy. The row is not used",
                severity="error",
                email=email,
            )
            continue
        if academy is None:
            table.ledger.reject(row.source, "no-academy")
            if not warned_academy:
                warned_academy = True
                table.note(
                    "no-academy",
                    "this staff list has no academy column and is not in an "
                    "academy's sub-folder; put it in a sub-folder named after the "
                    "academy (e.g. AJA/) or add an Academy column. Its rows are not "
                    "used",
                    row.source,
                    severity="error",
                )
            continue
        phase = row.parse("phase", parse_phase, "unknown-phase")
        member = StaffMember(
            email=email,
            name=row.person_name() or "",
            academy=academy,
            phase=phase,
            job_title=row.text("job_title"),
            roles=split_roles(row.raw("roles"), keep=ROLE_PHRASES),
            npqml=row.parse("npqml", parse_flag, "bad-flag"),
            start=row.parse("start_date", parse_date, "bad-date", **dates),
            leaving=row.parse("leaving_date", parse_date, "bad-date", **dates),
            source=row.source,
        )
        for name in _FLAGS:
            setattr(member, name, row.parse(name, parse_flag, "bad-flag"))
        previous = seen.get(email)
        if previous is not None and previous.academy == academy:
            table.ledger.duplicate(row.source)
            table.note(
                "duplicate-staff",
                duplicate_message(previous, member),
                row.source,
                email=email,
                academy=academy,
            )
            continue
        staff.append(member)
        seen.setdefault(email, member)
        table.ledger.use(row.source)
    return staff


def duplicate_message(first: StaffMember, again: StaffMember) -> str:
    """Say that a staff row repeats an earlier one, and what they disagree on."""
    fields = ("name", "phase", "job_title", "roles", "start", "leaving")
    differ = "; ".join(
        f"{name.replace('_', ' ')} {_shown(getattr(first, name))} / "
        f"{_shown(getattr(again, name))}"
        for name in fields
        if getattr(first, name) != getattr(again, name)
    )
    message = f"{again.email} is already listed at {first.source}; this row is "
    if not differ:
        return message + "counted once"
    return message + f"counted once, with the first row's values ({differ})"


def _shown(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) or "none"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return "blank" if value in (None, "") else str(value)
