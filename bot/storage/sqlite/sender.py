"""The sender role on SQLite: an exclusive lock on `<database>.sender`, a file beside the database.

The operating system releases the lock when the holding process ends, however it ends, so a second process on
the same file (a restart overlapping the old process, or a second bot by mistake) never delivers alongside the
first one: it serves its interactions and waits for the role. The file holds the holder's name for /about.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable
from pathlib import Path


class FileSenderRole:
    def __init__(self, database: Path, owner: str) -> None:
        self.path = database.with_name(database.name + ".sender")
        self.owner = owner
        self._fd: int | None = None

    async def acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, self.owner.encode())
        self._fd = fd
        return True

    def on_lost(self, lost: Callable[[], None]) -> None:
        """Never called: a lock on a local file is not taken away while the process lives."""

    def on_work(self, wake: Callable[[], None]) -> None:
        """Nothing to listen to: only this process writes to a SQLite file it delivers from."""

    async def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    async def holder(self) -> str | None:
        if self._fd is not None:
            return self.owner
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:  # held: the holder wrote its name in the file
                return os.read(fd, 200).decode(errors="replace") or "?"
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)
