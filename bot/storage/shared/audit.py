"""The audit trail, who did what and when (both backends)."""

from __future__ import annotations

import datetime as dt

from bot.storage.interface import AuditEntry
from bot.storage.shared.connection import Connection, Database


async def record(
    db: Connection,
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


class SharedAudit:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def entries(self, guild_id: int) -> list[AuditEntry]:
        rows = await self._db.fetch_all(
            "SELECT actor_id, action, report_id, detail FROM news_audit WHERE guild_id = ? ORDER BY id", (guild_id,)
        )
        return [(r["actor_id"], r["action"], r["report_id"], r["detail"]) for r in rows]
