"""The delivery outbox (both backends); its states and transitions are described once, in `bot/storage/outbox.py`."""

from __future__ import annotations

import datetime as dt

from bot.news.model import Delivery, DeliveryKind, DeliveryState, Job, OutboxTotals, PauseReason, Progress
from bot.storage.outbox import LEASE_SECONDS
from bot.storage.rows import (
    ANNOUNCEMENT_COLUMNS,
    DELIVERY_COLUMNS,
    REPORT_COLUMNS,
    announcement_from_row,
    delivery_from_row,
    report_from_row,
)
from bot.storage.shared.audit import record
from bot.storage.shared.connection import Database
from bot.storage.sql import CLAIMABLE, CLAIMABLE_AT, DELIVERED, PENDING, POST, QUEUED, REJECTED, SENDING

# A row taken over from an expired lease may have reached Discord before its owner died: say so to the worker.
_DUE_COLUMNS = DELIVERY_COLUMNS.replace("maybe_sent", f"(maybe_sent OR state = {SENDING}) AS maybe_sent")
# Claiming a row: exclusive because the UPDATE re-checks CLAIMABLE on the row it changes (SQLite runs one writer
# at a time; PostgreSQL's override adds FOR UPDATE SKIP LOCKED so two claimers never wait on each other).
_CLAIM = (
    f"UPDATE news_deliveries SET state = {SENDING}, attempts = attempts + 1, lease_owner = ?, lease_until = ?,"
    f" maybe_sent = (maybe_sent OR state = {SENDING}) WHERE id = ? AND {CLAIMABLE}"
)
_MINE = f"state = {SENDING} AND lease_owner = ?"  # a finish counts only from the process holding the lease


