"""The CLI: every command explains itself, and bad arguments exit 2."""

import pytest
from click.testing import CliRunner

from cpd_xl.cli import cli

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
