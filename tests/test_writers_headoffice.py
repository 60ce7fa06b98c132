"""The head-office workbook: every record, the comparison, the directory."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from writers_fixtures import HOSTILE, make_results

from cpd_xl.model import LearningRecord, Source
from cpd_xl.writers.headoffice import write_headoffice_book


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    path = tmp_path_factory.mktemp("headoffice") / "Head office.xlsx"
    write_headoffice_book(make_results(), path)
    return path


@pytest.fixture(scope="module")
def book(path):
    return openpyxl.load_workbook(path)


def test_sheet_names(book):
    assert book.sheetnames == [
        "Comparison",
        "Staff",
        "Records",
        "Duplicates and conflicts",
        "Data problems",
        "Sources",
    ]


def test_comparison_per_academy(book):
    data = rows(book["Comparison"])
    assert data[1:4] == [
        ["AJA", 3, 1, 1 / 3, 1, 1 / 3, 1, 1 / 3, 1, 1, 5],
        ["AMAB", 2, 1, 0.5, 2, 1, 2, 1, 0, 1, 5],
        ["All academies", 5, 2, 0.4, 3, 0.6, 3, 0.6, 1, 2, 10],
    ]
    assert book["Comparison"]["D2"].number_format == "0%"


def test_comparison_chart(path):
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        chart = archive.read(charts[0]).decode()
    assert len(charts) == 1
    assert "Comparison!$H$2:$H$3" in chart and "Comparison!$D$2:$D$3" in chart


def test_every_record_with_its_provenance(book):
    data = rows(book["Records"])
    assert len(data) == 1 + 10
    first = data[1]
    assert first[0:3] == ["AJA", "alice@aja.example", "Alice Able"]
    assert first[6:10] == [
        "completed",
        dt.datetime(2026, 9, 2),
        dt.datetime(2026, 9, 10),
        60,
    ]
    assert first[12:15] == ["AJA/records.xlsx", "Records", 2]
    assert book["Records"]["I2"].number_format == "dd/mm/yyyy"
    assert book["Records"].freeze_panes == "A2"
    assert book["Records"].auto_filter.ref == "A1:O11"


def test_staff_directory_across_academies(book):
    data = rows(book["Staff"])[1:]
    assert [(r[0], r[3]) for r in data] == [
        ("AJA", "bea@aja.example"),
        ("AJA", "hostile@aja.example"),
        ("AJA", "alice@aja.example"),
        ("AMAB", "carl@amab.example"),
        ("AMAB", "dana@amab.example"),
    ]
    hostile = book["Staff"]["C3"]
    assert hostile.value == HOSTILE and hostile.data_type == "s" and hostile.quotePrefix


def test_duplicates_and_conflicts(book):
    data = rows(book["Duplicates and conflicts"])[1:]
    assert [(r[0], r[1], r[7], r[9]) for r in data] == [
        ("AMAB", "duplicate-record", "AMAB/export2.xlsx", 7),
        (None, "staff-in-two-academies", "AJA/staff.xlsx", 9),
    ]
    assert len(rows(book["Data problems"])) == 1 + 5


def test_sources_list_every_file(book):
    files = [r[0] for r in rows(book["Sources"])[1:5]]
    assert files == [
        "AJA/staff.xlsx",
        "AJA/records.xlsx",
        "AMAB/export2.xlsx",
        "catalogue.xlsx",
    ]


def _records(count):
    return [
        LearningRecord(
            email=f"s{i}@aja.example",
            name=f"Staff {i}",
            course_text="Embedding Literacy",
            course="Embedding Literacy",
            unit=None,
            status="completed",
            academy="AJA",
            source=Source("AJA/big.xlsx", "Records", i + 2),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize(
    "count, per_sheet, sheets",
    [
        (10, 4, [4, 4, 2]),
        (8, 4, [4, 4]),
        (0, 4, [0]),
        (1, 1, [1]),
    ],
)
def test_records_split_across_sheets_without_losing_a_row(
    tmp_path, count, per_sheet, sheets
):
    results = make_results()
    results.records = _records(count)
    path = tmp_path / "ho.xlsx"
    write_headoffice_book(results, path, rows_per_sheet=per_sheet)
    book = openpyxl.load_workbook(path, read_only=True)
    names = ["Records"] + [f"Records ({n})" for n in range(2, len(sheets) + 1)]
    assert [n for n in book.sheetnames if n.startswith("Records")] == names
    seen = []
    for name, expected in zip(names, sheets, strict=True):
        data = list(book[name].iter_rows(values_only=True))
        assert data[0][0] == "Academy"
        if not expected:
            assert data[1:] == [("None found",) + (None,) * 14]
            continue
        assert len(data) - 1 == expected
        seen += [r[14] for r in data[1:]]
    assert seen == [i + 2 for i in range(count)]


def test_the_default_split_is_excels_limit():
    import inspect

    from cpd_xl.writers import headoffice

    default = inspect.signature(write_headoffice_book).parameters["rows_per_sheet"]
    assert default.default == 1_048_576 - 1
    assert headoffice.EXCEL_MAX_ROWS == 1_048_576
