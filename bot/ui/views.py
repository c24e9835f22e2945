"""Views shared by cogs: owner-checked views, cross-link buttons and a paginator."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import discord

from bot.i18n import t
from bot.tree import handle_interaction_error
from bot.ui.limits import BUTTON_LABEL, truncate
from bot.ui.lookup import sequel_pages


class OwnedView(discord.ui.View):
    """Buttons only the person who ran the command may press; disabled when they expire."""

    def __init__(self, owner_id: int, *, timeout: float | None = 180) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.Message | discord.InteractionMessage | None = None

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(t("errors.not_yours", interaction.locale), ephemeral=True)
        return False

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception, item: Any) -> None:
        await handle_interaction_error(interaction, error)

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        if self.message is not None:
            # the message may be gone or its token expired; then there is nothing left to tidy
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)


class Paginator(OwnedView):
    """Previous / Next through a list of embeds."""

    def __init__(self, owner_id: int, pages: list[discord.Embed], locale: object | None) -> None:
        super().__init__(owner_id)
        self.pages = pages
        self.index = 0
        self.previous_page.label = t("sequel.previous", locale)
        self.next_page.label = t("sequel.next", locale)
        self._update_buttons()

    def _update_buttons(self) -> None:
        # not `_refresh`: discord.py's View._refresh(components) handles Discord's MESSAGE_UPDATE echo, and a
        # method of that name here broke the gateway connection when a real echo arrived
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1

    async def _show(self, interaction: discord.Interaction[Any]) -> None:
        self._update_buttons()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous_page(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        self.index = max(0, self.index - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary)
    async def next_page(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        await self._show(interaction)


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
