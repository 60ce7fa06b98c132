"""The ``cpd-xl`` command: a thin layer over the library, and the only module
that imports click.

Exit codes: 0 everyone compliant (or, for ``inputs``, everything read);
1 checked and not all compliant; 2 could not check.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import CpdXlError
from .model import Period

EXIT_OK = 0
EXIT_NOT_COMPLIANT = 1
EXIT_CANNOT_CHECK = 2


class PeriodType(click.ParamType):
    """``START..END`` as ISO dates, both ends included."""

    name = "START..END"

    def convert(self, value, param, ctx):
        if isinstance(value, Period):
            return value
        start, sep, end = str(value).partition("..")
        try:
            if not sep:
                raise ValueError
            period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
        except ValueError:
            self.fail(
                f"{value!r} is not a period: write it as START..END in ISO dates, "
                "e.g. 2026-09-01..2026-10-30",
                param,
                ctx,
            )
        if period.end < period.start:
            self.fail(f"the period {value} ends before it starts", param, ctx)
        return period


PERIOD = PeriodType()

drop_argument = click.argument(
    "drop", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
period_option = click.option(
    "--period", type=PERIOD, required=True, help="Reporting period, START..END."
)
policy_option = click.option(
    "--policy",
    "policy_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A policy file to use instead of the shipped catalogue/policy.toml.",
)
catalogue_option = click.option(
    "--catalogue",
    "catalogue_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The provider's CPD Catalogue workbook, instead of the shipped one.",
)
headers_option = click.option(
    "--headers",
    "headers_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML file mapping odd column headers to cpd-xl's fields.",
)
quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="Draw no progress bar on stderr."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cpd-xl")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails.")
def cli(debug: bool) -> None:
    """Turn a school group's CPD spreadsheets into the reports its policy asks for.

    A DROP is a folder of spreadsheets (staff lists, learning-record exports,
    login reports, optionally a term-dates calendar), in sub-folders per
    academy or not. cpd-xl never writes into it.
    """
    # --debug is read by main(), which is where errors are caught.


def main() -> None:
    """Entry point: run the CLI, turning cpd-xl's errors into one line each."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_CANNOT_CHECK)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_CANNOT_CHECK)
    except CpdXlError as error:
        if debug:
            raise
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_CANNOT_CHECK)
    except Exception as error:  # a bug: say so plainly, traceback on --debug
        if debug:
            raise
        click.echo(
            f"Error: cpd-xl failed unexpectedly ({type(error).__name__}: {error}). "
            "Run again with --debug for details and report it.",
            err=True,
        )
        sys.exit(EXIT_CANNOT_CHECK)


class _Progress:
    """A click progress bar over the files of a drop, on stderr."""

    def __init__(self, quiet: bool, label: str) -> None:
        self.quiet = quiet
        self.label = label
        self.bar = None

    def __call__(self, done: int, total: int, item: str) -> None:
        # Off a terminal (a pipe, a log file) a bar is noise, so draw none.
        if self.quiet or total < 1 or not sys.stderr.isatty():
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label=self.label, file=sys.stderr, show_pos=True
            )
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos, item)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _read_drop(drop, catalogue_path, headers_path, policy, quiet):
    from .readers import load_catalogue, read_folder

    catalogue = load_catalogue(catalogue_path, extra=policy.items)
    progress = _Progress(quiet, "Reading")
    try:
        return read_folder(
            drop,
            catalogue=catalogue,
            header_map=headers_path,
            day_first=policy.settings.day_first,
            progress=progress,
        )
    finally:
        progress.close()


def _show_errors(findings) -> int:
    """Print each error finding on stderr, one line each; return how many."""
    errors = [f for f in findings if f.severity == "error"]
    for error in errors:
        where = f"{error.source}: " if error.source else ""
        if error.source and error.message.startswith(error.source.file):
            where = ""  # the message names the file already
        click.echo(f"Error: {where}{error.message}", err=True)
    return len(errors)


