"""The one place the numbers shown are computed.

The workbooks and the report sections both read these figures, so a share
in a principal's workbook and in the paragraph pasted into the monthly
report can never disagree. Shares are kept as counts over a total; the
workbooks write them as percent cells and the text rounds them the way a
``0%`` cell shows them (half up).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..model import PHASES, Requirement, Results, StaffResult

NO_PHASE = "No phase"

STATUS_TEXT = {"met": "met", "in_progress": "in progress", "missing": "missing"}
NOT_APPLICABLE = "n/a"
# Shown instead of a portal-use number for staff with no login report.
NO_LOGIN_REPORT = "n/a (no login report)"


@dataclass(frozen=True, slots=True)
class Share:
    """``count`` of ``total`` staff; ``value`` is None when there is no one."""

    count: int
    total: int

    @property
    def value(self) -> float | None:
        return self.count / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        """The whole percent a ``0%`` cell shows (Excel rounds half up)."""
        if not self.total:
            return None
        return (200 * self.count + self.total) // (2 * self.total)

    def __str__(self) -> str:
        return "n/a" if self.percent is None else f"{self.percent}%"


@dataclass(slots=True)
class GroupFigures:
    """The figures of one group of staff: a phase, an academy or the group."""

    academy: str | None
    phase: str | None
    staff: int = 0
    # Staff whose academy's login report is in the drop: portal use is known.
    portal_reported: int = 0
    mandatory_met: int = 0
    hours_met: int = 0
    active: int = 0
    inactive: int = 0
    never_logged_in: int = 0
    eligible: int = 0
    compliant: int = 0
    hours_done: float = 0.0
    hours_required: float = 0.0

    @property
    def label(self) -> str:
        if self.phase is not None:
            return self.phase
        return self.academy if self.academy is not None else "All academies"

    @property
    def no_login_report(self) -> bool:
        """True when there are staff but no login report for any of them."""
        return self.staff > 0 and self.portal_reported == 0

    @property
    def mandatory_share(self) -> Share:
        return Share(self.mandatory_met, self.staff)

    @property
    def hours_share(self) -> Share:
        return Share(self.hours_met, self.staff)

    @property
    def active_share(self) -> Share:
        """Logged in within the window, of the staff with a login report."""
        return Share(self.active, self.portal_reported)

    @property
    def compliant_share(self) -> Share:
        return Share(self.compliant, self.staff)

    def add(self, result: StaffResult) -> None:
        """Count one staff member in."""
        self.staff += 1
        self.mandatory_met += result.mandatory_met
        self.hours_met += result.hours.met
        # Without a login report portal use is unknown: neither logged in
        # within the window nor never logged in.
        if result.portal_reported:
            self.portal_reported += 1
            if result.never_logged_in:
                self.never_logged_in += 1
            elif result.inactive:
                self.inactive += 1
            else:
                self.active += 1
        self.eligible += result.external_training_eligible
        self.compliant += result.compliant
        self.hours_done += result.hours.done
        self.hours_required += result.hours.required


@dataclass(slots=True)
class CourseFigures:
    """How far the staff a course is required of have gone with it."""

    course: str
    required: int = 0
    met: int = 0
    in_progress: int = 0
    missing: int = 0

    @property
    def met_share(self) -> Share:
        return Share(self.met, self.required)


@dataclass(slots=True)
class Owed:
    """One thing a staff member still owes: a course, or CPD hours."""

    staff: StaffResult
    item: str
    status: str
    reason: str


@dataclass(slots=True)
class AcademyFigures:
    """Everything shown about one academy."""

    academy: str
    total: GroupFigures
    phases: list[GroupFigures]
    courses: list[CourseFigures]
    staff: list[StaffResult]
    owed: list[Owed] = field(default_factory=list)

    def phase(self, name: str) -> GroupFigures | None:
        """The figures of one phase, or None when no staff are in it."""
        for group in self.phases:
            if group.phase == name:
                return group
        return None

    def staff_in(self, phase: str | None) -> list[StaffResult]:
        """The academy's staff in one phase (all of them for None)."""
        if phase is None:
            return list(self.staff)
        return [s for s in self.staff if phase_of(s) == phase]

    def owed_in(self, phase: str | None) -> list[Owed]:
        """What the staff of one phase (all for None) still owe."""
        if phase is None:
            return list(self.owed)
        return [o for o in self.owed if phase_of(o.staff) == phase]

    def courses_in(self, phase: str | None) -> list[CourseFigures]:
        """Per course completion for one phase (the academy's for None)."""
        if phase is None:
            return list(self.courses)
        return count_courses(self.staff_in(phase))


