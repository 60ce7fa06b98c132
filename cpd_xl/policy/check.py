"""Check every staff member against the policy, and say why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..findings import finding
from ..model import (
    PHASES,
    Course,
    Finding,
    Hours,
    Inputs,
    LearningRecord,
    LoginActivity,
    Period,
    Requirement,
    Results,
    StaffMember,
    StaffResult,
)
from ..readers.folder import settle_unknown
from ..readers.merge import merge_logins
from ..readers.values import title_key
from .hours import employed_days, required_hours
from .roles import RoleMatcher, staff_role_texts
from .rules import FLAG_WORDS, Policy, Rule, Selector


def check(
    inputs: Inputs,
    policy: Policy,
    period: Period,
    *,
    generated: dt.datetime | None = None,
) -> Results:
    """Check every staff member of the drop against the policy for a period."""
    generated = generated or dt.datetime.now(dt.UTC)
    run = _Run(inputs, policy, period, today=generated.date())
    staff = run.select_staff()
    run.settle_records(staff)
    run.settle_logins(staff)
    run.resolve_courses()

    results = [run.check_member(m) for m in staff.values() if run.employed(m)]
    for member in staff.values():
        if not run.employed(member):
            run.add(
                "not-employed",
                f"{member.name} ({member.email}) is not employed in the period "
                f"(start {run.date(member.start) if member.start else 'not given'}, "
                f"leaving {run.date(member.leaving) if member.leaving else 'not given'}"
                "): not checked",
                member.source,
                severity="info",
                email=member.email,
                academy=member.academy,
            )
    order = {phase: n for n, phase in enumerate(PHASES)}
    results.sort(
        key=lambda r: (
            r.staff.academy or "",
            order.get(r.staff.phase, len(PHASES)),
            r.staff.name.casefold(),
            r.staff.email,
        )
    )
    # Academies come from the staff lists alone: a file's academy may be a
    # folder name or a list of several, and an academy with no staff has no
    # one to report on.
    academies = {r.staff.academy for r in results if r.staff.academy}
    for academy in sorted(academies):
        if not run.portal_reported_for(academy):
            run.add(
                "no-login-report",
                f"the drop has no login report for {academy}: portal use "
                "(logins, last login, inactive) is not reported for its staff",
                academy=academy,
            )
    return Results(
        period=period,
        policy=policy.info,
        staff=results,
        findings=run.findings,
        files=inputs.files,
        rows=inputs.ledger.verify(),
        file_rows={f.path: inputs.ledger.counts(f.path) for f in inputs.files},
        records=run.used,
        logins=[a for a in inputs.logins if a.email.lower() in staff],
        academies=sorted(academies),
        generated=generated,
    )


@dataclass(slots=True)
class _Why:
    rule: Rule
    text: str  # e.g. "as Head of Primary", "to all staff"


class _Run:
    """The state of one check: the inputs sorted by person, and the findings."""

    def __init__(
        self, inputs: Inputs, policy: Policy, period: Period, today: dt.date
    ) -> None:
        self.inputs = inputs
        self.today = today
        self.policy = policy
        self.settings = policy.settings
        self.period = period
        self.matcher = RoleMatcher(policy.roles)
        self.findings: list[Finding] = list(inputs.findings)
        self._seen = {(f.code, f.source, f.email) for f in inputs.findings}
        self.used: list[LearningRecord] = []
        self.records: dict[str, list[LearningRecord]] = {}
        self.activity: dict[str, LoginActivity] = {}
        self.login_academies: set[str | None] = set()
        self.courses: dict[str, Course] = {}
        self.titles: dict[str, str] = {}
        self.seen_units: dict[str, tuple[str, ...]] = {}

    def add(self, code, message, source=None, severity="warning", **about):
        """Add a finding unless the readers already gave the same one."""
        key = (code, source, about.get("email"))
        if source is not None and key in self._seen:
            return
        self._seen.add(key)
        self.findings.append(finding(code, message, source, severity=severity, **about))

    def date(self, day: dt.date | None) -> str:
        if day is None:
            return "on an unknown date"
        return day.strftime("%d/%m/%Y" if self.settings.day_first else "%m/%d/%Y")

    def employed(self, member: StaffMember) -> bool:
        return employed_days(member, self.period) is not None

    # Match: who is on the lists, which rows the policy can use

    def select_staff(self) -> dict[str, StaffMember]:
        staff: dict[str, StaffMember] = {}
        for member in self.inputs.staff:
            staff.setdefault(member.email.lower(), member)
        return staff

    def settle_records(self, staff: dict[str, StaffMember]) -> None:
        ledger = self.inputs.ledger
        # The readers' rule for records of unknown people and courses, applied
        # again for inputs built without read_folder; it settles the same rows
        # the same way, and add() drops a finding the readers already gave.
        self.take(settle_unknown(self.inputs.records, [], list(staff.values()), ledger))
        later: dict[str | None, list[LearningRecord]] = {}
        for record in self.inputs.records:
            email = (record.email or "").lower()
            source = record.source
            settle = source is not None and source.row is not None
            if email not in staff:
                continue
            if record.course is None:
                # The readers name it too (with a close title as a hint);
                # add() keeps theirs when both exist.
                self.add(
                    "unknown-course",
                    f"{record.course_text!r} matches no course in the catalogue",
                    source,
                    email=email,
                )
                continue
            if record.completed is not None and record.completed > self.today:
                if settle:
                    ledger.reject(source, "future-date")
                self.add(
                    "future-date",
                    f"{record.course} completed {self.date(record.completed)}, a "
                    "date still to come; check the cell (day and month swapped?)",
                    source,
                    email=email,
                    course=record.course,
                )
            elif record.completed is not None and record.completed > self.period.end:
                # Not a mistake: done after the period, so it counts in a later
                # one. One finding per file says how many, not one per row.
                if settle:
                    ledger.reject(source, "after-period")
                file = source.file if source else None
                later.setdefault(file, []).append(record)
            else:
                self.note_implausible(record, email)
                self.used.append(record)
                self.records.setdefault(email, []).append(record)
                if record.unit is not None:
                    units = self.seen_units.setdefault(record.course, ())
                    if _unit_key(record.unit) not in map(_unit_key, units):
                        self.seen_units[record.course] = (*units, record.unit)
        for records in later.values():
            rows = sorted(r.source.row for r in records if r.source and r.source.row)
            shown = ", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")
            self.add(
                "after-period",
                f"{len(records)} learning record(s) completed after the period ends "
                f"({self.date(self.period.end)}) are not counted for it (rows "
                f"{shown})",
                records[0].source,
                severity="info",
                academy=records[0].academy,
            )

    def take(self, findings: Iterable[Finding]) -> None:
        """Add findings made elsewhere, unless the readers already gave them."""
        for item in findings:
            self.add(
                item.code,
                item.message,
                item.source,
                item.severity,
                email=item.email,
                course=item.course,
                academy=item.academy,
            )

    def note_implausible(self, record: LearningRecord, email: str) -> None:
        """Flag a completion dated before the portal existed; the row stays."""
        started = self.settings.portal_started
        if started and record.completed and record.completed < started:
            self.add(
                "implausible-date",
                f"{record.course} completed {self.date(record.completed)}, before "
                f"the portal started ({self.date(started)})",
                record.source,
                email=email,
                course=record.course,
            )

    def settle_logins(self, staff: dict[str, StaffMember]) -> None:
        # One activity per e-mail, by the readers' rule for overlapping reports.
        merged = {a.email.lower(): a for a in merge_logins(self.inputs.logins)}
        self.login_academies = {a.academy for a in merged.values()}
        # Accounts of people on no staff list: rows rejected, accounts to remove.
        self.take(
            settle_unknown(
                [], list(merged.values()), list(staff.values()), self.inputs.ledger
            )
        )
        for email, activity in merged.items():
            member = staff.get(email)
            first = activity.sources[0] if activity.sources else None
            if (
                member is not None
                and member.leaving
                and member.leaving < self.period.start
            ):
                self.add(
                    "account-to-remove",
                    f"{member.name} ({email}) left on {self.date(member.leaving)} "
                    "but still has a portal account",
                    first,
                    email=email,
                    academy=member.academy,
                )
        self.activity = merged

    def resolve_courses(self) -> None:
        """Find each course the rules name in the catalogue or the policy items."""
        known: dict[str, Course] = {}
        for course in [*self.inputs.catalogue.courses, *self.policy.items]:
            for name in (course.title, *course.aliases):
                known.setdefault(title_key(name), course)
        for rule in self.policy.rules:
            for title in rule.courses:
                course = known.get(title_key(title))
                if course is None:
                    self.add(
                        "unknown-course",
                        f"rule {rule.id} requires {title!r}, which neither the "
                        "catalogue nor the policy's items list; no record can meet it",
                    )
                    self.titles[title] = title
                else:
                    self.titles[title] = course.title
        for course in [*self.inputs.catalogue.courses, *self.policy.items]:
            self.courses.setdefault(course.title, course)

    # Check: one staff member

    def check_member(self, member: StaffMember) -> StaffResult:
        email = member.email.lower()
        role_ids = self.match_roles(member)
        records = self.records.get(email, [])
        if member.phase is None:
            self.add(
                "unknown-phase",
                f"{member.name} ({email}) has no phase, so no rule of the policy's "
                "appendices was checked",
                member.source,
                email=email,
                academy=member.academy,
            )
        requirements = [
            self.check_course(member, title, whys, records)
            for title, whys in self.applicable(member, role_ids).items()
        ]
        hours = self.check_hours(member, records)
        modules = self.completed_modules(records)
        logins, sessions, last_login, inactive = self.check_portal(member, records)
        return StaffResult(
            staff=member,
            roles=tuple(self.policy.roles[r].title for r in role_ids),
            requirements=requirements,
            hours=hours,
            modules=modules,
            external_training_eligible=(
                len(modules) >= self.settings.modules_for_external_training
            ),
            logins=logins,
            sessions=sessions,
            last_login=last_login,
            inactive=inactive,
            portal_reported=self.portal_reported(member),
        )

    def portal_reported(self, member: StaffMember) -> bool:
        """Whether the drop has a login report covering the member's academy."""
        return self.portal_reported_for(member.academy)

    def portal_reported_for(self, academy: str | None) -> bool:
        return None in self.login_academies or academy in self.login_academies

    def match_roles(self, member: StaffMember) -> list[str]:
        found: list[str] = []
        for text in staff_role_texts(member):
            ids, unknown = self.matcher.match(text)
            found.extend(ids)
            for part in unknown:
                cell = "" if part == text else f" (in {text!r})"
                self.add(
                    "unknown-role",
                    f"{member.name} ({member.email}): role {part!r}{cell} matches "
                    "no role in the policy's vocabulary; add it as a synonym",
                    member.source,
                    email=member.email.lower(),
                    academy=member.academy,
                )
        return self.matcher.expand(found)

    def flag(self, member: StaffMember, role_ids: list[str], name: str) -> bool:
        """A yes/no fact: the staff list, else the roles, else the default."""
        value = getattr(member, name)
        if value is not None:
            return value
        if role_ids:
            return any(name in self.policy.roles[r].flags for r in role_ids)
        return self.settings.flag_defaults.get(name, False)

    def selects(self, selector: Selector, member, role_ids) -> bool:
        if selector.kind == "all":
            return True
        if selector.kind == "flag":
            return self.flag(member, role_ids, selector.value)
        return selector.value in role_ids

    def describe(self, selector: Selector) -> str:
        if selector.kind == "all":
            return "to all staff"
        if selector.kind == "flag":
            return f"to {FLAG_WORDS[selector.value]}"
        return f"as {self.policy.roles[selector.value].title}"

    def applicable(self, member, role_ids) -> dict[str, list[_Why]]:
        """The courses required of a member, each with the rules that ask it."""
        wanted: dict[str, list[_Why]] = {}
        for rule in self.policy.rules:
            if member.phase not in rule.phases:
                continue
            chosen = [s for s in rule.who if self.selects(s, member, role_ids)]
            if not chosen:
                continue
            if any(self.selects(s, member, role_ids) for s in rule.unless):
                continue
            text = self.describe(chosen[0])
            for selector in rule.unless:
                words = self.describe(selector).split(" ", 1)[1]
                text += f", not {words}"
            for title in rule.courses:
                wanted.setdefault(self.titles[title], []).append(_Why(rule, text))
        return wanted

    def check_course(self, member, title, whys, records) -> Requirement:
        applies = "; ".join(f"applies {w.text} (rule {w.rule.id})" for w in whys)
        rule_id = whys[0].rule.id
        mine = [r for r in records if r.course == title]
        days = [w.rule.valid_for_days for w in whys if w.rule.valid_for_days]
        since = self.period.end - dt.timedelta(days=min(days)) if days else None
        done = [
            r
            for r in mine
            if r.status == "completed"
            and (since is None or (r.completed is not None and r.completed >= since))
        ]

        def result(status, reason, evidence):
            sources = [r.source for r in evidence if r.source is not None]
            if status != "met":
                code = f"requirement-{status.replace('_', '-')}"
                self.add(
                    code,
                    f"{member.name}: {reason}",
                    severity="info",
                    email=member.email.lower(),
                    course=title,
                    academy=member.academy,
                )
            return Requirement(rule_id, title, status, reason, sources)

        whole = [r for r in done if r.unit is None]
        if whole:
            last = _latest(whole)
            return result(
                "met", f"met: completed {self.date(last.completed)}{_at(last)}", [last]
            )
        units = self.units(title)
        by_unit = {_unit_key(r.unit): r for r in done if r.unit is not None}
        if units and all(_unit_key(u) in by_unit for u in units):
            evidence = [by_unit[_unit_key(u)] for u in units]
            last = _latest(evidence)
            return result(
                "met",
                f"met: all {len(units)} units completed, the last "
                f"{self.date(last.completed)}{_at(last)}",
                evidence,
            )
        started = [r for r in mine if r.status != "not_started"]
        if by_unit:
            last = _latest(list(by_unit.values()))
            of = f" of {len(units)}" if units else ""
            return result(
                "in_progress",
                f"in_progress: {len(by_unit)}{of} units completed, the last "
                f"{self.date(last.completed)}{_at(last)}",
                list(by_unit.values()),
            )
        expired = [r for r in mine if r.status == "completed"]
        if expired:
            last = _latest(expired)
            return result(
                "missing",
                f"missing: last completed {self.date(last.completed)}{_at(last)}, "
                f"more than {min(days)} days before the period ends; {applies}",
                [last],
            )
        if started:
            first = started[0]
            when = f" {self.date(first.started)}" if first.started else ""
            return result(
                "in_progress", f"in_progress: started{when}{_at(first)}", started
            )
        if mine:
            return result(
                "missing",
                f"missing: enrolled, not started{_at(mine[0])}; {applies}",
                mine,
            )
        return result("missing", f"missing: no record of {title}; {applies}", [])

    def units(self, title: str) -> tuple[str, ...]:
        """The units of a course: the catalogue's, else those the exports show."""
        course = self.courses.get(title)
        if course is not None and course.units:
            return course.units
        return self.seen_units.get(title, ())

    def check_hours(self, member: StaffMember, records) -> Hours:
        rule = self.policy.hours_rule(member.phase)
        required = 0.0
        if rule is not None:
            required, _days = required_hours(
                member,
                self.period,
                self.inputs.holidays,
                self.settings.hours_per_fortnight,
            )
        minutes = 0.0
        by_course: dict[str, list[LearningRecord]] = {}
        # Hours owed are pro rata to the days employed, so hours done count
        # only inside the same days.
        employed = employed_days(member, self.period)
        for record in records:
            day = record.completed
            # A completion whose date could not be read meets a requirement
            # but cannot be placed inside the period.
            if (
                record.status == "completed"
                and day is not None
                and employed is not None
                and employed[0] <= day <= employed[1]
            ):
                by_course.setdefault(record.course, []).append(record)
        for course_title, done in by_course.items():
            # A course-level row repeats the time of its unit rows when both exist.
            units = [r for r in done if r.unit is not None]
            for record in units or done:
                spent = self.minutes(record)
                limit = self.settings.max_hours_per_record
                if spent is not None and spent > limit * 60:
                    self.add(
                        "implausible-duration",
                        f"{member.name}: {_named(course_title, record.unit)} records "
                        f"{spent / 60:g} hours, more than the {limit:g} hours one "
                        "record may hold ([settings] max_hours_per_record); not "
                        "counted towards CPD hours",
                        record.source,
                        email=member.email.lower(),
                        course=course_title,
                    )
                elif spent is None:
                    self.add(
                        "no-time-recorded",
                        f"{member.name}: {_named(course_title, record.unit)} has "
                        "no time spent and no catalogue duration; counted as 0 hours",
                        record.source,
                        email=member.email.lower(),
                        course=course_title,
                    )
                else:
                    minutes += spent
        hours = Hours(done=minutes / 60, required=required)
        if rule is not None and not hours.met:
            self.add(
                "hours-short",
                f"{member.name}: {hours.done:.1f} of {hours.required:.1f} hours done "
                f"in {self.period} (rule {rule.id})",
                severity="info",
                email=member.email.lower(),
                academy=member.academy,
            )
        return hours

    def minutes(self, record: LearningRecord) -> float | None:
        """Time spent on a record: its own, else the catalogue's share."""
        if record.minutes is not None:
            return record.minutes
        course = self.courses.get(record.course)
        if course is None or course.duration_minutes is None:
            return None
        if record.unit is None:
            return course.duration_minutes
        if course.units:
            return course.duration_minutes / len(course.units)
        return None

    def completed_modules(self, records) -> list[LearningRecord]:
        """Completed units, any date; a course-level completion counts as one
        only for a course with no completed unit rows (it repeats them)."""
        seen: dict[tuple[str | None, str], LearningRecord] = {}
        for record in records:
            if record.status == "completed":
                seen.setdefault((record.course, _unit_key(record.unit)), record)
        by_units = {course for course, unit in seen if unit != _unit_key(None)}
        return sorted(
            (
                record
                for (course, unit), record in seen.items()
                if unit != _unit_key(None) or course not in by_units
            ),
            key=lambda r: r.completed or dt.date.min,
        )

    def check_portal(self, member: StaffMember, records):
        email = member.email.lower()
        activity = self.activity.get(email)
        if not self.portal_reported(member):
            return None, None, None, False
        if activity is None and not records:
            self.add(
                "account-to-create",
                f"{member.name} ({email}) has no portal account or activity",
                member.source,
                email=email,
                academy=member.academy,
            )
            return None, None, None, True
        if activity is None:
            # Learning records prove an account; the login report shows no use.
            activity = LoginActivity(email, logins=0, sessions=0)
        first = activity.sources[0] if activity.sources else None
        last = activity.last_login
        if not activity.logins and last is None:
            self.add(
                "never-logged-in",
                f"{member.name} ({email}) has never logged in to the portal",
                first,
                email=email,
                academy=member.academy,
            )
            return activity.logins, activity.sessions, None, True
        limit = self.settings.inactive_after_days
        # A leaver is measured up to their last day, not the period's.
        end = min(self.period.end, member.leaving or self.period.end)
        inactive = last is not None and (end - last).days > limit
        if inactive:
            self.add(
                "inactive",
                f"{member.name} ({email}) last logged in {self.date(last)}, "
                f"more than {limit} days before {self.date(end)}",
                first,
                email=email,
                academy=member.academy,
            )
        return activity.logins, activity.sessions, last, inactive


def _latest(records: Iterable[LearningRecord]) -> LearningRecord:
    return max(records, key=lambda r: r.completed or dt.date.min)


def _at(record: LearningRecord) -> str:
    return f" ({record.source})" if record.source is not None else ""


def _named(course: str, unit: str | None) -> str:
    return f"{course}, unit {unit!r}" if unit else course


def _unit_key(unit: str | None) -> str:
    return " ".join((unit or "").casefold().split())
