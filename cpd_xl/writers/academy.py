"""The workbook for one academy's principal and heads of school."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import xlsxwriter

from .. import __version__
from ..findings import CODES
from ..model import Finding, Results, RowCounts, StaffResult
from .cells import (
    HOURS_FORMAT,
    PERCENT_FORMAT,
    WORKBOOK_OPTIONS,
    SheetWriter,
    Styles,
    line_height,
    replace_atomically,
    set_print,
    sheet_width,
    text_lines,
)
from .figures import (
    NO_LOGIN_REPORT,
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
NONE_FOUND = "None found"
PORTAL_UNKNOWN = "unknown (no login report)"
SHARED = "shared"


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
        write_sources(
            book, styles, results, files, academy=academy, title=title, scope=academy
        )
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

    A column whose format wraps text needs its width in ``widths``. An empty
    table gets a "None found" line. Returns the worksheet, its writer and the
    number of data rows.
    """
    sheet = book.add_worksheet(name)
    writer = SheetWriter(sheet, styles)
    writer.header(0, titles)
    formats = formats or {}
    widths = dict(widths or {})
    wrapped = {col: style for col, style in formats.items() if style.get("text_wrap")}
    for col in wrapped:
        widths.setdefault(col, writer.max_width)
    if wrapped:
        # Tall rows read best with every cell at the top, beside its neighbours.
        formats = {
            col: {"valign": "top", **formats.get(col, {})} for col in range(len(titles))
        }
    count = 0
    for count, values in enumerate(rows, start=1):
        height = max(
            (
                line_height(style.get("font_size", 11))
                * text_lines(
                    values[col], widths[col], font_size=style.get("font_size", 11)
                )
                for col, style in wrapped.items()
            ),
            default=0,
        )
        if height > line_height():
            # Neither Excel nor LibreOffice grows a row for wrapped text on open.
            sheet.set_row(count, height + 3)
        for col, value in enumerate(values):
            writer.cell(count, col, value, **formats.get(col, {}))
    if not count:
        write_none_found(writer, 1)
    writer.autofilter(0, count, len(titles))
    fitted = writer.fit_columns()
    for col, width in widths.items():
        sheet.set_column(col, col, width)
    fitted.update(widths)
    set_print(
        sheet,
        academy=academy,
        title=f"{title}: {name}",
        width=sheet_width(fitted, len(titles)),
        first=fitted.get(0, 0),
    )
    return sheet, writer, count


