"""Header rows: where they are, what kind of sheet they head, odd names."""

from __future__ import annotations

import re

import pytest

from cpd_xl.errors import InputError
from cpd_xl.readers.headers import (
    detect_header,
    header_key,
    minutes_unit,
    read_header_map,
)


def numbered(*rows):
    return list(enumerate(rows, start=1))


@pytest.mark.parametrize(
    "headers, kind",
    [
        (["Email Address", "Name", "Phase", "Job Title"], "staff"),
        (["Work Email", "First name", "Surname", "Role(s)"], "staff"),
        (["E-mail", "Full Name", "Key Stage", "Teaching Staff (Y/N)"], "staff"),
        (["Staff Email", "Forename", "Surname", "Teaching staff Y/N"], "staff"),
        (
            ["Username", "Course", "Unit / Module", "Status", "Date Completed"],
            "records",
        ),
        (["Email", "Course Title", "Progress", "Completion date"], "records"),
        (
            ["Staff Email", "Training", "Completion Status", "Time spent (mins)"],
            "records",
        ),
        (["Email", "Name", "Logins", "Web sessions accessed", "Last login"], "logins"),
        (["User name", "Last logged in"], "logins"),
        (["Email", "Login date/time", "Session"], "logins"),
        (["Heading", "Course", "Target audience", "Mode of completion"], "catalogue"),
        (["Course title", "Duration (hours)", "Guiding notes"], "catalogue"),
        (["Holiday", "Start", "End"], "calendar"),
        (["Holiday name", "Start date", "End date", "Academy"], "calendar"),
    ],
)
def test_kind_is_told_from_headers(headers, kind):
    detection = detect_header(numbered(headers))
    assert detection.header is not None
    assert detection.header.kind == kind


def test_header_found_below_title_rows_blanks_and_a_logo_cell():
    rows = numbered(
        ["Optimus CPD - Learning Records"],
        ["Exported 02/11/2026"],
        [],
        ["", "", "[logo]"],
        ["Email", "Course", "Status"],
        ["a@x.org", "Peer Observation", "Completed"],
    )
    detection = detect_header(rows)
    assert detection.header.row == 5
    assert detection.header.columns == {"email": 0, "course": 1, "status": 2}


def test_columns_map_to_fields_and_keep_their_labels():
    detection = detect_header(
        numbered(
            [
                "",
                "Staff Member",
                "E-mail Address",
                "Completion Date",
                "Course",
                "Status",
            ]
        )
    )
    header = detection.header
    assert header.columns == {
        "name": 1,
        "email": 2,
        "date_completed": 3,
        "course": 4,
        "status": 5,
    }
    assert header.labels["date_completed"] == "Completion Date"


def test_a_sheet_of_a_known_kind_lacking_a_column_says_which():
    detection = detect_header(numbered(["Name", "Phase", "Job Title", "Roles"]))
    assert detection.header is None
    assert detection.kind == "staff"
    assert ("email",) in detection.missing
    assert detection.found == ["Name", "Phase", "Job Title", "Roles"]


def test_a_staff_list_with_start_and_end_dates_is_not_a_calendar():
    detection = detect_header(numbered(["Name", "Start Date", "End Date"]))
    assert (detection.header, detection.kind) == (None, "staff")
    assert detection.missing == [("email",)]


def test_an_unknown_sheet_reports_the_headers_found():
    detection = detect_header(numbered(["Price list"], [], ["Item", "Price", "VAT"]))
    assert detection.header is None
    assert detection.kind is None
    assert detection.found == ["Item", "Price", "VAT"]
    assert detection.found_row == 3


def test_a_user_header_map_names_odd_headers():
    rows = numbered(["Staff E-mail (work)", "Mins on task", "Learning item", "Stage"])
    unmapped = detect_header(rows)
    assert unmapped.header is None
    assert (unmapped.kind, unmapped.missing) == ("records", [("status",)])
    mapping = {
        header_key("Staff E-mail (work)"): "email",
        header_key("Mins on task"): "minutes",
        header_key("Stage"): "status",
    }
    header = detect_header(rows, mapping).header
    assert header.kind == "records"
    assert header.columns == {"email": 0, "minutes": 1, "course": 2, "status": 3}
    assert header.unit("minutes") == "minutes"


def test_read_header_map(tmp_path):
    path = tmp_path / "headers.toml"
    path.write_text(
        '[headers]\n"Staff E-mail (work)" = "email"\n"Mins on task" = "minutes"\n',
        encoding="utf-8",
    )
    assert read_header_map(path) == {
        "staff e mail work": "email",
        "mins on task": "minutes",
    }


@pytest.mark.parametrize(
    "text, words",
    [
        ('[headers]\n"Mins" = "minutez"\n', "no cpd-xl field"),
        ('[columns]\n"Mins" = "minutes"\n', "needs a [headers] table"),
        ("[headers\n", "not valid TOML"),
    ],
)
def test_a_bad_header_map_is_an_input_error(tmp_path, text, words):
    path = tmp_path / "headers.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(words)):
        read_header_map(path)


@pytest.mark.parametrize(
    "text, key",
    [
        ("E-mail Address", "e mail address"),
        ("  Date  Completed ", "date completed"),
        ("Time Spent (mins)", "time spent mins"),
        ("Teaching & Learning", "teaching and learning"),
        ("Role(s)", "role s"),
        (None, ""),
    ],
)
def test_header_key(text, key):
    assert header_key(text) == key


@pytest.mark.parametrize(
    "label, unit",
    [
        ("Time Spent (mins)", "minutes"),
        ("Minutes", "minutes"),
        ("Time spent (hours)", "hours"),
        ("Hrs", "hours"),
        ("Duration (h)", "hours"),
        ("Time spent", None),
        ("Duration", None),
    ],
)
def test_minutes_unit(label, unit):
    assert minutes_unit(label) == unit
