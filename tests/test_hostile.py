"""Broken, odd and hostile files end in a clear answer, through the whole tool.

Each file of tests/hostile/files/ is read alone by `cpd-xl inputs` and must
get the answer written by hand in tests/hostile/expected.toml; then a drop
mixing the sound drop of tests/hostile/good/ with every hostile file must
leave the sound staff's results unchanged, keep a ledger that adds up and
write nothing outside --out. The corpus is made by tests/hostile/make_corpus.py.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import resource
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cpd_xl.cli import cli
from cpd_xl.model import Period
from cpd_xl.policy import check, load_policy
from cpd_xl.readers import load_catalogue, read_folder, sheets
from cpd_xl.readers.sheets import SheetError

HOSTILE = Path(__file__).resolve().parent / "hostile"
FILES = HOSTILE / "files"
GOOD = HOSTILE / "good"
EXPECTED = tomllib.loads((HOSTILE / "expected.toml").read_text())
PERIOD = Period(dt.date(2026, 9, 1), dt.date(2026, 10, 30))
OTHER = "zed.zinc@elsewhere.example.org"
SAFEGUARDING = "Safeguarding Whole-School Update"
D = dt.date


def load_corpus_script():
    spec = importlib.util.spec_from_file_location(
        "make_corpus", HOSTILE / "make_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cli(*args):
    result = CliRunner().invoke(cli, [*map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def inputs_json(drop: Path):
    result = run_cli("inputs", drop, "--json")
    return result.exit_code, json.loads(result.stdout)


def drop_of(tmp_path: Path, *names: str) -> Path:
    """A drop of the named corpus files under AJA/, with a staff list naming
    the two people their records are about."""
    drop = tmp_path / "drop"
    (drop / "AJA").mkdir(parents=True)
    (drop / "AJA" / "staff.csv").write_text(
        "Email,Name,Phase,Job Title,Teaching Staff\n"
        f"{OTHER},Zed Zinc,Primary,Teacher,Y\n"
        "eve@con.example.org,Eve Oak,Primary,Teacher,Y\n"
    )
    for name in names:
        shutil.copy(FILES / name, drop / "AJA" / name)
    return drop


def file_report(data: dict, name: str) -> dict:
    (report,) = [f for f in data["files"] if f["path"] == f"AJA/{name}"]
    return report


def test_every_corpus_file_has_an_expected_answer():
    assert sorted(p.name for p in FILES.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_file_gets_its_answer(tmp_path, name):
    want = EXPECTED[name]
    code, data = inputs_json(drop_of(tmp_path, name))
    assert code == want["exit"]
    report = file_report(data, name)
    findings = report["findings"] + [
        f for f in data["findings"] if f.get("file") == f"AJA/{name}"
    ]
    if want["exit"] == 2:
        assert report["error"].startswith(f"AJA/{name}: ")
    if "code" in want:
        hits = [
            f
            for f in findings
            if f["code"] == want["code"] and want["message"] in f["message"]
        ]
        assert hits, findings
        if "at" in want:
            assert want["at"] in [[f["sheet"], f["row"]] for f in hits]
    codes = {f["code"] for f in findings}
    assert set(want.get("codes", ())) <= codes
    read, used, rejected = want["rows"]
    rows = report["rows"]
    assert (rows["read"], rows["used"], sum(rows["rejected"].values())) == (
        read,
        used,
        rejected,
    )
    assert rows["adds_up"]
    if "kind" in want:
        assert report["kind"] == want["kind"]


def records_of(tmp_path, name):
    inputs = read_folder(drop_of(tmp_path, name), catalogue=load_catalogue())
    records = [r for r in inputs.records if r.source.file == f"AJA/{name}"]
    return sorted(records, key=lambda r: (r.source.sheet, r.source.row))


@pytest.mark.parametrize(
    "name, completed",
    [
        # 9 September 2026 written as a 1904-system serial number.
        ("date-1904.xlsx", [D(2026, 9, 9), D(2026, 9, 9)]),
        # "09/09/2026" and "'10/09/2026" as text, day first.
        ("text-values.xlsx", [D(2026, 9, 9), D(2026, 9, 10), D(2026, 9, 9)]),
        ("csv-named.xlsx", [D(2026, 9, 9), D(2026, 9, 10)]),
        ("html-table.xls", [D(2026, 9, 9), D(2026, 9, 10)]),
        # The #N/A date reads as blank (and is named by an error-cell finding).
        ("error-cells.xlsx", [None, D(2026, 9, 9)]),
    ],
)
def test_dates_are_read_as_written(tmp_path, name, completed):
    assert [r.completed for r in records_of(tmp_path, name)] == completed


@pytest.mark.parametrize(
    "name, minutes",
    [
        # "30" and "'45" stored as text.
        ("text-values.xlsx", [30, 45, 30]),
        # A formula with no saved value reads as blank; one with 45 saved is 45.
        ("formula-no-value.xlsx", [None, 45]),
        ("error-cells.xlsx", [30, None]),
        ("html-table.xls", [30, 45]),
    ],
)
def test_times_are_read_as_written(tmp_path, name, minutes):
    assert [r.minutes for r in records_of(tmp_path, name)] == minutes


def test_text_cleaning_lets_nbsp_and_x000d_match(tmp_path):
    third = records_of(tmp_path, "text-values.xlsx")[2]
    assert (third.email, third.course) == (OTHER, SAFEGUARDING)


def test_html_table_courses_match_the_catalogue(tmp_path):
    courses = [r.course for r in records_of(tmp_path, "html-table.xls")]
    assert courses == [SAFEGUARDING, "Differentiation in Practice"]


@pytest.mark.parametrize(
    "name, rows",
    [
        ("header-row-25.xlsx", [26, 27]),
        ("merged-header.xlsx", [4, 5]),
        ("merged-header-lo.ods", [4, 5]),
        ("dimension-million.xlsx", [2, 3]),
        ("dimension-a1.xlsx", list(range(2, 32))),
    ],
)
def test_rows_keep_the_numbers_excel_shows(tmp_path, name, rows):
    assert [r.source.row for r in records_of(tmp_path, name)] == rows


def test_several_data_sheets_and_a_hidden_one_are_all_read(tmp_path):
    for name, names in (
        ("several-sheets.xlsx", ["More records", "Records", "Records"]),
        ("hidden-sheet.xlsx", ["Old", "Records", "Records"]),
    ):
        assert [r.source.sheet for r in records_of(tmp_path / name, name)] == names


def test_the_first_of_two_status_columns_is_read(tmp_path):
    # Status says Completed; the second Status column says Not started.
    records = records_of(tmp_path, "duplicate-blank-headers.xlsx")
    assert [r.status for r in records] == ["completed", "completed"]


def test_names_that_look_like_formulas_are_kept_as_text(tmp_path):
    inputs = read_folder(drop_of(tmp_path, "formula-names.xlsx"))
    assert [m.name for m in inputs.staff if m.academy == "CON"] == [
        '=HYPERLINK("http://x.invalid","click")',
        "+44 7700 900000",
        "-Gus",
        "Hal",
        "Ida <b>Bold</b>",
    ]


def test_an_external_entity_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7f3a")
    drop = drop_of(tmp_path)
    load_corpus_script().write_xxe(drop / "AJA" / "xxe.xlsx", secret)
    code, data = inputs_json(drop)
    assert code == 2
    error = file_report(data, "xxe.xlsx")["error"]
    assert "xl/sharedStrings.xml declares a DOCTYPE" in error
    assert "SECRET-7f3a" not in json.dumps(data)


class PanicException(BaseException):
    """Named like the exception pyo3 raises for a panic in calamine's Rust code."""


