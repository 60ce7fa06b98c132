"""The value parsers, on values as schools write them."""

import datetime as dt
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpd_xl.readers.values import (
    clean_text,
    parse_date,
    parse_flag,
    parse_identity,
    parse_minutes,
    parse_status,
    split_roles,
    title_key,
)

D = dt.date
BLANKS = [None, "", "   ", "\u00a0", "\n"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("  Jo   Smith ", "Jo Smith"),
        ("Jo\u00a0Smith", "Jo Smith"),
        ("line one_x000D_\nline two", "line one\nline two"),
        ("a\r\nb", "a\nb"),
        ("'0123", "0123"),
        (12.0, "12"),
        (12.5, "12.5"),
        (7, "7"),
        ("\ttabbed\t", "tabbed"),
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


@pytest.mark.parametrize("value", BLANKS + ["'"])
def test_clean_text_blank(value):
    assert clean_text(value) is None


# Dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # The policy's own sign-off dates, all day-first.
        ("5/2/19", D(2019, 2, 5)),
        ("28/1/19", D(2019, 1, 28)),
        ("3/2/19", D(2019, 2, 3)),
        ("29/1/19", D(2019, 1, 29)),
        ("17.2.2019", D(2019, 2, 17)),
        ("17.2.19", D(2019, 2, 17)),
        ("14.02.19", D(2019, 2, 14)),
        ("18.2.19", D(2019, 2, 18)),
        ("18-2-2019", D(2019, 2, 18)),
        # Other forms the brief lists.
        ("05/02/2019", D(2019, 2, 5)),
        ("2026-10-03", D(2026, 10, 3)),
        ("2026-10-03T09:15:00", D(2026, 10, 3)),
        ("2026-10-03 09:15", D(2026, 10, 3)),
        ("2026-10-03T09:15:00Z", D(2026, 10, 3)),
        ("2026-10-03T09:15:00+01:00", D(2026, 10, 3)),
        ("3 Oct 2026", D(2026, 10, 3)),
        ("03 October 2026", D(2026, 10, 3)),
        ("3rd October 2026", D(2026, 10, 3)),
        ("3-Oct-26", D(2026, 10, 3)),
        ("Oct 3, 2026", D(2026, 10, 3)),
        ("October 3 2026", D(2026, 10, 3)),
        ("Sept 30, 2026", D(2026, 9, 30)),
        ("Saturday 3 October 2026", D(2026, 10, 3)),
        ("05/02/2019 14:30", D(2019, 2, 5)),
        ("05/02/2019 2:30 pm", D(2019, 2, 5)),
        ("  5/2/19  ", D(2019, 2, 5)),
        # Two-digit years: 00-69 are 20xx, 70-99 are 19xx.
        ("1/1/00", D(2000, 1, 1)),
        ("1/1/69", D(2069, 1, 1)),
        ("1/1/70", D(1970, 1, 1)),
        ("1/1/99", D(1999, 1, 1)),
        ("29/2/2024", D(2024, 2, 29)),
    ],
)
def test_parse_date_text(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2/5/19", D(2019, 2, 5)),
        ("10/31/2026", D(2026, 10, 31)),
        ("3 Oct 2026", D(2026, 10, 3)),
        ("2026-10-03", D(2026, 10, 3)),
    ],
)
def test_parse_date_month_first(text, expected):
    assert parse_date(text, day_first=False) == expected


@pytest.mark.parametrize(
    "text",
    [
        "P.C.",
        "31/2/2026",
        "29/2/2025",
        "13/13/2026",
        "0/1/2026",
        "31/10/2026",  # fine day-first, but see the month-first test below
        "Oct 2026",
        "3/2",
        "2026",
        "43501",
        "20190205",
        "5/2/019",
        "5/2.19",
        "Fri 3 Oct 2026",
        "3 Foo 2026",
        "tomorrow",
        "TBC",
        "05/02/2019 25:00",
        "2026-02-30",
    ],
)
def test_parse_date_refuses(text):
    if text == "31/10/2026":
        with pytest.raises(ValueError):
            parse_date(text, day_first=False)
        return
    with pytest.raises(ValueError, match="'"):
        parse_date(text)


def test_parse_date_message_quotes_the_cell():
    with pytest.raises(ValueError, match=r"^'P\.C\.' is not a date"):
        parse_date("P.C.")


