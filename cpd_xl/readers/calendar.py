"""Term-dates calendars -> Holiday (name, first day, last day, academy)."""

from __future__ import annotations

from ..model import Holiday
from .headers import Table
from .values import parse_date


def read_calendar(table: Table) -> list[Holiday]:
    """Read a calendar's rows; a holiday without both dates is rejected."""
    holidays: list[Holiday] = []
    options = {"day_first": table.day_first, "date1904": table.date1904}
    for row in table.data_rows():
        ends = []
        for name in ("start", "end"):
            label = table.label(name)
            try:
                day = row.value(name, parse_date, **options)
            except ValueError as error:
                table.reject(row, "bad-date", f"{label}: {error}; the row is not used")
                break
            if day is None:
                table.reject(row, "bad-date", f"{label} is blank; the row is not used")
                break
            ends.append(day)
        else:
            start, end = ends
            if end < start:
                table.reject(
                    row,
                    "bad-date",
                    f"the holiday ends ({end}) before it starts ({start}); the row "
                    "is not used",
                )
                continue
            holidays.append(
                Holiday(
                    name=row.text("holiday") or "holiday",
                    start=start,
                    end=end,
                    academy=table.academy(row),
                    source=row.source,
                )
            )
            table.ledger.use(row.source)
    return holidays
