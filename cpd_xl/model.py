"""The plain data every part of cpd-xl shares.

Readers build these objects from spreadsheets, the policy checks them and the
writers lay them out. Nothing here reads a file or knows about Excel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .ledger import Ledger

PHASES = ("EYFS", "Primary", "Secondary")

# The furthest a learning record has gone; the order matters when two exports
# disagree ("the furthest status wins").
STATUSES = ("not_started", "in_progress", "completed")
Status = Literal["not_started", "in_progress", "completed"]

Kind = Literal["catalogue", "staff", "records", "logins", "calendar", "unknown"]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from: a file, a sheet in it and a 1-based row."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(slots=True)
class Finding:
    """Something a user should know about: a data problem or a policy gap.

    ``code`` is a stable kebab-case name (``bad-date``, ``unknown-course``);
    the codes and their titles are listed in :mod:`cpd_xl.findings`.
    """

    code: str
    message: str
    source: Source | None = None
    severity: Severity = "warning"
    email: str | None = None
    course: str | None = None
    academy: str | None = None


@dataclass(slots=True)
class Course:
    """One course of the catalogue, with the six fields the provider gives."""

    heading: str
    title: str
    units: tuple[str, ...] = ()
    audience: str | None = None
    mode: str | None = None
    trainer: str | None = None
    duration_minutes: float | None = None
    breakdown: str | None = None
    units_separate: bool | None = None
    notes: str | None = None
    aliases: tuple[str, ...] = ()
    source: Source | None = None


@dataclass(slots=True)
class Catalogue:
    """The courses a learning record may name, from one catalogue file."""

    courses: list[Course]
    source: str | None = None
    # Data problems met while reading the catalogue file (bad durations...).
    findings: list[Finding] = field(default_factory=list)

    def get(self, title: str) -> Course | None:
        """The course with exactly this canonical title, or None."""
        for course in self.courses:
            if course.title == title:
                return course
        return None


@dataclass(slots=True)
class StaffMember:
    """One row of an academy's staff list.

    ``email`` is lower-cased: the portal allows one account per e-mail, so it
    is the identity key. ``roles`` keeps each role text as written; the policy
    maps them to its role vocabulary. A flag is None when the list does not say.
    """

    email: str
    name: str
    academy: str
    phase: str | None
    job_title: str | None = None
    roles: tuple[str, ...] = ()
    teaching: bool | None = None
    classroom_teacher: bool | None = None
    contact_with_students: bool | None = None
    conducts_pm: bool | None = None
    npqml: bool | None = None
    start: dt.date | None = None
    leaving: dt.date | None = None
    source: Source | None = None


@dataclass(slots=True)
class LearningRecord:
    """One row of a portal learning-record export.

    ``course`` is the catalogue title the raw ``course_text`` matched, or None
    when it matched nothing. ``minutes`` is the time spent, when given.
    """

    email: str | None
    name: str | None
    course_text: str
    course: str | None
    unit: str | None
    status: Status
    started: dt.date | None = None
    completed: dt.date | None = None
    minutes: float | None = None
    certificate_requested: bool | None = None
    certificate_issued: bool | None = None
    academy: str | None = None
    source: Source | None = None


@dataclass(slots=True)
class LoginActivity:
    """One staff member's portal use, from a login report.

    Reports with one row per login event are summed into one of these per
    e-mail; ``sources`` then lists every event row.
    """

    email: str
    name: str | None = None
    logins: int | None = None
    sessions: int | None = None
    last_login: dt.date | None = None
    academy: str | None = None
    sources: list[Source] = field(default_factory=list)


@dataclass(slots=True)
class FileReport:
    """What became of one input file."""

    path: str
    kind: Kind
    academy: str | None = None
    sheets: list[str] = field(default_factory=list)
    sha256: str | None = None
    rows_read: int = 0
    error: str | None = None
    # Each data sheet's kind, when a file holds sheets of several kinds.
    sheet_kinds: dict[str, str] = field(default_factory=dict)
    # The academies of a file whose rows belong to several (``academy`` is
    # then None): e.g. one HR list for the whole group with an Academy column.
    academies: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Holiday:
    """A school holiday from a calendar of term dates, both ends included."""

    name: str
    start: dt.date
    end: dt.date
    academy: str | None = None
    source: Source | None = None


@dataclass(slots=True)
class Inputs:
    """Everything read from one mid-semester drop."""

    root: str
    catalogue: Catalogue
    staff: list[StaffMember]
    records: list[LearningRecord]
    logins: list[LoginActivity]
    holidays: list[Holiday]
    files: list[FileReport]
    findings: list[Finding]
    ledger: Ledger


@dataclass(frozen=True, slots=True)
class Period:
    """The reporting period, both ends included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


# What the policy check gives back. The writers read only these.

Verdict = Literal["met", "in_progress", "missing"]


@dataclass(slots=True)
class Requirement:
    """One course a rule asks of one staff member, and how far they are."""

    rule: str
    course: str
    status: Verdict
    reason: str
    evidence: list[Source] = field(default_factory=list)


@dataclass(slots=True)
class Hours:
    """CPD hours done in the period against the pro-rata hours required."""

    done: float
    required: float

    @property
    def met(self) -> bool:
        # Rounded to the minute so 0.99999 hours of float noise is not a miss.
        return round(self.done * 60) >= round(self.required * 60)

    @property
    def shortfall(self) -> float:
        return max(0.0, self.required - self.done)


@dataclass(slots=True)
class StaffResult:
    """Every verdict for one staff member, each with its reason."""

    staff: StaffMember
    roles: tuple[str, ...]
    requirements: list[Requirement]
    hours: Hours
    modules: list[LearningRecord]
    external_training_eligible: bool
    logins: int | None
    sessions: int | None
    last_login: dt.date | None
    inactive: bool
    # False when the drop has no login report for the academy: portal use is
    # then unknown, which is not the same as never logged in.
    portal_reported: bool = True

    @property
    def never_logged_in(self) -> bool:
        return self.portal_reported and not self.logins and self.last_login is None

    @property
    def mandatory_met(self) -> bool:
        return all(r.status == "met" for r in self.requirements)

    @property
    def compliant(self) -> bool:
        return self.mandatory_met and self.hours.met


@dataclass(slots=True)
class RowCounts:
    """The row ledger: every data row read ends in exactly one bucket."""

    read: int = 0
    used: int = 0
    duplicate: int = 0
    rejected: dict[str, int] = field(default_factory=dict)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    @property
    def adds_up(self) -> bool:
        return self.read == self.used + self.duplicate + self.rejected_total


@dataclass(slots=True)
class PolicyInfo:
    """Which policy file a run used."""

    name: str
    version: str
    path: str
    sha256: str


@dataclass(slots=True)
class Results:
    """The outcome of one check: what the writers and the CLI show."""

    period: Period
    policy: PolicyInfo
    staff: list[StaffResult]
    findings: list[Finding]
    files: list[FileReport]
    rows: RowCounts
    file_rows: dict[str, RowCounts]
    records: list[LearningRecord]
    logins: list[LoginActivity]
    academies: list[str]
    generated: dt.datetime

    @property
    def compliant(self) -> bool:
        return all(s.compliant for s in self.staff)
