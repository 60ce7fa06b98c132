"""What ``cpd-xl inputs`` shows: each file's kind, academy, rows and findings."""

from __future__ import annotations

from pathlib import Path

from ..model import FileReport, Finding, Inputs, RowCounts
from ..resources import catalogue_dir
from .console import ledger_line
from .jsonout import finding_as_dict

# More findings than this under one file are counted, not listed, in the text.
MAX_LINES_PER_FILE = 15

_MARKS = {"error": "!!", "warning": "! ", "info": "- "}


def inputs_as_dict(data: Inputs) -> dict:
    """The inputs of a drop as plain JSON-ready data, every finding listed."""
    by_file = _findings_by_file(data)
    return {
        "root": data.root,
        "catalogue": {
            "source": data.catalogue.source,
            "courses": len(data.catalogue.courses),
        },
        "files": [
            {
                "path": f.path,
                "kind": f.kind,
                "academy": f.academy,
                "academies": list(f.academies),
                "sheets": list(f.sheets),
                "sheet_kinds": dict(f.sheet_kinds),
                "sha256": f.sha256,
                "error": f.error,
                "rows": _counts_dict(data.ledger.counts(f.path)),
                "findings": [finding_as_dict(x) for x in by_file.get(f.path, [])],
            }
            for f in data.files
        ],
        "findings": [finding_as_dict(x) for x in by_file.get(None, [])],
        "totals": {
            "staff": len(data.staff),
            "records": len(data.records),
            "logins": len(data.logins),
            "holidays": len(data.holidays),
            "rows": _counts_dict(data.ledger.counts()),
        },
    }


def inputs_as_text(data: Inputs) -> str:
    """The inputs of a drop as short text for a VLE co-ordinator."""
    by_file = _findings_by_file(data)
    lines = [
        f"Drop {data.root}: {len(data.files)} files; catalogue "
        f"{_catalogue_name(data)} ({len(data.catalogue.courses)} courses)",
        "",
    ]
    for f in data.files:
        counts = data.ledger.counts(f.path)
        lines.append(f.path)
        if f.error:
            reason = f.error.removeprefix(f"{f.path}: ")
            lines.append(f"  not read: {reason}")
        else:
            kinds = sorted(set(f.sheet_kinds.values())) or [f.kind]
            lines.append(
                f"  {' + '.join(kinds)}, {_academy_text(f)}: {_counts_text(counts)}"
            )
        lines.extend(_finding_lines(by_file.get(f.path, []), f.error))
    other = by_file.get(None, [])
    if other:
        lines.append("Other findings")
        lines.extend(_finding_lines(other, None))
    lines.append("")
    lines.append(
        f"{len(data.staff):,} staff, {len(data.records):,} learning records, "
        f"{len(data.logins):,} login activities, {len(data.holidays):,} holidays"
    )
    lines.append(ledger_line(data.ledger.counts()))
    return "\n".join(lines)


def _academy_text(report: FileReport) -> str:
    if report.academy:
        return f"academy {report.academy}"
    if report.academies:
        return f"academies {', '.join(report.academies)}"
    return "academy (none)"


def _catalogue_name(data: Inputs) -> str:
    source = data.catalogue.source
    if not source:
        return "as given"
    try:
        shipped = Path(source).resolve().parent == catalogue_dir().resolve()
    except (OSError, FileNotFoundError):
        shipped = False
    return "shipped with cpd-xl" if shipped else source


def _counts_text(counts: RowCounts) -> str:
    text = f"{counts.read:,} rows read, {counts.used:,} used"
    if counts.duplicate:
        text += f", {counts.duplicate:,} duplicate"
    if counts.rejected:
        reasons = ", ".join(f"{c} {n:,}" for c, n in sorted(counts.rejected.items()))
        text += f", {counts.rejected_total:,} rejected ({reasons})"
    return text


def _finding_lines(findings: list[Finding], error: str | None) -> list[str]:
    """One line per finding; the same message on many rows is one line."""
    groups: dict[tuple, list[Finding]] = {}
    for item in findings:
        if error and item.message == error:
            continue
        sheet = item.source.sheet if item.source else None
        groups.setdefault((item.severity, item.code, sheet, item.message), []).append(
            item
        )
    lines = []
    for (severity, code, sheet, message), items in groups.items():
        rows = [x.source.row for x in items if x.source and x.source.row]
        where = f"sheet {sheet}" if sheet else ""
        if rows:
            shown = ", ".join(str(r) for r in rows[:6])
            more = f" +{len(rows) - 6}" if len(rows) > 6 else ""
            label = "row" if len(rows) == 1 else "rows"
            where = f"{where} {label} {shown}{more}".strip()
        where = f" ({where})" if where else ""
        lines.append(f"  {_MARKS.get(severity, '- ')} {code}{where}: {message}")
    if len(lines) > MAX_LINES_PER_FILE:
        hidden = len(lines) - MAX_LINES_PER_FILE
        lines = lines[:MAX_LINES_PER_FILE]
        lines.append(f"     ... and {hidden} more (cpd-xl inputs --json lists all)")
    return lines


def _findings_by_file(data: Inputs) -> dict[str | None, list[Finding]]:
    paths = {f.path for f in data.files}
    grouped: dict[str | None, list[Finding]] = {}
    for item in data.findings:
        file = item.source.file if item.source else None
        grouped.setdefault(file if file in paths else None, []).append(item)
    return grouped


def _counts_dict(counts: RowCounts) -> dict:
    return {
        "read": counts.read,
        "used": counts.used,
        "duplicate": counts.duplicate,
        "rejected": dict(sorted(counts.rejected.items())),
        "adds_up": counts.adds_up,
    }
