"""Character and actor cards: the embed plus buttons that cross-link one to the other."""

from __future__ import annotations

import discord

from bot.errors import UserFacingError
from bot.i18n import t
from bot.knowledge.model import Knowledge
from bot.ui.lookup import actor_embed, character_embed
from bot.ui.views import CrossLinkButton, LinkView


def character_card(knowledge: Knowledge, key: str, locale: object | None) -> tuple[discord.Embed, LinkView]:
    character = knowledge.characters[key]
    buttons = []
    actor = knowledge.actors.get(character.actor) if character.actor else None
    if actor is not None:
        buttons.append(CrossLinkButton("actor", actor.key, t("lookup.button_actor", locale, name=actor.name)))
    return character_embed(knowledge, character, locale), LinkView(*buttons)


def actor_card(knowledge: Knowledge, key: str, locale: object | None) -> tuple[discord.Embed, LinkView]:
    actor = knowledge.actors[key]
    buttons = [
        CrossLinkButton("character", c.key, t("lookup.button_character", locale, name=c.name))
        for c in knowledge.characters_played_by(actor.key)
    ]
    return actor_embed(knowledge, actor, locale), LinkView(*buttons)


def card_for(knowledge: Knowledge, kind: str, key: str, locale: object | None) -> tuple[discord.Embed, LinkView]:
    """The card a cross-link button points at; a stale button (data changed since) gets a clear message."""
    if kind == "character" and key in knowledge.characters:
        return character_card(knowledge, key, locale)
    if kind == "actor" and key in knowledge.actors:
        return actor_card(knowledge, key, locale)
    raise UserFacingError(key="lookup.stale_button")
