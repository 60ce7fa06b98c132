"""The example drop: cpd-xl finds every problem planted in it.

examples/make_examples.py writes the drop and, outside it, a list of what it
planted (examples/autumn-2026-planted.json), each with its file and row. The
list is the generator's own account of the drop, written independently of the
readers and the policy, so it is a check on both.
"""

import datetime as dt
import json
from pathlib import Path

import pytest

from cpd_xl import check, load_catalogue, load_policy, read_folder
from cpd_xl.model import Period

ROOT = Path(__file__).resolve().parents[1]
PLANTED = json.loads((ROOT / "examples" / "autumn-2026-planted.json").read_text())


def planted(code):
    return [p for p in PLANTED["planted"] if p["code"] == code]


@pytest.fixture(scope="module")
def results():
    policy = load_policy()
    inputs = read_folder(
        ROOT / PLANTED["drop"], catalogue=load_catalogue(extra=policy.items)
    )
    start, end = PLANTED["period"].split("..")
    period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    return check(inputs, policy, period)


@pytest.fixture(scope="module")
def by_email(results):
    return {s.staff.email: s for s in results.staff}


def findings(results, code):
    return [f for f in results.findings if f.code == code]


def at(finding):
    source = finding.source
    return (source.file, source.row) if source else (None, None)


@pytest.mark.parametrize(
    "code", ["bad-date", "unknown-staff", "unknown-course", "unknown-role"]
)
def test_each_planted_row_gets_its_finding(results, code):
    found = {at(f) for f in findings(results, code)}
    for item in planted(code):
        assert (item["file"], item["row"]) in found, item


def test_the_totals_row_is_rejected_not_used(results):
    (item,) = planted("totals-row")
    rows = results.file_rows[item["file"]]
    assert rows.rejected_total >= 1
    assert any(at(f) == (item["file"], item["row"]) for f in results.findings)


@pytest.mark.parametrize("code", ["account-to-create", "account-to-remove"])
def test_accounts_to_create_and_remove(results, code):
    emails = {f.email for f in findings(results, code)}
    assert {item["email"] for item in planted(code)} <= emails


def test_an_email_in_capitals_is_the_same_person(results, by_email):
    (item,) = planted("email-case")
    assert item["email"] in by_email
    unknown = {f.email for f in findings(results, "unknown-staff")}
    assert item["email"] not in unknown


def test_inactive_after_thirty_days_and_not_at_thirty(by_email):
    for item in planted("inactive"):
        assert by_email[item["email"]].inactive, item
    for item in planted("active-at-boundary"):
        assert not by_email[item["email"]].inactive, item


def test_never_logged_in(by_email):
    for item in planted("never-logged-in"):
        assert by_email[item["email"]].never_logged_in, item


@pytest.mark.parametrize("academy", ["AJA", "AMAG", "AMAB"])
def test_staff_counts_and_the_five_module_rule(results, by_email, academy):
    told = PLANTED["staff"][academy]
    checked = [s for s in results.staff if s.staff.academy == academy]
    # Leavers before the period and joiners after it are not checked.
    start, end = (dt.date.fromisoformat(d) for d in PLANTED["period"].split(".."))
    outside = sum(
        dt.date.fromisoformat(day) < start for day in told["leavers"].values()
    ) + sum(dt.date.fromisoformat(day) > end for day in told["joiners"].values())
    assert len(checked) == told["count"] - outside
    for email in told["exactly_4_completed"]:
        assert len(by_email[email].modules) == 4
        assert not by_email[email].external_training_eligible
    for email in told["exactly_5_completed"]:
        assert len(by_email[email].modules) == 5
        assert by_email[email].external_training_eligible


@pytest.mark.parametrize("academy", ["AJA", "AMAG", "AMAB"])
def test_staff_meant_to_comply_do(by_email, academy):
    for email in PLANTED["staff"][academy]["meant_compliant"]:
        person = by_email[email]
        assert person.compliant, [r.reason for r in person.requirements]


def test_the_ledger_adds_up(results):
    assert results.rows.adds_up
    assert results.rows.read == sum(r.read for r in results.file_rows.values())
