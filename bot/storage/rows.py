"""Rows to records: what every backend's queries return, turned into the plain records `bot/news` uses.

A row is anything indexable by column name (sqlite3.Row, asyncpg.Record).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.news.ledger import Report, ReportStatus
from bot.news.model import Announcement, Delivery, DeliveryKind, DeliveryState, PauseReason, Reason, Subscription

REPORT_COLUMNS = (
    "id, scope, origin_guild_id, outlet, claim, claim_ko, status, url, reported_on, edited_at, retracted_at,"
    " retraction_reason, retraction_reason_ko"
)
ANNOUNCEMENT_COLUMNS = "id, guild_id, author_id, title, message"
SUBSCRIPTION_COLUMNS = "guild_id, channel_id, role_id, language, paused_reason, paused_detail, paused_at"
DELIVERY_COLUMNS = (
    "id, kind, state, guild_id, channel_id, attempts, next_attempt_at, message_id, last_error, report_id,"
    " announcement_id, finished_at, maybe_sent"
)


def report_from_row(row: Any) -> Report:
    return Report(
        id=row["id"],
        scope=row["scope"],
        origin_guild_id=row["origin_guild_id"],
        outlet=row["outlet"],
        claim=row["claim"],
        claim_ko=row["claim_ko"],
        status=ReportStatus(row["status"]),
        url=row["url"],
        reported_on=dt.date.fromisoformat(row["reported_on"]),
        retracted=row["retracted_at"] is not None,
        retraction_reason=row["retraction_reason"],
        retraction_reason_ko=row["retraction_reason_ko"],
        edited=row["edited_at"] is not None,
    )


def announcement_from_row(row: Any) -> Announcement:
    return Announcement(
        id=row["id"], guild_id=row["guild_id"], author_id=row["author_id"], title=row["title"], message=row["message"]
    )


def subscription_from_row(row: Any) -> Subscription:
    return Subscription(
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        role_id=row["role_id"],
        language=row["language"],
        paused_reason=PauseReason(row["paused_reason"]) if row["paused_reason"] else None,
        paused_detail=Reason.decode(row["paused_detail"]),
        paused_at=row["paused_at"],
    )


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
        last_error=Reason.decode(row["last_error"]),
        report_id=row["report_id"],
        announcement_id=row["announcement_id"],
        finished_at=row["finished_at"],
        maybe_sent=bool(row["maybe_sent"]),
    )
