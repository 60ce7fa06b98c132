"""The two reference jobs the runner times against ``cpd-xl report``.

Each runs in its own process, started by bench/run.py, and prints one JSON
line on stdout saying what it did:

    python bench/jobs.py floor DROP OUT.xlsx [--cells N]
    python bench/jobs.py baseline DROP OUT.xlsx
    python bench/jobs.py cells FOLDER

cells: count the non-empty cells in every .xlsx under FOLDER (what cpd-xl
wrote), so the runner itself never loads a big workbook: a child process
inherits its parent's peak resident set in ``ru_maxrss``.

floor: read every sheet of every spreadsheet in DROP with python-calamine
(``to_python``), then write N non-empty cells with xlsxwriter in
constant-memory mode (N defaults to the cells read). Nothing else.

baseline: what a database administrator would write with pandas: read every
learning-record export with ``read_excel`` (default engine, openpyxl), tag
each with its academy folder, ``concat``, and ``to_excel`` the lot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

EXCEL_ROWS = 1_048_576
SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
SAMPLE_ROWS = 2000
# The title block above the headers of the portal's export, which the
# administrator knows and skips.
TITLE_ROWS = 3


def list_spreadsheets(drop: Path) -> list[Path]:
    """Every spreadsheet under ``drop``, sorted, hidden files left out."""
    return sorted(
        p
        for p in drop.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and p.is_file()
        and not any(part.startswith((".", "~$")) for part in p.parts)
    )


def run_floor(drop: Path, out: Path, cells: int | None) -> dict:
    """Read every input cell with calamine; write ``cells`` cells with xlsxwriter."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    writer = _CellWriter(book, date_format, cells)
    read = 0
    reading = 0.0
    sample: list[list] = []
    # Each sheet's rows are written as soon as they are read and then
    # dropped, so the floor holds one sheet at a time.
    for path in list_spreadsheets(drop):
        start = time.perf_counter()
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            reading += time.perf_counter() - start
            for row in rows:
                read += sum(1 for v in row if v != "")
            if len(sample) < SAMPLE_ROWS:
                sample.extend(rows[: SAMPLE_ROWS - len(sample)])
            writer.write_rows(rows)
            start = time.perf_counter()
        workbook.close()
    if writer.limit is not None:
        # cpd-xl writes more cells than it reads (provenance, verdicts):
        # make up the difference with rows like those read.
        while writer.written < writer.limit and sample:
            writer.write_rows(sample)
    book.close()
    return {
        "job": "floor",
        "cells_read": read,
        "cells_written": writer.written,
        "read_seconds": round(reading, 3),
    }


class _CellWriter:
    """Writes rows of calamine values across sheets of at most Excel's rows."""

    def __init__(self, book, date_format, limit: int | None) -> None:
        self.book = book
        self.date_format = date_format
        self.limit = limit
        self.written = 0
        self.sheet = None
        self.row = EXCEL_ROWS

    def write_rows(self, rows: list[list]) -> None:
        for values in rows:
            if self.limit is not None and self.written >= self.limit:
                return
            if self.row >= EXCEL_ROWS:
                self.sheet = self.book.add_worksheet()
                self.row = 0
            self._write_row(values)
            self.row += 1

    def _write_row(self, values: list) -> None:
        sheet, row = self.sheet, self.row
        for col, value in enumerate(values):
            if value == "" or value is None:
                continue
            if self.limit is not None and self.written >= self.limit:
                return
            if isinstance(value, str):
                sheet.write_string(row, col, value)
            elif isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(row, col, value)
            elif isinstance(value, (dt.date, dt.datetime)):
                sheet.write_datetime(row, col, value, self.date_format)
            else:
                sheet.write_string(row, col, str(value))
            self.written += 1


def run_baseline(drop: Path, out: Path) -> dict:
    """pandas read_excel of each records file, concat, to_excel."""
    import pandas as pd

    frames = []
    for path in list_spreadsheets(drop):
        if "records" not in path.stem.lower():
            continue
        frame = pd.read_excel(path, skiprows=TITLE_ROWS)
        frame.insert(0, "Academy", path.parent.name)
        frames.append(frame)
    records = pd.concat(frames, ignore_index=True)
    per_sheet = EXCEL_ROWS - 1
    with pd.ExcelWriter(out) as writer:
        for number, start in enumerate(range(0, max(len(records), 1), per_sheet)):
            name = "Records" if number == 0 else f"Records ({number + 1})"
            chunk = records.iloc[start : start + per_sheet]
            chunk.to_excel(writer, sheet_name=name, index=False)
        engine = writer.engine
    return {
        "job": "baseline",
        "files": len(frames),
        "rows_written": len(records),
        "engine": engine,
    }


def count_cells(folder: Path) -> dict:
    """Non-empty cells in every .xlsx under ``folder``."""
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in sorted(folder.rglob("*.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).iter_rows():
                cells += sum(1 for v in row if v != "")
        book.close()
    return {"job": "cells", "cells": cells}


def main(argv: list[str] | None = None) -> None:
    """Run one job and print what it did as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", choices=("floor", "baseline", "cells"))
    parser.add_argument("drop", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--cells", type=int, help="cells the floor writes")
    args = parser.parse_args(argv)
    if args.job == "cells":
        done = count_cells(args.drop)
    elif args.out is None:
        parser.error(f"{args.job} needs OUT")
    elif args.job == "floor":
        done = run_floor(args.drop, args.out, args.cells)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        done = run_baseline(args.drop, args.out)
    json.dump(done, sys.stdout)
    print()


if __name__ == "__main__":
    main()
