"""The CLI: every command explains itself, and bad arguments exit 2."""

import sys

import pytest
from click.testing import CliRunner

from cpd_xl.cli import cli, main

COMMANDS = sorted(cli.commands)


def test_there_are_commands():
    assert {"inputs", "check", "report"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    command = cli.commands[name]
    assert command.help and "Example:" in command.help
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


@pytest.mark.parametrize(
    "period, message",
    [
        ("2026-09-01", "START..END"),
        ("2026-13-01..2026-10-30", "START..END"),
        ("2026-10-30..2026-09-01", "ends before it starts"),
    ],
)
def test_a_bad_period_is_refused_with_exit_2(tmp_path, period, message):
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--period", period])
    assert result.exit_code == 2
    assert message in result.output


def test_a_missing_drop_folder_exits_2(tmp_path):
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(
        cli, ["check", str(missing), "--period", "2026-09-01..2026-10-30"]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output


PERIOD = "2026-09-01..2026-10-30"


def small_drop(root):
    (root / "AJA").mkdir(parents=True)
    (root / "AJA" / "staff.csv").write_text(
        "Email,Name,Phase,Job title\npat@aja.example.org,Pat Doe,Primary,Office\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("inside", [".", "AJA", "reports"])
def test_report_refuses_to_write_into_the_drop(tmp_path, inside):
    drop = small_drop(tmp_path / "drop")
    before = sorted(p.relative_to(drop) for p in drop.rglob("*"))
    result = CliRunner().invoke(
        cli, ["report", str(drop), "--period", PERIOD, "--out", str(drop / inside)]
    )
    assert result.exit_code == 2
    assert "inside the drop" in result.output
    assert sorted(p.relative_to(drop) for p in drop.rglob("*")) == before


def test_an_unreadable_file_is_named_on_stderr_and_exits_2(tmp_path):
    drop = small_drop(tmp_path / "drop")
    (drop / "AJA" / "records.xlsx").write_bytes(b"")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["report", str(drop), "--period", PERIOD, "--out", str(out), "-q"]
    )
    assert result.exit_code == 2
    assert "Error: AJA/records.xlsx" in result.stderr
    # The readable staff list is still reported on.
    assert any(out.glob("AJA CPD *.xlsx"))


@pytest.mark.parametrize("command", ["inputs", "check"])
def test_an_empty_drop_cannot_be_checked(tmp_path, command):
    args = [command, str(tmp_path)]
    if command == "check":
        args += ["--period", PERIOD]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "no staff list could be read" in result.stderr


def run_main(monkeypatch, capsys, *args):
    """Run the installed entry point, which turns errors into one line each."""
    monkeypatch.setattr(sys, "argv", ["cpd-xl", *map(str, args)])
    with pytest.raises(SystemExit) as exit_:
        main()
    return exit_.value.code, capsys.readouterr()


def test_report_writes_nothing_when_nobody_can_be_checked(
    tmp_path, monkeypatch, capsys
):
    drop = tmp_path / "drop"
    drop.mkdir()
    out = tmp_path / "out"
    code, printed = run_main(
        monkeypatch, capsys, "report", drop, "--period", PERIOD, "--out", out
    )
    assert code == 2
    assert "Error: nobody in" in printed.err and "nothing was written" in printed.err
    assert "Traceback" not in printed.err
    assert not out.exists()
