"""The outbox on PostgreSQL: the shared SQL, with claims that skip rows another process is claiming."""

from __future__ import annotations

from bot.storage.shared.outbox import SharedOutbox
from bot.storage.sql import CLAIMABLE, SENDING


class PostgresOutbox(SharedOutbox):
    # The row is locked FOR UPDATE SKIP LOCKED: a second process claiming the same row at the same moment gets
    # nothing at once instead of waiting for the first one's transaction (and then finding it taken).
    claim_sql = (
        "UPDATE news_deliveries SET state = " + SENDING + ", attempts = attempts + 1, lease_owner = ?,"
        " lease_until = ?, maybe_sent = (maybe_sent OR state = " + SENDING + ")"
        f" WHERE id = (SELECT id FROM news_deliveries WHERE id = ? AND {CLAIMABLE} FOR UPDATE SKIP LOCKED)"
    )
