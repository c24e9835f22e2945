"""Where each server's automatic news goes: store methods for subscriptions (mixed into the store)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.news.model import PauseReason, Subscription
from bot.news.storebase import StoreMixin

_COLUMNS = "guild_id, channel_id, role_id, language, paused_reason, paused_detail, paused_at"


def subscription_from_row(row: Any) -> Subscription:
    return Subscription(
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        role_id=row["role_id"],
        language=row["language"],
        paused_reason=PauseReason(row["paused_reason"]) if row["paused_reason"] else None,
        paused_detail=row["paused_detail"],
        paused_at=row["paused_at"],
    )


async def audit(
    db: Any,
    *,
    guild_id: int,
    actor_id: int | None,
    action: str,
    now: dt.datetime,
    report_id: int | None = None,
    announcement_id: int | None = None,
    detail: str = "",
) -> None:
    """Record who did what, inside the caller's transaction."""
    await db.execute(
        "INSERT INTO news_audit (guild_id, actor_id, action, report_id, announcement_id, detail, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (guild_id, actor_id, action, report_id, announcement_id, detail, now.isoformat()),
    )


class SubscriptionsMixin(StoreMixin):
    """Subscriptions: one news channel (and optional role to ping) per server."""

    async def subscribe(
        self,
        guild_id: int,
        channel_id: int,
        *,
        role_id: int | None,
        language: str,
        actor_id: int,
        now: dt.datetime,
    ) -> Subscription:
        """Create or replace this server's subscription; subscribing again resumes a paused one."""
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO news_subscriptions (guild_id, channel_id, role_id, language, subscribed_by, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(guild_id) DO UPDATE SET channel_id = excluded.channel_id, role_id = excluded.role_id,"
                " language = excluded.language, subscribed_by = excluded.subscribed_by,"
                " updated_at = excluded.updated_at, paused_reason = NULL, paused_detail = '', paused_at = NULL",
                (guild_id, channel_id, role_id, language, actor_id, now.isoformat(), now.isoformat()),
            )
            await audit(db, guild_id=guild_id, actor_id=actor_id, action="subscribe", now=now, detail=str(channel_id))
        subscription = await self.subscription(guild_id)
        assert subscription is not None
        return subscription

    async def unsubscribe(self, guild_id: int, *, actor_id: int, now: dt.datetime) -> bool:
        """Stop automatic news for this server; False when it was not subscribed."""
        async with self.transaction() as db:
            cursor = await db.execute("DELETE FROM news_subscriptions WHERE guild_id = ?", (guild_id,))
            removed: bool = cursor.rowcount > 0
            if removed:
                await audit(db, guild_id=guild_id, actor_id=actor_id, action="unsubscribe", now=now)
        return removed

    async def subscription(self, guild_id: int) -> Subscription | None:
        row = await self.fetch_one(f"SELECT {_COLUMNS} FROM news_subscriptions WHERE guild_id = ?", (guild_id,))
        return subscription_from_row(row) if row else None

    async def count_targets(self, *, network: bool, guild_id: int) -> int:
        """How many servers a report would reach: every active subscription, or only this server's."""
        params: tuple[int, ...]
        if network:
            sql, params = "SELECT count(*) FROM news_subscriptions WHERE paused_reason IS NULL", ()
        else:
            sql = "SELECT count(*) FROM news_subscriptions WHERE paused_reason IS NULL AND guild_id = ?"
            params = (guild_id,)
        return int(await self.fetch_value(sql, params))
