"""Pro-rata CPD hours: days employed in the period, less school holidays."""

from __future__ import annotations

import datetime as dt

from ..model import Holiday, Period, StaffMember


def employed_days(
    member: StaffMember, period: Period
) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the period the member is employed, or None.

    ``start`` is the first day of work and ``leaving`` the last one.
    """
    first = max(period.start, member.start) if member.start else period.start
    last = min(period.end, member.leaving) if member.leaving else period.end
    return (first, last) if first <= last else None


def holiday_days(
    holidays: list[Holiday], academy: str | None, first: dt.date, last: dt.date
) -> int:
    """Days from first to last (both included) that are a holiday of the academy.

    A holiday with no academy applies to every academy; overlapping holidays
    are counted once.
    """
    days: set[dt.date] = set()
    for holiday in holidays:
        if holiday.academy is not None and holiday.academy != academy:
            continue
        day = max(holiday.start, first)
        end = min(holiday.end, last)
        while day <= end:
            days.add(day)
            day += dt.timedelta(days=1)
    return len(days)


def required_hours(
    member: StaffMember,
    period: Period,
    holidays: list[Holiday],
    hours_per_fortnight: float,
) -> tuple[float, int]:
    """Hours required of a member in the period, and the working days counted."""
    span = employed_days(member, period)
    if span is None:
        return 0.0, 0
    first, last = span
    days = (last - first).days + 1 - holiday_days(holidays, member.academy, first, last)
    return hours_per_fortnight * days / 14, days
