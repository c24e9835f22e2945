"""What news posts, previews and `/news status` look like. Plain data in, embeds and sentences out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import discord

from bot.i18n import language_of, option_name, t
from bot.news.bilingual import Bilingual
from bot.news.ledger import Report, ReportStatus, SequelStatus, impact
from bot.news.model import Announcement, Delivery, DeliveryState, Progress, Subscription
from bot.news.validation import CLAIM
from bot.ui.embeds import Field, build_embed
from bot.ui.limits import EMBED_TOTAL, truncate
from bot.ui.lookup import claim_for, format_date, outlet_for, reason_for
from bot.ui.mentions import SnowflakeMentions
from bot.ui.views import LinkView, SequelButton

# What kind of news a post is, at a glance: a colour bar and a sign before its label, one per status.
KIND_STYLE: dict[ReportStatus, tuple[str, discord.Colour]] = {
    ReportStatus.RUMOR: ("💬", discord.Colour(0xF1C40F)),  # amber: talk, not news
    ReportStatus.REPORT: ("📰", discord.Colour(0x3498DB)),  # blue: the press
    ReportStatus.STATEMENT: ("📢", discord.Colour(0x9B59B6)),  # purple: the makers' own words
    ReportStatus.CONFIRMED: ("✅", discord.Colour(0x2ECC71)),
    ReportStatus.DENIED: ("❌", discord.Colour(0xE74C3C)),
    ReportStatus.CANCELLED: ("🛑", discord.Colour(0x992D22)),
}
RETRACTED_STYLE = ("↩️", discord.Colour.dark_grey())
QUOTED_CLAIM = 300  # the official word quoted under "what it means": enough to recognise it, /sequel has the rest
QUOTED_OUTLET = 80


def scope_words(scope: str, locale: object | None) -> str:
    return t(f"news.scope_{scope}", locale)


def day_stamp(day: dt.date) -> str:
    """A date as a Discord timestamp, which each reader's client shows in their own language.

    Noon UTC, not midnight: the day then reads the same from UTC-11 to UTC+11 (midnight would show the day
    before to every reader west of Greenwich).
    """
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return discord.utils.format_dt(noon, "D")


def _masked_link(text: str, url: str) -> str:
    label = text.replace("[", "(").replace("]", ")")
    target = url.replace("(", "%28").replace(")", "%29")  # a bracket would end the link early
    return f"[{label}]({target})"


def _official_quote(key: str, official: Report, locale: object | None) -> str:
    outlet = truncate(outlet_for(official, locale), QUOTED_OUTLET)
    lead = t(key, locale, outlet=outlet, date=day_stamp(official.reported_on))
    return f"{lead}\n> {truncate(claim_for(official, locale), QUOTED_CLAIM)}"


def impact_text(report: Report, sequel: SequelStatus, locale: object | None) -> str:
    """What the report changes for season 2: the official word once it is counted."""
    effect = impact(report, sequel)
    official = effect.official
    if report.retracted:
        if official is None:
            return t("news.impact_withdrawn_none", locale)
        return _official_quote("news.impact_withdrawn", official, locale)
    if effect.is_official_word:
        text = t("news.impact_now", locale)
        if effect.replaced is not None:
            text += "\n" + _official_quote("news.impact_replaces", effect.replaced, locale)
        return text
    if official is None:
        return t("news.impact_none", locale)
    key = "news.impact_newer" if report.status.is_official else "news.impact_still"
    return _official_quote(key, official, locale)


def report_post(
    report: Report, locale: object | None, sequel: SequelStatus | None = None, *, room: int = EMBED_TOTAL
) -> discord.Embed:
    """The news post for a report, as fans in every server see it: what kind of news it is (colour, sign,
    label), how far to trust it, what it changes for season 2 (from `sequel`, a summary that counts this
    report: `Ledger.status_with`; without it that line is left out), where to read it and when.
    A retracted or edited report says so in the same layout. `room`: the characters it may take of its message."""
    label = t(f"sequel.status_{report.status.value}", locale)
    label = label[:1].upper() + label[1:]
    sign, colour = RETRACTED_STYLE if report.retracted else KIND_STYLE[report.status]
    title_key = "news.post_title_retracted" if report.retracted else "news.post_title"
    outlet = outlet_for(report, locale)
    title = f"{sign} " + t(title_key, locale, status=label, outlet=outlet)
    claim = claim_for(report, locale)
    description = claim
    if report.retracted:
        description = t("news.post_retracted", locale, reason=reason_for(report, locale)) + f"\n\n~~{claim}~~"
    trust = "retracted" if report.retracted else report.status.value
    fields = [Field(t("news.post_trust", locale), t(f"news.trust_{trust}", locale))]
    if sequel is not None:
        fields.append(Field(t("news.post_impact", locale), impact_text(report, sequel, locale)))
    source = _masked_link(outlet, report.url) if report.url else f"{outlet} · {t('news.post_no_link', locale)}"
    fields += [
        Field(t("news.post_reported_on", locale), day_stamp(report.reported_on), inline=True),
        Field(t("news.post_source", locale), source, inline=True),
    ]
    footer = t(
        "news.post_footer", locale, label=report.label or "#…", scope=t(f"news.post_scope_{report.scope}", locale)
    )
    if report.retracted:
        footer += f" · {t('news.post_retracted_mark', locale)}"
    elif report.edited:
        footer += f" · {t('news.post_edited', locale)}"
    return build_embed(
        title=title,
        description=description,
        fields=fields,
        footer=footer,
        url=report.url or None,
        colour=colour,
        total=room,
    )


def report_preview(report: Report, locale: object | None, sequel: SequelStatus) -> tuple[list[discord.Embed], str]:
    """What a moderator checks before Publish: the post as subscribers will see it, and a line saying so.

    With a Korean claim, both versions (the moderator's language first): English servers and Korean servers each
    get their own. Without one, the moderator's version and a note that Korean servers get the claim in English.
    """
    own = language_of(locale)
    first = report_post(report, own, sequel)
    if not report.claim_ko:
        return [first], korean_as_typed(CLAIM, "news.report", locale, before=True)
    other = "en" if own == "ko" else "ko"
    second = report_post(report, other, sequel, room=EMBED_TOTAL - len(first))  # one message holds both
    return [first, second], t("news.preview_both_languages", locale)


def korean_as_typed(pair: Bilingual, command: str, locale: object | None, *, before: bool) -> str:
    """Tells the moderator that Korean servers read `pair`'s text as typed, its Korean version not given:
    `before` publishing (a preview: give it now), or once it is out (a retraction, which takes effect at once)."""
    key = "news.korean_as_typed_preview" if before else "news.korean_as_typed_done"
    return t(key, locale, field=option_name(command, pair.option), field_ko=option_name(command, pair.korean))


def post_view(locale: object | None) -> LinkView:
    """Under every report post: "Season 2 status", which opens /sequel privately for whoever presses it."""
    return LinkView(SequelButton(t("sequel.button", locale)))


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
    text = t(
        key,
        locale,
        label=label,
        delivered=progress.delivered,
        failed=progress.failed,
        remaining=progress.remaining,
        total=progress.total,
    )
    return text + failure_lines(progress, locale)


def failure_lines(progress: Progress, locale: object | None) -> str:
    """Why posts failed, the commonest reasons first: the moderator who published learns it at once."""
    return "".join(
        "\n" + t("news.progress_failed_because", locale, count=count, error=truncate(error.render(locale), 300))
        for error, count in progress.reasons
    )


def announcement_progress_text(channel_id: int, progress: Progress, locale: object | None) -> str:
    channel = f"<#{channel_id}>"
    if not progress.done:
        return t("news.announcement_sending", locale, channel=channel)
    key = "news.announcement_done" if progress.delivered else "news.announcement_failed"
    return t(key, locale, channel=channel) + failure_lines(progress, locale)


def _when(iso: str | None, locale: object | None) -> str:
    if not iso:
        return "?"
    moment = dt.datetime.fromisoformat(iso)
    return discord.utils.format_dt(moment, "f") if moment.tzinfo else format_date(moment.date(), locale)


def delivery_line(delivery: Delivery, locale: object | None) -> str:
    error = (
        f" ({truncate(delivery.last_error.render(locale), 200)})"
        if delivery.last_error is not None and delivery.state != DeliveryState.DELIVERED
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


def status_embed(
    subscription: Subscription | None,
    deliveries: list[Delivery],
    delivery: str,
    locale: object | None,
    *,
    extra: Sequence[Field] = (),
) -> discord.Embed:
    """`/news status`: where this server's news goes, its last deliveries, how this process's delivery worker
    is (`delivery`), then `extra` (which process answered, the outbox across processes)."""
    health = Field(t("news.status_delivery", locale), delivery)
    if subscription is None:
        return build_embed(
            title=t("news.status_title", locale),
            description=t("news.status_not_subscribed", locale),
            fields=[health, *extra],
        )
    if subscription.paused_reason is None:
        state = t("news.status_active", locale)
    else:
        reason = subscription.paused_reason.value
        state = t(
            "news.status_paused",
            locale,
            when=_when(subscription.paused_at, locale),
            why=t(f"news.why_{reason}", locale),
            fix=t(f"news.fix_{reason}", locale),
        )
        if subscription.paused_detail is not None:
            state += f"\n-# {truncate(subscription.paused_detail.render(locale), 300)}"
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
            Field(t("news.status_language", locale), t(f"choices.language.{subscription.language}", locale), True),
            Field(t("news.status_state", locale), state),
            Field(t("news.status_deliveries", locale), lines),
            health,
            *extra,
        ],
    )
