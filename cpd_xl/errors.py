"""Exceptions, named for the condition. Problems in the *data* are findings,
not exceptions; these are for input that cannot be used at all."""


class CpdXlError(Exception):
    """Base class of every error cpd-xl raises on purpose."""


class InputError(CpdXlError):
    """An input file, sheet or argument cannot be read or used.

    The message names the file (and sheet, row, column where it applies),
    what was found and what to do.
    """


class PolicyError(CpdXlError):
    """The policy file is malformed: the message names the entry at fault."""


class LedgerError(CpdXlError):
    """The row ledger does not add up: a row was read and never counted."""


class OutputError(CpdXlError):
    """An output cannot be written where it was asked for."""
