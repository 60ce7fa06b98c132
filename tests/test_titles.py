"""Matching course titles to catalogue courses, and the alias table."""

import pytest

from cpd_xl.errors import InputError
from cpd_xl.model import Course, Source
from cpd_xl.readers.titles import CourseIndex, read_aliases

TL = "Teaching and Learning"
SSP = "SEN, Safeguarding and Pastoral"


@pytest.fixture
def courses():
    return [
        Course(TL, "CPD Leadership: Essentials"),
        Course(TL, "CPD Leadership: Strategy"),
        Course(TL, "EAL for Classroom Teachers"),
        Course(TL, "Marking and Feedback"),
        Course(TL, "EYFS Bite-size Training", aliases=("EYFS Bitesize",)),
        Course(SSP, "Safeguarding Whole-School Update"),
    ]


@pytest.fixture
def index(courses):
    return CourseIndex(
        courses,
        {"CPD leadership essentials: coaching staff": "CPD Leadership: Essentials"},
    )


@pytest.mark.parametrize(
    "text, title",
    [
        ("Safeguarding Whole School Update", "Safeguarding Whole-School Update"),
        ("safeguarding whole-school update", "Safeguarding Whole-School Update"),
        ("CPD leadership essentials", "CPD Leadership: Essentials"),
        ("CPD Leadership - Strategy", "CPD Leadership: Strategy"),
        ("EAL for classroom teachers", "EAL for Classroom Teachers"),
        ("Marking & Feedback", "Marking and Feedback"),
        ("  MARKING AND FEEDBACK ", "Marking and Feedback"),
        # The alias table, matched by key too.
        ("CPD leadership essentials: coaching staff", "CPD Leadership: Essentials"),
        ("CPD Leadership Essentials - Coaching Staff", "CPD Leadership: Essentials"),
        # The course's own aliases.
        ("EYFS bitesize", "EYFS Bite-size Training"),
    ],
)
def test_match(index, text, title):
    assert index.match(text).title == title


@pytest.mark.parametrize(
    "text",
    [
        "CPD Leadership",  # Essentials or Strategy: never guessed
        "Safeguarding Whole School Updat",
        "Safeguarding",
        "Marking",
        "EAL",
        "",
        "   ",
        None,
    ],
)
def test_match_refuses_near_misses(index, text):
    assert index.match(text) is None


def test_suggest_is_only_a_hint(index):
    assert index.match("Safeguarding Whole School Updat") is None
    assert index.suggest("Safeguarding Whole School Updat") == (
        "Safeguarding Whole-School Update"
    )
    assert index.suggest("Coaching for Change") is None
    assert index.suggest("") is None


def test_colliding_titles_are_an_error_naming_both():
    courses = [
        Course(SSP, "Managing Self-Harm", source=Source("cat.xlsx", "Courses", 4)),
        Course(SSP, "Managing Self Harm", source=Source("cat.xlsx", "Courses", 9)),
    ]
    with pytest.raises(InputError) as error:
        CourseIndex(courses)
    message = str(error.value)
    assert "'Managing Self-Harm'" in message
    assert "'Managing Self Harm'" in message
    assert "row 4" in message and "row 9" in message


def test_essentials_and_strategy_do_not_collide(courses):
    index = CourseIndex(courses)
    assert index.match("CPD Leadership: Essentials").title.endswith("Essentials")
    assert index.match("CPD Leadership: Strategy").title.endswith("Strategy")


def test_alias_to_an_unknown_title_is_an_error(courses):
    with pytest.raises(InputError, match="'Coaching for Change'"):
        CourseIndex(courses, {"Coaching": "Coaching for Change"})


def test_alias_matching_another_course_is_an_error(courses):
    # The alias text is itself the title of a different course.
    with pytest.raises(InputError, match="both"):
        CourseIndex(courses, {"CPD Leadership: Strategy": "CPD Leadership: Essentials"})


def test_alias_to_two_courses_is_an_error(courses):
    courses[0].aliases = ("CPD Leadership",)
    courses[1].aliases = ("CPD Leadership",)
    with pytest.raises(InputError, match="both"):
        CourseIndex(courses)


def test_alias_equal_to_its_own_title_is_harmless(courses):
    index = CourseIndex(
        courses, {"EAL for classroom teachers": "EAL for Classroom Teachers"}
    )
    assert (
        index.match("EAL for Classroom Teachers").title == "EAL for Classroom Teachers"
    )


def write(tmp_path, text, name="aliases.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_aliases(tmp_path):
    path = write(
        tmp_path,
        "written as,catalogue title,why\n"
        "CPD leadership essentials: coaching staff,CPD Leadership: Essentials,B\n"
        "\n"
        "EYFS Bitesize Training,EYFS Bite-size Training,one word\n",
    )
    table = read_aliases(path)
    assert table == {
        "CPD leadership essentials: coaching staff": "CPD Leadership: Essentials",
        "EYFS Bitesize Training": "EYFS Bite-size Training",
    }
    assert table.rows["EYFS Bitesize Training"] == 4


def test_read_aliases_headers_any_case_and_order(tmp_path):
    path = write(
        tmp_path, "\ufeffWhy, Catalogue Title ,WRITTEN AS\nx,Marking and Feedback,M&F\n"
    )
    assert read_aliases(path) == {"M&F": "Marking and Feedback"}


def test_read_aliases_unknown_title_names_file_and_row(tmp_path, courses):
    path = write(
        tmp_path,
        "written as,catalogue title\n"
        "CPD leadership essentials: coaching staff,CPD Leadership: Essentials\n"
        "Coaching,Coaching for Change\n",
    )
    titles = [c.title for c in courses]
    with pytest.raises(InputError, match=r"aliases\.csv, row 3: 'Coaching for Change'"):
        read_aliases(path, titles=titles)
    # Without titles the table reads, and the index makes the same check.
    table = read_aliases(path)
    with pytest.raises(InputError, match=r"aliases\.csv, row 3"):
        CourseIndex(courses, table)


@pytest.mark.parametrize(
    "text, match",
    [
        ("", "empty"),
        ("alias,title\nA,B\n", "row 1"),
        ("written as,catalogue title\nOnly written,\n", "row 2"),
        (
            "written as,catalogue title\nM&F,Marking and Feedback\n"
            "M and F,EAL for Classroom Teachers\n",
            "row 3",
        ),
    ],
)
def test_read_aliases_refuses(tmp_path, text, match):
    with pytest.raises(InputError, match=match):
        read_aliases(write(tmp_path, text))


def test_read_aliases_missing_file(tmp_path):
    with pytest.raises(InputError, match="nothing.csv"):
        read_aliases(tmp_path / "nothing.csv")
