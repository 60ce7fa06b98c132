"""The JSON contract of ``cpd-xl check --format json`` (docs/json.md).

Keys are only ever added; a change that removes or renames one raises
:data:`JSON_VERSION`'s major number. Dates are ISO 8601 strings.
"""

from __future__ import annotations

import datetime as dt

from ..model import (
    Finding,
    LearningRecord,
    Requirement,
    Results,
    RowCounts,
    Source,
    StaffResult,
)

JSON_VERSION = "1.0"


def results_as_dict(results: Results) -> dict:
    """The check's results as plain JSON-ready data."""
    return {
        "version": JSON_VERSION,
        "generated": results.generated.isoformat(timespec="seconds"),
        "policy": {
            "name": results.policy.name,
            "version": results.policy.version,
            "path": results.policy.path,
            "sha256": results.policy.sha256,
        },
        "period": {
            "start": results.period.start.isoformat(),
            "end": results.period.end.isoformat(),
        },
        "compliant": results.compliant,
        "academies": list(results.academies),
        "staff": [_staff(s) for s in results.staff],
        "findings": [finding_as_dict(f) for f in results.findings],
        "rows": _rows(results.rows),
        "files": [
            {
                "path": f.path,
                "kind": f.kind,
                "academy": f.academy,
                "sha256": f.sha256,
                "error": f.error,
                "rows": _rows(results.file_rows.get(f.path, RowCounts())),
            }
            for f in results.files
        ],
    }


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _source(source: Source | None) -> dict:
    if source is None:
        return {"file": None, "sheet": None, "row": None}
    return {"file": source.file, "sheet": source.sheet, "row": source.row}


def _requirement(requirement: Requirement) -> dict:
    return {
        "rule": requirement.rule,
        "course": requirement.course,
        "status": requirement.status,
        "reason": requirement.reason,
        "evidence": [_source(s) for s in requirement.evidence],
    }


def _module(record: LearningRecord) -> dict:
    return {
        "course": record.course,
        "unit": record.unit,
        "completed": _date(record.completed),
        **_source(record.source),
    }


def _staff(result: StaffResult) -> dict:
    member = result.staff
    return {
        "email": member.email,
        "name": member.name,
        "academy": member.academy,
        "phase": member.phase,
        "roles": list(result.roles),
        "role_texts": list(member.roles),
        "start": _date(member.start),
        "leaving": _date(member.leaving),
        "compliant": result.compliant,
        "requirements": [_requirement(r) for r in result.requirements],
        "hours": {
            "done": round(result.hours.done, 2),
            "required": round(result.hours.required, 2),
            "met": result.hours.met,
        },
        "modules_completed": len(result.modules),
        "modules": [_module(m) for m in result.modules],
        "external_training_eligible": result.external_training_eligible,
        "logins": result.logins,
        "sessions": result.sessions,
        "last_login": _date(result.last_login),
        "never_logged_in": result.never_logged_in,
        "inactive": result.inactive,
        "portal_reported": result.portal_reported,
    }


def finding_as_dict(item: Finding) -> dict:
    """A finding for the JSON outputs of both ``check`` and ``inputs``."""
    return {
        "code": item.code,
        "severity": item.severity,
        "message": item.message,
        **_source(item.source),
        "column": item.source.column if item.source else None,
        "email": item.email,
        "course": item.course,
        "academy": item.academy,
    }


def _rows(rows: RowCounts) -> dict:
    return {
        "read": rows.read,
        "used": rows.used,
        "duplicate": rows.duplicate,
        "rejected": rows.rejected_total,
        "rejected_by_reason": dict(sorted(rows.rejected.items())),
    }
