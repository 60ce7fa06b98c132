"""Cell values as schools write them: dates, times spent, statuses, flags.

Every parser is a pure function. It returns None for a blank cell (None, "",
whitespace) and raises ValueError with a short message quoting the cell when
the value is not what it should be; the readers turn that into a finding.
Nothing here guesses: a text that could be read two ways is an error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "clean_text",
    "parse_date",
    "parse_minutes",
    "parse_status",
    "parse_flag",
    "parse_identity",
    "split_roles",
    "title_key",
]

# Spaces that exports put where a plain space was meant.
_ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\t\f\v"), " ")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None)


def _quote(value) -> str:
    text = value if isinstance(value, str) else str(value)
    text = " ".join(text.split())
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{text}'"


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def clean_text(value) -> str | None:
    """The text of a cell, tidied: odd spaces collapsed, blank -> None."""
    if value is None:
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.replace("_x000D_", "").replace("\r", "")
    text = text.translate(_ODD_SPACES).translate(_ZERO_WIDTH)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" *\n *", "\n", text).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    return text or None


# Dates ----------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}

_TIME = (
    r"(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?P<ampm>[ap]\.?m\.?)?)?"
)
_ZONE = r"(?:Z|[+-]\d{2}:?\d{2})?"
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME + _ZONE, re.IGNORECASE
)
_NUMERIC = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})" + _TIME,
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?[ \-/]+(?P<mon>[a-z]+)\.?,?[ \-/]+"
    r"(?P<y>\d{4}|\d{2})" + _TIME,
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    r"(?P<mon>[a-z]+)\.? +(?P<d>\d{1,2})(?:st|nd|rd|th)?,? +(?P<y>\d{4})" + _TIME,
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"(?P<wd>[a-z]+)\.?,? +(?P<rest>.+)", re.IGNORECASE | re.DOTALL)

# Excel's 1900 system counts 1900-02-29, a day that never was (serial 60).
_EXCEL_1900 = dt.date(1899, 12, 30)
_EXCEL_1904 = dt.date(1904, 1, 1)
_EXCEL_LAST = 2958465  # 9999-12-31 in the 1900 system


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _check_time(match: re.Match) -> bool:
    if not match.group("time"):
        return True
    hours, minutes = (int(part) for part in match.group("time").split(":")[:2])
    if match.group("ampm"):
        return 1 <= hours <= 12 and minutes < 60
    return hours < 24 and minutes < 60


def _date_from_serial(serial: float, date1904: bool, shown: str) -> dt.date:
    if not math.isfinite(serial):
        raise ValueError(f"{shown} is not a date")
    day = math.floor(serial)
    if date1904:
        if day < 0 or day > _EXCEL_LAST - 1462:
            raise ValueError(f"{shown} is not a date serial number")
        return _EXCEL_1904 + dt.timedelta(days=day)
    if day < 1 or day > _EXCEL_LAST:
        raise ValueError(f"{shown} is not a date serial number")
    if day == 60:
        raise ValueError(f"{shown} is Excel's 29 February 1900, a day that never was")
    if day < 60:
        day += 1
    return _EXCEL_1900 + dt.timedelta(days=day)


def _real_date(year: int, month: int, day: int, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{shown} is not a real date") from None


def _date_from_text(text: str, day_first: bool) -> dt.date:
    shown = _quote(text)
    if match := _ISO.fullmatch(text):
        if not _check_time(match):
            raise ValueError(f"{shown} is not a date")
        return _real_date(int(match["y"]), int(match["m"]), int(match["d"]), shown)
    if match := _NUMERIC.fullmatch(text):
        if not _check_time(match):
            raise ValueError(f"{shown} is not a date")
        first, second = int(match["a"]), int(match["b"])
        day, month = (first, second) if day_first else (second, first)
        return _real_date(_year(match["y"]), month, day, shown)
    weekday = None
    if (match := _WEEKDAY.fullmatch(text)) and match["wd"].lower() in _WEEKDAYS:
        weekday = _WEEKDAYS[match["wd"].lower()]
        text = match["rest"]
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.fullmatch(text)
        if match and match["mon"].lower() in _MONTHS and _check_time(match):
            month = _MONTHS[match["mon"].lower()]
            date = _real_date(_year(match["y"]), month, int(match["d"]), shown)
            if weekday is not None and date.weekday() != weekday:
                raise ValueError(f"{shown} names the wrong day of the week")
            return date
    raise ValueError(f"{shown} is not a date")


def parse_date(
    value, *, day_first: bool = True, date1904: bool = False
) -> dt.date | None:
    """A date from a date cell, an Excel serial number or a text; blank -> None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (dt.time, dt.timedelta)):
        raise ValueError(f"{_quote(value)} is a time, not a date")
    if isinstance(value, bool):
        raise ValueError(f"{_quote(value)} is not a date")
    if _is_number(value):
        return _date_from_serial(value, date1904, _quote(clean_text(value)))
    text = clean_text(value)
    if text is None:
        return None
    return _date_from_text(text, day_first)