def write_none_found(writer: SheetWriter, row: int) -> None:
    """The line an empty list gets, so it does not look cut off."""
    writer.cell(row, 0, NONE_FOUND, italic=True)


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
    if figures.total.no_login_report:
        writer.cell(
            2,
            0,
            f"The drop has no login report for {figures.academy}: portal use is "
            "unknown, shown as n/a, and no one is counted as never logged in.",
            italic=True,
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

    labels = [g.label for g in figures.phases]
    labels += [f"{figures.academy} (all phases)", "Course completion"]
    labels += [c.course for c in figures.courses]
    first = min(40, max(len(text) for text in labels) + 2)
    row += 2
    writer.cell(row, 0, "Course completion", bold=True, font_size=12)
    row += 1
    for col, text in enumerate(COURSE_TITLES):
        writer.cell(row, col, text, bold=True, bg_color="#D9E1F2", bottom=1)
    for course in figures.courses:
        row += 1
        style = {}
        lines = text_lines(course.course, first)
        if lines > 1:
            # A long course name wraps in its column rather than lose its end.
            style = {"valign": "top"}
            sheet.set_row(row, line_height() * lines + 3)
        writer.cell(row, 0, course.course, text_wrap=lines > 1, **style)
        writer.cell(row, 1, course.required, **style)
        writer.cell(row, 2, course.met, **style)
        writer.cell(row, 3, course.met_share.value, num_format=PERCENT_FORMAT, **style)
        writer.cell(row, 4, course.in_progress, **style)
        writer.cell(row, 5, course.missing, **style)
    # The title lines overflow to the right; size columns for the tables only.
    writer.widths = {0: first}
    for col in range(1, len(SUMMARY_TITLES)):
        writer.widths[col] = 10 if col in (3, 5, 7) else 15
    if any(g.no_login_report for g in figures.phases):
        writer.widths[6] = writer.widths[8] = len(NO_LOGIN_REPORT) + 2
    fitted = writer.fit_columns()

    chart = book.add_chart({"type": "column"})
    last = total_row
    series = [(3, "Mandatory courses met"), (5, "Hours rule met")]
    if not figures.total.no_login_report:
        series.append((7, "Logged in within the window"))
    for col, name in series:
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
        width=sheet_width(fitted, len(SUMMARY_TITLES)),
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
    if group.no_login_report:
        values[6] = values[8] = NO_LOGIN_REPORT
    for col, value in enumerate(values):
        style = dict(bold)
        if col in (3, 5, 7):
            style["num_format"] = PERCENT_FORMAT
            if value is None:  # a share of no one, as the text says it
                value = NOT_APPLICABLE
        if isinstance(value, str) and col:
            style["align"] = "right"
        writer.cell(row, col, value, **style)


# Caps on the Compliance sheet's text columns; roles and what is owed wrap.
COMPLIANCE_WIDTHS = {"Name": 30, "E-mail": 34, "Phase": 12, "Roles": 28}
COURSE_WIDTH = 13
OWED_WIDTH = 70


def write_compliance(book, styles, figures: AcademyFigures, title) -> None:
    """A row per staff member, a column per required course, coloured verdicts."""
    courses = [c.course for c in figures.courses]
    fixed = ["Name", "E-mail", "Phase", "Roles", "All mandatory met", "Hours met"]
    titles = [*fixed, *courses, "What is still owed"]
    owed_col = len(titles) - 1
    sheet = book.add_worksheet("Compliance")
    writer = SheetWriter(sheet, styles)
    first = len(fixed)
    top = {"valign": "top"}
    row = 0
    for row, result in enumerate(figures.staff, start=1):
        roles = ", ".join(result.roles)
        writer.row(
            row,
            [
                result.staff.name,
                result.staff.email,
                phase_of(result),
                None,
                result.mandatory_met,
                result.hours.met,
            ],
            **top,
        )
        writer.cell(row, 3, roles, text_wrap=True, **top)
        grouped = requirements_by_course(result)
        owed = []
        for offset, course in enumerate(courses):
            requirements = grouped.get(course)
            if not requirements:
                writer.cell(row, first + offset, NOT_APPLICABLE, **top)
                continue
            verdict = STATUS_TEXT[course_status(requirements)]
            writer.cell(row, first + offset, verdict, **top)
            reasons = "\n".join(
                dict.fromkeys(f"{r.rule}: {r.reason}" for r in requirements)
            )
            sheet.write_comment(
                row, first + offset, reasons, {"x_scale": 2, "y_scale": 1.5}
            )
            if verdict != "met":
                owed.append(f"{course} ({verdict})")
        owed_text = "; ".join(owed)
        writer.cell(row, owed_col, owed_text, text_wrap=True, **top)
        lines = max(
            text_lines(roles, COMPLIANCE_WIDTHS["Roles"]),
            text_lines(owed_text, OWED_WIDTH),
        )
        if lines > 1:
            # Neither Excel nor LibreOffice grows a row for wrapped text on open.
            sheet.set_row(row, line_height() * lines + 3)
    if not row:
        write_none_found(writer, 1)
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

    # Size the columns by their data: the header row wraps instead.
    widths = {}
    for col, name in enumerate(fixed[:4]):
        widths[col] = min(COMPLIANCE_WIDTHS[name], max(writer.widths.get(col, 0), 8))
    widths[4], widths[5] = 10, 8
    for offset, course in enumerate(courses):
        # Wide enough for the longest word of the course, which cannot wrap.
        longest = max((len(word) for word in course.split()), default=0)
        widths[first + offset] = min(20, max(COURSE_WIDTH, longest + 1))
    widths[owed_col] = min(OWED_WIDTH, max(writer.widths.get(owed_col, 0), 20))
    header = {"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True}
    for col, text in enumerate(titles):
        writer.cell(0, col, text, **header)
        sheet.set_column(col, col, widths[col])
    lines = max(text_lines(text, widths[col] - 1) for col, text in enumerate(titles))
    sheet.set_row(0, line_height() * lines + 4)
    sheet.freeze_panes(1, 2)
    writer.autofilter(0, row, len(titles))
    set_print(
        sheet,
        academy=figures.academy,
        title=f"{title}: Compliance",
        width=sheet_width(widths, len(titles)),
        first=widths[0],
    )


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
    """``never logged in``, ``inactive``, ``active`` or unknown (no report)."""
    if not result.portal_reported:
        return PORTAL_UNKNOWN
    if result.never_logged_in:
        return "never logged in"
    return "inactive" if result.inactive else "active"


def write_portal_use(book, styles, figures: AcademyFigures, title) -> None:
    """Logins and last login per staff member, never and inactive first."""
    order = {"never logged in": 0, "inactive": 1, "active": 2, PORTAL_UNKNOWN: 3}
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


def finding_layout(offset: int = 0) -> tuple[dict[int, dict], dict[int, int]]:
    """Formats and widths of a findings table: the long texts wrap."""
    wrap = {"text_wrap": True}
    problem, message = 1 + offset, 3 + offset
    return {problem: wrap, message: wrap}, {problem: 36, message: 60}


def write_findings(book, styles, name, findings, *, academy, title) -> None:
    """Every finding with its file, sheet and row."""
    formats, widths = finding_layout()
    table_sheet(
        book,
        styles,
        name,
        FINDING_TITLES,
        (finding_row(f) for f in findings),
        academy=academy,
        title=title,
        formats=formats,
        widths=widths,
    )


def write_sources(
    book, styles, results: Results, files, *, academy, title, scope=None
) -> None:
    """The run's inputs, each with its SHA-256 and row ledger, and the policy.

    ``scope`` is the academy whose files (and the shared ones) are listed, or
    None when every file is.
    """
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
    total = RowCounts()
    row = 0
    for row, report in enumerate(files, start=1):
        counts = results.file_rows.get(report.path)
        reasons = ""
        if counts:
            reasons = ", ".join(f"{k}: {v}" for k, v in sorted(counts.rejected.items()))
            total.read += counts.read
            total.used += counts.used
            total.duplicate += counts.duplicate
            for key, value in counts.rejected.items():
                total.rejected[key] = total.rejected.get(key, 0) + value
        else:
            total.read += report.rows_read
        writer.row(
            row,
            [
                report.path,
                report.kind,
                report.academy if report.academy is not None else SHARED,
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
    if not row:
        write_none_found(writer, 1)
    writer.autofilter(0, row, len(titles))
    if scope is None:
        which, total = "all files", results.rows
    else:
        which = "this academy's and shared files"
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
        (f"Rows read ({which})", total.read),
        (f"Rows used ({which})", total.used),
        (f"Rows duplicate ({which})", total.duplicate),
        (f"Rows rejected ({which})", total.rejected_total),
    ]
    row = max(row, 1) + 2
    # The run's details overflow into the columns beside; keep those narrow.
    widths = dict(writer.widths)
    writer.cell(row, 0, "This run", bold=True, font_size=12)
    for offset, (label, value) in enumerate(details, start=1):
        writer.cell(row + offset, 0, label, bold=True)
        writer.cell(row + offset, 1, value, align="left")
    if scope is not None:
        writer.cell(
            row + len(details) + 1,
            0,
            "Rows are counted over the files listed above: this academy's own "
            f"({scope}) and the shared ones, which belong to no one academy (such "
            "as the term dates).",
            italic=True,
        )
    writer.widths[1] = widths.get(1, 12)
    labels = max(len(label) for label, _ in details) + 3
    writer.widths[0] = max(widths.get(0, 0), labels)
    writer.fit_columns()
    # One page across: the run's details sit beside their labels.
    set_print(sheet, academy=academy, title=f"{title}: Sources")
