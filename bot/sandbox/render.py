"""What a person would see of a message, as plain terminal lines: text, embeds, buttons."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import discord

from bot.i18n import t

BAR = "│ "
_MENTION = re.compile(r"<(#|@!?|@&)(\d+)>")


def mention_names(
    channels: Mapping[int, str], roles: Mapping[int, str], users: Mapping[int, str]
) -> Callable[[str], str]:
    """A function that shows `<#id>`, `<@id>` and `<@&id>` the way Discord does: #news, @fan, @mods."""

    def replace(match: re.Match[str]) -> str:
        kind, ident = match.group(1), int(match.group(2))
        if kind == "#":
            return "#" + channels.get(ident, "unknown-channel")
        if kind == "@&":
            return "@" + roles.get(ident, "unknown-role")
        return "@" + users.get(ident, "unknown-user")

    return lambda text: _MENTION.sub(replace, text)


def buttons(message: discord.Message) -> list[Any]:
    """Every button on a message, nested layouts included, in the order Discord shows them."""
    return [item for item in _walk(message.components) if isinstance(item, discord.Button)]


def _walk(components: Any) -> Iterator[Any]:
    for component in components or ():
        yield component
        yield from _walk(getattr(component, "children", None))
        accessory = getattr(component, "accessory", None)
        if accessory is not None:
            yield from _walk([accessory])


def render_message(
    message: discord.Message, names: Callable[[str], str] = str, indent: str = "  ", author: str | None = None
) -> list[str]:
    """The lines a person reads for one message (author, marks, content, embeds, buttons)."""
    marks = []
    if message.flags.ephemeral:
        marks.append(t("sandbox.only_you"))
    if message.edited_at is not None:
        marks.append(t("sandbox.edited"))
    author = author or (message.author.display_name if message.author else "?")
    lines = [f"{indent}{author}" + (f" ({', '.join(marks)})" if marks else "") + ":"]
    body = indent + "  "
    if message.content:
        lines += [body + line for line in names(message.content).splitlines()]
    for embed in message.embeds:
        lines += render_embed(embed, names, body)
    controls = []
    for item in _walk(message.components):
        if isinstance(item, discord.Button):
            label = item.label or (str(item.emoji) if item.emoji else "?")
            extra = " ↗" if item.url else ""
            extra += " (disabled)" if item.disabled else ""
            controls.append(f"[{label}{extra}]")
        elif isinstance(item, discord.SelectMenu):
            controls.append(f"[{item.placeholder or 'choose'} ▾]")
    if controls:
        lines.append(body + " ".join(controls))
    if len(lines) == 1:
        lines.append(body + "(empty)")
    return lines


def render_embed(embed: discord.Embed, names: Callable[[str], str] = str, indent: str = "") -> list[str]:
    """An embed as a bar-marked block: author, title, description, fields, footer."""
    out: list[str] = []

    def add(text: str | None, prefix: str = "") -> None:
        if text:
            for number, line in enumerate(names(text).splitlines() or [""]):
                out.append(indent + BAR + (prefix if number == 0 else " " * len(prefix)) + line)

    if embed.author and embed.author.name:
        add(embed.author.name)
    if embed.title:
        add(embed.title)
    if embed.url:
        add(embed.url)
    add(embed.description)
    for field in embed.fields:
        name, value = field.name or "", field.value or ""
        if "\n" in value or len(name) + len(value) > 80:
            add(f"{name}:")
            add(value, "  ")
        else:
            add(f"{name}: {value}")
    if embed.footer and embed.footer.text:
        add(embed.footer.text, "— ")
    return out or [indent + BAR]
