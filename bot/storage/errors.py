"""The one error the store raises when the database itself cannot be used (not a bug, not bad input)."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be opened or used as it is: a corrupt or read-only file, a path that cannot be a
    database, a schema newer than this code. The message is one line naming the problem and the fix;
    `python -m bot` prints it and exits without a traceback."""


class StoreBusy(Exception):
    """Another program held the database locked for longer than the store waits: the write was rolled back,
    nothing changed, and trying again later may work. Not a bug and not bad input."""
