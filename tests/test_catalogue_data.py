"""The shipped catalogue/ files hold Appendix A, and nothing the policy omits."""

import csv
import re
from pathlib import Path

import pytest

from cpd_xl.model import Course
from cpd_xl.readers.titles import CourseIndex, read_aliases

CATALOGUE = Path(__file__).resolve().parents[1] / "catalogue"
POLICY = (
    Path(__file__).resolve().parents[2] / "shared" / "policy" / "cpd-portal-policy.md"
)

COLUMNS = [
    "heading",
    "course",
    "units",
    "target audience",
    "mode of completion",
    "recommended trainer",
    "duration (minutes)",
    "duration breakdown",
    "units usable separately",
    "guiding notes",
]

# Appendix A, copied by hand from the policy, heading by heading.
APPENDIX_A = {
    "Leadership and Governance": [
        "Coaching for Change",
        "Evaluating Teacher Performance",
        "Middle Leadership Essentials",
        "Performance Management",
        "Tackling Staff Underperformance",
    ],
    "School Business Management": [
        "Achieving Value for Money",
        "Risk Assessment",
        "Staff Wellbeing",
    ],
    "Teaching and Learning": [
        "Accelerate Progress with Metacognition",
        "Action Research for Improved Classroom Teaching",
        "Assessment Without Levels",
        "CPD Leadership: Essentials",
        "CPD Leadership: Strategy",
        "Developmental Lesson Observation",
        "Differentiation in Practice",
        "EAL for Classroom Teachers",
        "Early Years SEN",
        "Effective Lesson Planning",
        "Effective Use of Pupil Voice",
        "Embedding Literacy",
        "Embedding Numeracy",
        "EYFS Bite-size Training",
        "Marking and Feedback",
        "Mastery Learning and Assessment",
        "Peer Observation",
        "Questioning for Challenge",
        "Teacher Development Programme",
    ],
    "SEN, Safeguarding and Pastoral": [
        "Improving Behaviour through Restorative Approaches",
        "Managing Neglect",
        "Managing Self-Harm",
        "Preventing and Tackling Cyberbullying",
        "Preventing Extremism and Radicalisation",
        "Preventing Prejudice-Based Bullying",
        "Safeguarding Whole-School Update",
        "SEND Inclusive Teaching Programme",
        "Sexual Exploitation and Grooming",
        "Tackling Low-Level Disruption",
        "Teaching Assistants: Successful Classroom Partnerships",
    ],
    "Topical Briefings": ["Briefings: governors and school leaders"],
    "Conference Summaries": [
        "Child Protection in Education 2015",
        "Employment Law in Education 2016",
        "Secondary Data 2016",
    ],
    "Staff Meeting Sessions": ["Topics for team meetings"],
}

# The only cells the policy gives values for; every other cell stays blank.
STATED = {
    ("Safeguarding Whole-School Update", "mode of completion"): (
        "independent self-study"
    ),
    ("Differentiation in Practice", "mode of completion"): "independent self-study",
    ("EAL for Classroom Teachers", "mode of completion"): "facilitated training",
    ("EAL for Classroom Teachers", "duration (minutes)"): "80",
    ("EAL for Classroom Teachers", "duration breakdown"): "1 x 80 min or 2 x 40 min",
}
NOTED = {
    "Differentiation in Practice": ["weekly 1-hour CPD session", "for myself"],
    "EAL for Classroom Teachers": ["Head of Secondary", "internal PD"],
    "Accelerate Progress with Metacognition": ["co-ordinators", "internal PD"],
}


def read_rows(name):
    with (CATALOGUE / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def rows():
    return read_rows("catalogue.csv")


def test_columns():
    with (CATALOGUE / "catalogue.csv").open(encoding="utf-8", newline="") as stream:
        assert next(csv.reader(stream)) == COLUMNS


def test_every_appendix_a_course_once_in_order(rows):
    expected = [(h, c) for h, courses in APPENDIX_A.items() for c in courses]
    assert [(r["heading"], r["course"]) for r in rows] == expected
    assert len(rows) == 43


def test_archive_has_no_row(rows):
    assert "Archive" not in {r["heading"] for r in rows}


@pytest.mark.parametrize(
    "column",
    [c for c in COLUMNS if c not in ("heading", "course", "guiding notes")],
)
def test_only_stated_values_are_filled(rows, column):
    for row in rows:
        assert row[column] == STATED.get((row["course"], column), ""), row["course"]


def test_only_stated_notes_are_filled(rows):
    for row in rows:
        notes = row["guiding notes"]
        for phrase in NOTED.get(row["course"], []):
            assert phrase in notes, row["course"]
        if row["course"] not in NOTED:
            assert notes == "", row["course"]


def test_shipped_tables_load_together(rows):
    courses = [Course(r["heading"], r["course"]) for r in rows]
    aliases = read_aliases(CATALOGUE / "aliases.csv", titles=[c.title for c in courses])
    index = CourseIndex(courses, aliases)
    assert index.match("CPD leadership essentials: coaching staff").title == (
        "CPD Leadership: Essentials"
    )
    assert index.match("Safeguarding Whole School Update").title == (
        "Safeguarding Whole-School Update"
    )
    assert index.match("EAL for classroom teachers").title == (
        "EAL for Classroom Teachers"
    )
    assert index.match("CPD Leadership") is None


def test_every_alias_is_justified_and_needed(rows):
    titles = {r["course"] for r in rows}
    index = CourseIndex([Course(r["heading"], r["course"]) for r in rows])
    for alias in read_rows("aliases.csv"):
        assert alias["catalogue title"] in titles
        assert alias["why"].strip(), alias["written as"]
        # An alias the key already matches would be noise in the table.
        assert index.match(alias["written as"]) is None, alias["written as"]


def appendix_a_from_policy(text):
    section = text.split("## Appendix A", 1)[1].split("\n\nThe provider", 1)[0]
    items = re.split(r"\n- ", " ".join(section.split("\n  ")))
    found = {}
    for item in items[1:]:
        heading, _, courses = item.strip().partition(":")
        found[heading] = [c.strip() for c in courses.split(";") if c.strip()]
    return found


@pytest.mark.skipif(not POLICY.exists(), reason="shared/ policy not beside the repo")
def test_hand_list_agrees_with_the_policy_file():
    found = appendix_a_from_policy(POLICY.read_text(encoding="utf-8"))
    assert found.pop("Archive") == []
    assert found == APPENDIX_A
