"""Publish / Cancel under a moderator's preview: buttons that answer every press, also after a restart.

The buttons are a `DynamicItem` registered on the bot (custom_id `hoc:news:<kind>:<action>:<token>`), so
discord.py hands each press here even when an earlier process showed the preview. The preview itself (the
draft, who asked) lives in memory for `LIFETIME`; a press on one that is gone looks its token up in the store
and answers "already published as #N" or "expired, run the command again", never silence.

Publishing is idempotent per preview: the token is stored with what it published, presses are handled one at
a time, and a second press answers with the number the first one got. A press that the database refuses
leaves the preview as it was, so pressing again later works.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import discord
from discord import app_commands

from bot.i18n import t
from bot.i18n.commands import command_name
from bot.storage.errors import StoreBusy
from bot.tree import handle_interaction_error
from bot.ui.limits import BUTTON_LABEL, truncate
from bot.ui.respond import defer
from bot.ui.views import SequelButton

log = logging.getLogger(__name__)

LIFETIME = 300.0  # seconds a preview can be published; its buttons are disabled after that
KINDS = {"report": "news.report", "announce": "news.announce"}  # preview kind -> the command that makes one

Shown = Callable[[], Awaitable[None]]
# Writes what the preview shows (with its token) and returns its label (`#N`) and how to show the result.
Publish = Callable[[discord.Interaction[Any], str], Awaitable[tuple[str, Shown]]]
Lookup = Callable[[str], Awaitable[str | None]]  # the label of what a token already published, if anything


class PreviewButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"hoc:news:(?P<kind>report|announce):(?P<action>publish|cancel):(?P<token>[0-9a-f]{16})",
):
    """Publish or Cancel under one preview; the preview's token is in the custom_id."""

    def __init__(self, kind: str, action: str, token: str, label: str, *, disabled: bool = False) -> None:
        style = discord.ButtonStyle.success if action == "publish" else discord.ButtonStyle.secondary
        super().__init__(
            discord.ui.Button(
                label=truncate(label, BUTTON_LABEL),
                style=style,
                custom_id=f"hoc:news:{kind}:{action}:{token}",
                disabled=disabled,
            )
        )
        self.kind, self.action, self.token = kind, action, token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PreviewButton:
        return cls(match["kind"], match["action"], match["token"], getattr(item, "label", None) or "")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # discord.py only logs what a DynamicItem raises: the person gets their answer from the error boundary
        try:
            previews = getattr(interaction.client.get_cog("News"), "previews", None)
            if not isinstance(previews, Previews):
                raise app_commands.CheckFailure("news is not loaded")
            await previews.press(interaction, self.kind, self.action, self.token)
        except Exception as error:
            await handle_interaction_error(interaction, error)