class SharedOutbox:
    claim_sql = _CLAIM

    def __init__(self, db: Database, *, owner: str) -> None:
        self._db = db
        self.owner = owner  # this process, as named in the leases it holds

    async def recover_interrupted(self, *, now: float) -> int:
        return await self._db.execute(
            f"UPDATE news_deliveries SET state = {PENDING}, maybe_sent = TRUE, lease_owner = NULL, lease_until = NULL"
            f" WHERE state = {SENDING} AND coalesce(lease_until, 0) <= ?",
            (now,),
        )

    async def next_due(self, now: float) -> Delivery | None:
        row = await self._db.fetch_one(
            f"SELECT {_DUE_COLUMNS} FROM news_deliveries WHERE {CLAIMABLE} ORDER BY next_attempt_at, id LIMIT 1",
            (now, now),
        )
        return delivery_from_row(row) if row else None

    async def next_due_at(self) -> float | None:
        due_at = await self._db.fetch_value(f"SELECT min({CLAIMABLE_AT}) FROM news_deliveries WHERE {QUEUED}")
        return None if due_at is None else float(due_at)

    async def claim(self, delivery: Delivery, *, now: float, lease: float = LEASE_SECONDS) -> Job | None:
        changed = await self._db.execute(self.claim_sql, (self.owner, now + lease, delivery.id, now, now))
        if changed == 0:
            return None
        report = announcement = None
        if delivery.report_id is not None:
            row = await self._db.fetch_one(
                f"SELECT {REPORT_COLUMNS} FROM news_reports WHERE id = ?", (delivery.report_id,)
            )
            report = report_from_row(row)
        else:
            row = await self._db.fetch_one(
                f"SELECT {ANNOUNCEMENT_COLUMNS} FROM news_announcements WHERE id = ?", (delivery.announcement_id,)
            )
            announcement = announcement_from_row(row)
        # the row exists: deliveries reference their item with a foreign key
        subscription = await self._db.fetch_one(
            "SELECT channel_id, role_id, language FROM news_subscriptions WHERE guild_id = ?", (delivery.guild_id,)
        )
        # The role may be pinged only in the channel the subscription names, never in an old one.
        same_channel = subscription is not None and subscription["channel_id"] == delivery.channel_id
        message_id, post_state = delivery.message_id, None
        if delivery.kind == DeliveryKind.EDIT:
            post = await self._db.fetch_one(
                f"SELECT message_id, state FROM news_deliveries WHERE kind = {POST} AND channel_id = ? "
                "AND report_id IS NOT DISTINCT FROM ? AND announcement_id IS NOT DISTINCT FROM ?",
                (delivery.channel_id, delivery.report_id, delivery.announcement_id),
            )
            if post is not None:
                message_id, post_state = post["message_id"], DeliveryState(post["state"])
        return Job(
            delivery=delivery,
            report=report,
            announcement=announcement,
            role_id=subscription["role_id"] if subscription is not None and same_channel else None,
            language=subscription["language"] if subscription is not None else "en",
            message_id=message_id,
            post_state=post_state,
        )

    async def mark_delivered(self, delivery_id: int, *, message_id: int | None, now: dt.datetime) -> None:
        await self._db.execute(
            f"UPDATE news_deliveries SET state = {DELIVERED}, message_id = coalesce(?, message_id),"
            f" last_error = '', finished_at = ?, maybe_sent = FALSE, lease_owner = NULL, lease_until = NULL"
            f" WHERE id = ? AND {_MINE}",
            (message_id, now.isoformat(), delivery_id, self.owner),
        )

    async def mark_retry(self, delivery_id: int, *, at: float, error: str, maybe_sent: bool = False) -> None:
        await self._db.execute(
            f"UPDATE news_deliveries SET state = {PENDING}, next_attempt_at = ?, last_error = ?, maybe_sent = ?,"
            f" lease_owner = NULL, lease_until = NULL WHERE id = ? AND {_MINE}",
            (at, error[:500], maybe_sent, delivery_id, self.owner),
        )

    async def mark_rejected(
        self, delivery: Delivery, *, reason: PauseReason | None, error: str, now: dt.datetime
    ) -> bool:
        paused = False
        async with self._db.transaction() as db:
            await db.execute(
                f"UPDATE news_deliveries SET state = {REJECTED}, last_error = ?, finished_at = ?, lease_owner = NULL,"
                f" lease_until = NULL WHERE id = ? AND {_MINE}",
                (error[:500], now.isoformat(), delivery.id, self.owner),
            )
            if reason is None:
                return False
            paused = (
                await db.execute(
                    "UPDATE news_subscriptions SET paused_reason = ?, paused_detail = ?, paused_at = ? "
                    "WHERE guild_id = ? AND channel_id = ? AND paused_reason IS NULL",
                    (reason.value, error[:500], now.isoformat(), delivery.guild_id, delivery.channel_id),
                )
                > 0
            )
            await db.execute(
                f"UPDATE news_deliveries SET state = {REJECTED}, last_error = ?, finished_at = ? "
                f"WHERE channel_id = ? AND state = {PENDING}",
                (f"not sent: the news channel was paused ({reason.value})", now.isoformat(), delivery.channel_id),
            )
            if paused:
                await record(
                    db,
                    guild_id=delivery.guild_id,
                    actor_id=None,
                    action="pause",
                    now=now,
                    report_id=delivery.report_id,
                    announcement_id=delivery.announcement_id,
                    detail=f"{reason.value}: {error[:200]}",
                )
        return paused

    async def progress(self, *, report_id: int | None = None, announcement_id: int | None = None) -> Progress:
        column, value = ("report_id", report_id) if report_id is not None else ("announcement_id", announcement_id)
        rows = await self._db.fetch_all(
            f"SELECT state, count(*) AS n FROM news_deliveries WHERE {column} = ? AND kind = {POST} GROUP BY state",
            (value,),
        )
        counts = {DeliveryState(row["state"]): int(row["n"]) for row in rows}
        return Progress(
            delivered=counts.get(DeliveryState.DELIVERED, 0),
            failed=counts.get(DeliveryState.REJECTED, 0),
            remaining=counts.get(DeliveryState.PENDING, 0) + counts.get(DeliveryState.SENDING, 0),
        )

    async def totals(self) -> OutboxTotals:
        rows = await self._db.fetch_all("SELECT state, count(*) AS n FROM news_deliveries GROUP BY state")
        counts = {DeliveryState(row["state"]): int(row["n"]) for row in rows}
        return OutboxTotals(
            queued=counts.get(DeliveryState.PENDING, 0),
            sending=counts.get(DeliveryState.SENDING, 0),
            delivered=counts.get(DeliveryState.DELIVERED, 0),
            failed=counts.get(DeliveryState.REJECTED, 0),
        )

    async def recent(self, guild_id: int, limit: int = 5) -> list[Delivery]:
        rows = await self._db.fetch_all(
            f"SELECT {DELIVERY_COLUMNS} FROM news_deliveries WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
            (guild_id, limit),
        )
        return [delivery_from_row(row) for row in rows]

    async def deliveries(self, *, report_id: int | None = None, announcement_id: int | None = None) -> list[Delivery]:
        column, value = ("report_id", report_id) if report_id is not None else ("announcement_id", announcement_id)
        rows = await self._db.fetch_all(
            f"SELECT {DELIVERY_COLUMNS} FROM news_deliveries WHERE {column} = ? ORDER BY id", (value,)
        )
        return [delivery_from_row(row) for row in rows]