@pytest.mark.parametrize("value", BLANKS)
def test_parse_date_blank(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.date(2026, 10, 3), D(2026, 10, 3)),
        (dt.datetime(2026, 10, 3, 23, 59), D(2026, 10, 3)),
    ],
)
def test_parse_date_cells(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "serial, expected",
    [
        # 1900 system: serial 1 is 1 Jan 1900; Excel counts a 29 Feb 1900
        # (serial 60), so from serial 61 (1 Mar 1900) on the count is one up.
        (1, D(1900, 1, 1)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),
        (43501, D(2019, 2, 5)),  # 5/2/19: 43466 is 1 Jan 2019, plus 35 days
        (43501.75, D(2019, 2, 5)),  # the time of day is dropped
        (46298, D(2026, 10, 3)),  # 46023 is 1 Jan 2026, plus 275 days
        (2958465, D(9999, 12, 31)),
    ],
)
def test_parse_date_serial_1900(serial, expected):
    assert parse_date(serial) == expected


@pytest.mark.parametrize(
    "serial, expected",
    [
        (0, D(1904, 1, 1)),
        (1, D(1904, 1, 2)),
        (43501 - 1462, D(2019, 2, 5)),  # the two systems are 1462 days apart
    ],
)
def test_parse_date_serial_1904(serial, expected):
    assert parse_date(serial, date1904=True) == expected


@pytest.mark.parametrize(
    "value", [60, 0, -1, 2958466, float("nan"), float("inf"), True, dt.time(9, 0)]
)
def test_parse_date_refuses_values(value):
    with pytest.raises(ValueError):
        parse_date(value)


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_date_raises_only_value_error(value):
    try:
        result = parse_date(value)
    except ValueError:
        return
    assert result is None or isinstance(result, dt.date)


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",))))
def test_parse_date_needs_digits(text):
    try:
        assert parse_date(text) is None
    except ValueError:
        pass


@given(st.dates(min_value=D(1000, 1, 1), max_value=D(9999, 12, 31)))
def test_parse_date_round_trips_day_first(day):
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day


@given(st.dates(min_value=D(1900, 3, 1), max_value=D(9999, 12, 31)))
def test_parse_date_serial_round_trips(day):
    serial = (day - D(1899, 12, 30)).days
    assert parse_date(serial) == day
    if day >= D(1904, 1, 1):
        assert parse_date(serial - 1462, date1904=True) == day


# Time spent -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        ("1h 20m", None, 80),
        ("1 hr 20 min", None, 80),
        ("1 hour 20 minutes", None, 80),
        ("1 hour and 20 minutes", None, 80),
        ("1h, 20m", None, 80),
        ("1h20m", None, 80),
        ("1h30", None, 90),
        ("01:20", None, 80),
        ("1:20:00", None, 80),
        ("0:00:30", None, 0.5),
        ("80 mins", None, 80),
        ("80 minutes", None, 80),
        ("80min", None, 80),
        ("90m", None, 90),
        ("1.5 hours", None, 90),
        ("1,5 h", None, 90),
        ("2 hrs", None, 120),
        ("0.5 hr", None, 30),
        ("45 secs", None, 0.75),
        ("PT1H20M", None, 80),
        ("PT45M", None, 45),
        # Bare numbers count in the header's unit, else in minutes.
        (80, None, 80),
        (80.0, "minutes", 80),
        ("80", None, 80),
        ("80", "minutes", 80),
        (1.5, "hours", 90),
        ("1.5", "hours", 90),
        ("1,5", "hours", 90),
        (2, "hours", 120),
        (0, None, 0),
        # A unit written in the cell wins over the header's.
        ("80 mins", "hours", 80),
        ("1.5 hours", "minutes", 90),
        # Excel time and duration cells.
        (dt.time(1, 20), None, 80),
        (dt.time(0, 45, 30), None, 45.5),
        (dt.timedelta(hours=26), None, 1560),
        (dt.timedelta(minutes=80), "hours", 80),
    ],
)
def test_parse_minutes(value, unit, expected):
    assert parse_minutes(value, unit=unit) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value",
    [
        "-5",
        -5,
        -0.5,
        dt.timedelta(minutes=-1),
        "\u22125 mins",
        "1,500",
        "1:75",
        "20m 1h",
        "1h 1h",
        "abc",
        "1 hand",
        "about an hour",
        "P.C.",
        "1h 20",
        dt.date(2026, 1, 1),
        dt.datetime(2026, 1, 1, 1, 20),
        True,
        float("nan"),
        float("inf"),
    ],
)
def test_parse_minutes_refuses(value):
    with pytest.raises(ValueError):
        parse_minutes(value)