def test_a_panic_inside_the_parser_is_a_clear_error():
    with pytest.raises(SheetError) as caught:
        with sheets._panics_refused("AJA/x.xlsx: sheet S cannot be read"):
            raise PanicException("chunk size must be non-zero")
    assert str(caught.value) == (
        "AJA/x.xlsx: sheet S cannot be read (the spreadsheet reader failed: "
        "PanicException: chunk size must be non-zero); open it in Excel or "
        "LibreOffice and save it again"
    )
    assert caught.value.code == "unreadable-file"
    with pytest.raises(KeyboardInterrupt):
        with sheets._panics_refused("AJA/x.xlsx: sheet S cannot be read"):
            raise KeyboardInterrupt


# The whole tool on a drop mixing the sound drop with every hostile file.

AJA_STAFF = [
    "ann.ash@aja.example.org",
    "ben.birch@aja.example.org",
    "cat.cedar@aja.example.org",
    "dan.elm@aja.example.org",
]


def mixed_drop(tmp_path: Path) -> Path:
    drop = tmp_path / "mixed"
    shutil.copytree(GOOD, drop)
    for path in FILES.iterdir():
        if path.name not in ("formula-names.xlsx", "odd-values.xlsx"):
            shutil.copy(path, drop / "AJA" / path.name)
    # An academy folder named like a device on Windows, holding a staff list
    # of names that look like formulas and records of values out of reason.
    (drop / "CON").mkdir()
    shutil.copy(FILES / "formula-names.xlsx", drop / "CON" / "staff.xlsx")
    shutil.copy(FILES / "odd-values.xlsx", drop / "CON" / "records.xlsx")
    shutil.copy(FILES / "csv-named.xlsx", drop / "AJA" / "records..old.xlsx")
    load_corpus_script().write_xxe(drop / "AJA" / "xxe.xlsx", tmp_path / "secret")
    (tmp_path / "secret").write_text("SECRET-7f3a")
    return drop


