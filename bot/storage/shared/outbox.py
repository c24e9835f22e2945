"""The delivery outbox (both backends); its states and transitions are described once, in `bot/storage/outbox.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from bot.news.model import (
    Delivery,
    DeliveryKind,
    DeliveryState,
    Job,
    OutboxTotals,
    Outcome,
    Progress,
    Reason,
    encode_reason,
)
from bot.storage.outbox import LEASE_SECONDS
from bot.storage.rows import (
    ANNOUNCEMENT_COLUMNS,
    DELIVERY_COLUMNS,
    REPORT_COLUMNS,
    SUBSCRIPTION_COLUMNS,
    announcement_from_row,
    delivery_from_row,
    report_from_row,
    subscription_from_row,
)
from bot.storage.shared.audit import record as audit
from bot.storage.shared.connection import Connection, Database
from bot.storage.sql import CLAIMABLE, CLAIMABLE_AT, DELIVERED, PENDING, POST, QUEUED, REJECTED, SENDING


def _marks(values: Collection[Any]) -> str:
    return ", ".join("?" * len(values))


def _leaving_out(skip: Collection[int], skip_channels: Collection[int]) -> tuple[str, list[int]]:
    """The extra WHERE clause (and its parameters) for `due` and `next_due_at`."""
    sql, params = "", []
    if skip:
        sql += f" AND id NOT IN ({_marks(skip)})"
        params += list(skip)
    if skip_channels:
        sql += f" AND channel_id NOT IN ({_marks(skip_channels)})"
        params += list(skip_channels)
    return sql, params


# A row taken over from an expired lease may have reached Discord before its owner died: say so to the worker.
_DUE_COLUMNS = DELIVERY_COLUMNS.replace("maybe_sent", f"(maybe_sent OR state = {SENDING}) AS maybe_sent")
_MINE = f"state = {SENDING} AND lease_owner = ?"  # an outcome counts only from the process holding the lease
_RELEASED = "lease_owner = NULL, lease_until = NULL"
_DELIVERED = (
    f"UPDATE news_deliveries SET state = {DELIVERED}, message_id = coalesce(?, message_id), last_error = '',"
    f" finished_at = ?, maybe_sent = FALSE, {_RELEASED} WHERE id = ? AND {_MINE}"
)
# Another row of the same kind for the same item in channel `?` (the unique index allows one).
_TAKEN = (
    "EXISTS (SELECT 1 FROM news_deliveries other WHERE other.id <> news_deliveries.id"
    " AND other.kind = news_deliveries.kind AND other.report_id IS NOT DISTINCT FROM news_deliveries.report_id"
    " AND other.announcement_id IS NOT DISTINCT FROM news_deliveries.announcement_id AND other.channel_id = ?)"
)


class SharedOutbox:
    def __init__(self, db: Database, *, owner: str) -> None:
        self._db = db
        self.owner = owner  # this process, as named in the leases it holds

    def claim_sql(self, ids: str) -> str:
        """Leasing the rows `ids` (placeholders) names: exclusive because the UPDATE re-checks CLAIMABLE on the
        rows it changes (SQLite runs one writer at a time; PostgreSQL's override skips rows being claimed)."""
        return (
            f"UPDATE news_deliveries SET state = {SENDING}, attempts = attempts + 1, lease_owner = ?,"
            f" lease_until = ?, maybe_sent = (maybe_sent OR state = {SENDING})"
            f" WHERE id IN ({ids}) AND {CLAIMABLE} RETURNING {DELIVERY_COLUMNS}"
        )

    async def lease_offset(self) -> float:
        """Seconds from this process's clock (the `now` its callers pass) to the clock leases are written and
        judged in. SQLite runs on one machine: its own clock, 0."""
        return 0.0

    async def recover_interrupted(self, *, now: float) -> int:
        return await self._db.execute(
            f"UPDATE news_deliveries SET state = {PENDING}, maybe_sent = TRUE, {_RELEASED}"
            f" WHERE state = {SENDING} AND coalesce(lease_until, 0) <= ?",
            (now + await self.lease_offset(),),
        )

    async def due(
        self, now: float, *, limit: int, skip: Collection[int] = (), skip_channels: Collection[int] = ()
    ) -> list[Delivery]:
        extra, params = _leaving_out(skip, skip_channels)
        leases_now = now + await self.lease_offset()
        rows = await self._db.fetch_all(
            f"SELECT {_DUE_COLUMNS} FROM news_deliveries WHERE {CLAIMABLE}{extra} ORDER BY next_attempt_at, id LIMIT ?",
            (now, leases_now, *params, limit),
        )
        return [delivery_from_row(row) for row in rows]

    async def next_due_at(self, *, skip: Collection[int] = (), skip_channels: Collection[int] = ()) -> float | None:
        extra, params = _leaving_out(skip, skip_channels)
        due_at = await self._db.fetch_value(
            f"SELECT min({CLAIMABLE_AT}) FROM news_deliveries WHERE {QUEUED}{extra}",
            (await self.lease_offset(), *params),
        )
        return None if due_at is None else float(due_at)

    async def claim(self, deliveries: Sequence[Delivery], *, now: float, lease: float = LEASE_SECONDS) -> list[Job]:
        if not deliveries:
            return []
        ids = [d.id for d in deliveries]
        leases_now = now + await self.lease_offset()
        async with self._db.transaction() as db:
            returned = await db.fetch_all(
                self.claim_sql(_marks(ids)), (self.owner, leases_now + lease, *ids, now, leases_now)
            )
            claimed = {row["id"]: delivery_from_row(row) for row in returned}
            if not claimed:
                return []
            rows = [claimed[i] for i in ids if i in claimed]
            reports = await self._by_id(db, "news_reports", REPORT_COLUMNS, {d.report_id for d in rows})
            announcements = await self._by_id(
                db, "news_announcements", ANNOUNCEMENT_COLUMNS, {d.announcement_id for d in rows}
            )
            guilds = sorted({d.guild_id for d in rows})
            found = await db.fetch_all(
                f"SELECT {SUBSCRIPTION_COLUMNS} FROM news_subscriptions WHERE guild_id IN ({_marks(guilds)})", guilds
            )
            subscriptions = {row["guild_id"]: subscription_from_row(row) for row in found}
            posts = await self._posts_of(db, [d for d in rows if d.kind == DeliveryKind.EDIT])
        jobs = []
        for delivery in rows:
            post = posts.get((delivery.report_id, delivery.announcement_id, delivery.channel_id))
            jobs.append(
                Job(
                    delivery=delivery,
                    # the rows exist: deliveries reference their item with a foreign key
                    report=report_from_row(reports[delivery.report_id]) if delivery.report_id is not None else None,
                    announcement=announcement_from_row(announcements[delivery.announcement_id])
                    if delivery.announcement_id is not None
                    else None,
                    subscription=subscriptions.get(delivery.guild_id),
                    channel_id=delivery.channel_id,
                    message_id=post[0] if post is not None else delivery.message_id,
                    post_state=post[1] if post is not None else None,
                )
            )
        return jobs

    @staticmethod
    async def _by_id(db: Connection, table: str, columns: str, ids: set[int | None]) -> dict[int, Any]:
        wanted = sorted(i for i in ids if i is not None)
        if not wanted:
            return {}
        rows = await db.fetch_all(f"SELECT {columns} FROM {table} WHERE id IN ({_marks(wanted)})", wanted)
        return {row["id"]: row for row in rows}

    @staticmethod
    async def _posts_of(db: Connection, edits: list[Delivery]) -> dict[tuple[int | None, int | None, int], Any]:
        """For each edit row, its post row's (message id, state), by (report, announcement, channel)."""
        channels = sorted({d.channel_id for d in edits})
        if not channels:
            return {}
        rows = await db.fetch_all(
            "SELECT report_id, announcement_id, channel_id, message_id, state FROM news_deliveries "
            f"WHERE kind = {POST} AND channel_id IN ({_marks(channels)})",
            channels,
        )
        return {
            (row["report_id"], row["announcement_id"], row["channel_id"]): (
                row["message_id"],
                DeliveryState(row["state"]),
            )
            for row in rows
        }

    async def redirect(self, delivery: Delivery, channel_id: int) -> Delivery | None:
        async with self._db.transaction() as db:  # a write: not on the read-only connection
            row = await db.fetch_one(
                f"UPDATE news_deliveries SET channel_id = ? WHERE id = ? AND {_MINE} AND NOT {_TAKEN}"
                f" RETURNING {DELIVERY_COLUMNS}",
                (channel_id, delivery.id, self.owner, channel_id),
            )
        return None if row is None else delivery_from_row(row)

    async def record(self, outcomes: Sequence[Outcome], *, now: dt.datetime) -> list[int]:
        paused: list[int] = []
        stamp = now.isoformat()
        async with self._db.transaction() as db:
            for outcome in outcomes:
                delivery = outcome.delivery
                if outcome.state == DeliveryState.DELIVERED:
                    await db.execute(_DELIVERED, (outcome.message_id, stamp, delivery.id, self.owner))
                elif outcome.state == DeliveryState.PENDING:
                    await db.execute(
                        f"UPDATE news_deliveries SET state = {PENDING}, next_attempt_at = ?, last_error = ?,"
                        f" maybe_sent = ?, {_RELEASED} WHERE id = ? AND {_MINE}",
                        (outcome.retry_at, encode_reason(outcome.error), outcome.maybe_sent, delivery.id, self.owner),
                    )
                elif await self._reject(db, outcome, stamp, now):
                    paused.append(delivery.guild_id)
        return paused

    async def _reject(self, db: Connection, outcome: Outcome, stamp: str, now: dt.datetime) -> bool:
        """Reject the row; with a pause reason also pause the subscription naming its channel and drop the rest
        of that channel's queue. True when a subscription was paused."""
        delivery, error = outcome.delivery, encode_reason(outcome.error)
        await db.execute(
            f"UPDATE news_deliveries SET state = {REJECTED}, last_error = ?, finished_at = ?, {_RELEASED} "
            f"WHERE id = ? AND {_MINE}",
            (error, stamp, delivery.id, self.owner),
        )
        reason = outcome.pause
        if reason is None:
            return False
        paused = (
            await db.execute(
                "UPDATE news_subscriptions SET paused_reason = ?, paused_detail = ?, paused_at = ? "
                "WHERE guild_id = ? AND channel_id = ? AND paused_reason IS NULL",
                (reason.value, error, stamp, delivery.guild_id, delivery.channel_id),
            )
            > 0
        )
        await db.execute(
            f"UPDATE news_deliveries SET state = {REJECTED}, last_error = ?, finished_at = ? "
            f"WHERE channel_id = ? AND state = {PENDING}",
            (Reason("channel_paused", {"pause": reason.value}).encode(), stamp, delivery.channel_id),
        )
        if paused:
            await audit(
                db,
                guild_id=delivery.guild_id,
                actor_id=None,
                action="pause",
                now=now,
                report_id=delivery.report_id,
                announcement_id=delivery.announcement_id,
                detail=f"{reason.value}: {str(outcome.error)[:200]}",
            )
        return paused

    async def progress(self, *, report_id: int | None = None, announcement_id: int | None = None) -> Progress:
        column, value = ("report_id", report_id) if report_id is not None else ("announcement_id", announcement_id)
        rows = await self._db.fetch_all(
            f"SELECT state, count(*) AS n FROM news_deliveries WHERE {column} = ? AND kind = {POST} GROUP BY state",
            (value,),
        )
        counts = {DeliveryState(row["state"]): int(row["n"]) for row in rows}
        reasons: tuple[tuple[Reason, int], ...] = ()
        if counts.get(DeliveryState.REJECTED):
            failed = await self._db.fetch_all(
                f"SELECT last_error, count(*) AS n FROM news_deliveries WHERE {column} = ? AND kind = {POST}"
                f" AND state = {REJECTED} GROUP BY last_error ORDER BY n DESC, last_error LIMIT 3",
                (value,),
            )
            reasons = tuple((Reason.decode(row["last_error"]) or Reason.plain("?"), int(row["n"])) for row in failed)
        return Progress(
            delivered=counts.get(DeliveryState.DELIVERED, 0),
            failed=counts.get(DeliveryState.REJECTED, 0),
            remaining=counts.get(DeliveryState.PENDING, 0) + counts.get(DeliveryState.SENDING, 0),
            reasons=reasons,
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
