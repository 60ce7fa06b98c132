"""``cpd-xl check`` end to end on a tiny drop of CSV files: exit codes and JSON."""

from __future__ import annotations

import json
import sys

import pytest

pytest.importorskip("cpd_xl.readers", reason="the readers (brief B) are not in yet")

from cpd_xl.cli import main  # noqa: E402

PERIOD = "2026-09-01..2026-10-30"
STAFF = (
    "Name,Email,Job Title,Role(s),Phase,Teaching Staff,Classroom Teacher,"
    "Contact with students,Conducts PM / Observations,NPQML (enrolled),"
    "Start Date,Leaving Date\n"
    "Kim Office,kim@aja.example.org,Administrator,Office,Primary,N,N,N,N,N,"
    "01/09/2019,\n"
)
RECORDS = (
    "Email,Full Name,Course,Unit / Module,Status,Date Started,Date Completed,"
    "Time Spent (mins)\n"
)
SAFEGUARDING = (
    "kim@aja.example.org,Kim Office,Safeguarding Whole-School Update,,"
    "Completed,08/09/2026,10/09/2026,300\n"
)
LOGINS = (
    "Email,Name,Logins,Web sessions accessed,Last login\n"
    "kim@aja.example.org,Kim Office,7,3,20/10/2026\n"
)


def make_drop(tmp_path, records=SAFEGUARDING):
    drop = tmp_path / "drop"
    (drop / "AJA").mkdir(parents=True)
    (drop / "AJA" / "staff.csv").write_text(STAFF, encoding="utf-8")
    (drop / "AJA" / "records.csv").write_text(RECORDS + records, encoding="utf-8")
    (drop / "AJA" / "logins.csv").write_text(LOGINS, encoding="utf-8")
    return drop


def run(monkeypatch, capsys, *args):
    """Run the installed entry point; return the exit code, stdout and stderr."""
    monkeypatch.setattr(sys, "argv", ["cpd-xl", *map(str, args)])
    with pytest.raises(SystemExit) as exited:
        main()
    out = capsys.readouterr()
    return exited.value.code, out.out, out.err


def test_everyone_compliant_exits_0(tmp_path, monkeypatch, capsys):
    drop = make_drop(tmp_path)
    code, out, _ = run(monkeypatch, capsys, "check", drop, "--period", PERIOD, "-q")
    assert code == 0
    # One line for Kim: 300 minutes against 60 / 14 hours, one record.
    line = [x for x in out.splitlines() if "Kim Office" in x]
    assert len(line) == 1
    assert "5.0/4.3" in line[0] and line[0].endswith("compliant")
    assert "1 of 1 staff compliant" in out


def test_someone_not_compliant_exits_1(tmp_path, monkeypatch, capsys):
    drop = make_drop(tmp_path, records="")
    code, out, _ = run(monkeypatch, capsys, "check", drop, "--period", PERIOD, "-q")
    assert code == 1
    line = [x for x in out.splitlines() if "Kim Office" in x][0]
    assert line.endswith("1 missing, 4.3 h short")


@pytest.mark.parametrize(
    "args",
    [
        ["--period", "2026-10-30..2026-09-01"],
        ["--period", "autumn"],
        ["--period", PERIOD, "--policy", "{bad}"],
    ],
    ids=["period backwards", "period not dates", "broken policy file"],
)
def test_could_not_check_exits_2(tmp_path, monkeypatch, capsys, args):
    drop = make_drop(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text("[settings]\nhours_per_fortnight = 'one'\n", encoding="utf-8")
    args = [str(bad) if a == "{bad}" else a for a in args]
    code, out, err = run(monkeypatch, capsys, "check", drop, *args)
    assert code == 2
    assert out == ""
    assert err.strip()


def test_broken_policy_error_names_the_entry(tmp_path, monkeypatch, capsys):
    drop = make_drop(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text("[settings]\nhours_per_fortnight = 'one'\n", encoding="utf-8")
    code, _, err = run(
        monkeypatch, capsys, "check", drop, "--period", PERIOD, "--policy", bad
    )
    assert code == 2
    assert "[settings] hours_per_fortnight must be a number" in err


def test_json_contract(tmp_path, monkeypatch, capsys):
    drop = make_drop(tmp_path, records="")
    code, out, _ = run(
        monkeypatch, capsys, "check", drop, "--period", PERIOD, "--format", "json"
    )
    assert code == 1
    data = json.loads(out)
    assert data["version"] == "1.0"
    assert data["period"] == {"start": "2026-09-01", "end": "2026-10-30"}
    assert data["compliant"] is False
    (kim,) = data["staff"]
    assert {k: kim[k] for k in ("email", "name", "academy", "phase", "roles")} == {
        "email": "kim@aja.example.org",
        "name": "Kim Office",
        "academy": "AJA",
        "phase": "Primary",
        "roles": ["Office staff"],
    }
    (requirement,) = kim["requirements"]
    assert requirement == {
        "rule": "B-1",
        "course": "Safeguarding Whole-School Update",
        "status": "missing",
        "reason": "missing: no record of Safeguarding Whole-School Update; "
        "applies to all staff (rule B-1)",
        "evidence": [],
    }
    assert kim["hours"] == {"done": 0.0, "required": 4.29, "met": False}
    assert kim["modules_completed"] == 0
    assert kim["external_training_eligible"] is False
    assert kim["logins"] == 7
    assert kim["last_login"] == "2026-10-20"
    assert kim["inactive"] is False
    # Staff row, the login row: two rows read and used; no record rows.
    assert data["rows"]["read"] == data["rows"]["used"] == 2
    assert data["rows"]["rejected"] == 0
    codes = {f["code"] for f in data["findings"]}
    assert {"requirement-missing", "hours-short"} <= codes
    for item in data["findings"]:
        assert set(item) >= {"code", "message", "file", "sheet", "row"}
