"""Per-server settings (both backends)."""

from __future__ import annotations

import datetime as dt

from bot.storage.shared.connection import Database


class SharedGuildSettings:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def language(self, guild_id: int) -> str | None:
        language = await self._db.fetch_value("SELECT language FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return None if language is None else str(language)

    async def set_language(self, guild_id: int, language: str | None) -> None:
        await self._db.execute(
            "INSERT INTO guild_settings (guild_id, language, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at",
            (guild_id, language, dt.datetime.now(dt.UTC).isoformat()),
        )
