"""The sender role on SQLite: an exclusive lock on `<database>.sender`, a file beside the database.

The operating system releases the lock when the holding process ends, however it ends, so a second process on
the same file (a restart overlapping the old process, or a second bot by mistake) never delivers alongside the
first one: it serves its interactions and waits for the role. The file holds the holder's name for /about.

SQLite cannot notify another process, so the sender also reads a named pipe, `<database>.wake`: any process
that queued deliveries writes a byte to it after committing (`ring`), which wakes the sender at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import stat
from collections.abc import Callable
from pathlib import Path


def wake_pipe(database: Path) -> Path:
    return database.with_name(database.name + ".wake")


def ring(database: Path) -> None:
    """Wake the sender of this database, if one is listening (never blocks, never fails)."""
    try:
        fd = os.open(wake_pipe(database), os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # no pipe yet, or nobody reading it (ENXIO): no sender to wake
        return
    try:
        os.write(fd, b"\0")
    except OSError as error:  # a full pipe has a wake-up pending already
        if error.errno not in (errno.EAGAIN, errno.EPIPE):
            raise
    finally:
        os.close(fd)


class FileSenderRole:
    def __init__(self, database: Path, owner: str) -> None:
        self.path = database.with_name(database.name + ".sender")
        self.owner = owner
        self.pipe = wake_pipe(database)
        self._fd: int | None = None
        self._reader: int | None = None
        self._wake: Callable[[], None] | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

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
        self._listen()
        return True

    def _listen(self) -> None:
        try:
            if not stat.S_ISFIFO(os.stat(self.pipe).st_mode):
                return  # something else has the name: other processes' work waits for our next wake
        except FileNotFoundError:
            with contextlib.suppress(FileExistsError):
                os.mkfifo(self.pipe, 0o600)
        reader = os.open(self.pipe, os.O_RDONLY | os.O_NONBLOCK)
        asyncio.get_running_loop().add_reader(reader, self._drain, reader)
        self._reader = reader

    def _drain(self, reader: int) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(reader, 4096):
                pass
        if self._wake is not None:
            self._wake()

    def on_lost(self, lost: Callable[[], None]) -> None:
        """Never called: a lock on a local file is not taken away while the process lives."""

    def on_work(self, wake: Callable[[], None]) -> None:
        self._wake = wake

    async def release(self) -> None:
        self._wake = None
        if self._reader is not None:
            reader, self._reader = self._reader, None
            with contextlib.suppress(RuntimeError):  # the loop is already closed
                asyncio.get_running_loop().remove_reader(reader)
            os.close(reader)
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
