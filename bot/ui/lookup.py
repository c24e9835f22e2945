"""Embeds for the lookup commands: /series, /character, /cast, /episode, /sequel.

Each function takes plain data from `bot.knowledge` / `bot.news` and a locale, and returns embeds built by
`build_embed`, so limits and spoiler tags are handled in one place.
"""

from __future__ import annotations

import datetime as dt

import discord

from bot.i18n import language_of, t
from bot.knowledge.model import Actor, Character, Confidence, Episode, Knowledge
from bot.news.bilingual import pick
from bot.news.ledger import Report, SequelStatus
from bot.ui.embeds import Field, build_embed
from bot.ui.limits import spoiler

TIMELINE_PER_PAGE = 5


def format_date(day: dt.date, locale: object | None) -> str:
    if language_of(locale) == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    return f"{day.day} {day:%B %Y}"


def _ko(locale: object | None) -> bool:
    return language_of(locale) == "ko"


def outlet_for(report: Report, locale: object | None) -> str:
    """Who reported it, in Korean words for a Korean reader when the data gives them, else as logged."""
    return pick(report.outlet, report.outlet_ko, locale)


def claim_for(report: Report, locale: object | None) -> str:
    """A report's claim in Korean for a Korean reader when the moderator gave it one, else as logged."""
    return pick(report.claim, report.claim_ko, locale)


def reason_for(report: Report, locale: object | None) -> str:
    """Why a report was retracted, in Korean for a Korean reader when the moderator gave it, else as typed."""
    return pick(report.retraction_reason, report.retraction_reason_ko, locale)


def confidence_mark(confidence: Confidence, locale: object | None) -> str:
    if confidence == Confidence.SINGLE_SOURCE:
        return " " + t("lookup.single_source", locale)
    if confidence == Confidence.UNCERTAIN:
        return " " + t("lookup.uncertain_mark", locale)
    return ""


def sources_footer(sources: tuple[str, ...] | list[str], locale: object | None) -> str:
    unique = list(dict.fromkeys(sources))
    return t("lookup.sources", locale, sources="; ".join(unique)) if unique else ""


def person_label(name: str, name_ko: str) -> str:
    return f"{name} ({name_ko})" if name_ko else name


# ----------------------------------------------------------------------------------------------- series
def series_embed(knowledge: Knowledge, sequel: SequelStatus, locale: object | None) -> discord.Embed:
    s = knowledge.series
    director = knowledge.crew.get(s.director)
    writer = knowledge.crew.get(s.writer)
    genres = s.genres_ko if _ko(locale) and s.genres_ko else s.genres
    fields = [
        Field(t("lookup.platform", locale), s.platform, inline=True),
        Field(
            t("lookup.released", locale),
            t(
                "lookup.released_value",
                locale,
                date=format_date(s.release_date, locale),
                count=s.episode_count,
            ),
            inline=True,
        ),
        Field(t("lookup.episodes", locale), str(s.episode_count), inline=True),
        Field(t("lookup.genre", locale), ", ".join(genres), inline=True),
        Field(
            t("lookup.director", locale),
            person_label(director.name, director.name_ko) if director else "",
            True,
        ),
        Field(t("lookup.writer", locale), person_label(writer.name, writer.name_ko) if writer else "", True),
        Field(t("lookup.original", locale), pick(s.original_work, s.original_work_ko, locale)),
        Field(t("lookup.webtoon", locale), s.webtoon),
        Field(t("lookup.production", locale), ", ".join(s.production_companies)),
        Field(t("lookup.setting", locale), pick(s.setting, s.setting_ko, locale)),
        Field(t("lookup.sequel", locale), sequel_line(sequel, locale)),
    ]
    return build_embed(
        title=f"{s.title} ({s.title_ko})",
        description=s.release_note,
        fields=fields,
        footer=sources_footer(s.sources, locale),
    )


def sequel_line(sequel: SequelStatus, locale: object | None) -> str:
    """One line of sequel status for /series: the official word, and newer buzz if any."""
    if sequel.official is None and sequel.buzz is None:
        return t("lookup.no_sequel_info", locale)
    parts = []
    for heading, report in (
        (t("sequel.official", locale), sequel.official),
        (t("sequel.buzz", locale), sequel.buzz),
    ):
        if report is not None:
            parts.append(
                t(
                    "sequel.series_line",
                    locale,
                    status=heading,
                    claim=claim_for(report, locale),
                    outlet=outlet_for(report, locale),
                    date=format_date(report.reported_on, locale),
                )
            )
    return "\n".join(parts)