@dataclass(slots=True)
class Figures:
    """The figures of a whole run: per academy, and across academies."""

    academies: list[AcademyFigures]
    total: GroupFigures
    records: Counter

    def academy(self, name: str) -> AcademyFigures:
        """The figures of one academy."""
        for item in self.academies:
            if item.academy == name:
                return item
        raise KeyError(name)


def phase_of(result: StaffResult) -> str:
    """The staff member's phase, or :data:`NO_PHASE`."""
    return result.staff.phase or NO_PHASE


def phase_order(phase: str) -> tuple[int, str]:
    """Sort key: EYFS, Primary, Secondary, then anything else by name."""
    if phase in PHASES:
        return (PHASES.index(phase), "")
    return (len(PHASES) + (phase == NO_PHASE), phase)


def sort_key(result: StaffResult) -> tuple:
    """Staff order in every list: phase, then name, then e-mail."""
    staff = result.staff
    return (phase_order(phase_of(result)), staff.name.casefold(), staff.email)


def requirements_by_course(result: StaffResult) -> dict[str, list[Requirement]]:
    """A staff member's requirements grouped by course, in first-seen order."""
    grouped: dict[str, list[Requirement]] = {}
    for requirement in result.requirements:
        grouped.setdefault(requirement.course, []).append(requirement)
    return grouped


def course_status(requirements: list[Requirement]) -> str:
    """One verdict for a course asked by several rules: the least advanced."""
    order = ("missing", "in_progress", "met")
    return min((r.status for r in requirements), key=order.index)


def count_courses(staff: list[StaffResult]) -> list[CourseFigures]:
    """Per course: staff it is required of, and how many met it, by name."""
    courses: dict[str, CourseFigures] = {}
    for result in staff:
        for course, requirements in requirements_by_course(result).items():
            figures = courses.setdefault(course, CourseFigures(course))
            figures.required += 1
            status = course_status(requirements)
            if status == "met":
                figures.met += 1
            elif status == "in_progress":
                figures.in_progress += 1
            else:
                figures.missing += 1
    return sorted(courses.values(), key=lambda c: c.course.casefold())


def list_owed(staff: list[StaffResult]) -> list[Owed]:
    """Per staff member, the courses still owed and any hours shortfall."""
    owed = []
    for result in staff:
        for course, requirements in requirements_by_course(result).items():
            status = course_status(requirements)
            if status != "met":
                reasons = "; ".join(
                    dict.fromkeys(r.reason for r in requirements if r.status != "met")
                )
                owed.append(Owed(result, course, STATUS_TEXT[status], reasons))
        if not result.hours.met:
            short = format_hours(result.hours.shortfall)
            owed.append(
                Owed(
                    result,
                    "CPD hours",
                    "short",
                    f"{short} hours short of the {format_hours(result.hours.required)}"
                    " hours required for the period",
                )
            )
    return owed


def academies_of(results: Results) -> list[str]:
    """Every academy named in the results, in their order, then any others."""
    names = list(dict.fromkeys(results.academies))
    for result in results.staff:
        if result.staff.academy not in names:
            names.append(result.staff.academy)
    return names


def compute_figures(results: Results) -> Figures:
    """Work out every number the workbooks and the report sections show."""
    staff = sorted(results.staff, key=sort_key)
    total = GroupFigures(None, None)
    academies = []
    for name in academies_of(results):
        members = [s for s in staff if s.staff.academy == name]
        academy_total = GroupFigures(name, None)
        phases: dict[str, GroupFigures] = {}
        for result in members:
            phase = phase_of(result)
            phases.setdefault(phase, GroupFigures(name, phase)).add(result)
            academy_total.add(result)
            total.add(result)
        academies.append(
            AcademyFigures(
                academy=name,
                total=academy_total,
                phases=[phases[p] for p in sorted(phases, key=phase_order)],
                courses=count_courses(members),
                staff=members,
                owed=list_owed(members),
            )
        )
    records = Counter(r.academy for r in results.records)
    return Figures(academies, total, records)


def format_hours(hours: float) -> str:
    """Hours to one decimal, rounded as a ``0.0`` cell shows them."""
    # Excel keeps 15 significant digits, then rounds half up for display.
    value = Decimal(f"{hours:.15g}").quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:.1f}"