def verdicts(results):
    return {
        s.staff.email: (
            [(r.rule, r.course, r.status) for r in s.requirements],
            round(s.hours.done, 4),
            round(s.hours.required, 4),
            s.external_training_eligible,
            s.logins,
            s.last_login,
            s.inactive,
            s.compliant,
        )
        for s in results.staff
    }


def checked(drop: Path):
    policy = load_policy()
    catalogue = load_catalogue(extra=policy.items)
    inputs = read_folder(drop, catalogue=catalogue)
    return inputs, check(inputs, policy, PERIOD)


def test_hostile_files_leave_the_sound_staff_results_unchanged(tmp_path):
    _, alone = checked(GOOD)
    inputs, mixed = checked(mixed_drop(tmp_path))
    assert sorted(verdicts(alone)) == AJA_STAFF
    sound = {email: v for email, v in verdicts(mixed).items() if email in AJA_STAFF}
    assert sound == verdicts(alone)
    assert mixed.rows.adds_up
    inputs.ledger.verify()
    refused = {f.path.removeprefix("AJA/") for f in inputs.files if f.error is not None}
    assert refused == {name for name, want in EXPECTED.items() if want["exit"] == 2} | {
        "xxe.xlsx"
    }


def test_values_out_of_reason_are_reported_by_the_check(tmp_path):
    _, results = checked(mixed_drop(tmp_path))
    about_con = {
        (f.code, f.source.row)
        for f in results.findings
        if f.source is not None and f.source.file == "CON/records.xlsx"
    }
    # Row 2 completed in 2027, after the period; row 3 in 2010, before the
    # portal started (2015); row 4 spent -30 minutes; row 5 spent 600 hours.
    assert {
        ("future-date", 2),
        ("implausible-date", 3),
        ("bad-duration", 4),
        ("implausible-duration", 5),
        ("blank-email", 6),
    } <= about_con


def test_report_on_the_mixed_drop_writes_only_inside_out(tmp_path):
    drop = mixed_drop(tmp_path)
    before = sorted(p for p in tmp_path.rglob("*"))
    out = tmp_path / "out"
    result = run_cli(
        "report", drop, "--period", "2026-09-01..2026-10-30", "--out", out, "-q"
    )
    # Files that cannot be read make the run "could not check", after every
    # usable file was reported; each is named on stderr.
    assert result.exit_code == 2, result.output
    for name, want in EXPECTED.items():
        if want["exit"] == 2:
            assert f"AJA/{name}: " in result.stderr
    written = [Path(line.removeprefix("wrote ")) for line in result.stdout.splitlines()]
    written = [p for p in written if p.suffix]
    assert written
    for path in written:
        assert path.resolve().is_relative_to(out.resolve())
        assert path.is_file()
    after = sorted(p for p in tmp_path.rglob("*") if not p.is_relative_to(out))
    assert after == [p for p in before if not p.is_relative_to(out)]
    assert "SECRET-7f3a" not in "".join(
        p.read_text(errors="replace") for p in written if p.suffix in (".txt", ".html")
    )
    ledger = result.stdout.splitlines()[-1]
    assert ledger.startswith("rows: ")


def test_report_writes_formula_like_names_as_text(tmp_path):
    out = tmp_path / "out"
    run_cli(
        "report",
        mixed_drop(tmp_path),
        "--period",
        "2026-09-01..2026-10-30",
        "--out",
        out,
        "-q",
    )
    books = sorted(out.rglob("*.xlsx"))
    assert books
    texts = []
    for book in books:
        workbook = openpyxl.load_workbook(book)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        assert "x.invalid" not in str(cell.value), (book, cell)
                    elif isinstance(cell.value, str):
                        texts.append(cell.value)
    assert '=HYPERLINK("http://x.invalid","click")' in texts
    for page in out.rglob("*.html"):
        assert "<b>Bold</b>" not in page.read_text()


BOMBS = (
    "zip-bomb.xlsx",
    "billion-laughs.xlsx",
    "absurd-extent.xlsx",
    "absurd-extent.ods",
)


def test_bombs_stay_bounded_in_a_memory_capped_process(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    for name in BOMBS:
        shutil.copy(FILES / name, drop / name)
    cap = 2 * 1024**3

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    run = subprocess.run(
        [sys.executable, "-c", "from cpd_xl.cli import main; main()",
         "inputs", str(drop), "--quiet"],
        capture_output=True, text=True, timeout=120, preexec_fn=limit_memory,
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    lines = run.stdout.splitlines()
    for name in BOMBS:
        assert lines[lines.index(name) + 1].startswith("  not read: ")
    assert "Traceback" not in run.stderr
