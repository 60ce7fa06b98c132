"""Every finding code cpd-xl emits, with its title.

A code is stable: scripts and the JSON contract rely on it. Add new codes
here, never rename old ones.
"""

from __future__ import annotations

from .model import Finding, Severity, Source

CODES: dict[str, str] = {
    # Files and sheets
    "unreadable-file": "The file cannot be read as a spreadsheet",
    "encrypted-file": "The workbook is password-protected",
    "unknown-sheet": "The kind of sheet cannot be told from its headers",
    "missing-column": "A column the sheet needs is missing",
    "no-academy": "The academy cannot be told from a column or the folder",
    "limit-exceeded": "A size limit was reached; reading stopped",
    "summary-sheet": "A sheet sums up records (a pivot table); it is not read",
    "empty-sheet": "A sheet holds no data rows",
    "hidden-sheet": "A hidden sheet was read",
    "skipped-file": "A file in the drop was not read (hidden, lock or not a sheet)",
    "unused-catalogue": "A catalogue in the drop was not used; another was given",
    "format-mismatch": "A file's bytes are of another format than its name says",
    # Values
    "bad-date": "A date cell holds something that is not a date",
    "bad-duration": "A time-spent cell cannot be read as a duration",
    "bad-status": "A status cell holds an unknown status",
    "bad-flag": "A yes/no cell holds something else",
    "bad-email": "An e-mail cell holds something that is not an e-mail address",
    "blank-email": "A row has no e-mail or username",
    "error-cell": "A cell holds a spreadsheet error such as #N/A",
    "formula-no-value": "A formula cell has no saved value, so it reads as blank",
    "future-date": "A completion date lies in the future",
    "after-period": "Records completed after the period are not counted for it",
    "implausible-date": "A date lies before the portal existed",
    "implausible-duration": "A time spent is negative or out of reason",
    "blank-row-data": "A row holds too little to be used",
    "bad-number": "A count cell holds something that is not a whole number",
    # Matching
    "unknown-course": "A course title matches nothing in the catalogue",
    "unknown-role": "A role text matches nothing in the policy's vocabulary",
    "unknown-phase": "A phase text is not EYFS, Primary or Secondary",
    "unknown-staff": "A record or login names someone on no staff list",
    "no-staff-list": "The drop has no staff list to match records and logins to",
    "duplicate-record": "The same learning record appears more than once",
    "conflicting-record": "Two records for one person and course disagree",
    "duplicate-staff": "The same e-mail appears twice in one staff list",
    "staff-in-two-academies": "The same e-mail is on two academies' lists",
    "name-with-two-emails": "One name appears with two different e-mails",
    # Policy
    "requirement-missing": "A required course has no record",
    "requirement-in-progress": "A required course is not finished",
    "hours-short": "CPD hours done are below the hours required",
    "no-time-recorded": "A completed unit has no time and no catalogue duration",
    "not-employed": "A staff member is not employed in the period: not checked",
    "no-login-report": "The drop has no login report for an academy",
    "never-logged-in": "A staff member has never logged in to the portal",
    "inactive": "A staff member has not logged in for too long",
    "account-to-create": "A staff member has no portal activity or account",
    "account-to-remove": "A portal account belongs to no one on the staff lists",
}


def finding(
    code: str,
    message: str,
    source: Source | None = None,
    *,
    severity: Severity = "warning",
    **about: str | None,
) -> Finding:
    """Make a finding, refusing codes that are not listed in :data:`CODES`."""
    if code not in CODES:
        raise ValueError(f"unlisted finding code {code!r}: add it to CODES")
    return Finding(code, message, source, severity, **about)
