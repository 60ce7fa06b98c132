"""The workbook for one academy's principal and heads of school."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import xlsxwriter

from .. import __version__
from ..findings import CODES
from ..model import Finding, Results, StaffResult
from .cells import (
    HOURS_FORMAT,
    PERCENT_FORMAT,
    WORKBOOK_OPTIONS,
    SheetWriter,
    Styles,
    replace_atomically,
    set_print,
)
from .figures import (
    NOT_APPLICABLE,
    STATUS_TEXT,
    AcademyFigures,
    GroupFigures,
    compute_figures,
    course_status,
    phase_of,
    requirements_by_course,
    sort_key,
)

ACADEMY_SHEETS = (
    "Summary",
    "Compliance",
    "Hours",
    "Portal use",
    "External training",
    "Next steps",
    "Data problems",
    "Sources",
)
SUMMARY_TITLES = (
    "Phase",
    "Staff counted",
    "All mandatory courses met",
    "Share",
    "Meeting the hours rule",
    "Share",
    "Logged in within the window",
    "Share",
    "Never logged in",
    "Eligible for external training",
)
COURSE_TITLES = (
    "Course",
    "Staff required",
    "Met",
    "Share met",
    "In progress",
    "Missing",
)
# Fill colours of the Compliance verdicts, light enough to print in grey.
VERDICT_COLOURS = {
    "met": ("#C6EFCE", "#006100"),
    "in progress": ("#FFEB9C", "#9C5700"),
    "missing": ("#FFC7CE", "#9C0006"),
    NOT_APPLICABLE: ("#EDEDED", "#595959"),
}
FINDING_TITLES = (
    "Code",
    "Problem",
    "Severity",
    "Message",
    "E-mail",
    "Course",
    "File",
    "Sheet",
    "Row",
    "Column",
)
SUMMARY_HEADER_ROW = 3


def write_academy_book(
    results: Results,
    academy: str,
    path: Path,
    *,
    figures: AcademyFigures | None = None,
) -> Path:
    """Write one academy's workbook to ``path``, replacing any old one whole."""
    if figures is None:
        figures = compute_figures(results).academy(academy)
    return replace_atomically(path, lambda temp: _write_book(results, figures, temp))


def _write_book(results: Results, figures: AcademyFigures, path: Path) -> None:
    academy = figures.academy
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    try:
        set_properties(book, results, f"{academy} CPD", academy)
        styles = Styles(book)
        title = f"{academy} CPD {period_words(results.period)}"
        write_summary(book, styles, results, figures, title)
        write_compliance(book, styles, figures, title)
        write_hours(book, styles, figures, title)
        write_portal_use(book, styles, figures, title)
        write_external_training(book, styles, figures, title)
        write_next_steps(book, styles, figures, title)
        emails = {s.staff.email for s in figures.staff}
        write_findings(
            book,
            styles,
            "Data problems",
            [f for f in results.findings if belongs_to(f, academy, emails)],
            academy=academy,
            title=title,
        )
        files = [f for f in results.files if f.academy in (academy, None)]
        write_sources(book, styles, results, files, academy=academy, title=title)
    finally:
        book.close()


def period_words(period) -> str:
    """A period as ``01/09/2026 to 23/10/2026``."""
    return f"{period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}"


def belongs_to(finding: Finding, academy: str, emails: set[str]) -> bool:
    """Whether a finding is about this academy (or one of its staff)."""
    if finding.academy is not None:
        return finding.academy == academy
    return finding.email is not None and finding.email in emails


def set_properties(book, results: Results, title: str, academy: str) -> None:
    """Document properties: what the workbook is, when and by what it was made."""
    book.set_properties(
        {
            "title": title,
            "subject": f"CPD for the period {results.period}",
            "author": "cpd-xl",
            "company": academy,
            "category": "CPD",
            "keywords": "CPD, portal, policy",
            "comments": (
                f"Made by cpd-xl {__version__} against {results.policy.name} "
                f"version {results.policy.version}"
            ),
            "created": results.generated,
        }
    )


