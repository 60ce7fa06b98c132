"""Short text for a person at a terminal: the staff table and the row ledger."""

from __future__ import annotations

from ..model import Results, RowCounts, StaffResult

_STATUS_WORDS = (("missing", "missing"), ("in_progress", "in progress"))


def ledger_line(rows: RowCounts) -> str:
    """The row ledger in one line: read = used + duplicate + rejected (why)."""
    line = (
        f"rows: {rows.read:,} read = {rows.used:,} used + {rows.duplicate:,} "
        f"duplicate + {rows.rejected_total:,} rejected"
    )
    if rows.rejected:
        reasons = sorted(rows.rejected.items(), key=lambda kv: (-kv[1], kv[0]))
        line += " (" + ", ".join(f"{code} {n:,}" for code, n in reasons) + ")"
    if not rows.adds_up:
        line += " - DOES NOT ADD UP"
    return line


def staff_summary(result: StaffResult) -> str:
    """What one staff member still owes, in a few words, or "compliant"."""
    parts = []
    for status, words in _STATUS_WORDS:
        n = sum(r.status == status for r in result.requirements)
        if n:
            parts.append(f"{n} {words}")
    if not result.hours.met:
        parts.append(f"{result.hours.shortfall:.1f} h short")
    return ", ".join(parts) or "compliant"


def _portal(result: StaffResult) -> str:
    if not result.portal_reported:
        return "no login report"
    if result.logins is None and result.last_login is None:
        return "no account" if result.inactive else "-"
    if result.never_logged_in:
        return "never"
    text = result.last_login.isoformat() if result.last_login else "?"
    return f"{text} inactive" if result.inactive else text


def results_as_table(results: Results) -> str:
    """One short line per staff member, by academy and phase, then totals."""
    header = ("academy", "phase", "name", "hours", "mod", "last login", "verdict")
    rows = [
        (
            _cut(r.staff.academy or "", 12),
            r.staff.phase or "?",
            _cut(r.staff.name, 28),
            f"{r.hours.done:.1f}/{r.hours.required:.1f}",
            f"{len(r.modules)}{'*' if r.external_training_eligible else ''}",
            _portal(r),
            staff_summary(r),
        )
        for r in results.staff
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(6)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[6]
        for row in [header, *rows]
    ]
    compliant = sum(r.compliant for r in results.staff)
    warnings = sum(f.severity == "warning" for f in results.findings)
    lines += [
        "",
        f"period {results.period}: {compliant} of {len(results.staff)} staff "
        f"compliant; {_count(len(results.findings), 'finding')}, {warnings:,} of "
        "them warnings (--format json lists them)",
        "mod = units completed, * = may request external training",
        ledger_line(results.rows),
    ]
    return "\n".join(line.rstrip() for line in lines)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _cut(text: str, width: int) -> str:
    """Text cut to a column's width, so one long name cannot widen the table."""
    return text if len(text) <= width else text[: width - 1] + "…"
