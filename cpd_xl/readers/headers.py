"""Find the header row of a sheet, tell its kind and map its columns to fields.

Exports put title rows, logos and blank rows above the headers, and every
portal and HR system names its columns its own way. A header is matched to a
field by its key (case, spacing and punctuation ignored) against the synonyms
below, per kind of sheet, since "Start date" means one thing in a staff list
and another in a calendar. A user can map odd headers to fields in a small
TOML file (see :func:`read_header_map`).

:class:`Table` then walks the data rows under the header, enters each in the
row ledger and parses cells, turning bad values into findings.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..findings import finding
from ..ledger import Ledger
from ..model import Finding, Source
from .sheets import column_letter
from .values import clean_text, parse_identity

# How far down a sheet the header row is looked for.
HEADER_SCAN_ROWS = 30
HEADER_SCAN_LIMIT = 1000
# Parsed cell values a table remembers before it starts afresh.
MEMO_SIZE = 100_000

# Fields a staff list, a learning-record export and a login report share.
_PERSON = {
    "email": (
        "email",
        "e mail",
        "email address",
        "e mail address",
        "emailaddress",
        "work email",
        "work email address",
        "school email",
        "staff email",
        "user email",
        "learner email",
        "member email",
        "employee email",
        "email work",
        "contact email",
        "primary email",
        "login email",
        "email id",
        "mail",
        "username email",
        "email username",
        "username or email",
        "email or username",
        "user email address",
    ),
    "username": (
        "username",
        "user name",
        "user",
        "user id",
        "userid",
        "login name",
        "login id",
        "logon name",
        "account",
        "account name",
        "portal username",
    ),
    "name": (
        "name",
        "full name",
        "fullname",
        "staff name",
        "member name",
        "staff member",
        "learner",
        "learner name",
        "user full name",
        "display name",
        "employee",
        "employee name",
        "person",
        "participant",
        "delegate",
    ),
    "first_name": (
        "first name",
        "firstname",
        "forename",
        "forenames",
        "given name",
        "preferred name",
        "known as",
        "first",
    ),
    "surname": ("surname", "last name", "lastname", "family name", "last"),
    "academy": (
        "academy",
        "academy name",
        "academy code",
        "school",
        "school name",
        "site",
        "campus",
        "establishment",
        "organisation",
        "organization",
    ),
}

FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "staff": {
        **_PERSON,
        "phase": (
            "phase",
            "school phase",
            "phase of education",
            "key stage",
            "section",
            "school section",
            "stage",
        ),
        "job_title": (
            "job title",
            "jobtitle",
            "job",
            "position",
            "post",
            "post title",
            "job role",
            "designation",
        ),
        "roles": (
            "roles",
            "role",
            "role s",
            "other roles",
            "additional roles",
            "responsibilities",
            "responsibility",
            "roles and responsibilities",
            "tlr",
        ),
        "teaching": (
            "teaching staff",
            "teaching",
            "teacher",
            "is teacher",
            "is teaching staff",
            "teaching post",
        ),
        "classroom_teacher": (
            "classroom teacher",
            "class teacher",
            "classroom teaching",
            "is classroom teacher",
        ),
        "contact_with_students": (
            "contact with students",
            "in contact with students",
            "student contact",
            "contact with pupils",
            "in contact with pupils",
            "pupil contact",
            "contact with children",
            "works with students",
            "works with pupils",
            "works with children",
        ),
        "conducts_pm": (
            "conducts pm",
            "conducts pm observations",
            "conducts pm and observations",
            "conducts performance management",
            "conducts performance management observations",
            "conducts performance management and observations",
            "conducts observations",
            "pm observations",
            "pm and observations",
            "performance management",
            "appraiser",
            "observer",
        ),
        "npqml": (
            "npqml",
            "npq ml",
            "npqml enrolled",
            "enrolled on npqml",
            "enrolled npqml",
            "on npqml",
        ),
        "start_date": (
            "start date",
            "start",
            "started",
            "date started",
            "date joined",
            "joined",
            "joining date",
            "date of joining",
            "employment start",
            "employment start date",
            "contract start",
            "contract start date",
        ),
        "leaving_date": (
            "leaving date",
            "leave date",
            "date left",
            "left",
            "leaving",
            "leaver date",
            "date of leaving",
            "end date",
            "employment end",
            "employment end date",
            "contract end",
            "contract end date",
        ),
    },
    "records": {
        **_PERSON,
        "course": (
            "course",
            "course title",
            "course name",
            "training",
            "training title",
            "training course",
            "learning item",
            "learning title",
            "programme",
            "program",
            "activity",
            "title",
        ),
        "unit": (
            "unit",
            "unit title",
            "unit name",
            "module",
            "module title",
            "module name",
            "session",
            "session title",
            "session name",
            "lesson",
            "unit module",
            "module unit",
        ),
        "status": (
            "status",
            "completion status",
            "course status",
            "unit status",
            "progress",
            "state",
            "result",
        ),
        "date_started": (
            "date started",
            "started",
            "started on",
            "start date",
            "start",
            "date enrolled",
            "enrolled",
            "enrolled on",
            "enrolment date",
        ),
        "date_completed": (
            "date completed",
            "completed",
            "completed on",
            "completed date",
            "completion date",
            "date of completion",
            "completion",
            "date finished",
            "finished",
            "finish date",
            "end date",
        ),
        "minutes": (
            "time spent",
            "time",
            "time taken",
            "time on task",
            "duration",
            "minutes",
            "mins",
            "minutes spent",
            "hours",
            "hours spent",
            "hrs",
            "learning time",
            "cpd time",
            "cpd hours",
            "cpd minutes",
            "length",
        ),
        "certificate_requested": (
            "certificate requested",
            "cert requested",
            "certificate request",
            "requested certificate",
        ),
        "certificate_issued": (
            "certificate issued",
            "cert issued",
            "issued certificate",
            "certificate awarded",
            "certificate",
        ),
    },
    "logins": {
        **_PERSON,
        "logins": (
            "logins",
            "log ins",
            "logons",
            "login count",
            "number of logins",
            "no of logins",
            "total logins",
            "times logged in",
            "sign ins",
        ),
        "sessions": (
            "web sessions accessed",
            "sessions accessed",
            "web sessions",
            "sessions",
            "number of sessions",
            "no of sessions",
            "sessions count",
        ),
        "last_login": (
            "last login",
            "last log in",
            "last logon",
            "last logged in",
            "last login date",
            "date of last login",
            "last accessed",
            "last access",
            "last activity",
            "last sign in",
            "last seen",
        ),
        "login_time": (
            "login date time",
            "login datetime",
            "login date",
            "login time",
            "logged in at",
            "logged in",
            "log in date",
            "sign in time",
            "date time",
            "datetime",
            "timestamp",
            "event time",
            "access date",
            "accessed",
            "login",
            "date",
        ),
        "session": (
            "session",
            "web session",
            "session title",
            "session name",
            "page",
            "resource",
            "course",
            "activity",
        ),
    },
    "catalogue": {
        "heading": (
            "heading",
            "course heading",
            "category",
            "section",
            "area",
            "strand",
            "theme",
            "subject area",
        ),
        "course": ("course", "course title", "course name", "title", "name"),
        "units": (
            "units",
            "unit",
            "modules",
            "sessions",
            "unit titles",
            "units sessions",
            "units modules",
        ),
        "audience": (
            "target audience",
            "audience",
            "intended audience",
            "aimed at",
            "who for",
        ),
        "mode": (
            "mode of completion",
            "mode",
            "completion mode",
            "delivery",
            "delivery mode",
            "mode of delivery",
            "format",
        ),
        "trainer": (
            "recommended trainer",
            "trainer",
            "recommended staff member",
            "recommended staff member to deliver",
            "recommended staff member to deliver it",
            "facilitator",
            "delivered by",
            "who delivers",
        ),
        "duration": (
            "duration",
            "duration minutes",
            "duration mins",
            "duration hours",
            "course duration",
            "total duration",
            "length",
            "minutes",
            "hours",
        ),
        "breakdown": (
            "duration breakdown",
            "breakdown",
            "course duration and breakdown",
            "duration and breakdown",
        ),
        "units_separate": (
            "units usable separately",
            "units can be used separately",
            "can units be used separately",
            "usable separately",
            "units separately",
            "whether units can be used separately",
            "standalone units",
        ),
        "notes": (
            "guiding notes",
            "notes",
            "guidance",
            "guidance notes",
            "description",
            "comments",
        ),
    },
    "calendar": {
        # Not "name": a staff list with Name, Start and End dates must not
        # pass for a calendar.
        "holiday": (
            "holiday",
            "holiday name",
            "holidays",
            "holiday period",
            "term",
            "event",
            "break",
            "closure",
            "description",
        ),
        "start": (
            "start",
            "start date",
            "starts",
            "from",
            "date from",
            "first day",
            "begins",
        ),
        "end": ("end", "end date", "ends", "to", "date to", "last day", "until"),
        "academy": _PERSON["academy"],
    },
}

# Columns whose presence tells a sheet's kind; a sheet needs at least one.
DISTINCTIVE = {
    "staff": {
        "phase",
        "job_title",
        "roles",
        "teaching",
        "classroom_teacher",
        "contact_with_students",
        "conducts_pm",
        "npqml",
        "start_date",
        "leaving_date",
    },
    "records": {
        "course",
        "unit",
        "status",
        "date_started",
        "date_completed",
        "minutes",
        "certificate_requested",
        "certificate_issued",
    },
    "logins": {"logins", "sessions", "last_login", "login_time"},
    "catalogue": {
        "heading",
        "units",
        "audience",
        "mode",
        "trainer",
        "duration",
        "breakdown",
        "units_separate",
        "notes",
    },
    "calendar": {"holiday", "start", "end"},
}

# What a sheet of each kind cannot do without: each entry is a set of
# alternatives, one of which must be present.
REQUIRED = {
    "staff": [("email",), ("name", "first_name")],
    "records": [("email", "username"), ("course",), ("status",)],
    "logins": [
        ("email", "username"),
        ("logins", "sessions", "last_login", "login_time"),
    ],
    "catalogue": [("course",)],
    "calendar": [("holiday",), ("start",), ("end",)],
}

# When two kinds fit a header row equally well, the first listed wins.
KIND_ORDER = ("records", "logins", "staff", "catalogue", "calendar")

ALL_FIELDS = sorted({name for fields in FIELDS.values() for name in fields})

_UNIT_HOURS = re.compile(r"\b(hours?|hrs?|h)\b", re.IGNORECASE)
_UNIT_MINUTES = re.compile(r"\b(minutes?|mins?|m)\b", re.IGNORECASE)
_NOISE_WORDS = ("staff", "member", "user", "learner", "portal", "work", "the")


def header_key(text) -> str:
    """The matching key of a header: case, punctuation and spacing ignored."""
    cleaned = clean_text(text)
    if cleaned is None:
        return ""
    key = cleaned.casefold().replace("&", " and ").replace("#", " number ")
    key = re.sub(r"[^\w]+", " ", key).replace("_", " ")
    return " ".join(key.split())


def _key_forms(text) -> list[str]:
    """The header's key, then shorter forms tried when that matches nothing."""
    key = header_key(text)
    forms = [key]
    bare = header_key(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", clean_text(text) or ""))
    forms.append(bare)
    words = bare.split()
    while words and words[0] in _NOISE_WORDS:
        words = words[1:]
    forms.append(" ".join(words))
    for tail in (" y n", " yes no", " yn"):
        if bare.endswith(tail):  # "Teaching staff Y/N"
            forms.append(bare[: -len(tail)])
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]


