"""Why cpd-xl reads with python-calamine: the same workbooks, three readers.

Reads every learning-records workbook of one synthetic academy trust (made by
bench/make_trust.py) with python-calamine, openpyxl in read-only mode and
openpyxl in normal mode, in one run, and prints seconds and ratios against
calamine. Run: python bench/readers.py [--size 10]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import openpyxl
import python_calamine

HERE = Path(__file__).resolve().parent


def with_calamine(path: Path) -> int:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(
        len(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
        for name in book.sheet_names
    )


def with_openpyxl(path: Path, read_only: bool) -> int:
    book = openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    rows = sum(sum(1 for _ in sheet.iter_rows(values_only=True)) for sheet in book)
    book.close()
    return rows


READERS = {
    "python-calamine": with_calamine,
    "openpyxl read-only": lambda p: with_openpyxl(p, True),
    "openpyxl normal": lambda p: with_openpyxl(p, False),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10, help="academies (10)")
    size = parser.parse_args().size
    trust = HERE / "data" / f"trust-{size}"
    files = sorted(trust.glob("*/learning records.xlsx"))
    if not files:
        raise SystemExit(f"no trust at {trust}: run bench/make_trust.py first")
    print(f"{len(files)} learning-records workbooks of {trust.name}")
    print("| reader | rows | seconds | x calamine |\n|---|---:|---:|---:|")
    base = None
    for name, read in READERS.items():
        started = time.perf_counter()
        rows = sum(read(path) for path in files)
        seconds = time.perf_counter() - started
        base = base or seconds
        print(f"| {name} | {rows:,} | {seconds:.1f} | {seconds / base:.1f} |")


if __name__ == "__main__":
    main()
