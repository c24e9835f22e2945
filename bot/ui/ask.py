"""The /ask answer card: the answer, its sources, and buttons to the related cards or the sequel status."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.i18n import t
from bot.knowledge.ask import Answer
from bot.knowledge.model import Knowledge
from bot.tree import handle_interaction_error
from bot.ui.embeds import build_embed
from bot.ui.limits import BUTTON_LABEL, truncate
from bot.ui.lookup import sequel_pages
from bot.ui.views import CrossLinkButton, LinkView, Paginator

MAX_LINKS = 4  # cross-link buttons under one answer; the rest stay reachable through /character and /cast
QUESTION_IN_TITLE = 200


def answer_embed(answer: Answer, question: str) -> discord.Embed:
    lang = answer.language
    sources = "; ".join(answer.sources)
    footer = t("ask.sources", lang, sources=sources) if sources else t("ask.no_sources", lang)
    return build_embed(
        title=t("ask.title", lang, question=truncate(question, QUESTION_IN_TITLE)),
        description=answer.text,
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


class SequelButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"hoc:ask:sequel"):
    """Opens the /sequel status privately for whoever presses it, read fresh from the ledger."""

    def __init__(self, label: str = "Season 2") -> None:
        super().__init__(
            discord.ui.Button(
                label=truncate(label, BUTTON_LABEL), style=discord.ButtonStyle.primary, custom_id="hoc:ask:sequel"
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SequelButton:
        return cls(getattr(item, "label", None) or "")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            status = await interaction.client.ledger.status(interaction.guild_id)
            pages = sequel_pages(status, interaction.locale)
            if len(pages) == 1:
                await interaction.response.send_message(embed=pages[0], ephemeral=True)
                return
            view = Paginator(interaction.user.id, pages, interaction.locale)
            await interaction.response.send_message(embed=pages[0], view=view, ephemeral=True)
            view.message = await interaction.original_response()
        except Exception as error:
            await handle_interaction_error(interaction, error)
