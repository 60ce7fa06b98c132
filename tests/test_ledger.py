"""The row ledger: every row read ends in exactly one bucket."""

import pytest

from cpd_xl.errors import LedgerError
from cpd_xl.ledger import Ledger
from cpd_xl.model import Source


def rows(file, sheet, *numbers):
    return [Source(file, sheet, n) for n in numbers]


def test_counts_add_up_per_file_and_in_total():
    ledger = Ledger()
    a = rows("AJA/staff.xlsx", "Staff", 3, 4, 5, 6)
    b = rows("AMAB/records.csv", None, 2, 3, 4)
    for source in a + b:
        ledger.read(source)
    ledger.use(a[0])
    ledger.use(a[1])
    ledger.duplicate(a[2])
    ledger.reject(a[3], "blank-email")
    ledger.use(b[0])
    ledger.reject(b[1], "bad-status")
    ledger.reject(b[2], "blank-email")

    total = ledger.verify()
    assert (total.read, total.used, total.duplicate) == (7, 3, 1)
    assert total.rejected == {"blank-email": 2, "bad-status": 1}
    assert total.adds_up
    staff = ledger.counts("AJA/staff.xlsx")
    assert (staff.read, staff.used, staff.duplicate) == (4, 2, 1)
    assert staff.rejected == {"blank-email": 1}


def test_a_later_stage_may_settle_a_row_again_but_it_stays_in_one_bucket():
    ledger = Ledger()
    source = Source("AJA/records.xlsx", "Export", 41)
    ledger.read(source)
    ledger.use(source)
    ledger.reject(source, "unknown-staff")
    counts = ledger.verify()
    assert (counts.read, counts.used, counts.rejected) == (1, 0, {"unknown-staff": 1})


def test_a_row_read_and_never_settled_fails_verification():
    ledger = Ledger()
    ledger.read(Source("AJA/records.xlsx", "Export", 7))
    ledger.read(Source("AJA/records.xlsx", "Export", 8))
    ledger.use(Source("AJA/records.xlsx", "Export", 7))
    assert ledger.unsettled() == [Source("AJA/records.xlsx", "Export", 8)]
    with pytest.raises(LedgerError, match="sheet Export, row 8"):
        ledger.verify()


def test_settling_a_row_never_read_is_an_error():
    with pytest.raises(LedgerError, match="before it was read"):
        Ledger().use(Source("x.csv", None, 2))


def test_sheets_with_the_same_row_numbers_are_kept_apart():
    ledger = Ledger()
    ledger.read(Source("x.xlsx", "One", 2))
    ledger.read(Source("x.xlsx", "Two", 2))
    ledger.use(Source("x.xlsx", "One", 2))
    ledger.reject(Source("x.xlsx", "Two", 2), "unknown-course")
    counts = ledger.counts("x.xlsx")
    assert (counts.read, counts.used, counts.rejected_total) == (2, 1, 1)
