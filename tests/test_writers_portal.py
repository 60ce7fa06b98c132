"""No login report for an academy: portal use is unknown, not "never"."""

from __future__ import annotations

import openpyxl
import pytest
from writers_fixtures import make_results, without_login_report

from cpd_xl.writers import write_report
from cpd_xl.writers.figures import NO_LOGIN_REPORT, compute_figures

PERIOD = "2026-09-01 to 2026-10-23"
NA = NO_LOGIN_REPORT


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("portal")
    write_report(without_login_report(make_results(), "AMAB"), out)
    return out


def test_figures_count_only_staff_with_a_login_report():
    figures = compute_figures(without_login_report(make_results(), "AMAB"))
    amab = figures.academy("AMAB").total
    assert (amab.staff, amab.portal_reported, amab.active) == (2, 0, 0)
    assert (amab.inactive, amab.never_logged_in) == (0, 0)
    assert amab.no_login_report
    assert str(amab.active_share) == "n/a"
    everyone = figures.total
    # Alice active, the hostile name inactive, Bea never: all in AJA.
    assert (everyone.staff, everyone.portal_reported) == (5, 3)
    assert (everyone.active, everyone.inactive, everyone.never_logged_in) == (1, 1, 1)
    assert str(everyone.active_share) == "33%"
    assert not everyone.no_login_report


def test_an_academy_with_no_staff_is_not_missing_a_report():
    results = make_results()
    results.academies.append("AMAG")
    amag = compute_figures(results).academy("AMAG").total
    assert not amag.no_login_report


def test_academy_summary_says_n_a(out):
    book = openpyxl.load_workbook(out / f"AMAB CPD {PERIOD}.xlsx")
    summary = rows(book["Summary"])
    assert "no login report for AMAB" in summary[2][0]
    # Staff, mandatory met, share, hours met, share, logged in, share, never,
    # eligible: Carl and Dana, Carl met every course, both meet the hours.
    assert summary[4] == ["Secondary", 2, 1, 0.5, 2, 1, NA, "n/a", NA, 1]
    assert summary[5] == ["AMAB (all phases)", 2, 1, 0.5, 2, 1, NA, "n/a", NA, 1]
    use = rows(book["Portal use"])[1:]
    assert [(r[1], r[3], r[5], r[6]) for r in use] == [
        ("carl@amab.example", None, None, "unknown (no login report)"),
        ("dana@amab.example", None, None, "unknown (no login report)"),
    ]


def test_the_academy_with_a_report_is_unchanged(out):
    book = openpyxl.load_workbook(out / f"AJA CPD {PERIOD}.xlsx")
    summary = rows(book["Summary"])
    assert summary[2][0] is None
    assert summary[6] == ["AJA (all phases)", 3, 1, 1 / 3, 1, 1 / 3, 1, 1 / 3, 1, 1]


def test_head_office_comparison(out):
    book = openpyxl.load_workbook(out / f"Head office CPD {PERIOD}.xlsx")
    data = rows(book["Comparison"])
    assert data[2] == ["AMAB", 2, 1, 0.5, 2, 1, NA, "n/a", NA, 1, 5]
    # 1 of the 3 AJA staff logged in within the window; 1 never did.
    assert data[3] == ["All academies", 5, 2, 0.4, 3, 0.6, 1, 1 / 3, 1, 2, 10]
    assert data[5][0] == (
        "Portal use counts only the 3 of 5 staff whose academy's login report "
        "is in the drop."
    )
    portal = {r[3]: r[12] for r in rows(book["Staff"])[1:]}
    assert portal["carl@amab.example"] == "unknown (no login report)"
    assert portal["bea@aja.example"] == "never logged in"


def test_the_text_says_n_a(out):
    section = (
        out / f"AMAB Secondary head of school CPD section {PERIOD}.txt"
    ).read_text()
    assert "Logged in to the portal within the window: n/a (no login report)" in (
        section.splitlines()
    )
    assert "Never logged in: n/a (no login report)" in section.splitlines()
    principal = (
        out / f"AMAB Principal Monthly Report CPD section {PERIOD}.txt"
    ).read_text()
    assert (
        "2 (100%) meet the rule of at least 1 hour of CPD per fortnight and "
        "portal use is n/a (no login report). 1 may have" in principal
    )
    assert f"- AMAB (all phases): 2 | 1 (50%) | 2 (100%) | {NA} | 1" in principal
    director = (out / f"Director of Education CPD utilisation {PERIOD}.txt").read_text()
    assert (
        "Across 2 academies, 1 of the 3 staff with a login report (33%) logged in "
        "to the portal within the window and 1 has never logged in (there is no "
        "login report for the other 2); 2 (40%)" in director
    )
    assert f"- AMAB: 2 | {NA} | {NA} | 1 (50%) | 2 (100%) | 5" in director
    assert "- All academies: 5 | 1 (33%) | 1 | 2 (40%) | 3 (60%) | 10" in director


def test_the_html_says_n_a(out):
    html = (
        out / f"AMAB Principal Monthly Report CPD section {PERIOD}.html"
    ).read_text()
    assert f">{NA}</td>" in html
    assert "portal use is n/a (no login report)." in html
    director = (
        out / f"Director of Education CPD utilisation {PERIOD}.html"
    ).read_text()
    assert f">{NA}</td><td" in director
