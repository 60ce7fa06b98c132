"""The numbers every output shows, worked out by hand from the fixture."""

from __future__ import annotations

import pytest
from writers_fixtures import DIFFERENTIATION, EY_SEN, SAFEGUARDING, make_results

from cpd_xl.writers.figures import Share, compute_figures, format_hours


@pytest.mark.parametrize(
    "count, total, percent",
    [
        (1, 3, 33),
        (2, 3, 67),
        (1, 8, 13),  # 12.5% shows as 13% in a 0% cell: half up, not to even
        (3, 8, 38),
        (5, 8, 63),
        (1, 200, 1),  # 0.5%
        (0, 4, 0),
        (4, 4, 100),
    ],
)
def test_share_rounds_like_a_percent_cell(count, total, percent):
    share = Share(count, total)
    assert share.percent == percent
    assert str(share) == f"{percent}%"
    assert share.value == count / total


def test_a_share_of_no_one_is_not_a_number():
    assert Share(0, 0).value is None
    assert str(Share(0, 0)) == "n/a"


@pytest.mark.parametrize(
    "hours, text",
    [
        (0.25, "0.3"),
        (1.25, "1.3"),
        (3.8, "3.8"),
        (1.8 - 0.0, "1.8"),
        (0.0, "0.0"),
        (2.04999, "2.0"),
        (10 / 3, "3.3"),
    ],
)
def test_format_hours_rounds_half_up(hours, text):
    assert format_hours(hours) == text


def test_academy_and_phase_figures():
    figures = compute_figures(make_results())
    assert [a.academy for a in figures.academies] == ["AJA", "AMAB"]
    aja = figures.academy("AJA")
    assert [g.phase for g in aja.phases] == ["EYFS", "Primary"]
    primary = aja.phase("Primary")
    assert (primary.staff, primary.mandatory_met, primary.hours_met) == (2, 1, 1)
    assert (primary.active, primary.never_logged_in, primary.eligible) == (1, 0, 1)
    eyfs = aja.phase("EYFS")
    assert (eyfs.staff, eyfs.mandatory_met, eyfs.active, eyfs.never_logged_in) == (
        1,
        0,
        0,
        1,
    )
    total = aja.total
    assert (total.staff, total.mandatory_met, total.hours_met, total.active) == (
        3,
        1,
        1,
        1,
    )
    assert str(total.mandatory_share) == "33%"
    amab = figures.academy("AMAB").total
    assert (amab.staff, amab.mandatory_met, amab.hours_met, amab.active) == (
        2,
        1,
        2,
        2,
    )
    everyone = figures.total
    assert (everyone.staff, everyone.mandatory_met, everyone.hours_met) == (5, 2, 3)
    assert (everyone.active, everyone.eligible, everyone.compliant) == (3, 2, 2)
    assert [str(s) for s in (everyone.mandatory_share, everyone.hours_share)] == [
        "40%",
        "60%",
    ]
    assert figures.records == {"AJA": 5, "AMAB": 5}


def test_course_completion_per_academy():
    aja = compute_figures(make_results()).academy("AJA")
    table = {
        c.course: (c.required, c.met, c.in_progress, c.missing) for c in aja.courses
    }
    assert table == {
        DIFFERENTIATION: (2, 1, 1, 0),
        EY_SEN: (1, 1, 0, 0),
        SAFEGUARDING: (3, 2, 0, 1),
    }


def test_a_course_asked_by_two_rules_counts_once():
    # Dana's Evaluating Teacher Performance is asked by two Appendix C rules.
    amab = compute_figures(make_results()).academy("AMAB")
    etp = next(c for c in amab.courses if c.course == "Evaluating Teacher Performance")
    assert (etp.required, etp.in_progress) == (1, 1)
    owed = [(o.staff.staff.name, o.item, o.status) for o in amab.owed]
    assert owed == [
        ("Dana Dale", "Evaluating Teacher Performance", "in progress"),
        ("Dana Dale", "Performance Management", "missing"),
    ]


def test_hours_shortfall_is_owed():
    aja = compute_figures(make_results()).academy("AJA")
    hours = [(o.staff.staff.email, o.reason) for o in aja.owed if o.item == "CPD hours"]
    assert hours == [
        ("bea@aja.example", "3.8 hours short of the 3.8 hours required for the period"),
        (
            "hostile@aja.example",
            "1.8 hours short of the 3.8 hours required for the period",
        ),
    ]
