"""What moderators' commands call: the rules around reports, announcements and subscriptions.

Checks first, then one store call that writes everything or nothing, then a nudge to the worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.errors import UserFacingError
from bot.i18n import Words, option_name
from bot.news.ledger import Report
from bot.news.model import Announcement, Delivery, ReportDraft, Scope, Subscription
from bot.news.validation import (
    CLAIM,
    MAX_MESSAGE,
    MAX_TITLE,
    REASON,
    clean_date,
    clean_korean,
    clean_pair,
    clean_status,
    clean_text,
    clean_url,
)
from bot.storage.interface import Store

# What `/news edit` can change, named as the moderator's client lists its options.
EDITABLE = Words(
    tuple(f"commands.news.edit.options.{o}.name" for o in ("claim", "claim_ko", "status", "url", "reported_on"))
)


class NewsService:
    def __init__(
        self,
        store: Store,
        *,
        home_guild_id: int | None,
        now: Callable[[], dt.datetime],
        wake: Callable[[], None],
    ) -> None:
        self.store = store
        self.home_guild_id = home_guild_id
        self.now = now
        self.wake = wake

    # ------------------------------------------------------------------ reports
    def scope_for(self, guild_id: int) -> Scope:
        """Reports logged in the home server go to the whole network; anywhere else they stay local."""
        return Scope.NETWORK if guild_id == self.home_guild_id else Scope.LOCAL

    async def reach(self, guild_id: int) -> int:
        """How many servers a report logged in `guild_id` would be posted to now."""
        return await self.store.subscriptions.count_targets(
            network=self.scope_for(guild_id) == Scope.NETWORK, guild_id=guild_id
        )

    async def publish_report(
        self, draft: ReportDraft, *, guild_id: int, author_id: int, preview_token: str
    ) -> tuple[Report, int]:
        report, queued = await self.store.reports.publish(
            draft,
            scope=self.scope_for(guild_id),
            guild_id=guild_id,
            author_id=author_id,
            now=self.now(),
            preview_token=preview_token,
        )
        if queued:
            self.wake()
        return report, queued

    async def published_from(self, preview_token: str) -> str | None:
        """The label (`#N`, `#A3`) of what that preview already published, or None."""
        report = await self.store.reports.from_preview(preview_token)
        if report is not None:
            return report.label
        announcement = await self.store.announcements.from_preview(preview_token)
        return announcement.label if announcement is not None else None

    async def own_report(self, report_id: int, guild_id: int) -> Report:
        """The report, if it exists and this server logged it (only its own server may change it)."""
        report = await self.store.reports.get(report_id)
        if report is None:
            raise UserFacingError(key="news.no_such_report", id=report_id)
        if report.origin_guild_id != guild_id:
            raise UserFacingError(key="news.not_your_report", id=report_id)
        if report.retracted:
            raise UserFacingError(key="news.already_retracted", id=report_id)
        return report

    async def edit_report(
        self,
        report_id: int,
        *,
        guild_id: int,
        actor_id: int,
        claim: str | None,
        status: str | None,
        url: str | None,
        reported_on: str | None = None,
        claim_ko: str | None = None,
    ) -> tuple[Report, int]:
        """Change a report; every posted copy gets edited. Returns the new report and how many copies.

        A new claim without a new `claim_ko` drops the Korean one: a translation of the old claim would
        contradict the correction, so Korean posts show the corrected claim in English until it is given."""
        if claim is None and status is None and url is None and reported_on is None and claim_ko is None:
            raise UserFacingError(key="news.nothing_to_edit", options=EDITABLE)
        now = self.now()
        day = clean_date(reported_on, today=now.date()) if reported_on is not None else None
        if claim is not None:  # without a new claim_ko this gives '': the old Korean claim is dropped
            claim, claim_ko = clean_pair(CLAIM, "news.edit", claim, claim_ko)
        elif claim_ko is not None:
            claim_ko = clean_korean(CLAIM, "news.edit", claim_ko)
        status = clean_status(status) if status is not None else None
        url = clean_url(url, field=option_name("news.edit", "url")) if url is not None else None
        await self.own_report(report_id, guild_id)
        queued = await self.store.reports.change(
            report_id,
            actor_id=actor_id,
            now=now,
            claim=claim,
            status=status,
            url=url,
            reported_on=day,
            claim_ko=claim_ko,
        )
        if queued:
            self.wake()
        report = await self.store.reports.get(report_id)
        assert report is not None  # it was there a moment ago, and reports are never deleted
        return report, queued

    async def retract_report(
        self, report_id: int, *, guild_id: int, actor_id: int, reason: str, reason_ko: str | None = None
    ) -> tuple[Report, int]:
        """Retract a report: every posted copy is edited to say so and why (never deleted); Korean copies give
        `reason_ko` when there is one."""
        reason, reason_ko = clean_pair(REASON, "news.retract", reason, reason_ko)
        await self.own_report(report_id, guild_id)
        queued = await self.store.reports.change(
            report_id,
            actor_id=actor_id,
            now=self.now(),
            retraction_reason=reason,
            retraction_reason_ko=reason_ko,
        )
        if queued:
            self.wake()
        report = await self.store.reports.get(report_id)
        assert report is not None  # it was there a moment ago, and reports are never deleted
        return report, queued

    # ------------------------------------------------------------ announcements
    async def news_channel(self, guild_id: int) -> Subscription:
        """This server's active subscription; announcements need one."""
        subscription = await self.store.subscriptions.get(guild_id)
        if subscription is None:
            raise UserFacingError(key="news.no_news_channel")
        if not subscription.active:
            raise UserFacingError(key="news.news_channel_paused", channel=f"<#{subscription.channel_id}>")
        return subscription

    @staticmethod
    def announcement_text(title: str, message: str) -> tuple[str, str]:
        return (
            clean_text(title, field=option_name("news.announce", "title"), limit=MAX_TITLE),
            clean_text(message, field=option_name("news.announce", "message"), limit=MAX_MESSAGE),
        )

    async def announce(
        self, *, guild_id: int, author_id: int, title: str, message: str, preview_token: str
    ) -> Announcement:
        title, message = self.announcement_text(title, message)
        subscription = await self.news_channel(guild_id)
        announcement = await self.store.announcements.publish(
            guild_id=guild_id,
            channel_id=subscription.channel_id,
            author_id=author_id,
            title=title,
            message=message,
            now=self.now(),
            preview_token=preview_token,
        )
        self.wake()
        return announcement

    # ------------------------------------------------------------ subscriptions
    async def subscribe(
        self,
        *,
        guild_id: int,
        channel_id: int,
        role_id: int | None,
        language: str | None,
        server_language: str,
        actor_id: int,
    ) -> Subscription:
        """Posts go out in `language`; when not chosen, in the one chosen before (subscribing again only resumes
        or moves the news), else in the server's own language."""
        if language is None:
            existing = await self.store.subscriptions.get(guild_id)
            language = existing.language if existing is not None else server_language
        return await self.store.subscriptions.subscribe(
            guild_id, channel_id, role_id=role_id, language=language, actor_id=actor_id, now=self.now()
        )

    async def unsubscribe(self, *, guild_id: int, actor_id: int) -> None:
        if not await self.store.subscriptions.unsubscribe(guild_id, actor_id=actor_id, now=self.now()):
            raise UserFacingError(key="news.not_subscribed")

    async def status(self, guild_id: int) -> tuple[Subscription | None, list[Delivery]]:
        return await self.store.subscriptions.get(guild_id), await self.store.outbox.recent(guild_id)
