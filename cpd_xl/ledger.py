"""The row ledger: what became of every data row read.

Each data row a reader takes from a sheet is entered as read; a reader, the
merge of records or the policy then settles it as used, a merged duplicate or
rejected with a reason. A row may be settled again by a later stage (a row a
reader used may turn out to be a duplicate), but it is only ever in one
bucket. :meth:`Ledger.unsettled` lists rows no stage settled, which is a bug
that :meth:`Ledger.verify` turns into an error.

Rows are kept as one byte each per sheet, so a million-row drop costs about a
megabyte here.
"""

from __future__ import annotations

from .errors import LedgerError
from .model import RowCounts, Source

_NOT_READ = 0
_PENDING = 1
_USED = 2
_DUPLICATE = 3
_FIRST_REASON = 4


class Ledger:
    """Counts every data row read from every sheet, and how it ended."""

    def __init__(self) -> None:
        self._sheets: dict[tuple[str, str | None], bytearray] = {}
        self._reasons: list[str] = []

    def read(self, source: Source) -> None:
        """Enter a data row as read and not yet settled."""
        self._set(source, _PENDING)

    def use(self, source: Source) -> None:
        self._settle(source, _USED)

    def duplicate(self, source: Source) -> None:
        self._settle(source, _DUPLICATE)

    def reject(self, source: Source, reason: str) -> None:
        """Settle a row as rejected; ``reason`` is a finding code."""
        try:
            code = _FIRST_REASON + self._reasons.index(reason)
        except ValueError:
            if len(self._reasons) >= 256 - _FIRST_REASON:
                raise LedgerError(f"too many rejection reasons: {reason}") from None
            self._reasons.append(reason)
            code = _FIRST_REASON + len(self._reasons) - 1
        self._settle(source, code)

    def counts(self, file: str | None = None) -> RowCounts:
        """The ledger's totals, for one file or for every file."""
        counts = RowCounts()
        for (name, _sheet), rows in self._sheets.items():
            if file is not None and name != file:
                continue
            counts.read += len(rows) - rows.count(_NOT_READ)
            counts.used += rows.count(_USED)
            counts.duplicate += rows.count(_DUPLICATE)
            for index, reason in enumerate(self._reasons):
                n = rows.count(_FIRST_REASON + index)
                if n:
                    counts.rejected[reason] = counts.rejected.get(reason, 0) + n
        return counts

    def unsettled(self) -> list[Source]:
        """Rows read that no stage has settled."""
        return [
            Source(name, sheet, row)
            for (name, sheet), rows in self._sheets.items()
            for row, state in enumerate(rows)
            if state == _PENDING
        ]

    def verify(self) -> RowCounts:
        """Return the totals, or raise if any row was left unsettled."""
        counts = self.counts()
        left = self.unsettled()
        if left or not counts.adds_up:
            shown = "; ".join(str(s) for s in left[:5])
            raise LedgerError(
                f"the row ledger does not add up: {len(left)} rows read were "
                f"never counted as used, duplicate or rejected ({shown})"
            )
        return counts

    def _rows(self, source: Source) -> bytearray:
        if source.row is None or source.row < 1:
            raise LedgerError(f"a ledger row needs a row number: {source}")
        key = (source.file, source.sheet)
        rows = self._sheets.get(key)
        if rows is None:
            rows = self._sheets[key] = bytearray()
        if len(rows) <= source.row:
            rows.extend(bytes(source.row + 1 - len(rows)))
        return rows

    def _set(self, source: Source, state: int) -> None:
        self._rows(source)[source.row] = state

    def _settle(self, source: Source, state: int) -> None:
        rows = self._rows(source)
        if rows[source.row] == _NOT_READ:
            raise LedgerError(f"row settled before it was read: {source}")
        rows[source.row] = state
