"""How the workbooks print: readable scale, wrapped long texts, no bare lists."""

from __future__ import annotations

import openpyxl
import pytest
from writers_fixtures import make_results

from cpd_xl.model import Requirement
from cpd_xl.writers.academy import write_academy_book
from cpd_xl.writers.headoffice import write_headoffice_book

LONG = "EAL: using pupils' first language in the mainstream classroom"


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def with_many_courses(results, count=12):
    """Give Alice ``count`` more required courses, the first with a long name."""
    alice = results.staff[0]
    names = [LONG] + [f"Course number {n:02d}" for n in range(2, count + 1)]
    for name in names:
        alice.requirements.append(
            Requirement(
                "Appendix B: all staff", name, "missing", f"no record of {name}"
            )
        )
    return results


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    path = tmp_path_factory.mktemp("print") / "AJA.xlsx"
    write_academy_book(with_many_courses(make_results()), "AJA", path)
    return openpyxl.load_workbook(path)


def test_a_wide_compliance_sheet_prints_across_pages_with_the_name(wide):
    sheet = wide["Compliance"]
    # 6 fixed columns (Name 30 (the hostile name, capped), E-mail 22, Phase
    # 10, Roles 17, 10, 8), 3 + 12 courses of 13 and the owed column (capped
    # at 70): 362 units, more than the 200 one page holds at 70%; with Name
    # again on page 2, 392 of the 400 two pages hold.
    assert sheet.page_setup.fitToWidth == 2
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_cols == "$A:$A"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.pageOrder == "overThenDown"


def test_the_compliance_header_wraps_and_is_tall_enough(wide):
    sheet = wide["Compliance"]
    header = rows(sheet)[0]
    col = header.index(LONG) + 1
    cell = sheet.cell(1, col)
    assert cell.alignment.wrap_text
    # 13 units less one for bold hold 13 characters: the 61-character name
    # wraps to "EAL: using / pupils' first / language in / the / mainstream /
    # classroom", six lines of 15 pt, plus 4 pt (kept in 0.75 pt steps).
    assert sheet.row_dimensions[1].height == pytest.approx(6 * 15 + 4, abs=0.5)


def test_what_is_still_owed_is_one_wrapped_list(wide):
    sheet = wide["Compliance"]
    header = rows(sheet)[0]
    owed_col = len(header)
    alice = next(r for r in rows(sheet)[1:] if r[1] == "alice@aja.example")
    owed = alice[owed_col - 1]
    items = [f"Course number {n:02d} (missing)" for n in range(2, 13)]
    assert owed == "; ".join([*items, f"{LONG} (missing)"])
    letter = openpyxl.utils.get_column_letter(owed_col)
    assert int(sheet.column_dimensions[letter].width) == 70
    alice_row = 1 + [r[1] for r in rows(sheet)].index("alice@aja.example")
    assert sheet.cell(alice_row, owed_col).alignment.wrap_text
    # 70 units hold 83 characters, three items of 27 with the spaces between:
    # 02-04 / 05-07 / 08-10 / "11; 12; EAL: using pupils' first" (80) /
    # "language in the mainstream classroom (missing)": five lines of 15 pt,
    # plus 3.
    assert sheet.row_dimensions[alice_row].height == 5 * 15 + 3


def test_a_narrow_sheet_fits_one_page_across(wide):
    sheet = wide["Hours"]
    assert (sheet.page_setup.fitToWidth or 1) == 1
    assert not sheet.print_title_cols


def test_a_long_course_name_wraps_on_the_summary(wide):
    sheet = wide["Summary"]
    at = [r[0] for r in rows(sheet)].index(LONG) + 1
    assert sheet.cell(at, 1).alignment.wrap_text
    # Column A is 40 wide (its cap): 47 characters a line, so two lines.
    assert int(sheet.column_dimensions["A"].width) == 40
    assert sheet.row_dimensions[at].height == 2 * 15 + 3


def test_data_problem_messages_wrap_at_a_sane_width(tmp_path):
    results = make_results()
    results.findings[0].message = "word " * 40  # 200 characters
    path = tmp_path / "AJA.xlsx"
    write_academy_book(results, "AJA", path)
    sheet = openpyxl.load_workbook(path)["Data problems"]
    assert int(sheet.column_dimensions["D"].width) == 60
    assert sheet["D2"].alignment.wrap_text
    # 60 units hold 71 characters: "word " 40 times wraps 14 words a line
    # (69 characters), so 3 lines (14, 14, 12) of 15 pt, plus 3.
    assert sheet.row_dimensions[2].height == 3 * 15 + 3


def test_empty_lists_say_none_found(tmp_path):
    results = make_results()
    results.findings = []
    for result in results.staff:
        result.requirements = [r for r in result.requirements if r.status == "met"]
        result.hours.done = result.hours.required
    path = tmp_path / "AJA.xlsx"
    write_academy_book(results, "AJA", path)
    book = openpyxl.load_workbook(path)
    for name, columns in (("Next steps", 6), ("Data problems", 10)):
        assert rows(book[name])[1:] == [["None found"] + [None] * (columns - 1)]
    head = tmp_path / "head.xlsx"
    write_headoffice_book(results, head)
    book = openpyxl.load_workbook(head)
    for name in ("Duplicates and conflicts", "Data problems"):
        data = rows(book[name])
        assert data[0][0] == "Academy"
        assert data[1:] == [["None found"] + [None] * 10], name


def test_a_course_column_holds_its_longest_word(tmp_path):
    results = make_results()
    results.staff[0].requirements.append(
        Requirement("Appendix B", "Tackling Staff Underperformance", "met", "done")
    )
    path = tmp_path / "AJA.xlsx"
    write_academy_book(results, "AJA", path)
    sheet = openpyxl.load_workbook(path)["Compliance"]
    header = rows(sheet)[0]
    letter = openpyxl.utils.get_column_letter(
        header.index("Tackling Staff Underperformance") + 1
    )
    # "Underperformance" is 16 characters: one more than that, not the usual 13.
    assert int(sheet.column_dimensions[letter].width) == 17
    letter = openpyxl.utils.get_column_letter(header.index("Early Years SEN") + 1)
    assert int(sheet.column_dimensions[letter].width) == 13
