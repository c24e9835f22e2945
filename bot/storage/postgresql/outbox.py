"""The outbox on PostgreSQL: the shared SQL, with claims that skip rows another process is claiming."""

from __future__ import annotations

from bot.storage.rows import DELIVERY_COLUMNS
from bot.storage.shared.outbox import SharedOutbox
from bot.storage.sql import CLAIMABLE, SENDING


class PostgresOutbox(SharedOutbox):
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
