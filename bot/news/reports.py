"""Moderators' sequel reports and announcements: store methods (mixed into the store).

Publishing writes the item, one outbox row per target channel and an audit row in one transaction, so a
report is never logged without its deliveries, nor delivered without being logged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.news.ledger import Report, ReportStatus
from bot.news.model import Announcement, ReportDraft, Scope
from bot.news.storebase import StoreMixin
from bot.news.subscriptions import audit

_REPORT_COLUMNS = (
    "id, scope, origin_guild_id, outlet, claim, status, url, reported_on, edited_at, retracted_at, retraction_reason"
)


def report_from_row(row: Any) -> Report:
    return Report(
        id=row["id"],
        scope=row["scope"],
        origin_guild_id=row["origin_guild_id"],
        outlet=row["outlet"],
        claim=row["claim"],
        status=ReportStatus(row["status"]),
        url=row["url"],
        reported_on=dt.date.fromisoformat(row["reported_on"]),
        retracted=row["retracted_at"] is not None,
        retraction_reason=row["retraction_reason"],
        edited=row["edited_at"] is not None,
    )


def announcement_from_row(row: Any) -> Announcement:
    return Announcement(
        id=row["id"], guild_id=row["guild_id"], author_id=row["author_id"], title=row["title"], message=row["message"]
    )


# Every active subscription for a network report; only the origin server's for a local one.
_TARGETS = (
    "SELECT guild_id, channel_id FROM news_subscriptions "
    "WHERE paused_reason IS NULL AND (? = 'network' OR guild_id = ?)"
)


class ReportsMixin(StoreMixin):
    async def publish_report(
        self, draft: ReportDraft, *, scope: Scope, guild_id: int, author_id: int, now: dt.datetime
    ) -> tuple[Report, int]:
        """Log the report and queue one post per target channel, atomically. Returns the report and the count."""
        async with self.transaction() as db:
            cursor = await db.execute(
                "INSERT INTO news_reports (scope, origin_guild_id, author_id, outlet, claim, status, url, reported_on,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    scope.value,
                    guild_id,
                    author_id,
                    draft.outlet,
                    draft.claim,
                    draft.status,
                    draft.url,
                    draft.reported_on.isoformat(),
                    now.isoformat(),
                ),
            )
            report_id = cursor.lastrowid
            cursor = await db.execute(
                "INSERT INTO news_deliveries (report_id, guild_id, channel_id, kind, next_attempt_at, created_at) "
                f"SELECT ?, guild_id, channel_id, 'post', ?, ? FROM ({_TARGETS})",
                (report_id, now.timestamp(), now.isoformat(), scope.value, guild_id),
            )
            queued = cursor.rowcount
            await audit(
                db,
                guild_id=guild_id,
                actor_id=author_id,
                action="publish",
                now=now,
                report_id=report_id,
                detail=f"{scope.value}; {queued} servers",
            )
        report = await self.report(report_id)
        assert report is not None
        return report, queued

    async def report(self, report_id: int) -> Report | None:
        row = await self.fetch_one(f"SELECT {_REPORT_COLUMNS} FROM news_reports WHERE id = ?", (report_id,))
        return report_from_row(row) if row else None

    async def reports_visible_to(self, guild_id: int | None) -> list[Report]:
        """Network reports, plus the local ones of `guild_id`, oldest first."""
        rows = await self.fetch_all(
            f"SELECT {_REPORT_COLUMNS} FROM news_reports WHERE scope = 'network' OR origin_guild_id = ? ORDER BY id",
            (guild_id if guild_id is not None else -1,),
        )
        return [report_from_row(row) for row in rows]

    async def change_report(
        self,
        report_id: int,
        *,
        actor_id: int,
        now: dt.datetime,
        claim: str | None = None,
        status: str | None = None,
        url: str | None = None,
        retraction_reason: str | None = None,
    ) -> int:
        """Edit or retract a report and queue an edit of every copy already posted. Returns how many."""
        async with self.transaction() as db:
            sets, params = ["edited_at = ?"], [now.isoformat()]
            for column, value in (("claim", claim), ("status", status), ("url", url)):
                if value is not None:
                    sets.append(f"{column} = ?")
                    params.append(value)
            if retraction_reason is not None:
                sets += ["retracted_at = ?", "retraction_reason = ?"]
                params += [now.isoformat(), retraction_reason]
            await db.execute(f"UPDATE news_reports SET {', '.join(sets)} WHERE id = ?", (*params, report_id))
            cursor = await db.execute("SELECT origin_guild_id FROM news_reports WHERE id = ?", (report_id,))
            row = await cursor.fetchone()
            # Posts still pending will render the new text when they go out; copies already posted (or being
            # posted right now) get an edit row. Several edits of one report coalesce into one row per channel.
            cursor = await db.execute(
                "INSERT INTO news_deliveries (report_id, guild_id, channel_id, kind, next_attempt_at, created_at) "
                "SELECT report_id, guild_id, channel_id, 'edit', ?, ? FROM news_deliveries "
                "WHERE report_id = ? AND kind = 'post' AND state IN ('delivered', 'sending') "
                "ON CONFLICT (report_id, channel_id, kind) WHERE report_id IS NOT NULL DO UPDATE SET "
                "state = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = '',"
                " finished_at = NULL",
                (now.timestamp(), now.isoformat(), report_id),
            )
            queued = cursor.rowcount
            await audit(
                db,
                guild_id=row["origin_guild_id"],
                actor_id=actor_id,
                action="retract" if retraction_reason is not None else "edit",
                now=now,
                report_id=report_id,
                detail=retraction_reason or ", ".join(s.split(" ")[0] for s in sets[1:]),
            )
        return int(queued)

    async def publish_announcement(
        self, *, guild_id: int, channel_id: int, author_id: int, title: str, message: str, now: dt.datetime
    ) -> Announcement:
        """Log the announcement and queue its post to this server's news channel, atomically."""
        async with self.transaction() as db:
            cursor = await db.execute(
                "INSERT INTO news_announcements (guild_id, author_id, title, message, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (guild_id, author_id, title, message, now.isoformat()),
            )
            announcement_id = cursor.lastrowid
            await db.execute(
                "INSERT INTO news_deliveries (announcement_id, guild_id, channel_id, kind, next_attempt_at, created_at)"
                " VALUES (?, ?, ?, 'post', ?, ?)",
                (announcement_id, guild_id, channel_id, now.timestamp(), now.isoformat()),
            )
            await audit(
                db, guild_id=guild_id, actor_id=author_id, action="announce", now=now, announcement_id=announcement_id
            )
        announcement = await self.announcement(announcement_id)
        assert announcement is not None
        return announcement

    async def announcement(self, announcement_id: int) -> Announcement | None:
        row = await self.fetch_one(
            "SELECT id, guild_id, author_id, title, message FROM news_announcements WHERE id = ?", (announcement_id,)
        )
        return announcement_from_row(row) if row else None

    async def audit_log(self, guild_id: int) -> list[tuple[int | None, str, int | None, str]]:
        """(actor, action, report id, detail) for one server, oldest first."""
        rows = await self.fetch_all(
            "SELECT actor_id, action, report_id, detail FROM news_audit WHERE guild_id = ? ORDER BY id", (guild_id,)
        )
        return [(r["actor_id"], r["action"], r["report_id"], r["detail"]) for r in rows]