def minutes_unit(label: str) -> str | None:
    """``hours`` or ``minutes`` when a time header says which, else None."""
    text = re.sub(r"[_()\[\]/,:-]", " ", label)
    if _UNIT_HOURS.search(text):
        return "hours"
    if _UNIT_MINUTES.search(text):
        return "minutes"
    return None


def read_header_map(path) -> dict[str, str]:
    """Read a user's header map: a TOML ``[headers]`` table of header = field.

    Keys are headers as written in the user's files; values are cpd-xl field
    names (see :data:`ALL_FIELDS`). Returns header key -> field.
    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except OSError as error:
        raise InputError(f"{path}: cannot read the header map ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            f"{path}: the header map is not valid TOML ({error})"
        ) from None
    table = data.get("headers")
    if not isinstance(table, dict):
        raise InputError(
            f'{path}: the header map needs a [headers] table, e.g. "Mins on task" '
            '= "minutes"'
        )
    mapping: dict[str, str] = {}
    for header, name in table.items():
        if not isinstance(name, str) or name not in ALL_FIELDS:
            raise InputError(
                f"{path}: header {header!r} maps to {name!r}, which is no cpd-xl "
                f"field; use one of: {', '.join(ALL_FIELDS)}"
            )
        key = header_key(header)
        if not key:
            raise InputError(f"{path}: a header in [headers] is blank")
        mapping[key] = name
    return mapping


@dataclass(slots=True)
class Header:
    """A header row: its kind and which column holds which field."""

    kind: str
    row: int
    columns: dict[str, int]
    labels: dict[str, str]
    found: list[str]

    def unit(self, name: str) -> str | None:
        """The unit ("minutes"/"hours") a time column's header names, if any."""
        label = self.labels.get(name)
        return minutes_unit(label) if label else None


