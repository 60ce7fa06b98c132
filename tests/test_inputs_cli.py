"""`cpd-xl inputs DIR [--json]` through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpd_xl.cli import cli

DATA = Path(__file__).resolve().parent / "data"


def run(*args):
    result = CliRunner().invoke(cli, ["inputs", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_inputs_text_lists_each_file_its_rows_and_findings():
    result = run(DATA / "drop", "--quiet")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    at = lines.index("AJA/AJA staff.xlsx")
    assert lines[at + 1] == (
        "  staff, academy AJA: 9 rows read, 6 used, 1 duplicate, "
        "2 rejected (blank-email 1, blank-row-data 1)"
    )
    assert (
        "  !  unknown-phase (sheet Staff row 10): Phase: 'Middle School' is not "
        "EYFS, Primary or Secondary" in lines
    )
    at = lines.index("AMAG/records-export-1.xlsx")
    assert lines[at + 1] == "  records, academy AMAG: 3 rows read, 2 used, 1 duplicate"
    at = lines.index("AJA/Optimus export.xlsx")
    assert lines[at + 1].startswith("  logins + records, academy AJA: 14 rows read")
    assert lines[-1] == (
        "rows: 42 read = 29 used + 5 duplicate + 8 rejected "
        "(blank-email 2, blank-row-data 2, bad-date 1, bad-status 1, "
        "unknown-course 1, unknown-staff 1)"
    )


def test_inputs_json_gives_the_same_for_machines():
    result = run(DATA / "drop", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    files = {f["path"]: f for f in data["files"]}
    assert files["AMAG/logins.xls"]["kind"] == "logins"
    assert files["AMAG/logins.xls"]["rows"] == {
        "read": 5,
        "used": 5,
        "duplicate": 0,
        "rejected": {},
        "adds_up": True,
    }
    staff = files["AJA/AJA staff.xlsx"]
    assert [(f["code"], f["row"]) for f in staff["findings"]] == [
        ("unknown-phase", 10),
        ("duplicate-staff", 11),
        ("blank-email", 12),
        ("bad-date", 13),
        ("bad-flag", 13),
        ("blank-row-data", 15),
    ]
    assert staff["findings"][3]["column"] == "H"
    assert data["totals"]["rows"]["read"] == 42
    assert data["totals"]["staff"] == 11
    assert sorted(f["code"] for f in data["findings"]) == ["skipped-file"] * 3


def test_inputs_exits_2_when_a_file_cannot_be_read(tmp_path):
    shutil.copytree(DATA / "drop" / "AMAG", tmp_path / "AMAG")
    (tmp_path / "AMAG" / "empty.xlsx").write_bytes(b"")
    result = run(tmp_path, "-q")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    at = lines.index("AMAG/empty.xlsx")
    assert lines[at + 1].startswith("  not read: the file is empty (0 bytes)")
    # AMAG: staff 3 + logins 5 + two exports of 3, one conflict, one duplicate
    assert lines[-1].startswith("rows: 14 read = 12 used + 2 duplicate + 0 rejected")


@pytest.mark.parametrize("flag", ["--json", "-q"])
def test_inputs_on_an_empty_folder(tmp_path, flag):
    # Nothing to read is not a pass: with no staff list nobody can be checked.
    result = run(tmp_path, flag)
    assert result.exit_code == 2
    assert "0 read" in result.stdout or '"read": 0' in result.stdout
    assert "no staff list could be read" in result.stderr


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


STAFF = "Email,Name,Phase\nann.ash@aja.example.org,Ann Ash,Primary\n"
RECORDS = "Email,Course,Status\nann.ash@aja.example.org,Peer Observation,Completed\n"


@pytest.mark.parametrize(
    "files, code",
    [
        # A staff list with no e-mail column: its one row cannot be used.
        (
            {"AJA/staff.csv": STAFF, "AMAB/staff.csv": "Name,Phase\nBo,EYFS\n"},
            "missing-column",
        ),
        # Records but no staff list: nobody can be checked.
        ({"AJA/records.csv": RECORDS}, "no-staff-list"),
        # A blank Academy cell in a list at the top of the drop.
        (
            {
                "staff.csv": "Email,Academy,Name,Phase\n"
                "ann.ash@aja.example.org,,Ann,EYFS\n"
            },
            "no-academy",
        ),
    ],
)
def test_inputs_exits_2_when_a_finding_is_an_error(tmp_path, files, code):
    result = run(write(tmp_path, files), "-q")
    assert result.exit_code == 2
    assert f"!! {code}" in result.stdout
    assert result.stderr.startswith("Error: ")


def test_inputs_exits_0_on_a_sound_drop(tmp_path):
    result = run(write(tmp_path, {"AJA/staff.csv": STAFF, "AJA/r.csv": RECORDS}))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "rows: 2 read = 2 used + 0 duplicate + 0 rejected"
    )


def test_a_file_of_several_academies_lists_them(tmp_path):
    drop = write(
        tmp_path,
        {
            "all.csv": "Email,Academy,Name,Phase\n"
            "ann.ash@aja.example.org,AJA,Ann Ash,Primary\n"
            "gil.gale@amag.example.org,AMAG,Gil Gale,Secondary\n"
        },
    )
    result = run(drop, "-q")
    lines = result.stdout.splitlines()
    at = lines.index("all.csv")
    assert lines[at + 1] == "  staff, academies AJA, AMAG: 2 rows read, 2 used"
    data = json.loads(run(drop, "--json").stdout)
    [report] = data["files"]
    assert (report["academy"], report["academies"]) == (None, ["AJA", "AMAG"])