def _exit_code(findings, compliant: bool) -> int:
    # Input that could not be used makes the check incomplete: "could not
    # check" wins over any verdict, although every usable file was reported.
    if _show_errors(findings):
        return EXIT_CANNOT_CHECK
    return EXIT_OK if compliant else EXIT_NOT_COMPLIANT


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to here when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@cli.command()
@drop_argument
@catalogue_option
@headers_option
@policy_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@quiet_option
def inputs(drop, catalogue_path, headers_path, policy_path, as_json, quiet):
    """Show what cpd-xl reads in a DROP: each file's kind, academy and rows.

    For each file: its kind (staff, records, logins, catalogue, calendar),
    the academy, the rows used and rejected, and every finding with its
    sheet and row. Nothing is checked against the policy.

    \b
    Example:
        cpd-xl inputs examples/autumn-2026
    """
    from .policy import load_policy
    from .writers.inputs_view import inputs_as_dict, inputs_as_text

    policy = load_policy(policy_path)
    data = _read_drop(drop, catalogue_path, headers_path, policy, quiet or as_json)
    if as_json:
        click.echo(json.dumps(inputs_as_dict(data), indent=2, ensure_ascii=False))
    else:
        click.echo(inputs_as_text(data))
    sys.exit(_exit_code(data.findings, compliant=True))


@cli.command()
@drop_argument
@period_option
@catalogue_option
@headers_option
@policy_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table for people, or the JSON contract for machines.",
)
@quiet_option
def check(drop, period, catalogue_path, headers_path, policy_path, fmt, quiet):
    """Check every staff member in a DROP against the policy, and say why.

    Prints one line per staff member, sorted by academy and phase (or the
    JSON contract with --format json). Exits 0 when everyone complies, 1 when
    someone does not, 2 when the drop could not be checked.

    \b
    Example:
        cpd-xl check examples/autumn-2026 --period 2026-09-01..2026-10-30
    """
    from .policy import check as check_policy
    from .policy import load_policy
    from .writers.console import results_as_table
    from .writers.jsonout import results_as_dict

    policy = load_policy(policy_path)
    data = _read_drop(
        drop, catalogue_path, headers_path, policy, quiet or fmt == "json"
    )
    results = check_policy(data, policy, period)
    if fmt == "json":
        click.echo(json.dumps(results_as_dict(results), indent=2, ensure_ascii=False))
    else:
        click.echo(results_as_table(results))
    sys.exit(_exit_code(results.findings, results.compliant))


@cli.command()
@drop_argument
@period_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the workbooks and report sections into.",
)
@catalogue_option
@headers_option
@policy_option
@click.option(
    "--templates",
    "templates_path",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of your own Jinja templates for the report sections.",
)
@quiet_option
def report(
    drop, period, out, catalogue_path, headers_path, policy_path, templates_path, quiet
):
    """Write the workbooks and monthly report sections for a DROP into OUT.

    One workbook per academy for its principal, one consolidated workbook
    for head office, and the CPD sections of the monthly reports as .txt and
    .html. Ends by listing what it wrote and the row ledger.

    \b
    Example:
        cpd-xl report examples/autumn-2026 --period 2026-09-01..2026-10-30 --out out
    """
    from .policy import check as check_policy
    from .policy import load_policy
    from .writers import write_report
    from .writers.console import ledger_line

    drop_dir, out_dir = drop.resolve(), out.resolve()
    if out_dir == drop_dir or drop_dir in out_dir.parents:
        raise click.BadParameter(
            f"{out} is inside the drop {drop}; cpd-xl never writes into a drop "
            "(the next run would read its own outputs). Choose a folder outside it.",
            param_hint="--out",
        )
    policy = load_policy(policy_path)
    data = _read_drop(drop, catalogue_path, headers_path, policy, quiet)
    results = check_policy(data, policy, period)
    if not results.staff:
        # Workbooks and paste-ready text about no one would only mislead.
        _show_errors(results.findings)
        raise CpdXlError(
            f"nobody in {drop} could be checked for {period}, so nothing was "
            "written; add the staff lists (run `cpd-xl inputs` to see what was read)"
        )
    progress = _Progress(quiet, "Writing")
    try:
        written = write_report(
            results, out, templates=templates_path, progress=progress
        )
    finally:
        progress.close()
    for path in written:
        click.echo(f"wrote {_shown(path)}")
    click.echo(ledger_line(results.rows))
    sys.exit(_exit_code(results.findings, results.compliant))
