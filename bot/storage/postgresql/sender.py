"""The sender role on PostgreSQL: a session advisory lock, held on a connection of its own.

PostgreSQL releases the lock the moment that connection ends (the process died, was killed, or lost the
network), so another process becomes the sender within its next try (a couple of seconds). The same connection
LISTENs for `OUTBOX_CHANNEL`: any process that queues deliveries NOTIFYs in the same transaction, so the sender
wakes at once instead of polling. Its application_name is the owner's name, which is how /about finds the
holder.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg

from bot.storage.postgresql.database import OUTBOX_CHANNEL, PostgresDatabase

log = logging.getLogger(__name__)

SENDER_LOCK = 0x486F_4302  # pg_try_advisory_lock key of the news sender ("HoC" 2)


class AdvisorySenderRole:
    def __init__(self, url: str, owner: str, database: PostgresDatabase) -> None:
        self.url = url
        self._database = database
        self.owner = owner
        self._connection: asyncpg.Connection[Any] | None = None
        self._lost: Callable[[], None] | None = None
        self._wake: Callable[[], None] | None = None

    async def acquire(self) -> bool:
        if self._connection is not None and not self._connection.is_closed():
            return True
        connection = await asyncpg.connect(self.url, server_settings={"application_name": self.owner[:63]})
        try:
            if not await connection.fetchval("SELECT pg_try_advisory_lock($1)", SENDER_LOCK):
                await connection.close()
                return False
            connection.add_termination_listener(self._terminated)
            await connection.add_listener(OUTBOX_CHANNEL, self._notified)
        except BaseException:
            connection.terminate()
            raise
        self._connection = connection
        return True

    def _notified(self, *_args: object) -> None:
        if self._wake is not None:
            self._wake()

    def _terminated(self, *_args: object) -> None:
        if self._lost is not None and self._connection is not None:
            self._lost()

    def on_lost(self, lost: Callable[[], None]) -> None:
        self._lost = lost

    def on_work(self, wake: Callable[[], None]) -> None:
        self._wake = wake

    async def release(self) -> None:
        connection, self._connection = self._connection, None
        self._wake = self._lost = None
        if connection is not None and not connection.is_closed():
            try:  # closing the connection releases the lock at once
                await asyncio.wait_for(connection.close(), 5)
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
                log.info("the sender connection did not close cleanly; terminating it", exc_info=True)
                with contextlib.suppress(Exception):
                    connection.terminate()

    async def holder(self) -> str | None:
        if self._connection is not None and not self._connection.is_closed():
            return self.owner
        name = await self._database.fetch_value(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = ?"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            (SENDER_LOCK,),
        )
        return None if name is None else str(name)