def table_sheet(
    book,
    styles: Styles,
    name: str,
    titles: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    academy: str,
    title: str,
    formats: dict[int, dict] | None = None,
    widths: dict[int, int] | None = None,
) -> tuple[object, SheetWriter, int]:
    """A sheet holding one table: header row, data rows, filter, print set-up.

    Returns the worksheet, its writer and the number of data rows.
    """
    sheet = book.add_worksheet(name)
    writer = SheetWriter(sheet, styles)
    writer.header(0, titles)
    formats = formats or {}
    count = 0
    widths = widths or {}
    # A unit of column width holds about 1.2 characters of 9 pt text, 0.9 of 11 pt.
    wrapped = {
        col: widths.get(col, writer.max_width)
        * (1.2 if style.get("font_size") else 0.9)
        for col, style in formats.items()
        if style.get("text_wrap")
    }
    if wrapped:
        # Tall rows read best with every cell at the top, beside its neighbours.
        formats = {
            col: {"valign": "top", **formats.get(col, {})} for col in range(len(titles))
        }
    for count, values in enumerate(rows, start=1):
        lines = max(
            (wrapped_lines(values[col], int(w)) for col, w in wrapped.items()),
            default=1,
        )
        if lines > 1:
            # Neither Excel nor LibreOffice grows a row for wrapped text on open.
            sheet.set_row(count, 12 * lines + 3)
        for col, value in enumerate(values):
            writer.cell(count, col, value, **formats.get(col, {}))
    writer.autofilter(0, count, len(titles))
    writer.fit_columns()
    for col, width in widths.items():
        sheet.set_column(col, col, width)
    set_print(sheet, academy=academy, title=f"{title}: {name}")
    return sheet, writer, count