# Time spent -----------------------------------------------------------------

_HOUR_WORDS = ("h", "hr", "hrs", "hour", "hours")
_MINUTE_WORDS = ("m", "min", "mins", "minute", "minutes")
_SECOND_WORDS = ("s", "sec", "secs", "second", "seconds")
_UNIT_FACTORS = {
    **dict.fromkeys(_HOUR_WORDS, 60.0),
    **dict.fromkeys(_MINUTE_WORDS, 1.0),
    **dict.fromkeys(_SECOND_WORDS, 1 / 60),
}
_NUMBER = r"\d+(?:[.,]\d+)?|[.,]\d+"
_PART = re.compile(
    r"\s*(?:(?:,|and\b|&)\s*)?(?P<n>" + _NUMBER + r")\s*(?P<u>[a-z]+)\.?",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?P<h>\d+):(?P<m>\d{2})(?::(?P<s>\d{2}(?:[.,]\d+)?))?")
_HOURS_THEN_MINUTES = re.compile(r"(?P<h>\d+)\s*h(?P<m>\d{1,2})", re.IGNORECASE)
_ISO_DURATION = re.compile(
    r"PT(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?",
    re.IGNORECASE,
)


def _number(text: str, shown: str) -> float:
    if "," in text:
        whole, _, decimals = text.partition(",")
        # "1,500" may be fifteen hundred or one and a half: refuse to choose.
        if len(decimals) == 3 or "." in text:
            raise ValueError(f"{shown} is ambiguous: write the time without a comma")
        text = f"{whole}.{decimals}"
    return float(text)


def _minutes_from_text(text: str, unit: str | None) -> float:
    shown = _quote(text)
    if text.startswith("-") or text.startswith("\u2212"):
        raise ValueError(f"{shown} is a negative time spent")
    factor = 60.0 if unit == "hours" else 1.0
    if re.fullmatch(_NUMBER, text):
        return _number(text, shown) * factor
    if match := _CLOCK.fullmatch(text):
        minutes, seconds = int(match["m"]), match["s"]
        if minutes >= 60 or (seconds and _number(seconds, shown) >= 60):
            raise ValueError(f"{shown} is not a time spent (write h:mm)")
        extra = _number(seconds, shown) / 60 if seconds else 0.0
        return int(match["h"]) * 60 + minutes + extra
    if match := _HOURS_THEN_MINUTES.fullmatch(text):
        if int(match["m"]) >= 60:
            raise ValueError(f"{shown} is not a time spent")
        return int(match["h"]) * 60 + int(match["m"])
    if (match := _ISO_DURATION.fullmatch(text)) and any(match.groups()):
        hours, minutes, seconds = (float(part or 0) for part in match.groups())
        return hours * 60 + minutes + seconds / 60
    total, position, seen = 0.0, 0, []
    while position < len(text):
        match = _PART.match(text, position)
        word = match["u"].lower() if match else ""
        if not match or word not in _UNIT_FACTORS:
            raise ValueError(f"{shown} is not a time spent")
        factor = _UNIT_FACTORS[word]
        if seen and factor >= seen[-1]:
            raise ValueError(f"{shown} is not a time spent (units out of order)")
        seen.append(factor)
        total += _number(match["n"], shown) * factor
        position = match.end()
    return total


def parse_minutes(value, *, unit: str | None = None) -> float | None:
    """Time spent in minutes; a bare number counts in ``unit``, else minutes."""
    if unit not in (None, "minutes", "hours"):
        raise TypeError(f"unit must be 'minutes', 'hours' or None, not {unit!r}")
    if isinstance(value, dt.timedelta):
        minutes = value.total_seconds() / 60
    elif isinstance(value, dt.datetime):
        raise ValueError(f"{_quote(value)} is a date, not a time spent")
    elif isinstance(value, dt.time):
        minutes = value.hour * 60 + value.minute + value.second / 60
    elif isinstance(value, dt.date):
        raise ValueError(f"{_quote(value)} is a date, not a time spent")
    elif isinstance(value, bool):
        raise ValueError(f"{_quote(value)} is not a time spent")
    elif _is_number(value):
        if not math.isfinite(value):
            raise ValueError(f"{_quote(value)} is not a time spent")
        minutes = value * (60 if unit == "hours" else 1)
    else:
        text = clean_text(value)
        if text is None:
            return None
        minutes = _minutes_from_text(text.replace("\n", " "), unit)
    if not math.isfinite(minutes):
        raise ValueError(f"{_quote(clean_text(value))} is not a time spent")
    if minutes < 0:
        raise ValueError(f"{_quote(clean_text(value))} is a negative time spent")
    return float(minutes)


# Statuses and flags ---------------------------------------------------------

