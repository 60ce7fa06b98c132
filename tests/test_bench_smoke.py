"""The scale benchmark at its tiny size: every job runs and the table is full.

Nothing here looks at how long anything took.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

# The columns bench/README.md promises, in order.
COLUMNS = [
    "academies",
    "files",
    "rows",
    "e2e s",
    "floor s",
    "baseline s",
    "e2e/floor",
    "baseline/e2e",
    "e2e peak MiB",
    "floor peak MiB",
    "baseline peak MiB",
    "e2e s/1k rows",
    "floor s/1k rows",
    "baseline s/1k rows",
    "cells out",
]

CPU_COLUMNS = [
    "academies",
    "e2e cpu s",
    "floor cpu s",
    "baseline cpu s",
    "e2e/floor cpu",
    "baseline/e2e cpu",
]


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """Run the generator and the runner once at the tiny size."""
    pytest.importorskip("pandas")
    root = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--smoke",
            "--data",
            str(root / "data"),
            "--out",
            str(root / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    return root, done.stdout


def tables(text: str) -> list[list[list[str]]]:
    """Each markdown table in ``text`` as rows of stripped cells."""
    found, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in line.strip("|").split("|")])
        elif current:
            found.append(current)
            current = []
    return found


def test_table_has_every_column_and_one_full_row(smoke):
    root, printed = smoke
    written = (root / "out" / "results.md").read_text(encoding="utf-8")
    assert printed.strip() == written.strip()
    main, cpu = tables(written)
    header, rule, *rows = main
    assert header == COLUMNS
    assert len(rule) == len(COLUMNS)
    assert len(rows) == 1
    row = dict(zip(COLUMNS, rows[0], strict=True))
    # 2 academies, each with a staff list, a records export and a login report.
    assert row["academies"] == "2"
    assert row["files"] == "6"
    assert "n/a" not in rows[0], "a job failed: see the notes under the table"
    assert cpu[0] == CPU_COLUMNS
    assert [row[0] for row in cpu[2:]] == ["2"]
    assert "n/a" not in cpu[2]


def test_trust_has_the_tiny_shape(smoke):
    root, _ = smoke
    manifest = json.loads((root / "data" / "trust-2-s20-r60.json").read_text())
    # 2 academies x 20 staff: one staff-list row and one login row each.
    assert manifest["staff"] == 40
    assert manifest["logins"] == 40
    folders = sorted(p.name for p in (root / "data" / "trust-2-s20-r60").iterdir())
    assert folders == ["AC001", "AC002"]
    for folder in folders:
        names = sorted(
            p.name for p in (root / "data" / "trust-2-s20-r60" / folder).iterdir()
        )
        assert names == [
            "learning records.xlsx",
            "login report.xlsx",
            "staff list.xlsx",
        ]


def test_jobs_touched_every_row(smoke):
    root, _ = smoke
    manifest = json.loads((root / "data" / "trust-2-s20-r60.json").read_text())
    results = json.loads((root / "out" / "results.json").read_text())
    (size,) = results["sizes"]
    runs = size["runs"]
    assert all(run["ok"] for run in runs.values())
    # The floor reads every cell the generator wrote, headers and titles too.
    assert runs["floor"]["detail"]["cells_read"] == manifest["cells"]
    # The baseline consolidates every learning-record row, nothing else.
    assert runs["baseline"]["detail"]["rows_written"] == manifest["records"]
    assert size["rows"] == manifest["staff"] + manifest["records"] + manifest["logins"]
