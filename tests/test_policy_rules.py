"""The policy file: the shipped one encodes Appendices B and C; bad ones fail well."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from cpd_xl.errors import PolicyError
from cpd_xl.policy import Selector, load_policy
from cpd_xl.policy.rules import parse_policy
from cpd_xl.resources import catalogue_dir

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def test_shipped_policy_has_every_row_of_the_appendices(policy):
    # Appendix B has 13 rows, the 13th the hours; Appendix C 7, the 7th hours.
    assert [r.id for r in policy.rules] == [f"B-{n}" for n in range(1, 13)] + [
        f"C-{n}" for n in range(1, 7)
    ]
    assert [(h.id, h.phases) for h in policy.hours] == [
        ("B-13", ("EYFS", "Primary")),
        ("C-7", ("Secondary",)),
    ]
    for rule in policy.rules:
        expected = ("Secondary",) if rule.id.startswith("C") else ("EYFS", "Primary")
        assert rule.phases == expected


def test_shipped_settings_are_the_policy_numbers(policy):
    settings = policy.settings
    assert settings.hours_per_fortnight == 1
    assert settings.modules_for_external_training == 5
    assert settings.inactive_after_days == 30
    assert settings.day_first is True
    assert settings.portal_started == dt.date(2015, 1, 1)


def test_info_names_the_file_and_its_hash(policy):
    import hashlib

    path = catalogue_dir() / "policy.toml"
    assert policy.info.path == str(path)
    assert policy.info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert policy.info.version == "2019-01"


@pytest.mark.parametrize(
    "rule_id, who, courses",
    [
        ("B-1", ["all"], ["Safeguarding Whole-School Update"]),
        ("B-5", ["flag:teaching"], None),
        (
            "B-12",
            ["role:head_of_primary"],
            [
                "Evaluating Teacher Performance",
                "Performance Management",
                "Tackling Staff Underperformance",
            ],
        ),
        ("C-1", ["flag:contact_with_students"], ["Safeguarding Whole-School Update"]),
        ("C-2", ["flag:classroom_teacher"], ["EAL for Classroom Teachers"]),
        ("C-4", ["flag:conducts_pm"], ["Evaluating Teacher Performance"]),
        ("C-6", ["role:middle_leader"], ["Middle Leadership Essentials"]),
    ],
)
def test_rules_say_who_as_the_policy_does(policy, rule_id, who, courses):
    rule = {r.id: r for r in policy.rules}[rule_id]
    assert [
        s.kind if s.kind == "all" else f"{s.kind}:{s.value}" for s in rule.who
    ] == who
    if courses is not None:
        assert list(rule.courses) == courses


def test_middle_leaders_in_npqml_are_excepted(policy):
    rule = {r.id: r for r in policy.rules}["C-6"]
    assert rule.unless == (Selector("flag", "npqml"),)


def test_the_three_eal_sessions_are_items_outside_the_catalogue(policy):
    assert [i.heading for i in policy.items] == ["EAL short sessions"] * 3
    b5 = {r.id: r for r in policy.rules}["B-5"]
    assert list(b5.courses) == [i.title for i in policy.items]


def test_every_required_course_is_in_the_shipped_catalogue(policy):
    path = catalogue_dir() / "catalogue.csv"
    if not path.exists():
        pytest.skip("the shipped catalogue is not in yet")
    with path.open(encoding="utf-8", newline="") as file:
        titles = {row["course"] for row in csv.DictReader(file)}
    items = {i.title for i in policy.items}
    required = {c for r in policy.rules for c in r.courses} - items
    assert required <= titles


def test_required_courses_are_appendix_a_titles(policy):
    text_path = SHARED / "policy" / "cpd-portal-policy.md"
    if not text_path.exists():
        pytest.skip("shared/policy is not beside the repository")
    text = text_path.read_text(encoding="utf-8").split("## Appendix B")[0]
    appendix_a = " ".join(text.split())  # titles wrap across lines
    items = {i.title for i in policy.items}
    for rule in policy.rules:
        for course in set(rule.courses) - items:
            assert course in appendix_a, (rule.id, course)


def test_no_rule_names_a_role_outside_the_vocabulary(policy):
    for rule in policy.rules:
        for selector in (*rule.who, *rule.unless):
            if selector.kind == "role":
                assert selector.value in policy.roles


# Validation: each error names the entry at fault.

GOOD_RULE = {"id": "X-1", "phases": ["Primary"], "who": ["all"], "courses": ["A"]}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"setting": {}}, "the file: unknown key 'setting'"),
        ({"settings": {"hours_per_fortnight": "1"}}, "[settings] hours_per_fortnight"),
        ({"settings": {"inactive_after_days": 30.5}}, "must be a whole number"),
        ({"settings": {"day_first": "yes"}}, "[settings] day_first"),
        ({"settings": {"portal_started": "2015"}}, "[settings] portal_started"),
        (
            {"settings": {"flag_defaults": {"tall": True}}},
            "[settings.flag_defaults]: unknown flag 'tall'",
        ),
        ({"roles": {"x": {"synonyms": ["y"]}}}, "[roles.x] title"),
        ({"roles": {"x": {"title": "X", "flags": ["tall"]}}}, "unknown flag 'tall'"),
        (
            {"roles": {"x": {"title": "X", "implies": ["y"]}}},
            "[roles.x] implies 'y', which is no role",
        ),
        ({"rule": [{**GOOD_RULE, "phases": ["KS2"]}]}, "unknown phase 'KS2'"),
        ({"rule": [{**GOOD_RULE, "who": ["role:ghost"]}]}, "[[rule]] X-1 who"),
        ({"rule": [{**GOOD_RULE, "who": []}]}, "[[rule]] X-1 who must name"),
        ({"rule": [{**GOOD_RULE, "unless": ["flag:tall"]}]}, "[[rule]] X-1 unless"),
        ({"rule": [{**GOOD_RULE, "courses": []}]}, "X-1 must require at least one"),
        ({"rule": [{**GOOD_RULE, "items": ["Z"]}]}, "items: 'Z' is not the title"),
        ({"rule": [{**GOOD_RULE, "valid_for_days": 0}]}, "valid_for_days must be"),
        ({"rule": [{**GOOD_RULE, "colour": "red"}]}, "[[rule]] 1: unknown key"),
        ({"rule": [GOOD_RULE, GOOD_RULE]}, "rule id 'X-1' is used twice"),
        ({"hours": [{"id": "H", "phases": []}]}, "[[hours]] 1 phases must name"),
        ({"item": [{"title": "T"}]}, "[[item]] 1 heading"),
    ],
)
def test_bad_policy_names_the_entry(data, message):
    with pytest.raises(PolicyError) as error:
        parse_policy(data, "my-policy.toml")
    assert str(error.value).startswith("my-policy.toml: ")
    assert message in str(error.value)


def test_a_file_that_is_not_toml(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text("[settings\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="not a valid TOML file"):
        load_policy(path)


def test_a_missing_file(tmp_path):
    with pytest.raises(PolicyError, match="cannot read the policy file"):
        load_policy(tmp_path / "none.toml")


def test_a_small_policy_of_another_group(tmp_path):
    path = tmp_path / "other.toml"
    path.write_text(
        """
[policy]
name = "Other group"
version = "3"

[settings]
hours_per_fortnight = 1.5
inactive_after_days = 14

[roles.dsl]
title = "Designated safeguarding lead"
synonyms = ["DSL"]

[[rule]]
id = "S-1"
phases = ["Primary", "Secondary"]
who = ["role:dsl"]
courses = ["Managing Neglect"]
valid_for_days = 365
""",
        encoding="utf-8",
    )
    policy = load_policy(path)
    assert policy.info.name == "Other group"
    assert policy.settings.hours_per_fortnight == 1.5
    assert policy.settings.modules_for_external_training == 5  # default
    assert policy.rules[0].valid_for_days == 365
    assert policy.hours == [] and policy.items == []
