"""The consolidated workbook for head office: every academy side by side.

It is written in xlsxwriter's constant-memory mode (each row goes to disk
as soon as the next one starts), so a drop of about a million learning
records costs the memory of one row, not of the sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import xlsxwriter

from ..model import LearningRecord, Results
from .academy import (
    FINDING_TITLES,
    SUMMARY_TITLES,
    finding_layout,
    finding_row,
    period_words,
    portal_use,
    set_properties,
    table_sheet,
    write_group_row,
    write_none_found,
    write_sources,
)
from .cells import (
    EXCEL_MAX_ROWS,
    HOURS_FORMAT,
    PERCENT_FORMAT,
    WORKBOOK_OPTIONS,
    SheetWriter,
    Styles,
    replace_atomically,
    set_print,
    sheet_width,
)
from .figures import NO_LOGIN_REPORT, Figures, compute_figures, phase_of

HEAD_OFFICE = "Head office"
MERGE_CODES = (
    "duplicate-record",
    "conflicting-record",
    "staff-in-two-academies",
    "name-with-two-emails",
)
# The academy Summary's columns, one row per academy instead of per phase.
COMPARISON_TITLES = ("Academy", *SUMMARY_TITLES[1:], "Learning records")
RECORD_TITLES = (
    "Academy",
    "E-mail",
    "Name",
    "Course as written",
    "Course",
    "Unit",
    "Status",
    "Started",
    "Completed",
    "Minutes",
    "Certificate requested",
    "Certificate issued",
    "File",
    "Sheet",
    "Row",
)
RECORD_WIDTHS = (10, 30, 24, 36, 36, 20, 12, 11, 11, 9, 11, 11, 30, 14, 8)
STATUS_WORDS = {
    "not_started": "not started",
    "in_progress": "in progress",
    "completed": "completed",
}


def write_headoffice_book(
    results: Results,
    path: Path,
    *,
    figures: Figures | None = None,
    rows_per_sheet: int = EXCEL_MAX_ROWS - 1,
    progress=None,
) -> Path:
    """Write the head-office workbook to ``path``, replacing any old one whole.

    Learning records beyond ``rows_per_sheet`` (Excel's limit less the header
    row) go on to "Records (2)", "Records (3)" and so on.
    """
    if figures is None:
        figures = compute_figures(results)
    return replace_atomically(
        path,
        lambda temp: _write_book(results, figures, temp, rows_per_sheet, progress),
    )


def _write_book(results, figures: Figures, path: Path, rows_per_sheet, progress):
    options = dict(WORKBOOK_OPTIONS, constant_memory=True)
    book = xlsxwriter.Workbook(str(path), options)
    try:
        set_properties(book, results, "Head office CPD", HEAD_OFFICE)
        styles = Styles(book)
        title = f"CPD across academies {period_words(results.period)}"
        write_comparison(book, styles, figures, title)
        write_directory(book, styles, figures, title)
        write_records(book, styles, results.records, title, rows_per_sheet, progress)
        merges = [f for f in results.findings if f.code in MERGE_CODES]
        formats, widths = finding_layout(offset=1)
        for name, findings in (
            ("Duplicates and conflicts", merges),
            ("Data problems", results.findings),
        ):
            table_sheet(
                book,
                styles,
                name,
                ("Academy", *FINDING_TITLES),
                ([f.academy, *finding_row(f)] for f in findings),
                academy=HEAD_OFFICE,
                title=title,
                formats=formats,
                widths=widths,
            )
        write_sources(
            book, styles, results, results.files, academy=HEAD_OFFICE, title=title
        )
    finally:
        book.close()


def write_comparison(book, styles, figures: Figures, title) -> None:
    """One row per academy and a total, with a chart of use and completion."""
    sheet = book.add_worksheet("Comparison")
    writer = SheetWriter(sheet, styles, max_width=40)
    header = dict(bold=True, bg_color="#D9E1F2", bottom=1, text_wrap=True)
    sheet.set_row(0, 48)
    for col, text in enumerate(COMPARISON_TITLES):
        sheet.write_string(0, col, text, styles.get(**header))
    sheet.freeze_panes(1, 0)
    row = 0
    for row, academy in enumerate(figures.academies, start=1):
        write_group_row(writer, row, academy.total)
        writer.cell(row, 10, figures.records.get(academy.academy, 0))
    total_row = row + 1
    write_group_row(writer, total_row, figures.total, label="All academies")
    writer.cell(total_row, 10, sum(figures.records.values()), bold=True, top=1)
    labels = [a.academy for a in figures.academies] + ["All academies"]
    writer.widths = {0: min(40, max(len(text) for text in labels) + 2)}
    for col in range(1, len(COMPARISON_TITLES)):
        writer.widths[col] = 10 if col in (3, 5, 7) else 15
    if any(a.total.no_login_report for a in figures.academies):
        writer.widths[6] = writer.widths[8] = len(NO_LOGIN_REPORT) + 2
    fitted = writer.fit_columns()
    total = figures.total
    if 0 < total.portal_reported < total.staff:
        total_row += 1
        writer.cell(
            total_row + 1,
            0,
            f"Portal use counts only the {total.portal_reported} of {total.staff} "
            "staff whose academy's login report is in the drop.",
            italic=True,
        )

    chart = book.add_chart({"type": "bar"})
    last = max(row, 1)
    for col, name in (
        (7, "Logged in within the window (portal use)"),
        (3, "All mandatory courses met (completion)"),
    ):
        chart.add_series(
            {
                "name": name,
                "categories": ["Comparison", 1, 0, last, 0],
                "values": ["Comparison", 1, col, last, col],
                "data_labels": {"value": True, "num_format": PERCENT_FORMAT},
            }
        )
    chart.set_title({"name": "Portal use and completion by academy"})
    chart.set_x_axis({"min": 0, "max": 1, "num_format": PERCENT_FORMAT})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 120 + 60 * max(row, 1)})
    sheet.insert_chart(total_row + 2, 0, chart)
    set_print(
        sheet,
        academy=HEAD_OFFICE,
        title=f"{title}: Comparison",
        width=sheet_width(fitted, len(COMPARISON_TITLES)),
    )


def write_directory(book, styles, figures: Figures, title) -> None:
    """Every staff member of every academy, with their main verdicts."""
    hours = {"num_format": HOURS_FORMAT}
    table_sheet(
        book,
        styles,
        "Staff",
        [
            "Academy",
            "Phase",
            "Name",
            "E-mail",
            "Job title",
            "Roles",
            "All mandatory met",
            "Hours done",
            "Hours required",
            "Hours rule met",
            "Logins",
            "Last login",
            "Portal use",
            "Eligible for external training",
        ],
        (
            [
                s.staff.academy,
                phase_of(s),
                s.staff.name,
                s.staff.email,
                s.staff.job_title,
                ", ".join(s.roles),
                s.mandatory_met,
                s.hours.done,
                s.hours.required,
                s.hours.met,
                s.logins,
                s.last_login,
                portal_use(s),
                s.external_training_eligible,
            ]
            for academy in figures.academies
            for s in academy.staff
        ),
        academy=HEAD_OFFICE,
        title=title,
        formats={7: hours, 8: hours},
    )


def record_cells(record: LearningRecord) -> list[object]:
    """A learning record as the cells of a Records row."""
    source = record.source
    return [
        record.academy,
        record.email,
        record.name,
        record.course_text,
        record.course,
        record.unit,
        STATUS_WORDS.get(record.status, record.status),
        record.started,
        record.completed,
        record.minutes,
        record.certificate_requested,
        record.certificate_issued,
        source.file if source else None,
        source.sheet if source else None,
        source.row if source else None,
    ]


def record_sheet_names() -> Iterator[str]:
    """ "Records", "Records (2)", "Records (3)"..."""
    yield "Records"
    number = 2
    while True:
        yield f"Records ({number})"
        number += 1


def write_records(
    book, styles, records: Iterable[LearningRecord], title, rows_per_sheet, progress
) -> int:
    """Every learning record with its provenance, split to fit Excel's rows."""
    if rows_per_sheet < 1:
        raise ValueError("rows_per_sheet must be at least 1")
    names = record_sheet_names()
    total = len(records) if hasattr(records, "__len__") else 0
    sheet = writer = None
    row = written = 0

    def close_sheet():
        writer.autofilter(0, row, len(RECORD_TITLES))
        for col, width in enumerate(RECORD_WIDTHS):
            sheet.set_column(col, col, width)
        set_print(
            sheet,
            academy=HEAD_OFFICE,
            title=f"{title}: {sheet.name}",
            width=sum(RECORD_WIDTHS),
            first=RECORD_WIDTHS[0],
        )

    for record in records:
        if writer is None or row == rows_per_sheet:
            if writer is not None:
                close_sheet()
            sheet = book.add_worksheet(next(names))
            writer = SheetWriter(sheet, styles)
            writer.header(0, RECORD_TITLES)
            row = 0
        row += 1
        writer.plain_row(row, record_cells(record))
        written += 1
        if progress is not None and written % 50_000 == 0:
            progress(written, total, "learning records")
    if writer is None:
        sheet = book.add_worksheet(next(names))
        writer = SheetWriter(sheet, styles)
        writer.header(0, RECORD_TITLES)
        write_none_found(writer, 1)
    close_sheet()
    return written
