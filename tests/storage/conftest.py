"""The store contract runs once per backend: each test gets a fresh, migrated database of that backend.

`backend.open()` opens the same database again (what a restart does); `backend.integrity_error` is the
exception the backend's driver raises when a constraint refuses a write. Every test written against `store`
runs on both backends (PostgreSQL from tests/postgres.py: one server per session, a database per test).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.storage import Store, open_store

BACKENDS = ["sqlite", "postgresql"]


@dataclass
class Backend:
    name: str
    url: str
    integrity_error: type[Exception]

    async def open(self) -> Store:
        return await open_store(self.url)


def _sqlite(tmp_path: Path) -> Backend:
    return Backend("sqlite", f"sqlite:///{tmp_path / 'contract.db'}", sqlite3.IntegrityError)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "sqlite":
        return _sqlite(tmp_path)
    import asyncpg

    return Backend("postgresql", request.getfixturevalue("postgres_url"), asyncpg.IntegrityConstraintViolationError)


@pytest.fixture
async def open_backend(backend: Backend):
    """Open the backend's database, as often as a test restarts; every store opened is closed afterwards."""
    opened: list[Store] = []

    async def open_() -> Store:
        store = await backend.open()
        opened.append(store)
        return store

    yield open_
    for store in opened:
        await store.close()


OpenBackend = Callable[[], Awaitable[Store]]