@dataclass(slots=True)
class Detection:
    """What the first rows of a sheet say: a header, or why there is none.

    ``summary`` names the column that makes a sheet a summary of other rows
    (a pivot table's "Count of Status"): its rows repeat data kept elsewhere.
    """

    header: Header | None
    found: list[str] = field(default_factory=list)
    found_row: int | None = None
    kind: str | None = None
    missing: list[tuple[str, ...]] = field(default_factory=list)
    summary: str | None = None


# Headers that only a table summing up other rows has: "Count", "Count of
# Status", "Sum of Time spent", "Number of staff", "Average ...".
_SUMMARY_HEADER = re.compile(
    r"^(count|sum|total|average|number)( of\b.*)?$|^(row|grand) labels?$",
    re.IGNORECASE,
)


def _map_row(cells: list, kind: str, header_map: dict[str, str]):
    synonyms = FIELDS[kind]
    lookup = {syn: name for name, syns in synonyms.items() for syn in syns}
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for index, cell in enumerate(cells):
        label = clean_text(cell) if isinstance(cell, str) else None
        if not label:
            continue
        name = header_map.get(header_key(label))
        if name is None or name not in synonyms:
            name = next((lookup[f] for f in _key_forms(label) if f in lookup), None)
        if name is not None and name not in columns:
            columns[name] = index
            labels[name] = label
    return columns, labels


