"""The delivery outbox: store methods the worker drains it with (mixed into the store).

Rows go pending -> sending -> delivered, or back to pending with a later `next_attempt_at` after a transient
failure, or to rejected after a permanent one. A row left in `sending` by a crash is sent again on start-up.
Its nonce makes that safe only for a few minutes (Discord forgets nonces), so such a row, and one retried after
a timeout or 5xx, is marked `maybe_sent`: the worker first looks for the post in the channel.
Every "finish" update is conditional on the row still being in `sending`, so an edit queued while a send was in
flight is not overwritten by that send's result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.news.model import Delivery, DeliveryKind, DeliveryState, Job, PauseReason, Progress
from bot.news.reports import announcement_from_row, report_from_row
from bot.news.storebase import StoreMixin
from bot.news.subscriptions import audit

_COLUMNS = (
    "id, kind, state, guild_id, channel_id, attempts, next_attempt_at, message_id, last_error, report_id,"
    " announcement_id, finished_at, maybe_sent"
)
_DUE = "state IN ('pending', 'sending')"


def delivery_from_row(row: Any) -> Delivery:
    return Delivery(
        id=row["id"],
        kind=DeliveryKind(row["kind"]),
        state=DeliveryState(row["state"]),
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        message_id=row["message_id"],
        last_error=row["last_error"],
        report_id=row["report_id"],
        announcement_id=row["announcement_id"],
        finished_at=row["finished_at"],
        maybe_sent=bool(row["maybe_sent"]),
    )


class OutboxMixin(StoreMixin):
    async def recover_interrupted(self) -> int:
        """Put rows a crash left in `sending` back in the queue; returns how many. Their send may have reached
        Discord before the crash: they are marked `maybe_sent`."""
        async with self.transaction() as db:
            cursor = await db.execute(
                "UPDATE news_deliveries SET state = 'pending', maybe_sent = 1 WHERE state = 'sending'"
            )
            return int(cursor.rowcount)

    async def next_due(self, now: float) -> Delivery | None:
        """The oldest row whose time has come, or None."""
        row = await self.fetch_one(
            f"SELECT {_COLUMNS} FROM news_deliveries WHERE {_DUE} AND next_attempt_at <= ? "
            "ORDER BY next_attempt_at, id LIMIT 1",
            (now,),
        )
        return delivery_from_row(row) if row else None

    async def next_due_at(self) -> float | None:
        """When the next queued row becomes due (epoch seconds), or None when the outbox is empty."""
        due_at = await self.fetch_value(f"SELECT min(next_attempt_at) FROM news_deliveries WHERE {_DUE}")
        return None if due_at is None else float(due_at)

    async def claim(self, delivery: Delivery) -> Job | None:
        """Mark the row as being sent and gather what the sender needs; None if it is no longer due."""
        async with self.transaction() as db:
            cursor = await db.execute(
                f"UPDATE news_deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND {_DUE}",
                (delivery.id,),
            )
            if cursor.rowcount == 0:
                return None
        report = announcement = None
        if delivery.report_id is not None:
            row = await self.fetch_one(
                "SELECT id, scope, origin_guild_id, outlet, claim, status, url, reported_on, edited_at, retracted_at,"
                " retraction_reason FROM news_reports WHERE id = ?",
                (delivery.report_id,),
            )
            report = report_from_row(row)
        else:
            row = await self.fetch_one(
                "SELECT id, guild_id, author_id, title, message FROM news_announcements WHERE id = ?",
                (delivery.announcement_id,),
            )
            announcement = announcement_from_row(row)
        # the row exists: deliveries reference their item with a foreign key
        subscription = await self.fetch_one(
            "SELECT channel_id, role_id, language FROM news_subscriptions WHERE guild_id = ?", (delivery.guild_id,)
        )
        # The role may be pinged only in the channel the subscription names, never in an old one.
        same_channel = subscription is not None and subscription["channel_id"] == delivery.channel_id
        message_id, post_state = delivery.message_id, None
        if delivery.kind == DeliveryKind.EDIT:
            post = await self.fetch_one(
                "SELECT message_id, state FROM news_deliveries WHERE kind = 'post' AND channel_id = ? "
                "AND report_id IS ? AND announcement_id IS ?",
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
        async with self.transaction() as db:
            await db.execute(
                "UPDATE news_deliveries SET state = 'delivered', message_id = coalesce(?, message_id),"
                " last_error = '', finished_at = ?, maybe_sent = 0 WHERE id = ? AND state = 'sending'",
                (message_id, now.isoformat(), delivery_id),
            )

    async def mark_retry(self, delivery_id: int, *, at: float, error: str, maybe_sent: bool = False) -> None:
        """Back in the queue until `at`; `maybe_sent` when the failed attempt may have created the message."""
        async with self.transaction() as db:
            await db.execute(
                "UPDATE news_deliveries SET state = 'pending', next_attempt_at = ?, last_error = ?, maybe_sent = ? "
                "WHERE id = ? AND state = 'sending'",
                (at, error[:500], int(maybe_sent), delivery_id),
            )

    async def mark_rejected(
        self, delivery: Delivery, *, reason: PauseReason | None, error: str, now: dt.datetime
    ) -> bool:
        """Never retry this row. With a `reason`, Discord refused the channel itself: pause the subscription that
        names it (and drop what else was queued there), so no later report knocks on the same door. Returns
        True when a subscription was paused."""
        paused = False
        async with self.transaction() as db:
            await db.execute(
                "UPDATE news_deliveries SET state = 'rejected', last_error = ?, finished_at = ? "
                "WHERE id = ? AND state = 'sending'",
                (error[:500], now.isoformat(), delivery.id),
            )
            if reason is None:
                return False
            cursor = await db.execute(
                "UPDATE news_subscriptions SET paused_reason = ?, paused_detail = ?, paused_at = ? "
                "WHERE guild_id = ? AND channel_id = ? AND paused_reason IS NULL",
                (reason.value, error[:500], now.isoformat(), delivery.guild_id, delivery.channel_id),
            )
            paused = bool(cursor.rowcount > 0)
            await db.execute(
                "UPDATE news_deliveries SET state = 'rejected', last_error = ?, finished_at = ? "
                "WHERE channel_id = ? AND state = 'pending'",
                (f"not sent: the news channel was paused ({reason.value})", now.isoformat(), delivery.channel_id),
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
                    detail=f"{reason.value}: {error[:200]}",
                )
        return paused

    async def progress(self, *, report_id: int | None = None, announcement_id: int | None = None) -> Progress:
        """Posts of one report or announcement: delivered, failed, still to go."""
        column, value = ("report_id", report_id) if report_id is not None else ("announcement_id", announcement_id)
        rows = await self.fetch_all(
            f"SELECT state, count(*) AS n FROM news_deliveries WHERE {column} = ? AND kind = 'post' GROUP BY state",
            (value,),
        )
        counts = {row["state"]: row["n"] for row in rows}
        return Progress(
            delivered=counts.get("delivered", 0),
            failed=counts.get("rejected", 0),
            remaining=counts.get("pending", 0) + counts.get("sending", 0),
        )

    async def recent_deliveries(self, guild_id: int, limit: int = 5) -> list[Delivery]:
        rows = await self.fetch_all(
            f"SELECT {_COLUMNS} FROM news_deliveries WHERE guild_id = ? ORDER BY id DESC LIMIT ?", (guild_id, limit)
        )
        return [delivery_from_row(row) for row in rows]

    async def deliveries(self, *, report_id: int | None = None, announcement_id: int | None = None) -> list[Delivery]:
        column, value = ("report_id", report_id) if report_id is not None else ("announcement_id", announcement_id)
        rows = await self.fetch_all(f"SELECT {_COLUMNS} FROM news_deliveries WHERE {column} = ? ORDER BY id", (value,))
        return [delivery_from_row(row) for row in rows]
