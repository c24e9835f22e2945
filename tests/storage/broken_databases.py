"""Real database files that cannot be used, one per way start-up must refuse them (issue 8 item 7).

Each builder makes the broken file in a folder and returns the DATABASE_URL, the words the refusal must
contain, and the file whose bytes must not change. Read-only is real: `chmod` for a normal user, and for root
(who ignores permission bits; tests and CI run as root here) the immutable attribute, which binds root too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Broken:
    url: str
    words: tuple[str, ...]  # the one line names the problem and the fix with these
    untouched: Path | None = None  # its bytes must be the same after the refusal


def _valid_database(path: Path, *, user_version: int | None = None, wal: bool = False) -> None:
    with sqlite3.connect(path) as raw:
        if wal:
            raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("CREATE TABLE IF NOT EXISTS guild_settings (guild_id INTEGER PRIMARY KEY, language TEXT)")
        if user_version is not None:
            raw.execute(f"PRAGMA user_version = {user_version}")
    raw.close()


def corrupt(folder: Path) -> Broken:
    path = folder / "bot.db"
    path.write_bytes(b"this is not a database\n" + os.urandom(4096))
    return Broken(f"sqlite:///{path}", ("not a SQLite database or is damaged", "backup"), untouched=path)


def damaged_pages(folder: Path) -> Broken:
    """A real SQLite file whose header is intact but whose pages were overwritten."""
    path = folder / "bot.db"
    _valid_database(path)
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE filler (x TEXT)")
        raw.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(200)])
    raw.close()
    data = bytearray(path.read_bytes())
    data[100 : 100 + 4096 * 3] = os.urandom(4096 * 3)  # page 1's b-tree and the pages after it
    path.write_bytes(bytes(data))
    return Broken(f"sqlite:///{path}", ("not a SQLite database or is damaged",), untouched=path)


def folder_under_a_file(folder: Path) -> Broken:
    blocker = folder / "notes.txt"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    return Broken(f"sqlite:///{blocker / 'db' / 'bot.db'}", (str(blocker), "which is a file, not a folder"))


def newer(folder: Path, *, wal: bool = False) -> Broken:
    path = folder / "bot.db"
    _valid_database(path, user_version=999, wal=wal)
    return Broken(f"sqlite:///{path}", ("newer version of the bot", "schema 999", "left untouched"), untouched=path)


def read_only_file(folder: Path, protect: Callable[[Path], None]) -> Broken:
    path = folder / "bot.db"
    _valid_database(path)  # version 0: opening it must write (WAL, migrations)
    protect(path)
    return Broken(f"sqlite:///{path}", ("is read-only", "let the bot write"), untouched=path)


def read_only_folder(folder: Path, protect: Callable[[Path], None]) -> Broken:
    data = folder / "data"
    data.mkdir()
    protect(data)
    return Broken(f"sqlite:///{data / 'bot.db'}", ("cannot open or create", str(data), "write"))


@contextmanager
def read_only() -> Iterator[Callable[[Path], None]]:
    """`protect(path)` makes a file or folder read-only for this process; undone on exit."""
    protected: list[Path] = []
    as_root = os.geteuid() == 0
    if as_root and shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: nothing can make a file read-only for root here")

    def protect(path: Path) -> None:
        if as_root:
            result = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
            if result.returncode != 0:
                pytest.skip(f"this filesystem cannot make a file read-only for root: {result.stderr.strip()}")
        else:
            path.chmod(0o555 if path.is_dir() else 0o444)
        protected.append(path)

    try:
        yield protect
    finally:
        for path in protected:
            if as_root:
                subprocess.run(["chattr", "-i", str(path)], check=False)
            else:
                path.chmod(0o755 if path.is_dir() else 0o644)


CASES = [
    "corrupt",
    "damaged pages",
    "folder under a file",
    "newer",
    "newer (WAL)",
    "read-only file",
    "read-only folder",
]


def build(case: str, folder: Path, protect: Callable[[Path], None]) -> Broken:
    builders: dict[str, Callable[[], Broken]] = {
        "corrupt": lambda: corrupt(folder),
        "damaged pages": lambda: damaged_pages(folder),
        "folder under a file": lambda: folder_under_a_file(folder),
        "newer": lambda: newer(folder),
        "newer (WAL)": lambda: newer(folder, wal=True),
        "read-only file": lambda: read_only_file(folder, protect),
        "read-only folder": lambda: read_only_folder(folder, protect),
    }
    return builders[case]()