def _satisfied(kind: str, columns: dict[str, int]) -> list[tuple[str, ...]]:
    """The required alternatives a kind lacks (empty when it has them all)."""
    missing = [need for need in REQUIRED[kind] if not any(n in columns for n in need)]
    if kind == "staff" and "name" not in columns and "first_name" in columns:
        if "surname" not in columns:
            missing.append(("surname",))
    return missing


def _row_labels(cells: list) -> list[str]:
    return [text for cell in cells if (text := clean_text(cell))]


def read_header(
    rows: Iterable[tuple[int, list]], header_map: dict[str, str] | None = None
) -> tuple[Detection, Iterator[tuple[int, list]]]:
    """Detect the header in a sheet's first rows; give back every row too."""
    rows = iter(rows)
    head: list[tuple[int, list]] = []
    non_blank = 0
    for number, cells in rows:
        head.append((number, cells))
        if any(clean_text(c) for c in cells):
            non_blank += 1
        if non_blank >= HEADER_SCAN_ROWS or len(head) >= HEADER_SCAN_LIMIT:
            break
    return detect_header(head, header_map), itertools.chain(head, rows)


def detect_header(
    rows: Iterable[tuple[int, list]], header_map: dict[str, str] | None = None
) -> Detection:
    """Find the header row among the first rows of a sheet and tell its kind."""
    header_map = header_map or {}
    best: tuple | None = None
    partial: tuple | None = None
    first_found: tuple[int, list[str]] | None = None
    for number, cells in rows:
        labels = _row_labels(cells)
        if not labels:
            continue
        if first_found is None or (len(first_found[1]) < 2 <= len(labels)):
            first_found = (number, labels)
        for rank, kind in enumerate(KIND_ORDER):
            columns, names = _map_row(cells, kind, header_map)
            if not columns.keys() & DISTINCTIVE[kind]:
                continue
            if kind == "catalogue" and columns.keys() & {"email", "username"}:
                continue  # a sheet about people is no catalogue
            missing = _satisfied(kind, columns)
            score = (len(columns), -rank)
            if not missing:
                if best is None or score > best[0]:
                    best = (score, kind, number, columns, names, labels)
            elif len(columns) >= 2:
                # of two partial fits, the one lacking fewer columns is meant
                score = (len(columns), -len(missing), -rank)
                if partial is None or score > partial[0]:
                    partial = (score, kind, number, columns, missing, labels)
    if partial is not None and (best is None or partial[0][0] > best[0][0]):
        # A sheet that looks more like another kind lacking a column is
        # reported as such, not read as the weaker kind it also fits.
        _, kind, number, _columns, missing, labels = partial
        return Detection(None, labels, number, kind, missing)
    if best is not None:
        _, kind, number, columns, names, labels = best
        summary = next((x for x in labels if _SUMMARY_HEADER.match(x.strip())), None)
        if kind == "records" and summary is not None:
            return Detection(None, labels, number, summary=summary)
        return Detection(Header(kind, number, columns, names, labels), labels, number)
    if first_found is not None:
        return Detection(None, first_found[1], first_found[0])
    return Detection(None)