_STATUS_WORDS = {
    "completed": (
        "completed",
        "complete",
        "passed",
        "pass",
        "finished",
        "done",
        "achieved",
    ),
    "in_progress": (
        "in progress",
        "inprogress",
        "started",
        "ongoing",
        "part complete",
        "part completed",
        "partly complete",
        "partially complete",
        "partially completed",
        "under way",
        "underway",
    ),
    "not_started": (
        "not started",
        "not yet started",
        "not attempted",
        "enrolled",
        "assigned",
        "registered",
    ),
}
_STATUSES = {word: status for status, words in _STATUS_WORDS.items() for word in words}
_PERCENT = re.compile(r"(?P<n>\d+(?:[.,]\d+)?)\s*%(?:\s*complete[d]?)?")


def _status_from_share(share: float, shown: str) -> str:
    if not 0 <= share <= 1:
        raise ValueError(f"{shown} is not a share between 0% and 100%")
    if share == 1:
        return "completed"
    return "not_started" if share == 0 else "in_progress"


def parse_status(value) -> str | None:
    """``completed``, ``in_progress`` or ``not_started`` from a status cell."""
    if isinstance(value, bool):
        raise ValueError(f"{_quote(value)} is not a status")
    if _is_number(value):
        # A number in a status column is a percentage cell: Excel stores 100%
        # as 1 and 40% as 0.4.
        if not math.isfinite(value):
            raise ValueError(f"{_quote(value)} is not a status")
        return _status_from_share(value, _quote(clean_text(value)))
    text = clean_text(value)
    if text is None:
        return None
    shown = _quote(text)
    if match := _PERCENT.fullmatch(text.casefold()):
        return _status_from_share(_number(match["n"], shown) / 100, shown)
    words = re.sub(r"[\s_\-.!]+", " ", text.casefold()).strip()
    status = _STATUSES.get(words)
    if status is None:
        raise ValueError(f"{shown} is not a status this tool knows")
    return status


_TRUE = {"y", "yes", "true", "1", "x", "\u2713", "\u2714", "\u2611", "\u00fc"}
_FALSE = {"n", "no", "false", "0", "\u2717", "\u2718", "\u2612", "\u00fb"}


def parse_flag(value) -> bool | None:
    """A yes/no cell: Y, Yes, TRUE, 1, x or a tick -> True; N, No, FALSE, 0 -> False."""
    if isinstance(value, bool):
        return value
    if _is_number(value):
        if value == 1:
            return True
        if value == 0:
            return False
        raise ValueError(f"{_quote(clean_text(value))} is not yes or no")
    text = clean_text(value)
    if text is None:
        return None
    word = text.casefold().rstrip(".")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{_quote(text)} is not yes or no")


# People ---------------------------------------------------------------------

_ANGLED = re.compile(r"(?:.*?)<(?P<address>[^<>]*)>")
_FORBIDDEN = re.compile(r"[\s,;:<>()\[\]\"\\]")


def parse_identity(value) -> str | None:
    """A lower-cased e-mail address or portal username; blank -> None."""
    text = clean_text(value)
    if text is None:
        return None
    shown = _quote(text)
    if match := _ANGLED.fullmatch(text):
        text = match["address"].strip()
    if text.casefold().startswith("mailto:"):
        text = text[len("mailto:") :].strip()
    if not text:
        raise ValueError(f"{shown} holds no e-mail address")
    if _FORBIDDEN.search(text):
        raise ValueError(f"{shown} is not one e-mail address or username")
    if text.count("@") > 1:
        raise ValueError(f"{shown} holds more than one @")
    if "@" in text:
        local, _, domain = text.partition("@")
        labels = domain.split(".")
        if not local or len(labels) < 2 or not all(labels):
            raise ValueError(f"{shown} is not a complete e-mail address")
    return text.lower()


_ROLE_BREAK = re.compile(r"[;,/\n]|\band\b", re.IGNORECASE)


def _phrase_pattern(phrase: str) -> re.Pattern:
    words = [re.escape(word) for word in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def split_roles(value, keep: Iterable[str] = ()) -> tuple[str, ...]:
    """The roles in one cell, split on ; , / newline and "and", in order."""
    text = clean_text(value)
    if text is None:
        return ()
    text = text.replace("\x00", "")
    kept: list[str] = []

    def hold(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    # Longest first, so a kept role inside a longer kept role stays whole.
    for phrase in sorted({p for p in keep if p and p.strip()}, key=len, reverse=True):
        text = _phrase_pattern(phrase).sub(hold, text)
    roles: list[str] = []
    seen: set[str] = set()
    for part in _ROLE_BREAK.split(text):
        part = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], part)
        part = " ".join(part.split())
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            roles.append(part)
    return tuple(roles)


# Course titles --------------------------------------------------------------

_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc`\u00b4"), None)


def title_key(text) -> str:
    """The key two spellings of one course title share (case, punctuation, &)."""
    cleaned = clean_text(text)
    if cleaned is None:
        return ""
    folded = unicodedata.normalize("NFKD", cleaned).casefold()
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.translate(_APOSTROPHES).replace("&", " and ")
    kept = [" " if unicodedata.category(c)[0] in "PSZC" else c for c in folded]
    return " ".join("".join(kept).split())
