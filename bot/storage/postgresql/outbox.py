"""The outbox on PostgreSQL: the shared SQL, with claims that skip rows another process is claiming, and leases
kept in the database's clock."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.storage.rows import DELIVERY_COLUMNS
from bot.storage.shared.connection import Database
from bot.storage.shared.outbox import SharedOutbox
from bot.storage.sql import CLAIMABLE, SENDING

CLOCK_CHECK_SECONDS = 60.0  # how often the offset to the database's clock is measured again


class PostgresOutbox(SharedOutbox):
    def __init__(self, db: Database, *, owner: str, clock: Callable[[], float] = time.time) -> None:
        super().__init__(db, owner=owner)
        self._clock = clock  # the clock this process's `now` comes from (the machine's)
        self._offset = 0.0
        self._checked_at: float | None = None  # time.monotonic() of the last measurement

    async def lease_offset(self) -> float:
        """Processes on several machines share the leases, and their clocks may disagree: a clock minutes ahead
        would take over a live lease, one behind would write leases that others see as long expired. So leases
        are written and judged in the database's clock (`clock_timestamp()`): this process measures how far its
        own clock is from it, every `CLOCK_CHECK_SECONDS`, and shifts its `now` by that much. In whole seconds: a
        lease lasts minutes, and processes whose clocks agree then get the very same offset (0 on the database's
        own machine), so their leases compare exactly as on one clock."""
        if self._checked_at is None or time.monotonic() - self._checked_at >= CLOCK_CHECK_SECONDS:
            before = self._clock()
            database = float(await self._db.fetch_value("SELECT extract(epoch FROM clock_timestamp())"))
            after = self._clock()
            self._offset = float(round(database - (before + after) / 2))
            self._checked_at = time.monotonic()
        return self._offset

    def claim_sql(self, ids: str) -> str:
        # The rows are locked FOR UPDATE SKIP LOCKED: a second process claiming the same rows at the same moment
        # gets none of them at once instead of waiting for the first one's transaction (and then finding them
        # taken).
        return (
            f"UPDATE news_deliveries SET state = {SENDING}, attempts = attempts + 1, lease_owner = ?,"
            f" lease_until = ?, maybe_sent = (maybe_sent OR state = {SENDING})"
            f" WHERE id IN (SELECT id FROM news_deliveries WHERE id IN ({ids}) AND {CLAIMABLE}"
            f" FOR UPDATE SKIP LOCKED) RETURNING {DELIVERY_COLUMNS}"
        )
