"""What news posts, previews and `/news status` look like. Plain data in, embeds and sentences out."""

from __future__ import annotations

import datetime as dt

import discord

from bot.i18n import t
from bot.news.ledger import Report
from bot.news.model import Announcement, Delivery, DeliveryState, Progress, Subscription
from bot.ui.embeds import Field, build_embed
from bot.ui.limits import truncate
from bot.ui.lookup import format_date
from bot.ui.mentions import SnowflakeMentions

RETRACTED_COLOUR = discord.Colour.dark_grey()


def scope_words(scope: str, locale: object | None) -> str:
    return t(f"news.scope_{scope}", locale)


def report_post(report: Report, locale: object | None) -> discord.Embed:
    """The news post for a report, as every server sees it (a retracted one says so and why)."""
    status = t(f"sequel.status_{report.status.value}", locale)
    footer = t("news.post_footer", locale, label=report.label or "#…", scope=scope_words(report.scope, locale))
    if report.edited:
        footer += f" · {t('news.post_edited', locale)}"
    description = report.claim
    if report.retracted:
        description = t("news.post_retracted", locale, reason=report.retraction_reason) + f"\n\n~~{report.claim}~~"
    fields = [Field(t("news.post_reported_on", locale), format_date(report.reported_on, locale), inline=True)]
    if report.url:
        fields.append(Field(t("news.post_source", locale), truncate(report.url, 1000), inline=True))
    return build_embed(
        title=t("news.post_title", locale, status=status.capitalize(), outlet=report.outlet),
        description=description,
        fields=fields,
        footer=footer,
        url=report.url or None,
        colour=RETRACTED_COLOUR if report.retracted else discord.Colour(0xC0392B),
    )


def announcement_post(announcement: Announcement | tuple[str, str], locale: object | None) -> discord.Embed:
    title, message = (
        (announcement.title, announcement.message) if isinstance(announcement, Announcement) else announcement
    )
    footer = t("news.post_announcement", locale)
    if isinstance(announcement, Announcement):
        footer += f" · {announcement.label}"  # like a report's `#N`; also how a resend finds an earlier post
    return build_embed(title=title, description=message, footer=footer)


def role_ping(role_id: int | None) -> str | None:
    """The message content of a post: the subscription's role mention, or nothing."""
    return f"<@&{role_id}>" if role_id else None


def post_mentions(role_id: int | None) -> discord.AllowedMentions:
    """Nobody is pinged by a post, except the one role its subscription named."""
    return SnowflakeMentions(
        everyone=False,
        users=False,
        roles=[discord.Object(role_id)] if role_id else False,
        replied_user=False,
    )


def progress_text(label: str, progress: Progress, locale: object | None) -> str:
    if progress.total == 0:
        return t("news.published_nowhere", locale, label=label)
    key = "news.progress_done" if progress.done else "news.progress"
    return t(
        key,
        locale,
        label=label,
        delivered=progress.delivered,
        failed=progress.failed,
        remaining=progress.remaining,
        total=progress.total,
    )


def announcement_progress_text(channel_id: int, progress: Progress, locale: object | None) -> str:
    channel = f"<#{channel_id}>"
    if not progress.done:
        return t("news.announcement_sending", locale, channel=channel)
    key = "news.announcement_done" if progress.delivered else "news.announcement_failed"
    return t(key, locale, channel=channel)


def _when(iso: str | None, locale: object | None) -> str:
    if not iso:
        return "?"
    moment = dt.datetime.fromisoformat(iso)
    return discord.utils.format_dt(moment, "f") if moment.tzinfo else format_date(moment.date(), locale)


def delivery_line(delivery: Delivery, locale: object | None) -> str:
    error = (
        f" ({truncate(delivery.last_error, 200)})"
        if delivery.last_error and delivery.state != DeliveryState.DELIVERED
        else ""
    )
    line = t(
        "news.delivery_line",
        locale,
        label=delivery.label,
        kind=t(f"news.kind_{delivery.kind.value}", locale),
        state=t(f"news.state_{delivery.state.value}", locale),
        error=error,
    )
    return f"{line} · <#{delivery.channel_id}>"


def status_embed(subscription: Subscription | None, deliveries: list[Delivery], locale: object | None) -> discord.Embed:
    if subscription is None:
        return build_embed(title=t("news.status_title", locale), description=t("news.status_not_subscribed", locale))
    if subscription.active:
        state = t("news.status_active", locale)
    else:
        reason = subscription.paused_reason.value if subscription.paused_reason else "refused"
        state = t(
            "news.status_paused",
            locale,
            when=_when(subscription.paused_at, locale),
            why=t(f"news.why_{reason}", locale),
            fix=t(f"news.fix_{reason}", locale),
        )
        if subscription.paused_detail:
            state += f"\n-# {truncate(subscription.paused_detail, 300)}"
    lines = "\n".join(delivery_line(d, locale) for d in deliveries) or t("news.status_no_deliveries", locale)
    return build_embed(
        title=t("news.status_title", locale),
        fields=[
            Field(t("news.status_channel", locale), f"<#{subscription.channel_id}>", inline=True),
            Field(
                t("news.status_role", locale),
                f"<@&{subscription.role_id}>" if subscription.role_id else t("news.status_role_none", locale),
                inline=True,
            ),
            Field(t("news.status_state", locale), state),
            Field(t("news.status_deliveries", locale), lines),
        ],
    )