@pytest.mark.parametrize("value", BLANKS)
def test_parse_minutes_blank(value):
    assert parse_minutes(value) is None


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
def test_parse_minutes_raises_only_value_error(value):
    try:
        result = parse_minutes(value)
    except ValueError:
        return
    assert result is None or result >= 0


@given(st.integers(min_value=0, max_value=99), st.integers(min_value=0, max_value=59))
def test_parse_minutes_forms_agree(hours, minutes):
    total = hours * 60 + minutes
    assert parse_minutes(f"{hours}h {minutes}m") == total
    assert parse_minutes(f"{hours}:{minutes:02d}") == total
    assert parse_minutes(f"{hours} hrs {minutes} mins") == total


# Statuses and flags ---------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Completed", "completed"),
        ("Complete", "completed"),
        ("COMPLETED", "completed"),
        ("Passed", "completed"),
        ("Finished", "completed"),
        ("Done", "completed"),
        ("Achieved", "completed"),
        ("100%", "completed"),
        ("100 %", "completed"),
        ("In progress", "in_progress"),
        ("In-progress", "in_progress"),
        ("In Progress", "in_progress"),
        ("in_progress", "in_progress"),
        ("Started", "in_progress"),
        ("Ongoing", "in_progress"),
        ("Part complete", "in_progress"),
        ("Part-complete", "in_progress"),
        ("1%", "in_progress"),
        ("50%", "in_progress"),
        ("99%", "in_progress"),
        ("12.5%", "in_progress"),
        ("Not started", "not_started"),
        ("Not Started", "not_started"),
        ("not_started", "not_started"),
        ("Enrolled", "not_started"),
        ("Assigned", "not_started"),
        ("Registered", "not_started"),
        ("0%", "not_started"),
        # Percentage cells: Excel stores 100% as 1 and 40% as 0.4.
        (1.0, "completed"),
        (0.4, "in_progress"),
        (0.0, "not_started"),
    ],
)
def test_parse_status(value, expected):
    assert parse_status(value) == expected


@pytest.mark.parametrize(
    "value", ["Failed", "Unknown", "101%", "Completed?!x", "yes", 40, -0.1, True]
)
def test_parse_status_refuses(value):
    with pytest.raises(ValueError):
        parse_status(value)


@pytest.mark.parametrize("value", BLANKS)
def test_parse_status_blank(value):
    assert parse_status(value) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Y", True),
        ("y", True),
        ("Yes", True),
        ("YES", True),
        ("TRUE", True),
        ("True", True),
        ("1", True),
        ("x", True),
        ("X", True),
        ("\u2713", True),
        ("\u2714", True),
        ("\u2611", True),
        ("\u00fc", True),  # Wingdings shows ü as a tick
        (True, True),
        (1, True),
        (1.0, True),
        ("N", False),
        ("No", False),
        ("FALSE", False),
        ("0", False),
        (False, False),
        (0, False),
        (0.0, False),
    ],
)
def test_parse_flag(value, expected):
    assert parse_flag(value) is expected


@pytest.mark.parametrize("value", ["maybe", "2", 2, "Yes please", "P.C."])
def test_parse_flag_refuses(value):
    with pytest.raises(ValueError):
        parse_flag(value)


@pytest.mark.parametrize("value", BLANKS)
def test_parse_flag_blank(value):
    assert parse_flag(value) is None


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_status_and_flag_raise_only_value_error(value):
    for parse in (parse_status, parse_flag):
        try:
            parse(value)
        except ValueError:
            pass


# People ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Jo.Smith@AJA.sch.uk", "jo.smith@aja.sch.uk"),
        ("  jo.smith@aja.sch.uk ", "jo.smith@aja.sch.uk"),
        ("mailto:Jo.Smith@aja.sch.uk", "jo.smith@aja.sch.uk"),
        ("<jo.smith@aja.sch.uk>", "jo.smith@aja.sch.uk"),
        ("Jo Smith <Jo.Smith@aja.sch.uk>", "jo.smith@aja.sch.uk"),
        ('"Smith, Jo" <jo.smith@aja.sch.uk>', "jo.smith@aja.sch.uk"),
        ("JSMITH", "jsmith"),
        ("j.smith2", "j.smith2"),
        (1234.0, "1234"),
    ],
)
def test_parse_identity(value, expected):
    assert parse_identity(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "jo smith@aja.sch.uk",
        "Jo Smith",
        "a@b@c.org",
        "a@b.org; c@d.org",
        "a@b.org,c@d.org",
        "jo@",
        "@aja.sch.uk",
        "jo@localhost",
        "jo@aja..sch.uk",
        "<>",
    ],
)
def test_parse_identity_refuses(value):
    with pytest.raises(ValueError):
        parse_identity(value)


