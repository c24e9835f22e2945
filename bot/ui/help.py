"""The /help card: every command under the name the person's Discord shows it by, and what it does."""

from __future__ import annotations

from collections.abc import Iterable

import discord

from bot.i18n import catalog, t
from bot.i18n.commands import command_name
from bot.ui.embeds import build_embed


def help_embed(commands: Iterable[str], locale: object | None) -> discord.Embed:
    """`commands`: the registered top-level command names (the English base names Discord dispatches)."""
    known = catalog("en")
    lines = []
    for name in commands:
        shown = command_name(name, locale) if f"commands.{name}.name" in known else f"/{name}"
        if f"help.{name}" in known:
            what = t(f"help.{name}", locale)
        elif f"commands.{name}.description" in known:
            what = t(f"commands.{name}.description", locale)
        else:
            what = ""
        lines.append((shown, f"**{shown}**: {what}" if what else f"**{shown}**"))
    return build_embed(
        title=t("help.title", locale),
        description=t("help.intro", locale) + "\n\n" + "\n".join(line for _shown, line in sorted(lines)),
        footer=t("help.footer", locale, news=command_name("news", locale)),
    )
