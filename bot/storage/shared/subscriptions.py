"""Subscriptions (both backends): one news channel (and optional role to ping) per server."""

from __future__ import annotations

import datetime as dt

from bot.news.model import Subscription
from bot.storage.rows import SUBSCRIPTION_COLUMNS, subscription_from_row
from bot.storage.shared.audit import record
from bot.storage.shared.connection import Database


class SharedSubscriptions:
    def __init__(self, db: Database) -> None:
        self._db = db

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
        async with self._db.transaction() as db:
            await db.execute(
                "INSERT INTO news_subscriptions (guild_id, channel_id, role_id, language, subscribed_by, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(guild_id) DO UPDATE SET channel_id = excluded.channel_id, role_id = excluded.role_id,"
                " language = excluded.language, subscribed_by = excluded.subscribed_by,"
                " updated_at = excluded.updated_at, paused_reason = NULL, paused_detail = '', paused_at = NULL",
                (guild_id, channel_id, role_id, language, actor_id, now.isoformat(), now.isoformat()),
            )
            await record(db, guild_id=guild_id, actor_id=actor_id, action="subscribe", now=now, detail=str(channel_id))
        subscription = await self.get(guild_id)
        assert subscription is not None
        return subscription

    async def unsubscribe(self, guild_id: int, *, actor_id: int, now: dt.datetime) -> bool:
        async with self._db.transaction() as db:
            removed = await db.execute("DELETE FROM news_subscriptions WHERE guild_id = ?", (guild_id,)) > 0
            if removed:
                await record(db, guild_id=guild_id, actor_id=actor_id, action="unsubscribe", now=now)
        return removed

    async def get(self, guild_id: int) -> Subscription | None:
        row = await self._db.fetch_one(
            f"SELECT {SUBSCRIPTION_COLUMNS} FROM news_subscriptions WHERE guild_id = ?", (guild_id,)
        )
        return subscription_from_row(row) if row else None

    async def count_targets(self, *, network: bool, guild_id: int) -> int:
        params: tuple[int, ...]
        if network:
            sql, params = "SELECT count(*) FROM news_subscriptions WHERE paused_reason IS NULL", ()
        else:
            sql = "SELECT count(*) FROM news_subscriptions WHERE paused_reason IS NULL AND guild_id = ?"
            params = (guild_id,)
        return int(await self._db.fetch_value(sql, params))