@pytest.mark.parametrize("value", BLANKS)
def test_parse_identity_blank(value):
    assert parse_identity(value) is None


KEEP = ("Head of Teaching and Learning", "Head of Teaching, Learning and Assessment")


@pytest.mark.parametrize(
    "value, keep, expected",
    [
        ("Teacher", (), ("Teacher",)),
        ("Teacher; Literacy leader", (), ("Teacher", "Literacy leader")),
        ("Teacher, Literacy leader", (), ("Teacher", "Literacy leader")),
        ("Teacher/Literacy leader", (), ("Teacher", "Literacy leader")),
        ("Teacher\nLiteracy leader", (), ("Teacher", "Literacy leader")),
        ("Teacher and Literacy leader", (), ("Teacher", "Literacy leader")),
        ("Teacher AND Literacy leader", (), ("Teacher", "Literacy leader")),
        ("Head of English and Maths", (), ("Head of English", "Maths")),
        # "and" only as a whole word: Standards and Band stay whole.
        ("Standards lead; Band 3", (), ("Standards lead", "Band 3")),
        ("Teacher;; ;Teacher; teacher", (), ("Teacher",)),
        ("Year leader, Teacher, Year leader", (), ("Year leader", "Teacher")),
        (
            "Head of Teaching and Learning; Year 6 teacher",
            KEEP,
            ("Head of Teaching and Learning", "Year 6 teacher"),
        ),
        (
            "head of teaching  and learning and SENCO",
            KEEP,
            ("head of teaching and learning", "SENCO"),
        ),
        (
            "Head of Teaching, Learning and Assessment / Teacher",
            KEEP,
            ("Head of Teaching, Learning and Assessment", "Teacher"),
        ),
        (
            "Head of Teaching and Learning",
            (),
            ("Head of Teaching", "Learning"),
        ),
        (None, (), ()),
        ("  ", (), ()),
    ],
)
def test_split_roles(value, keep, expected):
    assert split_roles(value, keep=keep) == expected


# Course titles --------------------------------------------------------------


@pytest.mark.parametrize(
    "one, other",
    [
        # The policy's own two spellings of each.
        ("Safeguarding Whole School Update", "Safeguarding Whole-School Update"),
        ("CPD leadership essentials", "CPD Leadership: Essentials"),
        ("EAL for classroom teachers", "EAL for Classroom Teachers"),
        ("Marking & Feedback", "Marking and Feedback"),
        ("  Marking   and feedback ", "MARKING AND FEEDBACK"),
        ("Managing Self–Harm", "Managing Self-Harm"),  # an en dash
        ("Teachers\u2019 Pay", "Teachers' Pay"),
        ("Pupil Voice (Effective)", "Pupil Voice - Effective"),
    ],
)
def test_title_key_matches(one, other):
    assert title_key(one) == title_key(other)


@pytest.mark.parametrize(
    "one, other",
    [
        ("CPD Leadership: Essentials", "CPD Leadership: Strategy"),
        ("Embedding Literacy", "Embedding Numeracy"),
        ("Child Protection in Education 2015", "Child Protection in Education 2016"),
        ("Peer Observation", "Developmental Lesson Observation"),
    ],
)
def test_title_key_keeps_courses_apart(one, other):
    assert title_key(one) != title_key(other)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CPD Leadership: Essentials", "cpd leadership essentials"),
        ("Safeguarding Whole-School Update", "safeguarding whole school update"),
        ("Marking & Feedback", "marking and feedback"),
        (
            "Briefings: governors and school leaders",
            "briefings governors and school leaders",
        ),
        ("", ""),
    ],
)
def test_title_key_value(text, expected):
    assert title_key(text) == expected


@given(st.text())
def test_title_key_is_stable(text):
    key = title_key(text)
    assert key == title_key(key)
    assert key == key.strip()
    assert "  " not in key
    assert not set(key) & set(string.punctuation)