def wrapped_lines(value: object, width: int = 52) -> int:
    """How many lines a wrapped text cell about ``width`` characters wide needs."""
    if not isinstance(value, str) or not value:
        return 1
    return sum(max(1, -(-len(line) // width)) for line in value.splitlines())


def write_summary(book, styles, results, figures: AcademyFigures, title) -> None:
    """Per phase and academy totals, per course completion and one chart."""
    sheet = book.add_worksheet("Summary")
    writer = SheetWriter(sheet, styles, max_width=40)
    period = results.period
    writer.cell(
        0,
        0,
        f"{figures.academy}: CPD summary, {period.start:%d/%m/%Y} to "
        f"{period.end:%d/%m/%Y}",
        bold=True,
        font_size=14,
    )
    writer.cell(
        1,
        0,
        f"Checked against {results.policy.name} (version {results.policy.version})"
        f" on {results.generated:%d/%m/%Y at %H:%M}",
    )
    writer.header(SUMMARY_HEADER_ROW, SUMMARY_TITLES)
    # Long header texts wrap rather than widen every column.
    sheet.set_row(SUMMARY_HEADER_ROW, 48)
    for col, text in enumerate(SUMMARY_TITLES):
        writer.sheet.write_string(
            SUMMARY_HEADER_ROW,
            col,
            text,
            styles.get(bold=True, bg_color="#D9E1F2", bottom=1, text_wrap=True),
        )
    row = SUMMARY_HEADER_ROW + 1
    for group in figures.phases:
        write_group_row(writer, row, group)
        row += 1
    write_group_row(writer, row, figures.total, label=f"{figures.academy} (all phases)")
    total_row = row
    first_phase_row = SUMMARY_HEADER_ROW + 1

    row += 2
    writer.cell(row, 0, "Course completion", bold=True, font_size=12)
    row += 1
    for col, text in enumerate(COURSE_TITLES):
        writer.cell(row, col, text, bold=True, bg_color="#D9E1F2", bottom=1)
    for course in figures.courses:
        row += 1
        writer.row(row, [course.course, course.required, course.met])
        writer.cell(row, 3, course.met_share.value, num_format=PERCENT_FORMAT)
        writer.cell(row, 4, course.in_progress)
        writer.cell(row, 5, course.missing)
    # The title lines overflow to the right; size columns for the tables only.
    labels = [g.label for g in figures.phases]
    labels += [f"{figures.academy} (all phases)", "Course completion"]
    labels += [c.course for c in figures.courses]
    writer.widths = {0: min(40, max(len(text) for text in labels) + 2)}
    for col in range(1, len(SUMMARY_TITLES)):
        writer.widths[col] = 10 if col in (3, 5, 7) else 15
    writer.fit_columns()

    chart = book.add_chart({"type": "column"})
    last = total_row
    for col, name in (
        (3, "Mandatory courses met"),
        (5, "Hours rule met"),
        (7, "Logged in within the window"),
    ):
        chart.add_series(
            {
                "name": name,
                "categories": ["Summary", first_phase_row, 0, last, 0],
                "values": ["Summary", first_phase_row, col, last, col],
                "data_labels": {"value": True, "num_format": "0%"},
            }
        )
    chart.set_title({"name": f"{figures.academy}: share of staff by phase"})
    chart.set_y_axis(
        {"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}}
    )
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 300})
    sheet.insert_chart(row + 2, 0, chart)
    sheet.freeze_panes(SUMMARY_HEADER_ROW + 1, 0)
    set_print(
        sheet,
        academy=figures.academy,
        title=f"{title}: Summary",
        header_row=SUMMARY_HEADER_ROW,
    )


def write_group_row(
    writer: SheetWriter, row: int, group: GroupFigures, *, label: str | None = None
) -> None:
    """One line of figures: counts beside their shares as percent cells."""
    bold = {"bold": True, "top": 1} if label else {}
    values = [
        label or group.label,
        group.staff,
        group.mandatory_met,
        group.mandatory_share.value,
        group.hours_met,
        group.hours_share.value,
        group.active,
        group.active_share.value,
        group.never_logged_in,
        group.eligible,
    ]
    for col, value in enumerate(values):
        style = dict(bold)
        if col in (3, 5, 7):
            style["num_format"] = PERCENT_FORMAT
            if value is None:  # a share of no one, as the text says it
                value, style["align"] = "n/a", "right"
        writer.cell(row, col, value, **style)


def write_compliance(book, styles, figures: AcademyFigures, title) -> None:
    """A row per staff member, a column per required course, coloured verdicts."""
    courses = [c.course for c in figures.courses]
    fixed = ["Name", "E-mail", "Phase", "Roles", "All mandatory met", "Hours met"]
    titles = [*fixed, *courses, "What is still owed"]
    sheet = book.add_worksheet("Compliance")
    writer = SheetWriter(sheet, styles, max_width=45)
    writer.header(0, titles)
    sheet.freeze_panes(1, 2)
    first = len(fixed)
    row = 0
    for row, result in enumerate(figures.staff, start=1):
        writer.row(
            row,
            [
                result.staff.name,
                result.staff.email,
                phase_of(result),
                ", ".join(result.roles),
                result.mandatory_met,
                result.hours.met,
            ],
            valign="top",
        )
        grouped = requirements_by_course(result)
        owed = []
        for offset, course in enumerate(courses):
            requirements = grouped.get(course)
            if not requirements:
                writer.cell(row, first + offset, NOT_APPLICABLE, valign="top")
                continue
            verdict = STATUS_TEXT[course_status(requirements)]
            writer.cell(row, first + offset, verdict, valign="top")
            reasons = "\n".join(
                dict.fromkeys(f"{r.rule}: {r.reason}" for r in requirements)
            )
            sheet.write_comment(
                row, first + offset, reasons, {"x_scale": 2, "y_scale": 1.5}
            )
            if verdict != "met":
                owed.append(f"{course} ({verdict})")
        lines = wrapped_lines("\n".join(owed), width=40)
        if lines > 1:
            sheet.set_row(row, 15 * lines)
        # Wrapped, so a long list stays in its column on screen and on paper.
        writer.cell(row, len(titles) - 1, "\n".join(owed), text_wrap=True, valign="top")
    last = max(row, 1)
    for verdict, (fill, font) in VERDICT_COLOURS.items():
        sheet.conditional_format(
            1,
            first,
            last,
            first + max(len(courses), 1) - 1,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{verdict}"',
                "format": styles.get(bg_color=fill, font_color=font),
            },
        )
    writer.autofilter(0, row, len(titles))
    for offset in range(len(courses)):
        writer.widths[first + offset] = 13
    writer.fit_columns()
    sheet.set_row(0, 75, styles.get(text_wrap=True))
    for col, text in enumerate(titles):
        sheet.write_string(
            0,
            col,
            text,
            styles.get(bold=True, bg_color="#D9E1F2", bottom=1, text_wrap=True),
        )
    set_print(sheet, academy=figures.academy, title=f"{title}: Compliance")


def write_hours(book, styles, figures: AcademyFigures, title) -> None:
    """CPD hours done against required, the largest shortfall first."""
    staff = sorted(figures.staff, key=lambda s: (-s.hours.shortfall, sort_key(s)))
    hours = {"num_format": HOURS_FORMAT}
    table_sheet(
        book,
        styles,
        "Hours",
        [
            "Name",
            "E-mail",
            "Phase",
            "Hours done",
            "Hours required",
            "Shortfall",
            "Hours rule met",
        ],
        (
            [
                s.staff.name,
                s.staff.email,
                phase_of(s),
                s.hours.done,
                s.hours.required,
                s.hours.shortfall,
                s.hours.met,
            ]
            for s in staff
        ),
        academy=figures.academy,
        title=title,
        formats={3: hours, 4: hours, 5: hours},
    )


def portal_use(result: StaffResult) -> str:
    """``never logged in``, ``inactive`` or ``active``."""
    if result.never_logged_in:
        return "never logged in"
    return "inactive" if result.inactive else "active"


def write_portal_use(book, styles, figures: AcademyFigures, title) -> None:
    """Logins and last login per staff member, never and inactive first."""
    order = {"never logged in": 0, "inactive": 1, "active": 2}
    staff = sorted(figures.staff, key=lambda s: (order[portal_use(s)], sort_key(s)))
    table_sheet(
        book,
        styles,
        "Portal use",
        ["Name", "E-mail", "Phase", "Logins", "Sessions", "Last login", "Portal use"],
        (
            [
                s.staff.name,
                s.staff.email,
                phase_of(s),
                s.logins,
                s.sessions,
                s.last_login,
                portal_use(s),
            ]
            for s in staff
        ),
        academy=figures.academy,
        title=title,
    )


def describe_module(record) -> str:
    """A completed module as ``course: unit (dd/mm/yyyy)``."""
    text = record.course or record.course_text
    if record.unit:
        text += f": {record.unit}"
    if record.completed:
        text += f" ({record.completed:%d/%m/%Y})"
    return text


def write_external_training(book, styles, figures: AcademyFigures, title) -> None:
    """Who may have an external training request approved, and on what modules."""
    staff = sorted(
        figures.staff, key=lambda s: (not s.external_training_eligible, sort_key(s))
    )
    table_sheet(
        book,
        styles,
        "External training",
        [
            "Name",
            "E-mail",
            "Phase",
            "Eligible",
            "Modules completed",
            "Modules that count",
        ],
        (
            [
                s.staff.name,
                s.staff.email,
                phase_of(s),
                s.external_training_eligible,
                len(s.modules),
                "; ".join(describe_module(m) for m in s.modules),
            ]
            for s in staff
        ),
        academy=figures.academy,
        title=title,
        formats={5: {"text_wrap": True, "valign": "top", "font_size": 9}},
        widths={5: 90},
    )


def write_next_steps(book, styles, figures: AcademyFigures, title) -> None:
    """Per staff member, each course still owed and any hours shortfall."""
    table_sheet(
        book,
        styles,
        "Next steps",
        ["Name", "E-mail", "Phase", "Still owed", "Status", "Why"],
        (
            [
                o.staff.staff.name,
                o.staff.staff.email,
                phase_of(o.staff),
                o.item,
                o.status,
                o.reason,
            ]
            for o in figures.owed
        ),
        academy=figures.academy,
        title=title,
    )


def finding_row(finding: Finding) -> list[object]:
    """A finding as the cells of a Data problems row."""
    source = finding.source
    return [
        finding.code,
        CODES.get(finding.code, ""),
        finding.severity,
        finding.message,
        finding.email,
        finding.course,
        source.file if source else None,
        source.sheet if source else None,
        source.row if source else None,
        source.column if source else None,
    ]


def write_findings(book, styles, name, findings, *, academy, title) -> None:
    """Every finding with its file, sheet and row."""
    table_sheet(
        book,
        styles,
        name,
        FINDING_TITLES,
        (finding_row(f) for f in findings),
        academy=academy,
        title=title,
    )


def write_sources(book, styles, results: Results, files, *, academy, title) -> None:
    """The run's inputs, each with its SHA-256 and row ledger, and the policy."""
    sheet = book.add_worksheet("Sources")
    writer = SheetWriter(sheet, styles, max_width=66)
    titles = [
        "File",
        "Kind",
        "Academy",
        "Sheets",
        "SHA-256",
        "Rows read",
        "Used",
        "Duplicate",
        "Rejected",
        "Rejected because",
        "Could not read",
    ]
    writer.header(0, titles)
    row = 0
    for row, report in enumerate(files, start=1):
        counts = results.file_rows.get(report.path)
        reasons = ""
        if counts:
            reasons = ", ".join(f"{k}: {v}" for k, v in sorted(counts.rejected.items()))
        writer.row(
            row,
            [
                report.path,
                report.kind,
                report.academy,
                ", ".join(report.sheets),
                report.sha256,
                counts.read if counts else report.rows_read,
                counts.used if counts else None,
                counts.duplicate if counts else None,
                counts.rejected_total if counts else None,
                reasons,
                report.error,
            ],
        )
    writer.autofilter(0, row, len(titles))
    policy = results.policy
    details = [
        ("Policy", policy.name),
        ("Policy version", policy.version),
        ("Policy file", policy.path),
        ("Policy SHA-256", policy.sha256),
        ("Period start", results.period.start),
        ("Period end", results.period.end),
        ("Run at", results.generated),
        ("cpd-xl version", __version__),
        ("Rows read (all files)", results.rows.read),
        ("Rows used", results.rows.used),
        ("Rows duplicate", results.rows.duplicate),
        ("Rows rejected", results.rows.rejected_total),
    ]
    row += 2
    # The run's details overflow into the columns beside; keep those narrow.
    widths = dict(writer.widths)
    writer.cell(row, 0, "This run", bold=True, font_size=12)
    for offset, (label, value) in enumerate(details, start=1):
        writer.cell(row + offset, 0, label, bold=True)
        writer.cell(row + offset, 1, value, align="left")
    writer.widths[1] = widths.get(1, 12)
    writer.fit_columns()
    set_print(sheet, academy=academy, title=f"{title}: Sources")