_FOOTER_WORDS = re.compile(
    r"^(grand total|totals?|sub ?totals?|sum|count|notes?|note \d|end of report|"
    r"report (generated|run|printed)|generated|printed|exported)\b",
    re.IGNORECASE,
)


class Row:
    """One data row of a table: its cells by field, parsed on demand."""

    __slots__ = ("table", "number", "cells", "source")

    def __init__(self, table: Table, number: int, cells: list) -> None:
        self.table = table
        self.number = number
        self.cells = cells
        self.source = Source(table.file, table.sheet, number)

    def raw(self, name: str):
        """The cell of a field as the sheet holds it; empty -> None."""
        index = self.table.header.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        return None if value == "" else value

    def text(self, name: str) -> str | None:
        """The cell of a field as tidy text; blank -> None."""
        value = self.raw(name)
        return None if value is None else self.table.value(clean_text, value)

    def value(self, name: str, parser: Callable, **options):
        """One cell through ``parser``; a bad value raises ValueError."""
        return self.table.value(parser, self.raw(name), **options)

    def at(self, name: str) -> Source:
        """The source of one cell of this row, with its column letter."""
        index = self.table.header.columns.get(name)
        column = column_letter(index) if index is not None else None
        return Source(self.table.file, self.table.sheet, self.number, column)

    def person_name(self) -> str | None:
        """The person's name, from a name column or first name and surname."""
        name = self.text("name")
        if name:
            return name
        parts = [self.text("first_name"), self.text("surname")]
        return " ".join(p for p in parts if p) or None

    def identity(self) -> str | None:
        """The e-mail, else the username; a row with neither is rejected."""
        for name in ("email", "username"):
            try:
                identity = self.value(name, parse_identity)
            except ValueError as error:
                label = self.table.label(name)
                self.table.reject(
                    self, "bad-email", f"{label}: {error}; the row is not used"
                )
                return None
            if identity is not None:
                return identity
        self.table.reject(
            self, "blank-email", "the row has no e-mail or username; not used"
        )
        return None

    def parse(self, name: str, parser: Callable, code: str, **options):
        """Parse one cell; a bad value becomes a finding and None."""
        value = self.raw(name)
        if value is None:
            return None
        try:
            return self.table.value(parser, value, **options)
        except ValueError as error:
            label = self.table.label(name)
            self.table.note(code, f"{label}: {error}", self.at(name))
            return None


