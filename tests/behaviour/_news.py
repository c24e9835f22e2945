"""A small network of fan servers for the news tests: the home server and a few subscribers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord

from tests.conftest import HOME_GUILD_ID


@dataclass
class Server:
    guild: Any
    news: Any  # the news channel
    general: Any
    mod: Any
    fan: Any
    role: Any = None


@dataclass
class Network:
    env: Any
    home: Server
    servers: list[Server] = field(default_factory=list)

    @property
    def everyone(self) -> list[Server]:
        return [self.home, *self.servers]


def make_server(env: Any, name: str, *, id: int | None = None, preferred_locale: str | None = None) -> Server:
    guild = env.create_guild(name, id=id, preferred_locale=preferred_locale)
    mods = guild.create_role("mods", permissions=discord.Permissions(manage_guild=True))
    return Server(
        guild=guild,
        news=guild.create_text_channel("news"),
        general=guild.create_text_channel("general"),
        mod=guild.add_member(env.create_user(f"{name}-mod"), roles=[mods]),
        fan=guild.add_member(env.create_user(f"{name}-fan")),
    )


async def subscribe(server: Server, *, role: Any = None) -> Any:
    options = {"channel": server.news} if role is None else {"channel": server.news, "role": role}
    result = await server.mod.slash(server.general, "news subscribe", **options)
    assert result.ephemeral, result
    return result


async def network(env: Any, count: int = 3, *, subscribed: bool = True) -> Network:
    home = make_server(env, "home", id=HOME_GUILD_ID)
    net = Network(env, home, [make_server(env, f"fans{i}") for i in range(count)])
    if subscribed:
        for server in net.everyone:
            await subscribe(server)
    return net


async def publish(server: Server, **options: Any) -> tuple[Any, Any]:
    """A moderator logs a report and presses Publish; returns (the report command's result, the click's)."""
    options.setdefault("outlet", "Xportsnews")
    options.setdefault("claim", "Season 2 is in the works.")
    options.setdefault("status", "report")
    result = await server.mod.slash(server.general, "news report", **options)
    click = await server.mod.click(result.response, label="Publish")
    return result, click


async def advance_in_steps(env: Any, seconds: float, *, step: float = 1.0) -> None:
    """`env.advance_time(seconds)`, one `step` of virtual time at a time.

    simcord gives each `advance_time` call `settle_timeout` (5 s) of wall time for everything the bot does in
    it. Ten virtual seconds of a fan-out to 35 servers is a hundred paced wake-ups, each settled with its
    database round trips, and on a loaded 2-core machine (PostgreSQL under other test runs) that took longer
    than 5 s: the test failed with "bot did not settle while advancing time" though the bot was only slow. Each
    step is settled on its own, so the wall-time bound applies to one second of the simulation, not to all of it.
    """
    whole, rest = divmod(seconds, step)
    for _ in range(int(whole)):
        await env.advance_time(step)
    if rest:
        await env.advance_time(rest)


def posts(channel: Any) -> list[discord.Message]:
    """Messages the bot posted in a channel, oldest first."""
    return [m for m in channel.history() if m.author.bot]


async def sequel_text(member: Any, channel: Any) -> str:
    """Everything /sequel shows a fan, every page of it (pressing Next until it is disabled)."""
    result = await member.slash(channel, "sequel")
    message = result.response
    texts = [str(message.embeds[0].to_dict())]
    while message.components and not _button(message, "Next").get("disabled"):
        click = await member.click(message, label="Next")
        message = click.response
        texts.append(str(message.embeds[0].to_dict()))
    return "\n".join(texts)


def buttons(message: Any) -> list[dict[str, Any]]:
    """The buttons under a message, as Discord's component payloads."""
    return [b for row in message.components for b in row["components"]]


def _button(message: Any, label: str) -> dict[str, Any]:
    return next(b for b in buttons(message) if b.get("label") == label)
