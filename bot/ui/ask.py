"""The /ask answer card: the answer, its sources, and buttons to the related cards or the sequel status."""

from __future__ import annotations

from typing import Any

import discord

from bot.i18n import t
from bot.i18n.commands import command_name
from bot.knowledge.ask import Answer
from bot.knowledge.model import Knowledge
from bot.ui.embeds import build_embed
from bot.ui.limits import truncate
from bot.ui.views import CrossLinkButton, LinkView, SequelButton

MAX_LINKS = 4  # cross-link buttons under one answer; the rest stay reachable through /character and /cast
QUESTION_IN_TITLE = 200


def suggested_command(answer: Answer) -> str:
    """The command the answer suggests, as the reader's client names it: "/episode number:8", "/회차 번호:8"."""
    lang = answer.language
    options = " ".join(
        f"{t(f'commands.{answer.suggestion}.options.{option}.name', lang)}:{value}"
        for option, value in answer.suggestion_options
    )
    return f"{command_name(answer.suggestion, lang)} {options}".strip()


def answer_embed(answer: Answer, question: str) -> discord.Embed:
    lang = answer.language
    sources = "; ".join(answer.sources)
    footer = t("ask.sources", lang, sources=sources) if sources else t("ask.no_sources", lang)
    text = answer.text
    if answer.suggestion:
        text += "\n" + t("ask.try_command", lang, command=suggested_command(answer))
    return build_embed(
        title=t("ask.title", lang, question=truncate(question, QUESTION_IN_TITLE)),
        description=text,
        footer=footer,
    )


def answer_view(knowledge: Knowledge, answer: Answer) -> LinkView:
    """Buttons to the characters and actors the answer is about, and to /sequel for sequel questions."""
    lang = answer.language
    buttons: list[discord.ui.Item[Any]] = []
    for kind, key in answer.entities:
        if len(buttons) >= MAX_LINKS:
            break
        record = knowledge.characters.get(key) if kind == "character" else knowledge.actors.get(key)
        if kind not in ("character", "actor") or record is None:
            continue  # crew have no card of their own
        name = record.name_ko if lang == "ko" and record.name_ko else record.name
        buttons.append(CrossLinkButton(kind, key, t(f"lookup.button_{kind}", lang, name=name)))
    if answer.intent == "sequel":
        buttons.append(SequelButton(t("ask.button_sequel", lang)))
    return LinkView(*buttons)
