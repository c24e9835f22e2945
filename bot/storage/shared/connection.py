"""What the shared repositories need from a backend: a few primitives over one connection or a pool.

Placeholders are `?`; the PostgreSQL backend numbers them. `execute` returns how many rows changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol


class Connection(Protocol):
    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int: ...

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[Any]: ...

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> Any | None: ...

    async def fetch_value(self, sql: str, params: Iterable[Any] = ()) -> Any: ...


class Database(Connection, Protocol):
    """Statements outside `transaction()` run on their own; inside it they commit together or not at all."""

    def transaction(self) -> AbstractAsyncContextManager[Connection]: ...

    async def announce_work(self, connection: Connection) -> None:
        """Inside a transaction that queued deliveries: tell the sender process when it commits."""
        ...