# -------------------------------------------------------------------------------------------- character
def character_embed(knowledge: Knowledge, character: Character, locale: object | None) -> discord.Embed:
    actor = knowledge.actors.get(character.actor) if character.actor else None
    played_by = (
        person_label(actor.name, actor.name_ko) + confidence_mark(character.actor_confidence, locale)
        if actor
        else t("lookup.character_unknown_actor", locale)
    )
    nicknames = "\n".join(
        f"**{n.name_ko or n.name}**" + (f" “{n.name}”" if n.name_ko else "") + (f": {n.meaning}" if n.meaning else "")
        for n in character.nicknames
    )
    relationships = []
    for rel in character.relationships:
        other = knowledge.characters.get(rel.target)
        if other is None:
            continue
        line = f"{pick(rel.kind, rel.kind_ko, locale)}: {person_label(other.name, other.name_ko)}"
        relationships.append(spoiler(line) if rel.spoiler else line)
    details = [
        (spoiler(text) if d.spoiler else text) + confidence_mark(d.confidence, locale)
        for d in character.details
        for text in [pick(d.text, d.text_ko, locale)]
    ]
    fields = [
        Field(t("lookup.character_played_by", locale), played_by, inline=True),
        Field(t("lookup.department", locale), pick(character.department, character.department_ko, locale), True),
    ]
    if character.years_on_team is not None:
        fields.append(
            Field(
                t("lookup.years_on_team", locale),
                t("lookup.years_value", locale, years=character.years_on_team),
                True,
            )
        )
    fields += [
        Field(t("lookup.nicknames", locale), nicknames),
        Field(t("lookup.relationships", locale), "\n".join(relationships)),
        Field(t("lookup.details", locale), "\n".join(f"• {d}" for d in details)),
    ]
    description = pick(character.role, character.role_ko, locale)
    if character.note:
        description += f"\n⚠️ {character.note}"
    return build_embed(
        title=person_label(character.name, character.name_ko) + confidence_mark(character.confidence, locale),
        description=description,
        fields=fields,
        footer=sources_footer(character.sources, locale),
    )


# ------------------------------------------------------------------------------------------------ actor
def actor_embed(knowledge: Knowledge, actor: Actor, locale: object | None) -> discord.Embed:
    roles = knowledge.characters_played_by(actor.key)
    plays = "\n".join(
        person_label(c.name, c.name_ko)
        + f": {pick(c.role, c.role_ko, locale)}"
        + confidence_mark(c.actor_confidence, locale)
        for c in roles
    )
    works = "\n".join(
        "• "
        + (f"*{w.title}*" + (f" ({w.title_ko})" if w.title_ko else ""))
        + (f", {w.year}" if w.year else "")
        + (f": {w.note}" if w.note else "")
        for w in actor.works
    )
    awards = "\n".join(
        f"• {a.event}: {a.category} ({'won' if a.result == 'won' else 'nominated'})"
        for a in knowledge.awards_for(actor.key)
    )
    background = "\n".join(
        "• " + pick(d.text, d.text_ko, locale) + confidence_mark(d.confidence, locale) for d in actor.details
    )
    birth = actor.birth + confidence_mark(actor.birth_confidence, locale) if actor.birth else ""
    fields = [
        Field(t("lookup.plays", locale), plays),
        Field(t("lookup.birth", locale), birth, inline=True),
        Field(t("lookup.works", locale), works),
        Field(t("lookup.awards", locale), awards),
        Field(t("lookup.background", locale), background),
    ]
    return build_embed(
        title=person_label(actor.name, actor.name_ko),
        description=actor.note,
        fields=fields,
        footer=sources_footer(actor.sources, locale),
    )


# ---------------------------------------------------------------------------------------------- episode
def episode_embed(episode: Episode, locale: object | None) -> discord.Embed:
    title_text = pick(episode.title or "", episode.title_ko or "", locale)
    if title_text:
        title = t("lookup.episode_title_known", locale, number=episode.number, title=title_text)
        description = confidence_mark(episode.title_confidence, locale).strip()
    else:
        title = t("lookup.episode_title", locale, number=episode.number)
        description = t("lookup.episode_title_unknown", locale)
    plot = "\n".join(
        "• " + (spoiler(text) if p.spoiler else text) + confidence_mark(p.confidence, locale)
        for p in episode.plot
        for text in [pick(p.text, p.text_ko, locale)]
    )
    sources = [*episode.title_sources, *(s for p in episode.plot for s in p.sources)]
    return build_embed(
        title=title,
        description=description,
        fields=[Field(t("lookup.episode_plot", locale), plot or t("lookup.episode_no_plot", locale))],
        footer=sources_footer(sources, locale),
    )


# ----------------------------------------------------------------------------------------------- sequel
def report_line(report: Report, locale: object | None) -> str:
    label = f" · {report.label}" if report.label else ""
    line = t(
        "sequel.entry",
        locale,
        date=format_date(report.reported_on, locale),
        outlet=outlet_for(report, locale),
        status=t(f"sequel.status_{report.status.value}", locale),
        label=label,
        claim=claim_for(report, locale),
    )
    if report.url:
        line += f"\n<{report.url}>"
    elif report.sources:
        line += "\n" + t("lookup.sources", locale, sources="; ".join(report.sources))
    if report.note:
        line += f"\n*{report.note}*"
    return line


def sequel_pages(status: SequelStatus, locale: object | None) -> list[discord.Embed]:
    """Page 1: the official status and the latest buzz; then the timeline, newest first."""
    official = report_line(status.official, locale) if status.official else t("sequel.no_official", locale)
    buzz = report_line(status.buzz, locale) if status.buzz else t("sequel.no_buzz", locale)
    chunks = [status.timeline[i : i + TIMELINE_PER_PAGE] for i in range(0, len(status.timeline), TIMELINE_PER_PAGE)]
    pages_total = 1 + len(chunks)
    pages = [
        build_embed(
            title=t("sequel.title", locale),
            fields=[Field(t("sequel.official", locale), official), Field(t("sequel.buzz", locale), buzz)],
            footer=t("sequel.page", locale, page=1, pages=pages_total),
        )
    ]
    for number, chunk in enumerate(chunks, start=2):
        pages.append(
            build_embed(
                title=f"{t('sequel.title', locale)}: {t('sequel.timeline', locale)}",
                description="\n\n".join(report_line(r, locale) for r in chunk),
                footer=t("sequel.page", locale, page=number, pages=pages_total),
            )
        )
    return pages
