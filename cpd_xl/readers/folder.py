"""Read a mid-semester drop: every spreadsheet in a folder, at any depth.

Each file's kind is told from its headers, not its name; the academy comes
from an academy column, else from the top-level sub-folder the file sits in.
A file whose rows belong to several academies has no academy of its own
(``FileReport.academies`` lists them), and a finding with no academy takes
its file's. Every data row read is entered in the row ledger and settled: the
rows under a header that lacks a needed column are rejected as
missing-column, and once every file is read, records of unknown courses and
records and logins of people on no staff list are rejected as the policy
check would. A sheet whose kind cannot be told at all (a lookup table, notes,
a pivot) holds no data rows: its rows are not entered in the ledger, and the
unknown-sheet finding says how many non-blank rows were not read. A file that
cannot be read is reported and every other file is still read. Files are
opened read-only and never changed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..findings import finding
from ..ledger import Ledger
from ..model import (
    Catalogue,
    Course,
    FileReport,
    Finding,
    Holiday,
    Inputs,
    LearningRecord,
    LoginActivity,
    Severity,
    Source,
    StaffMember,
)
from .calendar import read_calendar
from .catalogue import load_catalogue, read_catalogue_table
from .headers import Table, read_header, read_header_map, row_filled
from .logins import read_logins
from .merge import merge_logins, merge_records
from .records import match_courses, read_records
from .sheets import SUFFIXES, SheetError, open_workbook
from .staff import duplicate_message, read_staff
from .titles import CourseIndex

Progress = Callable[[int, int, str], None]

_READERS = {
    "staff": read_staff,
    "records": read_records,
    "logins": read_logins,
    "calendar": read_calendar,
    "catalogue": read_catalogue_table,
}


@dataclass(slots=True)
class FileData:
    """What one file gave: its objects and findings, before the drop is joined."""

    staff: list[StaffMember] = field(default_factory=list)
    records: list[LearningRecord] = field(default_factory=list)
    logins: list[LoginActivity] = field(default_factory=list)
    holidays: list[Holiday] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def read_folder(
    path,
    *,
    catalogue: Catalogue | None = None,
    header_map: Path | Mapping[str, str] | None = None,
    day_first: bool = True,
    progress: Progress | None = None,
) -> Inputs:
    """Read every spreadsheet in a drop folder into the shared model.

    ``catalogue`` is the catalogue to match course titles against; when None,
    a catalogue found in the drop is used, else the shipped one.
    """
    root = Path(path)
    if not root.is_dir():
        raise InputError(f"{root}: no such folder; give the folder of the drop")
    mapping = _header_map(header_map)
    ledger = Ledger()
    files, skipped = list_files(root)
    findings: list[Finding] = list(skipped)
    reports: list[FileReport] = []
    data = FileData()
    catalogue_files: list[str] = []
    for done, file in enumerate(files, start=1):
        report, got = read_file(
            file, root=root, ledger=ledger, header_map=mapping, day_first=day_first
        )
        reports.append(report)
        findings.extend(got.findings)
        data.staff.extend(got.staff)
        data.records.extend(got.records)
        data.logins.extend(got.logins)
        data.holidays.extend(got.holidays)
        if got.courses:
            data.courses.extend(got.courses)
            catalogue_files.append(report.path)
        if progress is not None:
            progress(done, len(files), report.path)

    catalogue, notes = _choose_catalogue(catalogue, data.courses, catalogue_files)
    findings.extend(notes)
    for course in data.courses if notes else ():
        ledger.reject(course.source, "unused-catalogue")
    findings.extend(catalogue.findings)
    findings.extend(match_courses(data.records, CourseIndex(catalogue.courses)))

    staff, notes = join_staff(data.staff, ledger)
    findings.extend(notes)
    academies = {member.email: member.academy for member in staff}
    joined: dict[str, set[str]] = {}
    for item in (*data.records, *data.logins):
        if item.academy is None and item.email in academies:
            item.academy = academies[item.email]
            source = item.source if hasattr(item, "source") else item.sources[0]
            joined.setdefault(source.file, set()).add(item.academy)
    for report in reports:
        if report.academy is None and not report.academies:
            # a file with no academy of its own takes its staff's academies
            _set_academy(report, joined.get(report.path, set()))
    records, notes = merge_records(data.records, ledger)
    findings.extend(notes)
    logins = merge_logins(data.logins)
    has_list = any("staff" in r.sheet_kinds.values() for r in reports)
    findings.extend(settle_unknown(records, logins, staff, ledger, has_list=has_list))
    _give_file_academy(findings, reports)
    return Inputs(
        root=str(root),
        catalogue=catalogue,
        staff=staff,
        records=records,
        logins=logins,
        holidays=data.holidays,
        files=reports,
        findings=findings,
        ledger=ledger,
    )


def settle_unknown(
    records: list[LearningRecord],
    logins: list[LoginActivity],
    staff: list[StaffMember],
    ledger: Ledger,
    *,
    has_list: bool = True,
) -> list[Finding]:
    """Reject records and login rows no check can use, as the policy would.

    A record whose course matched nothing is rejected as unknown-course; a
    record or login row of someone on no staff list as unknown-staff (that
    reason first, as the policy check does). A drop with no staff list at all
    (an empty drop too) leaves its records and logins used and gets one
    no-staff-list error.
    """
    known = {member.email.lower() for member in staff}
    findings: list[Finding] = []
    if not has_list:
        findings.append(
            finding(
                "no-staff-list",
                "no staff list could be read in the drop, so nobody can be "
                "checked and no learning record or login can be matched to a "
                "staff member; add each academy's staff list (e-mail, name, "
                "phase, role) to the drop",
                None,
                severity="error",
            )
        )
    for record in records:
        email = (record.email or "").lower()
        if has_list and email not in known:
            ledger.reject(record.source, "unknown-staff")
            who = email or record.name or "?"
            # The policy check calls this function too; it drops a finding
            # already given, so each row is named once.
            findings.append(
                finding(
                    "unknown-staff",
                    f"learning record of {record.course_text!r} for {who}, who is "
                    "on no staff list; not counted",
                    record.source,
                    email=record.email,
                    course=record.course,
                    academy=record.academy,
                )
            )
        elif record.course is None:
            ledger.reject(record.source, "unknown-course")
    for activity in logins if has_list else ():
        email = activity.email.lower()
        if email in known:
            continue
        for source in activity.sources:
            ledger.reject(source, "unknown-staff")
        findings.append(
            finding(
                "account-to-remove",
                f"portal account {email} belongs to no one on the staff lists",
                activity.sources[0] if activity.sources else None,
                email=email,
                academy=activity.academy,
            )
        )
    return findings


def _give_file_academy(findings: list[Finding], reports: list[FileReport]) -> None:
    """A finding with no academy takes that of its file, when the file has one."""
    academies = {r.path: r.academy for r in reports if r.academy}
    for item in findings:
        if item.academy is None and item.source is not None:
            item.academy = academies.get(item.source.file)


def list_files(root: Path) -> tuple[list[Path], list[Finding]]:
    """The spreadsheet files of a drop in a fixed order, and what was skipped."""
    files: list[Path] = []
    skipped: list[Finding] = []

    def skip(where: Path, why: str, severity: Severity = "info") -> None:
        relative = where.relative_to(root).as_posix()
        skipped.append(
            finding("skipped-file", f"{relative}: {why}", None, severity=severity)
        )

    for folder, folders, names in os.walk(root):
        here = Path(folder)
        for name in sorted(folders):
            if name.startswith("."):
                skip(
                    here / name,
                    "this folder's name starts with '.', so it is hidden and none "
                    "of its files were read; rename the folder without the leading "
                    "'.' to have them read",
                    "warning",
                )
        folders[:] = sorted(n for n in folders if not n.startswith("."))
        for name in sorted(names):
            file = here / name
            if name.startswith("~$"):
                skip(
                    file,
                    "an Office lock file (the workbook is open somewhere), not read",
                )
            elif name.startswith("."):
                skip(file, "hidden file, not read")
            elif file.is_symlink():
                skip(file, "a link, not read; copy the file itself into the drop")
            elif file.suffix.lower() in SUFFIXES:
                files.append(file)
            else:
                skip(
                    file,
                    f"not a spreadsheet ({file.suffix or 'no extension'}), not read",
                )
    files.sort(key=lambda file: file.relative_to(root).as_posix())
    return files, skipped


def read_file(
    path: Path,
    *,
    root: Path,
    ledger: Ledger,
    header_map: Mapping[str, str] | None = None,
    day_first: bool = True,
) -> tuple[FileReport, FileData]:
    """Read one file of a drop: every sheet, each rows settled in the ledger."""
    relative = path.relative_to(root).as_posix()
    parts = path.relative_to(root).parts
    folder_academy = parts[0] if len(parts) > 1 else None
    report = FileReport(relative, "unknown", folder_academy)
    data = FileData()
    try:
        report.sha256 = _sha256(path)
        book = open_workbook(path, display=relative)
        data.findings.extend(book.findings)
        for sheet in book.sheets:
            _read_sheet(
                sheet,
                book,
                relative,
                folder_academy,
                ledger,
                data,
                report,
                header_map,
                day_first,
            )
    except SheetError as error:
        _fail(report, data, ledger, str(error), error.code)
    except OSError as error:
        _fail(
            report,
            data,
            ledger,
            f"{relative}: cannot be opened ({error.strerror or error}); check the "
            "file is still there and readable",
            "unreadable-file",
        )
    except Exception as error:  # a calamine or csv fault in the middle of a sheet
        _fail(
            report,
            data,
            ledger,
            f"{relative}: reading stopped ({type(error).__name__}: {error}); open "
            "it in Excel or LibreOffice and save it again as .xlsx",
            "unreadable-file",
        )
    report.rows_read = ledger.counts(relative).read
    kinds = list(dict.fromkeys(report.sheet_kinds.values()))
    report.kind = kinds[0] if kinds else "unknown"
    _set_academy(
        report,
        {x.academy for x in (*data.staff, *data.records, *data.logins) if x.academy},
    )
    if not report.error and not report.sheet_kinds and not data.findings:
        data.findings.append(
            finding(
                "empty-sheet",
                f"{relative}: no sheet holds any data",
                None,
                severity="info",
            )
        )
    return report, data


def _set_academy(report: FileReport, academies: set[str]) -> None:
    """One academy for a file, or None with the list when its rows hold several."""
    if len(academies) == 1:
        report.academy = next(iter(academies))
    elif academies:
        report.academy = None
        report.academies = sorted(academies)


def _read_sheet(
    sheet, book, relative, folder_academy, ledger, data, report, header_map, day_first
) -> None:
    detection, rows = read_header(sheet.rows(), header_map)
    header = detection.header
    where = Source(relative, sheet.name, detection.found_row)
    if header is None and detection.kind is not None and not sheet.hidden:
        _reject_missing_column(detection, rows, where, ledger, data)
        return
    if header is None:
        filled = [number for number, cells in rows if row_filled(cells)]
        skipped = len(filled)
        if not skipped:
            return
        headers = ", ".join(detection.found) or "none"
        if detection.summary is not None:
            below = sum(1 for number in filled if number > detection.found_row)
            data.findings.append(
                finding(
                    "summary-sheet",
                    f"this sheet sums up learning records (its column "
                    f"{detection.summary!r} counts or totals them), so its "
                    f"{_rows_under(below)} are not read as records: they would count "
                    "the same learning twice. Leave it out of the drop, or rename "
                    "the column if these really are records",
                    where,
                    severity="warning",
                )
            )
        elif sheet.hidden:
            data.findings.append(
                finding(
                    "hidden-sheet",
                    f"hidden sheet {sheet.name} was skipped: its kind cannot be "
                    f"told (headers found: {headers})",
                    where,
                    severity="info",
                )
            )
        else:
            data.findings.append(
                finding(
                    "unknown-sheet",
                    f"the kind of this sheet cannot be told from its headers "
                    f"(found: {headers}); {_rows(skipped)} not read. Rename the "
                    "headers or map them in a header map (--headers)",
                    where,
                    severity="warning",
                )
            )
        return
    report.sheets.append(sheet.name)
    report.sheet_kinds[sheet.name] = header.kind
    if sheet.hidden:
        data.findings.append(
            finding(
                "hidden-sheet",
                f"hidden sheet {sheet.name} was read as a {header.kind} sheet",
                where,
                severity="info",
            )
        )
    table = Table(
        relative,
        sheet.name,
        header,
        rows,
        ledger,
        folder_academy=folder_academy,
        day_first=day_first,
        date1904=book.date1904,
    )
    got = _READERS[header.kind](table)
    {
        "staff": data.staff,
        "records": data.records,
        "logins": data.logins,
        "calendar": data.holidays,
        "catalogue": data.courses,
    }[header.kind].extend(got)
    data.findings.extend(table.findings)


def _reject_missing_column(detection, rows, where, ledger, data) -> None:
    """Enter each row under a header that lacks a needed column, as rejected."""
    rejected = 0
    for number, cells in rows:
        if number > detection.found_row and row_filled(cells):
            row = Source(where.file, where.sheet, number)
            ledger.read(row)
            ledger.reject(row, "missing-column")
            rejected += 1
    need = ", ".join(
        " or ".join(name.replace("_", " ") for name in alternatives)
        for alternatives in detection.missing
    )
    headers = ", ".join(detection.found) or "none"
    data.findings.append(
        finding(
            "missing-column",
            f"this looks like a {detection.kind} sheet but has no column for {need} "
            f"(headers found: {headers}); the {_rows_under(rejected)} under it "
            f"cannot be used. Add a column for {need}, or if one of these headers "
            "holds it, map that header with --headers (a TOML header map)",
            where,
            severity="error",
        )
    )


def join_staff(
    staff: list[StaffMember], ledger: Ledger
) -> tuple[list[StaffMember], list[Finding]]:
    """One entry per e-mail and academy across staff lists; movers reported."""
    kept: dict[tuple[str, str], StaffMember] = {}
    academies: dict[str, list[StaffMember]] = {}
    findings: list[Finding] = []
    result = []
    for member in staff:
        first = kept.get((member.email, member.academy))
        if first is not None:
            ledger.duplicate(member.source)
            findings.append(
                finding(
                    "duplicate-staff",
                    duplicate_message(first, member),
                    member.source,
                    email=member.email,
                    academy=member.academy,
                )
            )
            continue
        kept[(member.email, member.academy)] = member
        others = academies.setdefault(member.email, [])
        if others:
            first = others[0]
            findings.append(
                finding(
                    "staff-in-two-academies",
                    f"{member.email} is on the staff lists of {first.academy} "
                    f"({_file_row(first.source)}) and {member.academy} "
                    f"({_file_row(member.source)}); cpd-xl checks them under "
                    f"{first.academy}, the first read; remove the entry that is "
                    f"out of date{_other_name(first, member)}",
                    member.source,
                    email=member.email,
                    academy=member.academy,
                )
            )
        others.append(member)
        result.append(member)
    findings.extend(_names_with_two_emails(result))
    return result, findings


def _file_row(source: Source | None) -> str:
    if source is None:
        return "no file"
    return source.file if source.row is None else f"{source.file}, row {source.row}"


def _other_name(first: StaffMember, member: StaffMember) -> str:
    if _name_key(first.name) == _name_key(member.name):
        return ""
    return (
        f". The two rows give different names: '{first.name}' on {first.academy}'s "
        f"list and '{member.name}' on {member.academy}'s"
    )


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _names_with_two_emails(staff: list[StaffMember]) -> list[Finding]:
    """Report one name under several e-mails; never merge them by a guess."""
    by_name: dict[str, list[StaffMember]] = {}
    for member in staff:
        key = _name_key(member.name)
        if key:
            by_name.setdefault(key, []).append(member)
    findings = []
    for members in by_name.values():
        first = members[0]
        for member in members[1:]:
            if member.email == first.email:
                continue
            findings.append(
                finding(
                    "name-with-two-emails",
                    f"{member.name} is listed as {member.email} here and as "
                    f"{first.email} at {first.source}; if this is one person, "
                    "keep one e-mail on the staff lists (the portal allows one "
                    "account per e-mail)",
                    member.source,
                    email=member.email,
                    academy=member.academy,
                )
            )
    return findings


def _choose_catalogue(given, drop_courses, drop_files):
    if given is not None:
        notes = [
            finding(
                "unused-catalogue",
                f"{name} is a catalogue; the catalogue given to cpd-xl was used "
                "instead. To use this one, pass it with --catalogue",
                None,
                severity="info",
            )
            for name in drop_files
        ]
        return given, notes
    if drop_courses:
        return Catalogue(list(drop_courses), ", ".join(drop_files)), []
    return load_catalogue(), []


def _fail(report, data, ledger, message, code) -> None:
    report.error = message
    data.findings.append(finding(code, message, Source(report.path), severity="error"))
    # Rows read before the fault are settled so the ledger still adds up.
    for source in ledger.unsettled():
        if source.file == report.path:
            ledger.reject(source, code)
    for items in (data.staff, data.records, data.holidays, data.courses):
        for item in items:
            ledger.reject(item.source, code)
        items.clear()
    for activity in data.logins:
        for source in activity.sources:
            ledger.reject(source, code)
    data.logins.clear()


def _rows(count: int) -> str:
    return "1 non-blank row was" if count == 1 else f"{count} non-blank rows were"


def _rows_under(count: int) -> str:
    return "1 row" if count == 1 else f"{count} rows"


def _header_map(value) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    return read_header_map(value)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
