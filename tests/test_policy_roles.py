"""Role texts as staff lists write them, matched to the shipped vocabulary."""

from __future__ import annotations

import pytest

from cpd_xl.model import StaffMember
from cpd_xl.policy import load_policy
from cpd_xl.policy.roles import RoleMatcher, normalise_role, staff_role_texts


@pytest.fixture(scope="module")
def matcher():
    return RoleMatcher(load_policy().roles)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Head of Primary", ["head_of_primary"]),
        ("head of primary ", ["head_of_primary"]),
        ("Head of Secondary", ["head_of_secondary"]),
        ("Head of Early Years", ["head_of_eyfs"]),
        ("EYFS Co-ordinator", ["eyfs_coordinator"]),
        ("EYFS coordinator", ["eyfs_coordinator"]),
        ("Primary Co-ordinator", ["primary_coordinator"]),
        ("LY leader", ["literacy_leader"]),
        ("Literacy Leader", ["literacy_leader"]),
        ("NY leader", ["numeracy_leader"]),
        ("Year Leader", ["year_leader"]),
        ("Year 6 Leader", ["year_leader"]),
        ("Head of Year 9", ["year_leader"]),
        ("Head of English", ["head_of_english"]),
        ("Head of Maths", ["head_of_maths"]),
        ("Head of Learning Support", ["head_of_learning_support"]),
        ("English Leader", ["english_leader"]),
        ("Maths Leader", ["maths_leader"]),
        ("Middle Leader", ["middle_leader"]),
        ("Classroom Teacher", ["classroom_teacher"]),
        ("Year 3 Teacher", ["classroom_teacher"]),
        ("Reception Teacher", ["classroom_teacher"]),
        ("Teaching Assistant", ["teaching_assistant"]),
        ("Office", ["office"]),
        ("Site", ["site"]),
        ("Non-teaching staff", ["non_teaching"]),
        ("Head of Science", ["head_of_department"]),
        ("Head of Teaching and Learning", ["head_of_department"]),
        ("Head of Teaching & Learning", ["head_of_department"]),
        (
            "Head of Science and Year 2 Teacher",
            ["head_of_department", "classroom_teacher"],
        ),
        ("Office & Site", ["office", "site"]),
        # Cells holding two roles are split when the whole matches nothing.
        ("Year 3 Teacher / Literacy Leader", ["classroom_teacher", "literacy_leader"]),
        ("Head of English / Middle Leader", ["head_of_english", "middle_leader"]),
        (
            "EYFS Co-ordinator and Classroom Teacher",
            [
                "eyfs_coordinator",
                "classroom_teacher",
            ],
        ),
    ],
)
def test_role_texts(matcher, text, expected):
    assert matcher.match(text) == (expected, [])


@pytest.mark.parametrize(
    "text, known, unknown",
    [
        ("Forest School Lead", [], ["Forest School Lead"]),
        ("Sensory Room Champion", [], ["Sensory Room Champion"]),
        (
            "Classroom Teacher; Forest School Lead",
            ["classroom_teacher"],
            ["Forest School Lead"],
        ),
        (
            "Forest School Lead and Year 2 Teacher",
            ["classroom_teacher"],
            ["Forest School Lead"],
        ),
    ],
)
def test_unknown_parts_are_named_and_known_parts_kept(matcher, text, known, unknown):
    assert matcher.match(text) == (known, unknown)


def test_heads_of_department_are_not_taken_as_middle_leaders(matcher):
    # Appendix B names heads of English and Maths beside, not among, the
    # leaders who must take Middle Leadership Essentials.
    assert matcher.expand(["head_of_maths"]) == ["head_of_maths"]


def test_implied_roles_are_added_once():
    from cpd_xl.policy import Role

    roles = {
        "a": Role("a", "A", implies=("b",)),
        "b": Role("b", "B", implies=("c",)),
        "c": Role("c", "C"),
    }
    assert RoleMatcher(roles).expand(["a", "c", "b"]) == ["a", "c", "b"]


def test_normalise_role():
    assert normalise_role("  Co-Ordinator & Lead. ") == "coordinator and lead"


def test_job_title_stands_in_when_no_roles_are_given():
    member = StaffMember("a@b.org", "A", "AJA", "Primary", job_title="Teacher")
    assert staff_role_texts(member) == ("Teacher",)
    member.roles = ("Office",)
    assert staff_role_texts(member) == ("Office",)
