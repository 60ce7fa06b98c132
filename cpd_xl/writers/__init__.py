"""The writers: the workbooks and the monthly report sections.

:func:`write_report` writes everything one run produces into a folder; the
modules beside it write one kind of output each.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from ..errors import OutputError
from ..model import Results
from .academy import write_academy_book
from .cells import path_inside, safe_name_part, write_text_atomically
from .figures import compute_figures
from .headoffice import write_headoffice_book
from .sections import Section, render_sections

__all__ = ["write_report", "write_academy_book", "write_headoffice_book"]

SECTION_NAMES = {
    "head_of_school": "{academy} {phase} head of school CPD section {period}",
    "principal": "{academy} Principal Monthly Report CPD section {period}",
    "director": "Director of Education CPD utilisation {period}",
}


def write_report(
    results: Results,
    out: Path,
    *,
    templates: Path | None = None,
    progress=None,
    workers: int | None = None,
) -> list[Path]:
    """Write every academy's workbook, the head-office workbook and the sections.

    Creates ``out`` if needed and returns the paths written, in a stable
    order: academy workbooks, the head-office workbook, then the sections.
    ``progress(done, total, item)`` is called after each file. With two or
    more ``workers`` (the default where the machine has two cores and can
    fork), the head-office workbook, the largest by far, is written by a
    second process while this one writes the rest.
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"cannot create the output folder {out}: {error.strerror}; "
            "choose another --out"
        ) from error
    if not out.is_dir():
        raise OutputError(f"{out} is not a folder: choose another --out")
    figures = compute_figures(results)
    # Render first: a broken template then fails before any file is replaced.
    sections = render_sections(results, figures=figures, templates=templates)
    names = _Names(out)
    period = f"{results.period.start} to {results.period.end}"
    # Only the academy part of a name is cleaned and shortened: what kind of
    # file it is and its period always stay whole.
    labels = {
        a.academy: safe_name_part(a.academy, fallback=f"academy-{number}")
        for number, a in enumerate(figures.academies, start=1)
    }
    jobs = []
    for academy in figures.academies:
        path = names.claim(f"{labels[academy.academy]} CPD {period}", ".xlsx")
        jobs.append(
            (
                path,
                lambda p=path, a=academy: write_academy_book(
                    results, a.academy, p, figures=a
                ),
            )
        )
    path = names.claim(f"Head office CPD {period}", ".xlsx")
    head_office = (
        path,
        lambda p=path: write_headoffice_book(results, p, figures=figures),
    )
    jobs.append(head_office)
    for section in sections:
        stem = _section_stem(section, period, labels)
        path = names.claim(stem, "." + section.format)
        jobs.append((path, lambda p=path, s=section: write_text_atomically(p, s.text)))

    apart = _Apart(head_office) if _workers(workers) > 1 else None
    done = 0
    try:
        for path, job in jobs:
            if apart is not None and (path, job) == head_office:
                continue
            _run(path, job)
            done += 1
            if progress is not None:
                progress(done, len(jobs), path.name)
        if apart is not None:
            apart.wait()
            done += 1
            if progress is not None:
                progress(done, len(jobs), head_office[0].name)
    finally:
        if apart is not None:
            apart.stop()
    return [path for path, _job in jobs]


def _run(path: Path, job) -> None:
    try:
        job()
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error}") from error


def _workers(asked: int | None) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # without fork the results would have to be copied over
    return max(1, asked if asked is not None else min(2, os.cpu_count() or 1))


class _Apart:
    """One write job run in a forked process, which shares the results as they
    are in memory instead of copying them over."""

    def __init__(self, job: tuple[Path, object]) -> None:
        self.path, run = job
        context = multiprocessing.get_context("fork")
        self.reply, end = context.Pipe(duplex=False)
        self.process = context.Process(target=_in_child, args=(run, end))
        self.process.start()
        end.close()

    def wait(self) -> None:
        """Wait for the job; raise OutputError if it failed."""
        try:
            failure = self.reply.recv()
        except EOFError:
            failure = "the writing process stopped unexpectedly"
        self.process.join()
        if failure is not None:
            raise OutputError(f"cannot write {self.path}: {failure}")

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.reply.close()


def _in_child(run, reply) -> None:
    try:
        run()
    except BaseException as error:  # reported to the parent, which raises
        reply.send(f"{type(error).__name__}: {error}")
    else:
        reply.send(None)
    finally:
        reply.close()


def _section_stem(section: Section, period: str, labels: dict[str, str]) -> str:
    phase = section.phase
    return SECTION_NAMES[section.kind].format(
        academy=labels.get(section.academy, ""),
        phase=safe_name_part(phase or "", fallback="no phase", limit=20),
        period=period,
    )


class _Names:
    """Safe, distinct file names inside one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.taken: set[str] = set()

    def claim(self, stem: str, suffix: str) -> Path:
        """A free name for ``stem`` + ``suffix``; the stem is already safe."""
        name, number = stem + suffix, 2
        # Folders on Windows and macOS ignore case, so "aja" and "AJA" collide.
        while name.casefold() in self.taken:
            name = f"{stem} ({number}){suffix}"
            number += 1
        self.taken.add(name.casefold())
        return path_inside(self.folder, name)
