"""write_report: what it writes, where, and that every number agrees."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from writers_fixtures import make_results

from cpd_xl.errors import OutputError
from cpd_xl.model import StaffMember
from cpd_xl.writers import write_report

PERIOD = "2026-09-01 to 2026-10-23"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "out"
    return out, write_report(make_results(), out)


def test_paths_in_a_stable_order(written):
    out, paths = written
    assert [p.name for p in paths] == [
        f"AJA CPD {PERIOD}.xlsx",
        f"AMAB CPD {PERIOD}.xlsx",
        f"Head office CPD {PERIOD}.xlsx",
        f"AJA EYFS head of school CPD section {PERIOD}.txt",
        f"AJA EYFS head of school CPD section {PERIOD}.html",
        f"AJA Primary head of school CPD section {PERIOD}.txt",
        f"AJA Primary head of school CPD section {PERIOD}.html",
        f"AJA Principal Monthly Report CPD section {PERIOD}.txt",
        f"AJA Principal Monthly Report CPD section {PERIOD}.html",
        f"AMAB Secondary head of school CPD section {PERIOD}.txt",
        f"AMAB Secondary head of school CPD section {PERIOD}.html",
        f"AMAB Principal Monthly Report CPD section {PERIOD}.txt",
        f"AMAB Principal Monthly Report CPD section {PERIOD}.html",
        f"Director of Education CPD utilisation {PERIOD}.txt",
        f"Director of Education CPD utilisation {PERIOD}.html",
    ]
    assert all(p.parent == out.resolve() and p.stat().st_size > 0 for p in paths)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)


def _percent(value):
    # How a 0% cell shows a share: half up, as in the figures module.
    return int(Decimal(repr(value * 100)).quantize(Decimal(1), ROUND_HALF_UP))


def _shown(row):
    """A Summary/Comparison row as the counts and percents a reader sees."""
    return [
        row[1],
        row[2],
        _percent(row[3]),
        row[4],
        _percent(row[5]),
        row[6],
        _percent(row[7]),
    ]


def test_numbers_agree_across_workbooks_and_text(written):
    out, _ = written
    head = openpyxl.load_workbook(out / f"Head office CPD {PERIOD}.xlsx")
    comparison = {r[0]: r for r in head["Comparison"].iter_rows(values_only=True)}
    director = (out / f"Director of Education CPD utilisation {PERIOD}.txt").read_text()
    for academy in ("AJA", "AMAB"):
        book = openpyxl.load_workbook(out / f"{academy} CPD {PERIOD}.xlsx")
        summary = {r[0]: r for r in book["Summary"].iter_rows(values_only=True)}
        total = summary[f"{academy} (all phases)"]
        assert _shown(total) == _shown(comparison[academy])
        staff, met, met_pc, hours, hours_pc, active, active_pc = _shown(total)
        principal = (
            out / f"{academy} Principal Monthly Report CPD section {PERIOD}.txt"
        ).read_text()
        assert (
            f"Of {staff} staff, {met} ({met_pc}%) {'has' if met == 1 else 'have'} "
            f"met all their mandatory courses, {hours} ({hours_pc}%) "
            f"{'meets' if hours == 1 else 'meet'} the rule" in principal
        )
        assert (
            f"- {academy} (all phases): {staff} | {met} ({met_pc}%) | {hours} "
            f"({hours_pc}%) | {active} ({active_pc}%) | {total[9]}" in principal
        )
        assert (
            f"- {academy}: {staff} | {active} ({active_pc}%) | {total[8]} | {met} "
            f"({met_pc}%) | {hours} ({hours_pc}%) | {comparison[academy][10]}"
            in director
        )
        for phase in ("EYFS", "Primary", "Secondary"):
            if phase not in summary:
                continue
            staff, met, met_pc, hours, hours_pc, active, active_pc = _shown(
                summary[phase]
            )
            section = (
                out / f"{academy} {phase} head of school CPD section {PERIOD}.txt"
            ).read_text()
            assert f"All mandatory courses met: {met} of {staff} ({met_pc}%)" in section
            assert f"per fortnight): {hours} of {staff} ({hours_pc}%)" in section
            assert f"within the window: {active} of {staff} ({active_pc}%)" in section


def test_the_hand_worked_numbers_reach_the_text(written):
    out, _ = written
    director = (out / f"Director of Education CPD utilisation {PERIOD}.txt").read_text()
    # 3 of 5 logged in, 1 never; 2 of 5 met every course; 3 of 5 met the hours.
    assert "3 of 5 staff (60%) logged in" in director
    assert "2 (40%) have met all their mandatory courses" in director
    assert "- All academies: 5 | 3 (60%) | 1 | 2 (40%) | 3 (60%) | 10" in director


def test_hostile_names_stay_text_and_html_is_escaped(written):
    out, paths = written
    for path in paths:
        if path.suffix == ".html":
            html = path.read_text()
            assert "<b>Bea</b>" not in html
            if "AJA EYFS" in path.name:
                assert "&lt;b&gt;Bea&lt;/b&gt; Bold" in html
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            for sheet in book:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f"


@pytest.mark.parametrize(
    "academy",
    ["../x", "AJA/../../etc", "CON", "NUL", "..", "/etc/passwd", "a\\..\\..\\b"],
)
def test_hostile_academy_names_stay_inside_out(tmp_path, academy):
    results = make_results()
    results.academies = [academy]
    for result in results.staff:
        result.staff = StaffMember(
            result.staff.email, result.staff.name, academy, result.staff.phase
        )
    out = tmp_path / "out"
    paths = write_report(results, out)
    assert all(p.parent == out.resolve() for p in paths)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert not any(re.match(r"(?i)(con|nul)(\.|$)", p.name) for p in paths)


def test_two_academies_with_the_same_safe_name_get_two_files(tmp_path):
    results = make_results()
    results.academies = ["A/B", "A_B"]
    for result, academy in zip(results.staff, ["A/B"] * 3 + ["A_B"] * 2, strict=True):
        result.staff = StaffMember(
            result.staff.email, result.staff.name, academy, result.staff.phase
        )
    paths = write_report(results, tmp_path)
    assert [p.name for p in paths[:2]] == [
        f"A_B CPD {PERIOD}.xlsx",
        f"A_B CPD {PERIOD} (2).xlsx",
    ]


def test_progress_is_called_after_each_file(tmp_path):
    calls = []
    paths = write_report(
        make_results(), tmp_path, progress=lambda *a: calls.append(a), workers=1
    )
    assert [c[:2] for c in calls] == [(n, 15) for n in range(1, 16)]
    assert [c[2] for c in calls] == [p.name for p in paths]


def test_with_two_workers_the_head_office_book_is_reported_last(tmp_path):
    calls = []
    paths = write_report(
        make_results(), tmp_path, progress=lambda *a: calls.append(a), workers=2
    )
    assert [c[:2] for c in calls] == [(n, 15) for n in range(1, 16)]
    assert sorted(c[2] for c in calls) == sorted(p.name for p in paths)
    assert calls[-1][2].startswith("Head office CPD")


def sheet_values(path):
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: [
            [c for c in row if not isinstance(c, dt.datetime)]  # run time differs
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in book.worksheets
    }


def test_one_or_two_workers_write_the_same_workbooks(tmp_path):
    results = make_results()
    one = write_report(results, tmp_path / "one", workers=1)
    two = write_report(results, tmp_path / "two", workers=2)
    assert [p.name for p in one] == [p.name for p in two]
    for a, b in zip(one, two, strict=True):
        if a.suffix == ".xlsx":
            assert sheet_values(a) == sheet_values(b)
        else:
            assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")


def test_out_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "out"
    out.write_text("not a folder")
    with pytest.raises(OutputError, match="out"):
        write_report(make_results(), out)


def test_rewriting_replaces_the_old_outputs(tmp_path):
    first = write_report(make_results(), tmp_path)
    first[0].write_bytes(b"stale")
    second = write_report(make_results(), tmp_path)
    assert first == second
    assert openpyxl.load_workbook(second[0]).sheetnames[0] == "Summary"
    assert len(list(tmp_path.iterdir())) == 15


def test_an_academy_with_no_staff_says_n_a_in_both(tmp_path):
    results = make_results()
    results.academies.append("AMAG")
    paths = write_report(results, tmp_path)
    book = openpyxl.load_workbook(tmp_path / f"AMAG CPD {PERIOD}.xlsx")
    summary = [list(r) for r in book["Summary"].iter_rows(values_only=True)]
    assert summary[4] == ["AMAG (all phases)", 0, 0, "n/a", 0, "n/a", 0, "n/a", 0, 0]
    text = (
        tmp_path / f"AMAG Principal Monthly Report CPD section {PERIOD}.txt"
    ).read_text()
    assert "Of 0 staff, 0 (n/a) have met all their mandatory courses" in text
    assert len(paths) == 15 + 3  # a workbook and a principal's .txt and .html


def _one_academy(results, academy):
    results.academies = [academy]
    for result in results.staff:
        result.staff = StaffMember(
            result.staff.email, result.staff.name, academy, result.staff.phase
        )
    return results


def test_an_academy_name_that_cleans_to_nothing_is_numbered(tmp_path):
    paths = write_report(_one_academy(make_results(), ".."), tmp_path)
    names = [p.name for p in paths]
    assert names[:2] == [
        f"academy-1 CPD {PERIOD}.xlsx",
        f"Head office CPD {PERIOD}.xlsx",
    ]
    assert f"academy-1 Primary head of school CPD section {PERIOD}.txt" in names
    assert f"academy-1 Principal Monthly Report CPD section {PERIOD}.html" in names


def test_long_academy_names_keep_the_kind_and_period_whole(tmp_path):
    import hashlib

    first, second = "x" * 300, "x" * 299 + "y"
    results = make_results()
    results.academies = [first, second]
    for result, academy in zip(results.staff, [first] * 3 + [second] * 2, strict=True):
        result.staff = StaffMember(
            result.staff.email, result.staff.name, academy, result.staff.phase
        )
    names = [p.name for p in write_report(results, tmp_path)]
    short = {
        academy: "x" * 52 + "… " + hashlib.sha256(academy.encode()).hexdigest()[:6]
        for academy in (first, second)
    }
    assert short[first] != short[second]
    assert names[:2] == [
        f"{short[first]} CPD {PERIOD}.xlsx",
        f"{short[second]} CPD {PERIOD}.xlsx",
    ]
    assert f"{short[first]} Principal Monthly Report CPD section {PERIOD}.txt" in names
    assert f"{short[second]} Principal Monthly Report CPD section {PERIOD}.txt" in names
    assert not any("(2)" in name for name in names)
    assert all(len(name.encode()) < 200 for name in names)


def test_a_failure_in_the_second_process_is_an_output_error(tmp_path, monkeypatch):
    def broken(results, path, **options):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cpd_xl.writers.write_headoffice_book", broken)
    with pytest.raises(OutputError, match="Head office CPD .*No space left"):
        write_report(make_results(), tmp_path, workers=2)
