"""The CPD sections of the monthly reports, rendered from Jinja templates.

Three sections, each as ``.txt`` to paste and ``.html`` to paste with its
table: the head of school's section per academy and phase, the Principal
Monthly Report's section per academy, and a utilisation summary across
academies for the Director of Education. Every number comes from
:mod:`cpd_xl.writers.figures`, as in the workbooks.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import OutputError
from ..model import Results
from ..resources import templates_dir
from .figures import Figures, Share, compute_figures, format_hours

KINDS = ("head_of_school", "principal", "director")
FORMATS = ("txt", "html")


@dataclass(slots=True)
class Section:
    """One rendered section: which report, for whom, and its text."""

    kind: str
    format: str
    text: str
    academy: str | None = None
    phase: str | None = None


def make_environment(templates: Path | None = None) -> jinja2.Environment:
    """A sandboxed Jinja environment: the user's templates, then the shipped."""
    folders = [str(templates)] if templates is not None else []
    folders.append(str(templates_dir()))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = format_date
    env.filters["datetime"] = format_datetime
    env.filters["hours"] = format_hours
    env.filters["percent"] = format_share
    env.filters["verb"] = agree
    return env


def format_date(day: dt.date | None) -> str:
    """A date as dd/mm/yyyy, the way the workbooks show it."""
    return "" if day is None else f"{day:%d/%m/%Y}"


def format_datetime(moment: dt.datetime | None) -> str:
    """A date and time as dd/mm/yyyy hh:mm."""
    return "" if moment is None else f"{moment:%d/%m/%Y %H:%M}"


def format_share(share: Share) -> str:
    """A share as the whole percent a 0% cell shows, or n/a for no one."""
    return str(share)


def render(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render one template, turning any template error into an OutputError."""
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise OutputError(
            f"template {error.filename or name}, line {error.lineno}: syntax error: "
            f"{error.message}"
            "; fix the template or remove it to use the shipped one"
        ) from error
    except jinja2.TemplateNotFound as error:
        raise OutputError(
            f"template {name} is missing from the shipped templates: reinstall cpd-xl"
        ) from error
    try:
        return template.render(context)
    except Exception as error:
        line = _template_line(error, template.filename)
        where = f"template {template.filename}" + (f", line {line}" if line else "")
        raise OutputError(
            f"{where}: {type(error).__name__}: {error}; fix the template or "
            "remove it to use the shipped one (templates/README.md lists the "
            "variables each template gets)"
        ) from error


def _template_line(error: Exception, filename: str | None) -> int | None:
    # Jinja rewrites tracebacks so that template frames carry template lines.
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if filename and frame.filename == filename:
            line = frame.lineno
    return line


def base_context(results: Results, figures: Figures) -> dict:
    """What every template gets."""
    return {
        "period": results.period,
        "generated": results.generated,
        "policy": results.policy,
        "all": figures.total,
    }


def render_sections(
    results: Results,
    *,
    figures: Figures | None = None,
    templates: Path | None = None,
) -> list[Section]:
    """Render every section, in a stable order: per academy, then the director's."""
    if figures is None:
        figures = compute_figures(results)
    env = make_environment(templates)
    common = base_context(results, figures)
    sections = []
    for academy in figures.academies:
        for group in academy.phases:
            context = dict(
                common,
                academy=academy.academy,
                phase=group.phase,
                group=group,
                courses=academy.courses_in(group.phase),
                owed=academy.owed_in(group.phase),
                staff=academy.staff_in(group.phase),
            )
            sections += _render_both(
                env, "head_of_school", context, academy.academy, group.phase
            )
        context = dict(
            common,
            academy=academy.academy,
            total=academy.total,
            phases=academy.phases,
            courses=academy.courses,
            owed=academy.owed,
            staff=academy.staff,
        )
        sections += _render_both(env, "principal", context, academy.academy, None)
    context = dict(common, academies=figures.academies, records=figures.records)
    sections += _render_both(env, "director", context, None, None)
    return sections


def _render_both(env, kind, context, academy, phase) -> list[Section]:
    return [
        Section(kind, fmt, render(env, f"{kind}.{fmt}.j2", context), academy, phase)
        for fmt in FORMATS
    ]


def agree(count: int, one: str, many: str) -> str:
    """The verb that agrees with a count: ``{{ n|verb("has", "have") }}``."""
    return one if count == 1 else many
