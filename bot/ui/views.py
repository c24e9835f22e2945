"""Views shared by cogs: cross-link buttons, the Season 2 button and page buttons, all answering after a restart."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.i18n import t
from bot.tree import handle_interaction_error
from bot.ui.limits import BUTTON_LABEL, truncate
from bot.ui.lookup import sequel_pages

PageSource = Callable[[discord.Interaction[Any]], Awaitable[list[discord.Embed]]]


async def _sequel_pages(interaction: discord.Interaction[Any]) -> list[discord.Embed]:
    status = await interaction.client.ledger.status(interaction.guild_id)
    return sequel_pages(status, interaction.locale)


# Every paged answer by the name its buttons carry: a press rebuilds the pages fresh, so no state is kept.
PAGE_SOURCES: dict[str, PageSource] = {"sequel": _sequel_pages}


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"hoc:page:(?P<book>[a-z]+):(?P<owner>[0-9]+):(?P<page>[0-9]+):(?P<go>prev|next)",
):
    """Previous or Next under a paged answer; which answer, whose, and the page it opens are in the custom_id,
    so the buttons work after a restart. Only the person who asked may turn the pages."""

    def __init__(self, book: str, owner_id: int, page: int, go: str, label: str, *, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=truncate(label, BUTTON_LABEL),
                style=discord.ButtonStyle.primary if go == "next" else discord.ButtonStyle.secondary,
                custom_id=f"hoc:page:{book}:{owner_id}:{page}:{go}",
                disabled=disabled,
            )
        )
        self.book, self.owner_id, self.page = book, owner_id, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PageButton:
        return cls(
            match["book"], int(match["owner"]), int(match["page"]), match["go"], getattr(item, "label", None) or ""
        )

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # discord.py only logs what a DynamicItem raises: the person gets their answer from the error boundary
        try:
            if interaction.user.id != self.owner_id:
                await interaction.response.send_message(t("errors.not_yours", interaction.locale), ephemeral=True)
                return
            pages = await PAGE_SOURCES[self.book](interaction)
            page = min(self.page, len(pages) - 1)  # the answer may have fewer pages than when it was shown
            view = page_buttons(self.book, self.owner_id, page, len(pages), interaction.locale)
            await interaction.response.edit_message(embed=pages[page], view=view)
        except Exception as error:
            await handle_interaction_error(interaction, error)


def page_buttons(book: str, owner_id: int, page: int, count: int, locale: object | None) -> discord.ui.View | None:
    """Previous / Next for page `page` of `count` (None for a single page)."""
    if count <= 1:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(
        PageButton(book, owner_id, max(0, page - 1), "prev", t("sequel.previous", locale), disabled=page == 0)
    )
    view.add_item(
        PageButton(
            book, owner_id, min(count - 1, page + 1), "next", t("sequel.next", locale), disabled=page >= count - 1
        )
    )
    # Stopped before it is sent, so discord.py never tracks it: the bot-wide DynamicItem answers every press
    # (from this process or an earlier one), and Discord's MESSAGE_UPDATE echo has no view to reach.
    view.stop()
    return view


async def send_pages(interaction: discord.Interaction[Any], book: str, *, ephemeral: bool = False) -> None:
    """Answer with the first page of `book` and its page buttons."""
    pages = await PAGE_SOURCES[book](interaction)
    view = page_buttons(book, interaction.user.id, 0, len(pages), interaction.locale)
    if view is None:
        await interaction.response.send_message(embed=pages[0], ephemeral=ephemeral)
    else:
        await interaction.response.send_message(embed=pages[0], view=view, ephemeral=ephemeral)


class LinkView(discord.ui.View):
    """A view with no timeout holding persistent cross-link buttons (they work after a restart too)."""

    def __init__(self, *buttons: discord.ui.Item[Any]) -> None:
        super().__init__(timeout=None)
        for button in buttons:
            self.add_item(button)


class CrossLinkButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"hoc:link:(?P<kind>character|actor):(?P<key>[a-z0-9-]+)",
):
    """A button that opens a character or actor card, privately, for whoever presses it.

    The target is encoded in the custom_id, so the button survives restarts without stored state.
    """

    def __init__(self, kind: str, key: str, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=truncate(label, BUTTON_LABEL),
                style=discord.ButtonStyle.secondary,
                custom_id=f"hoc:link:{kind}:{key}",
            )
        )
        self.kind = kind
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CrossLinkButton:
        return cls(match["kind"], match["key"], getattr(item, "label", None) or "")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        from bot.ui.cards import card_for

        try:
            embed, view = card_for(interaction.client.knowledge, self.kind, self.key, interaction.locale)
            await interaction.response.send_message(embed=embed, view=view, ephemeral=True)
        except Exception as error:
            await handle_interaction_error(interaction, error)


class SequelButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"hoc:ask:sequel"):
    """Opens the /sequel status privately for whoever presses it, read fresh from the ledger.

    Under /ask answers and every news post; the custom_id holds no state, so it works after restarts (its
    `ask` namespace predates the news posts and stays, or buttons already posted would stop answering).
    """

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
            await send_pages(interaction, "sequel", ephemeral=True)
        except Exception as error:
            await handle_interaction_error(interaction, error)
