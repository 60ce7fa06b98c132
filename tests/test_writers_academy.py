"""The academy workbook, read back with openpyxl cell by cell."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from writers_fixtures import HOSTILE, HTML_NAME, make_results

from cpd_xl.writers import academy as academy_module
from cpd_xl.writers.academy import ACADEMY_SHEETS, write_academy_book


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("academy") / "AJA.xlsx"
    write_academy_book(make_results(), "AJA", path)
    return openpyxl.load_workbook(path)


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_sheet_names(book):
    assert book.sheetnames == list(ACADEMY_SHEETS)


def test_summary_figures_per_phase_and_academy(book):
    sheet = book["Summary"]
    assert sheet["A4"].value == "Phase"
    # Phase, staff, mandatory met, share, hours met, share, logged in, share,
    # never logged in, eligible: from the fixture's docstring.
    assert rows(sheet)[4:7] == [
        ["EYFS", 1, 0, 0, 0, 0, 0, 0, 1, 0],
        ["Primary", 2, 1, 0.5, 1, 0.5, 1, 0.5, 0, 1],
        ["AJA (all phases)", 3, 1, 1 / 3, 1, 1 / 3, 1, 1 / 3, 1, 1],
    ]
    for col in "DFH":
        assert sheet[f"{col}6"].number_format == "0%"
    assert sheet.freeze_panes == "A5"


def test_summary_course_completion(book):
    sheet = book["Summary"]
    table = rows(sheet)[9:13]
    assert [r[:6] for r in table] == [
        ["Course", "Staff required", "Met", "Share met", "In progress", "Missing"],
        ["Differentiation in Practice", 2, 1, 0.5, 1, 0],
        ["Early Years SEN", 1, 1, 1, 0, 0],
        ["Safeguarding Whole-School Update", 3, 2, 2 / 3, 0, 1],
    ]
    assert sheet["D13"].number_format == "0%"


def test_summary_has_one_native_chart(tmp_path):
    # openpyxl drops charts when reading, so look for the chart part itself.
    import zipfile

    path = tmp_path / "AJA.xlsx"
    write_academy_book(make_results(), "AJA", path)
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        chart = archive.read(charts[0]).decode()
    assert len(charts) == 1
    assert "<c:barChart>" in chart and "Summary!$D$5:$D$7" in chart


def test_compliance_verdicts_and_reasons(book):
    sheet = book["Compliance"]
    header = rows(sheet)[0]
    assert header[6:] == [
        "Differentiation in Practice",
        "Early Years SEN",
        "Safeguarding Whole-School Update",
        "What is still owed",
    ]
    by_email = {r[1]: r for r in rows(sheet)[1:]}
    assert by_email["bea@aja.example"][4:9] == ["no", "no", "n/a", "met", "missing"]
    assert by_email["hostile@aja.example"][6:9] == ["in progress", "n/a", "met"]
    assert by_email["alice@aja.example"][4:10] == [
        "yes",
        "yes",
        "met",
        "n/a",
        "met",
        None,
    ]
    assert (
        by_email["bea@aja.example"][9] == "Safeguarding Whole-School Update (missing)"
    )
    comment = sheet["I2"].comment
    assert comment is not None
    assert "no learning record for Safeguarding Whole-School Update" in comment.text
    assert sheet.auto_filter.ref == "A1:J4"
    assert sheet.freeze_panes == "C2"
    rules = [r.formula[0] for cf in sheet.conditional_formatting for r in cf.rules]
    assert sorted(rules) == ['"in progress"', '"met"', '"missing"', '"n/a"']


def test_hours_shortfall_first(book):
    sheet = book["Hours"]
    assert [r[1] for r in rows(sheet)[1:]] == [
        "bea@aja.example",  # 3.8 short
        "hostile@aja.example",  # 1.8 short
        "alice@aja.example",  # none short
    ]
    assert rows(sheet)[1][3:7] == [0, 3.8, 3.8, "no"]
    assert sheet["D2"].number_format == "0.0"


def test_portal_use_dates_are_date_cells(book):
    sheet = book["Portal use"]
    data = rows(sheet)[1:]
    assert [r[6] for r in data] == ["never logged in", "inactive", "active"]
    assert data[2][5] == dt.datetime(2026, 10, 20)
    assert sheet["F4"].number_format == "dd/mm/yyyy"
    assert sheet["F4"].is_date


def test_external_training_lists_the_qualifying_modules(book):
    data = rows(book["External training"])[1:]
    assert data[0][:5] == ["Alice Able", "alice@aja.example", "Primary", "yes", 5]
    assert data[0][5].startswith(
        "Safeguarding Whole-School Update: Unit 1 (10/09/2026); "
    )
    assert [r[3] for r in data[1:]] == ["no", "no"]


def test_next_steps(book):
    data = rows(book["Next steps"])[1:]
    assert [(r[1], r[3], r[4]) for r in data] == [
        ("bea@aja.example", "Safeguarding Whole-School Update", "missing"),
        ("bea@aja.example", "CPD hours", "short"),
        ("hostile@aja.example", "Differentiation in Practice", "in progress"),
        ("hostile@aja.example", "CPD hours", "short"),
    ]


def test_data_problems_only_this_academy_with_file_sheet_row(book):
    data = rows(book["Data problems"])[1:]
    assert [(r[0], r[6], r[7], r[8], r[9]) for r in data] == [
        ("bad-date", "AJA/records.xlsx", "Records", 14, "Completed"),
        ("implausible-duration", "AJA/records.xlsx", "Records", 15, "Time"),
    ]


def test_sources(book):
    data = rows(book["Sources"])
    assert data[1][:11] == [
        "AJA/staff.xlsx",
        "staff",
        "AJA",
        "Staff",
        "a" * 64,
        4,
        3,
        0,
        1,
        "duplicate-staff: 1",
        None,
    ]
    assert data[2][8:10] == [3, "bad-date: 1, bad-duration: 2"]
    assert [r[0] for r in data[1:4]] == [
        "AJA/staff.xlsx",
        "AJA/records.xlsx",
        "catalogue.xlsx",
    ]
    details = {r[0]: r[1] for r in data[6:] if r[0]}
    assert details["Policy"] == "Policy 2A"
    assert details["Policy version"] == "2019-01"
    assert details["Policy SHA-256"] == "e" * 64
    assert details["Period start"] == dt.datetime(2026, 9, 1)
    assert details["Period end"] == dt.datetime(2026, 10, 23)
    assert details["Run at"] == dt.datetime(2026, 10, 26, 9, 30)
    assert details["cpd-xl version"] == "0.1.0"
    # This academy's files and the shared catalogue, not the whole group's 58:
    # staff 4 read (3 used, 1 rejected), records 8 (5 used, 3 rejected) and
    # the catalogue 40 (all used).
    which = "(this academy's and shared files)"
    assert details[f"Rows read {which}"] == 4 + 8 + 40
    assert details[f"Rows used {which}"] == 3 + 5 + 40
    assert details[f"Rows duplicate {which}"] == 0
    assert details[f"Rows rejected {which}"] == 1 + 3
    assert data[3][2] == "shared"


@pytest.mark.parametrize("name", ["Compliance", "Hours", "Portal use", "Next steps"])
def test_hostile_name_is_a_text_cell(book, name):
    sheet = book[name]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == HOSTILE]
    assert cells, f"the hostile name is missing from {name}"
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert any(c.value == HTML_NAME for row in sheet.iter_rows() for c in row)


def test_no_cell_anywhere_is_a_formula(book):
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"


@pytest.mark.parametrize(
    "name, across",
    [(name, 2 if name == "Data problems" else 1) for name in ACADEMY_SHEETS],
)
def test_print_set_up(book, name, across):
    sheet = book[name]
    assert sheet.page_setup.orientation == "landscape"
    # One page wide is the file format's default, which xlsxwriter leaves out.
    assert (sheet.page_setup.fitToWidth or 1) == across
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "AJA" in sheet.oddFooter.left.text
    assert sheet.oddFooter.center.text == "Page &P of &N"
    assert sheet.print_title_rows


@pytest.mark.parametrize(
    "name, ref",
    [("Hours", "A1:G4"), ("Portal use", "A1:G4"), ("Data problems", "A1:J3")],
)
def test_header_frozen_and_filtered(book, name, ref):
    assert book[name].freeze_panes == "A2"
    assert book[name].auto_filter.ref == ref


def test_document_properties(book):
    props = book.properties
    assert props.title == "AJA CPD"
    assert props.creator == "cpd-xl"
    assert props.created == dt.datetime(2026, 10, 26, 9, 30)


def test_columns_fit_the_e_mails(book):
    width = book["Hours"].column_dimensions["B"].width
    assert width >= len("hostile@aja.example")


def test_a_failed_write_keeps_the_old_workbook(tmp_path, monkeypatch):
    path = tmp_path / "AJA.xlsx"
    path.write_bytes(b"last month's workbook")

    def broken(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(academy_module, "write_hours", broken)
    with pytest.raises(RuntimeError):
        write_academy_book(make_results(), "AJA", path)
    assert path.read_bytes() == b"last month's workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["AJA.xlsx"]
