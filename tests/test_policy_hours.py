"""Days employed in the period and school holidays, counted by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from cpd_xl.model import Holiday, Period, StaffMember
from cpd_xl.policy.hours import employed_days, holiday_days, required_hours

D = dt.date
PERIOD = Period(D(2026, 9, 1), D(2026, 10, 30))


def member(start=None, leaving=None, academy="AJA"):
    return StaffMember("a@x.org", "A", academy, "Primary", start=start, leaving=leaving)


@pytest.mark.parametrize(
    "start, leaving, span",
    [
        (None, None, (D(2026, 9, 1), D(2026, 10, 30))),
        (D(2019, 1, 1), D(2027, 1, 1), (D(2026, 9, 1), D(2026, 10, 30))),
        (D(2026, 10, 3), None, (D(2026, 10, 3), D(2026, 10, 30))),
        (None, D(2026, 9, 14), (D(2026, 9, 1), D(2026, 9, 14))),
        (D(2026, 9, 7), D(2026, 9, 7), (D(2026, 9, 7), D(2026, 9, 7))),
        (None, D(2026, 8, 31), None),
        (D(2026, 10, 31), None, None),
    ],
)
def test_employed_days(start, leaving, span):
    assert employed_days(member(start, leaving), PERIOD) == span


def test_holiday_days_count_each_day_once_and_only_inside_the_span():
    holidays = [
        Holiday("half term", D(2026, 10, 26), D(2026, 11, 3), "AJA"),  # 5 inside
        Holiday("inset", D(2026, 10, 27), D(2026, 10, 27)),  # inside half term
        Holiday("other", D(2026, 9, 7), D(2026, 9, 11), "AMAB"),  # not AJA
        Holiday("summer", D(2026, 7, 20), D(2026, 9, 2), None),  # 1-2 Sep
    ]
    assert holiday_days(holidays, "AJA", D(2026, 9, 1), D(2026, 10, 30)) == 7
    assert holiday_days(holidays, "AMAB", D(2026, 9, 1), D(2026, 10, 30)) == 8


def test_required_hours_and_days():
    holidays = [Holiday("half term", D(2026, 10, 26), D(2026, 10, 30), "AJA")]
    # Joined 12 Oct: 12-30 Oct is 19 days, less 5 of half term: 14, one hour.
    hours, days = required_hours(member(D(2026, 10, 12)), PERIOD, holidays, 1)
    assert (hours, days) == (1.0, 14)
    # Twice the rate, no holidays, whole period: 2 x 60 / 14.
    hours, days = required_hours(member(), PERIOD, [], 2)
    assert days == 60 and hours == pytest.approx(120 / 14)
    assert required_hours(member(leaving=D(2026, 8, 1)), PERIOD, [], 1) == (0.0, 0)
