"""Moderators' sequel reports and announcements (both backends).

Publishing writes the item, one outbox row per target channel and an audit row in one transaction, so a
report is never logged without its deliveries, nor delivered without being logged.
"""

from __future__ import annotations

import datetime as dt

from bot.news.ledger import Report
from bot.news.model import Announcement, ReportDraft, Scope
from bot.storage.rows import ANNOUNCEMENT_COLUMNS, REPORT_COLUMNS, announcement_from_row, report_from_row
from bot.storage.shared.audit import record
from bot.storage.shared.connection import Database
from bot.storage.sql import DELIVERED, EDIT, NETWORK, PENDING, POST, SENDING

# Every active subscription for a network report; only the origin server's for a local one.
_TARGETS = (
    "SELECT guild_id, channel_id FROM news_subscriptions "
    f"WHERE paused_reason IS NULL AND (CAST(? AS TEXT) = {NETWORK} OR guild_id = ?)"
)


class SharedReports:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def publish(
        self,
        draft: ReportDraft,
        *,
        scope: Scope,
        guild_id: int,
        author_id: int,
        now: dt.datetime,
        preview_token: str | None = None,
    ) -> tuple[Report, int]:
        async with self._db.transaction() as db:
            report_id = await db.fetch_value(
                "INSERT INTO news_reports (scope, origin_guild_id, author_id, outlet, claim, claim_ko, status, url,"
                " reported_on, created_at, preview_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    scope.value,
                    guild_id,
                    author_id,
                    draft.outlet,
                    draft.claim,
                    draft.claim_ko,
                    draft.status,
                    draft.url,
                    draft.reported_on.isoformat(),
                    now.isoformat(),
                    preview_token,
                ),
            )
            queued = await db.execute(
                "INSERT INTO news_deliveries (report_id, guild_id, channel_id, kind, next_attempt_at, created_at) "
                f"SELECT ?, guild_id, channel_id, {POST}, ?, ? FROM ({_TARGETS})",
                (report_id, now.timestamp(), now.isoformat(), scope.value, guild_id),
            )
            await self._db.announce_work(db)
            await record(
                db,
                guild_id=guild_id,
                actor_id=author_id,
                action="publish",
                now=now,
                report_id=report_id,
                detail=f"{scope.value}; {queued} servers",
            )
        report = await self.get(report_id)
        assert report is not None
        return report, queued

    async def get(self, report_id: int) -> Report | None:
        row = await self._db.fetch_one(f"SELECT {REPORT_COLUMNS} FROM news_reports WHERE id = ?", (report_id,))
        return report_from_row(row) if row else None

    async def from_preview(self, preview_token: str) -> Report | None:
        row = await self._db.fetch_one(
            f"SELECT {REPORT_COLUMNS} FROM news_reports WHERE preview_token = ?", (preview_token,)
        )
        return report_from_row(row) if row else None

    async def visible_to(self, guild_id: int | None) -> list[Report]:
        rows = await self._db.fetch_all(
            f"SELECT {REPORT_COLUMNS} FROM news_reports WHERE scope = {NETWORK} OR origin_guild_id = ? ORDER BY id",
            (guild_id if guild_id is not None else -1,),
        )
        return [report_from_row(row) for row in rows]

    async def change(
        self,
        report_id: int,
        *,
        actor_id: int,
        now: dt.datetime,
        claim: str | None = None,
        status: str | None = None,
        url: str | None = None,
        reported_on: dt.date | None = None,
        retraction_reason: str | None = None,
        claim_ko: str | None = None,
        retraction_reason_ko: str | None = None,
    ) -> int:
        async with self._db.transaction() as db:
            sets, params = ["edited_at = ?"], [now.isoformat()]
            day = reported_on.isoformat() if reported_on is not None else None
            for column, value in (
                ("claim", claim),
                ("claim_ko", claim_ko),
                ("status", status),
                ("url", url),
                ("reported_on", day),
            ):
                if value is not None:
                    sets.append(f"{column} = ?")
                    params.append(value)
            if retraction_reason is not None:
                sets += ["retracted_at = ?", "retraction_reason = ?", "retraction_reason_ko = ?"]
                params += [now.isoformat(), retraction_reason, retraction_reason_ko or ""]
            await db.execute(f"UPDATE news_reports SET {', '.join(sets)} WHERE id = ?", (*params, report_id))
            origin_guild_id = await db.fetch_value(
                "SELECT origin_guild_id FROM news_reports WHERE id = ?", (report_id,)
            )
            # Posts still pending will render the new text when they go out; copies already posted (or being
            # posted right now) get an edit row. Several edits of one report coalesce into one row per channel.
            queued = await db.execute(
                "INSERT INTO news_deliveries (report_id, guild_id, channel_id, kind, next_attempt_at, created_at) "
                f"SELECT report_id, guild_id, channel_id, {EDIT}, ?, ? FROM news_deliveries "
                f"WHERE report_id = ? AND kind = {POST} AND state IN ({DELIVERED}, {SENDING}) "
                "ON CONFLICT (report_id, channel_id, kind) WHERE report_id IS NOT NULL DO UPDATE SET "
                f"state = {PENDING}, attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = '',"
                " finished_at = NULL",
                (now.timestamp(), now.isoformat(), report_id),
            )
            await self._db.announce_work(db)
            await record(
                db,
                guild_id=origin_guild_id,
                actor_id=actor_id,
                action="retract" if retraction_reason is not None else "edit",
                now=now,
                report_id=report_id,
                detail=retraction_reason or ", ".join(s.split(" ")[0] for s in sets[1:]),
            )
        return int(queued)


class SharedAnnouncements:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def publish(
        self,
        *,
        guild_id: int,
        channel_id: int,
        author_id: int,
        title: str,
        message: str,
        now: dt.datetime,
        preview_token: str | None = None,
    ) -> Announcement:
        async with self._db.transaction() as db:
            announcement_id = await db.fetch_value(
                "INSERT INTO news_announcements (guild_id, author_id, title, message, created_at, preview_token) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (guild_id, author_id, title, message, now.isoformat(), preview_token),
            )
            await db.execute(
                "INSERT INTO news_deliveries (announcement_id, guild_id, channel_id, kind, next_attempt_at, created_at)"
                f" VALUES (?, ?, ?, {POST}, ?, ?)",
                (announcement_id, guild_id, channel_id, now.timestamp(), now.isoformat()),
            )
            await self._db.announce_work(db)
            await record(
                db, guild_id=guild_id, actor_id=author_id, action="announce", now=now, announcement_id=announcement_id
            )
        announcement = await self.get(announcement_id)
        assert announcement is not None
        return announcement

    async def get(self, announcement_id: int) -> Announcement | None:
        row = await self._db.fetch_one(
            f"SELECT {ANNOUNCEMENT_COLUMNS} FROM news_announcements WHERE id = ?", (announcement_id,)
        )
        return announcement_from_row(row) if row else None

    async def from_preview(self, preview_token: str) -> Announcement | None:
        row = await self._db.fetch_one(
            f"SELECT {ANNOUNCEMENT_COLUMNS} FROM news_announcements WHERE preview_token = ?", (preview_token,)
        )
        return announcement_from_row(row) if row else None
