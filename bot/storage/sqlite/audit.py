"""The audit trail (who did what, when) and per-server settings on SQLite."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.storage.interface import AuditEntry
from bot.storage.sqlite.database import SQLiteDatabase


async def record(
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


class SQLiteAudit:
    def __init__(self, db: SQLiteDatabase) -> None:
        self._db = db

    async def entries(self, guild_id: int) -> list[AuditEntry]:
        rows = await self._db.fetch_all(
            "SELECT actor_id, action, report_id, detail FROM news_audit WHERE guild_id = ? ORDER BY id", (guild_id,)
        )
        return [(r["actor_id"], r["action"], r["report_id"], r["detail"]) for r in rows]


class SQLiteGuildSettings:
    def __init__(self, db: SQLiteDatabase) -> None:
        self._db = db

    async def language(self, guild_id: int) -> str | None:
        language = await self._db.fetch_value("SELECT language FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return None if language is None else str(language)

    async def set_language(self, guild_id: int, language: str | None) -> None:
        await self._db.execute(
            "INSERT INTO guild_settings (guild_id, language) VALUES (?, ?) "
            "ON CONFLICT(guild_id) DO UPDATE SET language = excluded.language, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            (guild_id, language),
        )
