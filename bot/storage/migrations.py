"""Numbered schema migrations, one folder of `.sql` files per backend (`migrations/<backend>/0001_name.sql`).

Each backend applies every file newer than the version kept inside its database, each file with its version
bump in one transaction, and refuses a database whose version is newer than the last file it ships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(backend: str) -> list[Migration]:
    """The migrations shipped for `backend` ("sqlite"), in order; numbers must be 1..N without gaps."""
    found: list[Migration] = []
    for entry in resources.files("bot.storage").joinpath("migrations", backend).iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:
        raise RuntimeError(f"{backend} migrations must be numbered 0001..{len(found):04d} without gaps")
    return found


def latest_version(backend: str) -> int:
    """The schema version this code brings a database of `backend` to."""
    found = migrations(backend)
    return found[-1].version if found else 0
