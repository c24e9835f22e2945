"""/news: where a server's news goes, sequel reports and announcements, for moderators only.

Registered guild-only with `default_permissions(manage_guild)` so fans never see it, and checked again in
code because a server's admins can override the defaults. The delivery worker starts with this cog.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import FanBot
from bot.errors import UserFacingError
from bot.i18n import language_of, languages, option_name, permission_names, t
from bot.i18n.commands import choices, command_text, localized_options
from bot.news.ledger import Report, ReportStatus
from bot.news.model import Progress
from bot.news.network import network_state
from bot.news.ratelimit import ChannelLimits, Pacer
from bot.news.sender import serve_news
from bot.news.service import NewsService
from bot.news.validation import REASON, report_draft
from bot.news.worker import Worker
from bot.ui.news import (
    announcement_post,
    korean_as_typed,
    progress_text,
    report_post,
    report_preview,
    scope_words,
    status_embed,
)
from bot.ui.news_delivery import BotEventWaiter, DiscordSender, ProgressBoard
from bot.ui.news_health import delivery_health, health_text
from bot.ui.news_preview import PreviewButton, Previews, Shown
from bot.ui.process import process_fields
from bot.ui.respond import defer, reply

STATUS_CHOICES = choices("status", [s.value for s in ReportStatus])
NEEDED = ("view_channel", "send_messages", "embed_links")


class News(commands.Cog):
    news = app_commands.Group(
        **command_text("news"),
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: FanBot) -> None:
        self.bot = bot
        self.board = ProgressBoard(bot.store.outbox)
        pacer, channels = Pacer(bot.settings.news_rate_per_second), ChannelLimits()
        bot.rest_watch.attach(pacer, channels)
        self.worker = Worker(
            bot.store.outbox,
            DiscordSender(bot, bot.ledger),
            pacer=pacer,
            channels=channels,
            waiter=BotEventWaiter(bot),
            now=discord.utils.utcnow,
            on_finished=self.board.finished,
            lease_seconds=bot.settings.news_lease_seconds,
        )
        self.service = NewsService(
            bot.store, home_guild_id=bot.settings.home_guild_id, now=discord.utils.utcnow, wake=self.worker.wake
        )
        self.previews = Previews(self.service.published_from)
        self._task: asyncio.Task[None] | None = None
        self._followers: set[asyncio.Task[None]] = set()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(PreviewButton)  # answers a preview's buttons, also one from before a restart
        if self.bot.serving:  # never from `python -m bot sync`: it would reset the live bot's in-flight rows
            # every process contends; only the one holding the store's sender role delivers (see bot/news/sender)
            self._task = asyncio.create_task(serve_news(self.bot.store.sender, self.worker), name="news-worker")

    async def _follow_elsewhere(self, key: tuple[str, int]) -> None:
        """Another process delivers the news: this moderator's progress message follows the database instead."""
        if await self.bot.store.sender.holder() == self.bot.store.owner:
            return  # this process delivers: the worker reports each finished delivery to the board itself
        follower = asyncio.create_task(self.board.follow(key, BotEventWaiter(self.bot).wait), name="news-progress")
        self._followers.add(follower)
        follower.add_done_callback(self._followers.discard)

    async def cog_unload(self) -> None:
        # Everything that may still edit a message stops here, before the bot closes its HTTP session: the
        # progress boards, the presses being answered, then the worker.
        self.board.close()
        followers = list(self._followers)
        for follower in followers:
            follower.cancel()
        await asyncio.gather(*followers, return_exceptions=True)
        self.bot.remove_dynamic_items(PreviewButton)
        await self.previews.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            await self.worker.flush()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        # Discord hides /news from fans by default, but a server can override that: check again here.
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    # ------------------------------------------------------------ subscriptions
    @localized_options("news.subscribe")
    @news.command(**command_text("news.subscribe"))
    @app_commands.choices(language=choices("language", languages()))
    async def subscribe(
        self,
        interaction: discord.Interaction[FanBot],
        channel: discord.TextChannel,
        role: discord.Role | None = None,
        language: str | None = None,
    ) -> None:
        locale = interaction.locale
        if role is not None and role.is_default():
            raise UserFacingError(key="news.everyone_role")
        me = channel.guild.me
        permissions = channel.permissions_for(me) if me is not None else discord.Permissions.none()
        missing = [name for name in NEEDED if not getattr(permissions, name)]
        if missing:
            raise UserFacingError(
                key="news.cannot_post", channel=channel.mention, permissions=permission_names(missing)
            )
        await defer(interaction, ephemeral=True)
        subscription = await self.service.subscribe(
            guild_id=channel.guild.id,
            channel_id=channel.id,
            role_id=role.id if role is not None else None,
            language=language,
            server_language=language_of(interaction.guild_locale),
            actor_id=interaction.user.id,
        )
        words = t(f"choices.language.{subscription.language}", locale)
        if role is None:
            lines = [t("news.subscribed", locale, channel=channel.mention, language=words)]
        else:
            lines = [t("news.subscribed_role", locale, channel=channel.mention, role=role.mention, language=words)]
        # Warnings, not refusals: news works without these, but a moderator should know what they cost.
        if role is not None and not role.mentionable and not permissions.mention_everyone:
            lines.append(t("news.role_not_mentionable", locale, role=role.mention))
        if not permissions.read_message_history:
            lines.append(t("news.no_history", locale, channel=channel.mention))
        await reply(interaction, "\n".join(lines), ephemeral=True)

    @news.command(**command_text("news.unsubscribe"))
    async def unsubscribe(self, interaction: discord.Interaction[FanBot]) -> None:
        assert interaction.guild_id is not None
        await defer(interaction, ephemeral=True)
        await self.service.unsubscribe(guild_id=interaction.guild_id, actor_id=interaction.user.id)
        await reply(interaction, t("news.unsubscribed", interaction.locale), ephemeral=True)

    @news.command(**command_text("news.status"))
    async def status(self, interaction: discord.Interaction[FanBot]) -> None:
        assert interaction.guild_id is not None
        await defer(interaction, ephemeral=True)
        subscription, deliveries = await self.service.status(interaction.guild_id)
        network = process_fields(
            await network_state(self.bot.store),
            shard_ids=self.bot.shard_ids or range(self.bot.shard_count or 1),
            shard_count=self.bot.shard_count,
            answering_shard=interaction.guild.shard_id if interaction.guild is not None else None,
            locale=interaction.locale,
        )
        delivery = health_text(delivery_health(self.bot), interaction.locale)
        embed = status_embed(subscription, deliveries, delivery, interaction.locale, extra=network)
        await reply(interaction, embed=embed, ephemeral=True)

    # ------------------------------------------------------------------ reports
    @localized_options("news.report")
    @news.command(**command_text("news.report"))
    @app_commands.choices(status=STATUS_CHOICES)
    async def report(
        self,
        interaction: discord.Interaction[FanBot],
        outlet: str,
        claim: str,
        status: str,
        url: str | None = None,
        reported_on: str | None = None,
        claim_ko: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        guild_id, locale = interaction.guild_id, interaction.locale
        draft = report_draft(
            outlet=outlet,
            claim=claim,
            status=status,
            url=url,
            reported_on=reported_on,
            today=discord.utils.utcnow().date(),
            claim_ko=claim_ko,
        )
        await defer(interaction, ephemeral=True)
        scope = self.service.scope_for(guild_id)
        reach = await self.service.reach(guild_id)
        preview = Report(
            outlet=draft.outlet,
            claim=draft.claim,
            claim_ko=draft.claim_ko,
            status=ReportStatus(draft.status),
            reported_on=draft.reported_on,
            url=draft.url,
            scope=scope.value,
            origin_guild_id=guild_id,
        )
        sequel = await self.bot.ledger.status_with(preview, guild_id)
        embeds, languages = report_preview(preview, locale, sequel)
        text = t("news.preview_report", locale, count=reach, scope=scope_words(scope.value, locale))
        text += "\n" + languages
        if reach == 0:
            text += "\n" + t("news.preview_zero", locale)

        async def publish(click: discord.Interaction[FanBot], token: str) -> tuple[str, Shown]:
            published, queued = await self.service.publish_report(
                draft, guild_id=guild_id, author_id=click.user.id, preview_token=token
            )
            report_id = published.id
            assert report_id is not None

            async def show() -> None:
                self.board.watch_report(report_id, click, published.label)
                text = progress_text(published.label, Progress(0, 0, queued), click.locale)
                await click.edit_original_response(
                    content=text,
                    embed=report_post(published, click.locale, await self.bot.ledger.status_with(published, guild_id)),
                    view=None,
                )
                await self.board.start(("report", report_id), shown=text)
                await self._follow_elsewhere(("report", report_id))

            return published.label, show

        view = self.previews.open("report", owner_id=interaction.user.id, command=interaction, publish=publish)
        await reply(interaction, text, embeds=embeds, view=view, ephemeral=True)

    @localized_options("news.edit")
    @news.command(**command_text("news.edit"))
    @app_commands.choices(status=STATUS_CHOICES)
    async def edit(
        self,
        interaction: discord.Interaction[FanBot],
        report_id: app_commands.Range[int, 1],
        claim: str | None = None,
        status: str | None = None,
        url: str | None = None,
        reported_on: str | None = None,
        claim_ko: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        await defer(interaction, ephemeral=True)
        report, queued = await self.service.edit_report(
            report_id,
            guild_id=interaction.guild_id,
            actor_id=interaction.user.id,
            claim=claim,
            status=status,
            url=url,
            reported_on=reported_on,
            claim_ko=claim_ko,
        )
        text = t("news.edited", interaction.locale, label=report.label, count=queued)
        if claim is not None and claim_ko is None:
            text += "\n" + t(
                "news.claim_ko_dropped",
                interaction.locale,
                claim=option_name("news.edit", "claim"),
                claim_ko=option_name("news.edit", "claim_ko"),
            )
        await reply(
            interaction,
            text,
            embed=report_post(
                report, interaction.locale, await self.bot.ledger.status_with(report, interaction.guild_id)
            ),
            ephemeral=True,
        )

    @localized_options("news.retract")
    @news.command(**command_text("news.retract"))
    async def retract(
        self,
        interaction: discord.Interaction[FanBot],
        report_id: app_commands.Range[int, 1],
        reason: str,
        reason_ko: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        await defer(interaction, ephemeral=True)
        report, queued = await self.service.retract_report(
            report_id, guild_id=interaction.guild_id, actor_id=interaction.user.id, reason=reason, reason_ko=reason_ko
        )
        text = t("news.retracted", interaction.locale, label=report.label, count=queued)
        if not report.retraction_reason_ko:
            text += "\n" + korean_as_typed(REASON, "news.retract", interaction.locale, before=False)
        await reply(
            interaction,
            text,
            embed=report_post(
                report, interaction.locale, await self.bot.ledger.status_with(report, interaction.guild_id)
            ),
            ephemeral=True,
        )

    # ------------------------------------------------------------ announcements
    @localized_options("news.announce")
    @news.command(**command_text("news.announce"))
    async def announce(self, interaction: discord.Interaction[FanBot], title: str, message: str) -> None:
        assert interaction.guild_id is not None
        guild_id, locale = interaction.guild_id, interaction.locale
        title, message = self.service.announcement_text(title, message)
        await defer(interaction, ephemeral=True)
        subscription = await self.service.news_channel(guild_id)
        channel = f"<#{subscription.channel_id}>"

        async def publish(click: discord.Interaction[FanBot], token: str) -> tuple[str, Shown]:
            announcement = await self.service.announce(
                guild_id=guild_id, author_id=click.user.id, title=title, message=message, preview_token=token
            )

            async def show() -> None:
                self.board.watch_announcement(announcement.id, click, subscription.channel_id)
                text = t("news.announcement_sending", click.locale, channel=channel)
                await click.edit_original_response(content=text, view=None)
                await self.board.start(("announcement", announcement.id), shown=text)
                await self._follow_elsewhere(("announcement", announcement.id))

            return announcement.label, show

        view = self.previews.open("announce", owner_id=interaction.user.id, command=interaction, publish=publish)
        await reply(
            interaction,
            t("news.preview_announcement", locale, channel=channel),
            # as fans will read it: the post's own words (its footer) follow the channel's language, not the
            # moderator's client
            embed=announcement_post((title, message), subscription.language),
            view=view,
            ephemeral=True,
        )


async def setup(bot: FanBot) -> None:
    await bot.add_cog(News(bot))