@dataclass(slots=True)
class Table:
    """The data rows under a header, entered in the ledger as they are read."""

    file: str
    sheet: str | None
    header: Header
    rows: Iterator[tuple[int, list]]
    ledger: Ledger
    folder_academy: str | None = None
    day_first: bool = True
    date1904: bool = False
    findings: list[Finding] = field(default_factory=list)
    _memo: dict = field(default_factory=dict)

    def value(self, parser: Callable, value, **options):
        """``parser(value, **options)``, remembered: exports repeat their values."""
        key = (parser, type(value), value, *options.items())
        try:
            outcome = self._memo[key]
        except KeyError:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            try:
                outcome = (True, parser(value, **options))
            except ValueError as error:
                outcome = (False, str(error))
            self._memo[key] = outcome
        except TypeError:  # an unhashable cell value
            return parser(value, **options)
        if outcome[0]:
            return outcome[1]
        raise ValueError(outcome[1])

    def label(self, name: str) -> str:
        """A field's header as the sheet writes it."""
        return self.header.labels.get(name, name.replace("_", " "))

    def note(self, code: str, message: str, source: Source, **about) -> None:
        """Add a finding about this table."""
        self.findings.append(finding(code, message, source, **about))

    def reject(self, row: Row, code: str, message: str, **about) -> None:
        """Settle a row as rejected, with a finding saying why."""
        self.ledger.reject(row.source, code)
        self.note(code, message, row.source, **about)

    def data_rows(self) -> Iterator[Row]:
        """Every non-blank row under the header; totals and notes are rejected."""
        header = self.header
        header_labels = [header_key(x) for x in header.found]
        key_columns = set(header.columns.values())
        for number, cells in self.rows:
            if number <= header.row:
                continue
            filled = [
                (index, value) for index, value in enumerate(cells) if _filled(value)
            ]
            if not filled:
                continue
            row = Row(self, number, cells)
            self.ledger.read(row.source)
            reason = self._footer(filled, key_columns, header_labels)
            if reason:
                self.reject(row, "blank-row-data", f"the row {reason}; not used")
                continue
            yield row

    def _footer(self, filled, key_columns, header_labels) -> str | None:
        value = filled[0][1]
        if not isinstance(value, str):
            return None  # a number or date first is data, never a label
        first = clean_text(value) or ""
        if len(filled) >= 2 and first == self.header.found[0]:
            texts = [header_key(cell) for _, cell in filled]
            if texts == header_labels[: len(texts)]:
                return "repeats the header row"
        if _FOOTER_WORDS.match(first) and not self._holds_identity(filled):
            return f"looks like a totals or notes row ({_quote(first)})"
        if len(filled) == 1 and filled[0][0] not in key_columns:
            return f"holds only one cell outside the table's columns ({_quote(first)})"
        return None

    def _holds_identity(self, filled) -> bool:
        columns = self.header.columns
        wanted = {columns.get("email"), columns.get("username")} - {None}
        return any(index in wanted and "@" in str(value) for index, value in filled)

    def academy(self, row: Row) -> str | None:
        """The row's academy: its academy cell, else the file's sub-folder."""
        return row.text("academy") or self.folder_academy


def row_filled(cells: list) -> bool:
    """Whether a row holds anything in any cell (the rule data rows follow)."""
    return any(_filled(value) for value in cells)


def _filled(value) -> bool:
    """Whether a cell holds anything (cheaper than clean_text on every cell)."""
    if value is None or value == "":
        return False
    if isinstance(value, str) and not value[0].isalnum():
        # spaces, a lone apostrophe or "_x000D_" alone count as blank
        return clean_text(value) is not None
    return True


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text[:57]}...'" if len(text) > 60 else f"'{text}'"
