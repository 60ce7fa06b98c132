"""Course titles as exports write them, matched to the catalogue's courses.

A title matches a course when their :func:`~cpd_xl.readers.values.title_key`
is equal, or when the title is one of the course's aliases. Nothing closer
than that counts: two courses are never merged by a guess, and a near miss
matches nothing (``suggest`` only offers a hint for the finding's message).
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import InputError
from ..model import Course
from .values import clean_text, title_key

__all__ = ["AliasTable", "CourseIndex", "read_aliases"]

WRITTEN_AS = "written as"
CATALOGUE_TITLE = "catalogue title"


class AliasTable(dict):
    """Written text -> catalogue title, remembering the file and row of each."""

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.rows: dict[str, int] = {}

    def where(self, written: str) -> str:
        """Where an alias was written, e.g. ``aliases.csv, row 7``."""
        row = self.rows.get(written)
        if self.path is None or row is None:
            return "the alias table"
        return f"{self.path}, row {row}"


def _where(course: Course) -> str:
    return f" ({course.source})" if course.source is not None else ""


class CourseIndex:
    """Matches course titles as written in exports to catalogue courses."""

    def __init__(
        self, courses: Iterable[Course], aliases: Mapping[str, str] | None = None
    ) -> None:
        self.courses: list[Course] = list(courses)
        self._titles: dict[str, Course] = {}
        self._aliases: dict[str, Course] = {}
        for course in self.courses:
            key = title_key(course.title)
            if not key:
                raise InputError(
                    f"a catalogue course has no title{_where(course)}: "
                    "give every course row a title"
                )
            other = self._titles.get(key)
            if other is not None:
                raise InputError(
                    f"the catalogue courses '{other.title}'{_where(other)} and "
                    f"'{course.title}'{_where(course)} cannot be told apart when "
                    "case and punctuation are ignored: rename one of them"
                )
            self._titles[key] = course
        for course in self.courses:
            for alias in course.aliases:
                self._add_alias(alias, course, f"course '{course.title}'")
        aliases = aliases or {}
        where = getattr(aliases, "where", None)
        for written, title in aliases.items():
            origin = where(written) if where else "the alias table"
            course = self._titles.get(title_key(title))
            if course is None:
                raise InputError(
                    f"{origin}: the alias '{written}' names '{title}', which is no "
                    "course of the catalogue: correct the title or remove the row"
                )
            self._add_alias(written, course, origin)

    def _add_alias(self, written: str, course: Course, origin: str) -> None:
        key = title_key(written)
        if not key:
            return
        owner = self._titles.get(key) or self._aliases.get(key)
        if owner is not None and owner is not course:
            raise InputError(
                f"{origin}: the alias '{written}' would match both "
                f"'{owner.title}' and '{course.title}': remove or reword it"
            )
        if key not in self._titles:
            self._aliases[key] = course

    def __len__(self) -> int:
        return len(self.courses)

    def match(self, text) -> Course | None:
        """The course this title names, or None when it names none exactly."""
        key = title_key(text)
        if not key:
            return None
        return self._titles.get(key) or self._aliases.get(key)

    def suggest(self, text) -> str | None:
        """A catalogue title close to ``text``, only as a hint for a message."""
        key = title_key(text)
        if not key:
            return None
        known = {**self._aliases, **self._titles}
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.8)
        return known[close[0]].title if close else None


def read_aliases(path, *, titles: Iterable[str] | None = None) -> AliasTable:
    """Read an alias table: CSV columns "written as" and "catalogue title".

    Other columns (such as a "why" comment) are ignored. When ``titles`` is
    given, an alias naming a title not among them is an InputError; a
    :class:`CourseIndex` makes the same check against its own courses.
    """
    path = Path(path)
    table = AliasTable(str(path))
    known = {title_key(t): t for t in titles} if titles is not None else None
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the alias table ({error})") from None
    if not rows:
        raise InputError(
            f"{path}: the alias table is empty; it needs the columns "
            f"'{WRITTEN_AS}' and '{CATALOGUE_TITLE}'"
        )
    header = [(clean_text(cell) or "").casefold() for cell in rows[0]]
    if WRITTEN_AS not in header or CATALOGUE_TITLE not in header:
        raise InputError(
            f"{path}, row 1: the alias table needs the columns '{WRITTEN_AS}' and "
            f"'{CATALOGUE_TITLE}', found {', '.join(repr(h) for h in header)}"
        )
    written_at, title_at = header.index(WRITTEN_AS), header.index(CATALOGUE_TITLE)
    seen: dict[str, tuple[str, int]] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [clean_text(cell) for cell in row]
        if not any(cells):
            continue
        written = cells[written_at] if written_at < len(cells) else None
        title = cells[title_at] if title_at < len(cells) else None
        if not written or not title:
            raise InputError(
                f"{path}, row {number}: an alias row needs both "
                f"'{WRITTEN_AS}' and '{CATALOGUE_TITLE}'"
            )
        if known is not None and title_key(title) not in known:
            raise InputError(
                f"{path}, row {number}: '{title}' is no course of the catalogue: "
                "correct the title or remove the row"
            )
        key = title_key(written)
        if key in seen and title_key(seen[key][0]) != title_key(title):
            raise InputError(
                f"{path}, row {number}: '{written}' already names "
                f"'{seen[key][0]}' in row {seen[key][1]}: keep one of them"
            )
        seen[key] = (title, number)
        table[written] = title
        table.rows[written] = number
    return table