def preview_buttons(kind: str, token: str, locale: object | None, *, disabled: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in ("publish", "cancel"):
        view.add_item(PreviewButton(kind, action, token, t(f"news.{action}", locale), disabled=disabled))
    if kind == "report":  # the post's own button, on a row of its own: it works here as it will under the post
        sequel = SequelButton(t("sequel.button", locale))
        sequel.row = 1
        view.add_item(sequel)
    # Stopped before it is sent, so discord.py never tracks it: the bot-wide DynamicItem answers every press,
    # and a tracked view that ends would unregister that DynamicItem for every preview.
    view.stop()
    return view


@dataclass
class Preview:
    kind: str
    token: str
    owner_id: int
    command: discord.Interaction[Any]  # the /news report or /news announce that showed it
    publish: Publish
    published: str | None = None  # its label, once the store has it
    closed: bool = False  # cancelled or expired: nothing may publish it any more
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one press at a time


class Previews:
    """The previews of this process, by token, each for `lifetime` seconds."""

    def __init__(self, lookup: Lookup, *, lifetime: float = LIFETIME) -> None:
        self._lookup = lookup
        self.lifetime = lifetime
        self._open: dict[str, Preview] = {}
        self._expiries: set[asyncio.Task[None]] = set()
        self._pressing: set[asyncio.Task[Any]] = set()  # the handlers of presses being answered

    def open(self, kind: str, *, owner_id: int, command: discord.Interaction[Any], publish: Publish) -> discord.ui.View:
        """Keep a new preview and return its buttons."""
        token = secrets.token_hex(8)
        preview = Preview(kind, token, owner_id, command, publish)
        self._open[token] = preview
        task = asyncio.create_task(self._expire(preview), name=f"news-preview-{token}")
        self._expiries.add(task)
        task.add_done_callback(self._expiries.discard)
        return preview_buttons(kind, token, command.locale)

    async def close(self) -> None:
        """Forget every preview (the cog is unloading); their buttons then answer as expired ones do.

        Presses still being answered are cancelled and waited for, before the bot closes its HTTP session and the
        store under them: what a press writes is one transaction (rolled back if cut off), and its follow-up
        edits (the result, the progress board) stop cleanly instead of failing on a closed connection."""
        self._open.clear()
        tasks = [*self._expiries, *self._pressing]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _expire(self, preview: Preview) -> None:
        await asyncio.sleep(self.lifetime)
        self._open.pop(preview.token, None)
        async with preview.lock:  # a press being handled finishes first
            if preview.published is not None or preview.closed:
                return
            preview.closed = True
            disabled = preview_buttons(preview.kind, preview.token, preview.command.locale, disabled=True)
            # the interaction may have ended meanwhile (15 minutes); its buttons then answer as expired ones do
            with contextlib.suppress(discord.HTTPException):
                await preview.command.edit_original_response(view=disabled)

    async def press(self, interaction: discord.Interaction[Any], kind: str, action: str, token: str) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._pressing.add(task)
        try:
            await self._press(interaction, kind, action, token)
        finally:
            self._pressing.discard(task)

    async def _press(self, interaction: discord.Interaction[Any], kind: str, action: str, token: str) -> None:
        preview = self._open.get(token)
        if preview is None:
            await self._gone(interaction, kind, action, token)
            return
        locale = interaction.locale
        if interaction.user.id != preview.owner_id:
            await interaction.response.send_message(t("errors.not_yours", locale), ephemeral=True)
            return
        if action == "publish" and not interaction.permissions.manage_guild:
            # checked at the press too: a moderator demoted since the preview must not publish network-wide
            raise app_commands.MissingPermissions(["manage_guild"])
        await defer(interaction)  # publishing writes to the database, which may be busy
        async with preview.lock:
            if preview.published is not None:
                answer = t(f"news.already_published_{action}", locale, label=preview.published, **_hints(locale))
                await interaction.followup.send(answer, ephemeral=True)
            elif preview.closed:
                await self._gone(interaction, kind, action, token)
            elif action == "cancel":
                preview.closed = True
                self._open.pop(token, None)
                await interaction.edit_original_response(content=t("news.cancelled", locale), embed=None, view=None)
            else:
                await self._publish(interaction, preview)

    async def _publish(self, interaction: discord.Interaction[Any], preview: Preview) -> None:
        try:
            label, show = await preview.publish(interaction, preview.token)
        except StoreBusy:
            log.warning("the database was busy; a %s preview was not published (its buttons still work)", preview.kind)
            await interaction.followup.send(t("news.publish_busy", interaction.locale), ephemeral=True)
            return
        preview.published = label
        try:
            await show()
        except discord.HTTPException:
            # published all the same; a second press on the preview answers with its number
            log.info("could not show that %s was published", label, exc_info=True)

    async def _gone(self, interaction: discord.Interaction[Any], kind: str, action: str, token: str) -> None:
        """A press on a preview this process no longer holds (expired, cancelled, or shown before a restart):
        say what became of it on the preview itself, and take its buttons away."""
        if not interaction.response.is_done():
            await defer(interaction)
        locale = interaction.locale
        label = await self._lookup(token)
        if label is not None:
            text = t(f"news.already_published_{action}", locale, label=label, **_hints(locale))
        elif action == "cancel":
            text = t("news.cancelled", locale)
        else:
            text = t("news.preview_expired", locale, command=command_name(KINDS[kind], locale))
        await interaction.edit_original_response(content=text, view=None)


def _hints(locale: object | None) -> dict[str, str]:
    return {"retract": command_name("news.retract", locale), "status": command_name("news.status", locale)}
