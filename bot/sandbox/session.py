"""The sandbox session: the real bot under simcord, a ready fan server, and typed lines acted out by people."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

import discord
import simcord
from discord import app_commands

from bot.errors import UserFacingError
from bot.i18n import t
from bot.logs import RedactSecrets
from bot.sandbox.parse import (
    Action,
    Click,
    CommandSpec,
    Help,
    LineError,
    Mention,
    OptionSpec,
    Quit,
    Show,
    Slash,
    SwitchChannel,
    SwitchPerson,
    parse_line,
)
from bot.sandbox.render import buttons, mention_names, render_message

GUILD_NAME = "Heroes on Call Fans"
STEP_SECONDS = 1.0  # virtual time let pass after each action, so background work (news delivery) happens
MIN_STEPS, MAX_STEPS = 2, 15
RECENT_MESSAGES = 20  # how far back `click` looks for a button

_KINDS = {
    discord.AppCommandOptionType.string: "string",
    discord.AppCommandOptionType.integer: "integer",
    discord.AppCommandOptionType.number: "number",
    discord.AppCommandOptionType.boolean: "boolean",
    discord.AppCommandOptionType.channel: "channel",
    discord.AppCommandOptionType.role: "role",
    discord.AppCommandOptionType.user: "user",
    discord.AppCommandOptionType.mentionable: "mentionable",
    discord.AppCommandOptionType.attachment: "attachment",
}


def command_specs(tree: app_commands.CommandTree[Any], guild_id: int) -> list[CommandSpec]:
    """Every runnable slash command in the tree (global, and this server's, which shadow global ones)."""
    roots: dict[str, Any] = {}
    for scope in (None, discord.Object(guild_id)):
        for command in tree.get_commands(guild=scope, type=discord.AppCommandType.chat_input):
            roots[command.name] = command
    specs: list[CommandSpec] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if isinstance(command, app_commands.Group):
            for child in command.commands:
                walk(child, (*path, child.name))
            return
        options = tuple(_option_spec(p) for p in command.parameters)
        specs.append(CommandSpec(path, options, command.description))

    for name, command in sorted(roots.items()):
        walk(command, (name,))
    return specs


def _option_spec(parameter: app_commands.Parameter) -> OptionSpec:
    return OptionSpec(
        name=parameter.display_name,
        kind=_KINDS.get(parameter.type, "string"),
        required=parameter.required,
        choices=tuple((c.name, c.value) for c in parameter.choices),
        min_value=parameter.min_value,
        max_value=parameter.max_value,
    )


class _OneLineHandler(logging.Handler):
    """Warnings and errors from the bot as single transcript lines (an exception as its type and message)."""

    def __init__(self, say: Callable[[str], None], seen: set[int]) -> None:
        super().__init__(logging.WARNING)
        self.say = say
        self.seen = seen

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = f"  ! {record.levelname} {record.name}: {record.getMessage()}"
            if record.exc_info and record.exc_info[1] is not None:
                error = record.exc_info[1]
                self.seen.add(id(error))
                text += f" ({_describe(error)})"
            self.say(text)
        except Exception:  # a log line must never end the session
            self.handleError(record)


def _describe(error: BaseException) -> str:
    original = getattr(error, "original", None) or error
    return f"{type(original).__name__}: {str(original).splitlines()[0] if str(original) else ''}".rstrip(": ")


@dataclass
class World:
    """The simulated fan server: its channels, roles and people, found by the names people type."""

    guild: simcord.GuildHandle
    channels: dict[str, simcord.ChannelHandle]
    roles: dict[str, simcord.RoleHandle]
    people: dict[str, simcord.MemberActor]
    names: Callable[[str], str] = field(default=str)


def build_world(env: simcord.Env, guild_id: int | None) -> World:
    """A fan server (the home server when HOME_GUILD_ID is set) with #general and #news, a fan and a moderator."""
    guild = env.create_guild(GUILD_NAME, id=guild_id)
    channels = {name: guild.create_text_channel(name) for name in ("general", "news")}
    mods = guild.create_role("mods", permissions=discord.Permissions(manage_guild=True))
    pings = guild.create_role("sequel-pings", mentionable=True)
    people = {
        "fan": guild.add_member(env.create_user("fan"), roles=[pings]),
        "mod": guild.add_member(env.create_user("mod"), roles=[mods]),
    }
    world = World(guild, channels, {"mods": mods, "sequel-pings": pings}, people)
    users = {p.id: name for name, p in people.items()}
    if env.bot.user is not None:
        users[env.bot.user.id] = env.bot.user.display_name
    world.names = mention_names(
        {c.id: name for name, c in channels.items()}, {r.id: name for name, r in world.roles.items()}, users
    )
    return world


class Session:
    """One person at a time typing lines into the simulated server, and what they see printed back."""

    def __init__(self, env: simcord.Env, world: World, out: TextIO) -> None:
        self.env = env
        self.world = world
        self.out = out
        self.person = "fan"
        self.channel = "general"
        self.recent: list[tuple[int, int]] = []  # (channel id, message id) in the order they were shown
        self.logged_errors: set[int] = set()
        self._seen: dict[tuple[int, int], str] = {}

    # ------------------------------------------------------------------ output

    def say(self, text: str = "") -> None:
        _write(self.out, text)

    def prompt(self) -> str:
        return t("sandbox.prompt", person=self.person, channel=self.channel)

    @property
    def actor(self) -> simcord.MemberActor:
        return self.world.people[self.person]

    def specs(self) -> list[CommandSpec]:
        # simcord types its bot as a plain Client; the sandbox runs any bot that has a command tree (FanBot, or a
        # test's small bot), so the attribute is there at runtime though not on Client's type.
        tree: discord.app_commands.CommandTree[Any] = self.env.bot.tree  # type: ignore[attr-defined]
        return command_specs(tree, self.world.guild.id)

    # ------------------------------------------------------------------ the loop

    def typed(self, read: Callable[[str], str]) -> Iterator[str]:
        """Lines typed at a prompt that shows who is typing where, until end of input or Ctrl-C."""
        while True:
            try:
                yield read(self.prompt())
            except (EOFError, KeyboardInterrupt):
                self.say()
                return

    async def run(self, lines: Iterable[str], *, echo: bool) -> None:
        """Act out every line; a bad line gets one helpful line and the session goes on."""
        for line in lines:
            if echo and line.strip():
                self.say(self.prompt() + line.strip())
            try:
                action = parse_line(line, self.specs())
                if action is None:
                    continue
                if isinstance(action, Quit):
                    break
                await self.act(action)
            except LineError as error:
                self.say(f"  {error}")
            except (simcord.SetupError, simcord.BackendError) as error:
                self.say("  " + self._simulator_refusal(error))
            except Exception as error:  # the sandbox never dies from one line
                self.say("  " + t("sandbox.bot_error", where=line.strip()[:40], error=_describe(error)))
        self.env.errors  # noqa: B018 - reading acknowledges: every error was reported on its own line

    async def act(self, action: Action) -> None:
        if isinstance(action, Help):
            self.show_help()
        elif isinstance(action, SwitchPerson):
            if action.name not in self.world.people:
                raise LineError(t("sandbox.unknown_person", name=action.name, people=self._people()))
            self.person = action.name
            self.say("  " + t("sandbox.switched_person", person=self.person))
        elif isinstance(action, SwitchChannel):
            self._channel(action.name)
            self.channel = action.name
            self.say("  " + t("sandbox.switched_channel", channel=self.channel))
        elif isinstance(action, Show):
            self.show_channel(action.channel)
        elif isinstance(action, Slash):
            await self.slash(action)
        elif isinstance(action, Click):
            await self.click(action.label)

    # ------------------------------------------------------------------ actions

    async def slash(self, action: Slash) -> None:
        values = {name: self._resolve(value) for name, value in action.values.items()}
        visible = self.actor.available_commands(self._channel(self.channel))
        if visible and action.command.name not in visible:
            raise LineError(
                t(
                    "sandbox.not_visible",
                    person=self.person,
                    command=action.command.name,
                    hint=t("sandbox.not_visible_hint") if self.person != "mod" else "",
                ).rstrip()
            )
        await self._interact(
            "/" + action.command.name,
            lambda: self.actor.slash(self._channel(self.channel), action.command.name, **values),
        )

    async def click(self, label: str) -> None:
        message, exact = self._find_button(label)
        await self._interact(f"[{exact}]", lambda: self.actor.click(message, label=exact))

    async def _interact(self, where: str, start: Callable[[], Any]) -> None:
        self._snapshot()
        cursor = self.env.error_cursor
        result = await start()
        self._show_result(result)
        await self._let_time_pass()
        self._show_changes()
        self._report_errors(where, cursor)

    def _show_result(self, result: simcord.InteractionResult) -> None:
        shown = [m for m in (result.response, *result.followups) if m is not None]
        if result.modal:
            self.say("  " + str((result.modal or {}).get("title", "form")))
        if not shown:
            self.say("  " + (t("sandbox.thinking") if result.deferred else t("sandbox.no_answer")))
        for response in shown:
            self._print(response.message)

    async def _let_time_pass(self) -> None:
        for step in range(MAX_STEPS):
            before = self._fingerprints()
            await self.env.advance_time(STEP_SECONDS)
            if step + 1 >= MIN_STEPS and self._fingerprints() == before:
                return

    def _show_changes(self) -> None:
        for key, (channel_name, message, print_) in self._changes().items():
            if not print_:
                continue
            if message.edited_at is None and key not in self._seen:
                self.say("  " + t("sandbox.new_in", channel=channel_name) + ":")
            self._print(message, indent="    ")

    def _report_errors(self, where: str, cursor: int) -> None:
        for error in self.env.errors_since(cursor):
            original = getattr(error, "original", error)
            handled = isinstance(original, UserFacingError) or (
                isinstance(error, app_commands.AppCommandError)
                and not isinstance(error, app_commands.CommandInvokeError)
            )
            if handled or id(error) in self.logged_errors:
                continue  # the person already read the bot's answer, or the log line above said it
            self.say("  " + t("sandbox.bot_error", where=where, error=_describe(error)))

    # ------------------------------------------------------------------ reading the world

    def _print(self, message: discord.Message, indent: str = "  ") -> None:
        me = self.env.bot.user
        author = t("sandbox.bot_name") if me is not None and message.author.id == me.id else None
        for line in render_message(message, self.world.names, indent, author):
            self.say(line)
        key = (message.channel.id, message.id)
        self._seen[key] = fingerprint(message)
        if key in self.recent:
            self.recent.remove(key)
        self.recent = [*self.recent[-RECENT_MESSAGES:], key]

    def _visible(self) -> list[tuple[str, discord.Message]]:
        out = []
        for name, channel in self.world.channels.items():
            try:
                history = channel.history(viewer=self.actor)
            except simcord.SetupError:
                continue  # this person cannot read the channel
            out += [(name, message) for message in history]
        return out

    def _fingerprints(self) -> dict[tuple[int, int], str]:
        return {(m.channel.id, m.id): fingerprint(m) for _, m in self._visible()}

    def _snapshot(self) -> None:
        self._seen.update(self._fingerprints())

    def _changes(self) -> dict[tuple[int, int], tuple[str, discord.Message, bool]]:
        changes = {}
        for name, message in self._visible():
            key = (message.channel.id, message.id)
            if self._seen.get(key) != fingerprint(message):
                changes[key] = (name, message, True)
        return changes

    def _find_button(self, label: str) -> tuple[discord.Message, str]:
        by_key = {(m.channel.id, m.id): m for _, m in self._visible()}
        labels_seen: list[str] = []
        for key in reversed(self.recent):
            message = by_key.get(key)
            if message is None:
                continue
            for button in buttons(message):
                if button.label and button.label.lower() == label.lower():
                    if button.disabled:
                        raise LineError(t("sandbox.button_disabled", label=button.label))
                    return message, button.label
                if button.label and not button.disabled and button.label not in labels_seen:
                    labels_seen.append(button.label)
        seen = t("sandbox.buttons_seen", buttons=", ".join(f"[{b}]" for b in labels_seen)) if labels_seen else ""
        raise LineError(t("sandbox.no_button", label=label, person=self.person, buttons=seen))

    def _channel(self, name: str) -> simcord.ChannelHandle:
        channel = self.world.channels.get(name)
        if channel is None:
            channels = ", ".join("#" + n for n in self.world.channels)
            raise LineError(t("sandbox.unknown_channel", name=name, channels=channels))
        return channel

    def _people(self) -> str:
        return ", ".join("@" + n for n in self.world.people)

    def _resolve(self, value: Any) -> Any:
        if not isinstance(value, Mention):
            return value
        if value.kind == "channel":
            return self._channel(value.name)
        if value.kind in ("role", "mentionable") and value.name in self.world.roles:
            return self.world.roles[value.name]
        if value.kind in ("user", "mentionable") and value.name in self.world.people:
            return self.world.people[value.name]
        if value.kind == "role":
            roles = ", ".join("@" + n for n in self.world.roles)
            raise LineError(t("sandbox.unknown_role", name=value.name, roles=roles))
        raise LineError(t("sandbox.unknown_person", name=value.name, people=self._people()))

    def _simulator_refusal(self, error: Exception) -> str:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return t("sandbox.simulator", reason=reason)

    # ------------------------------------------------------------------ help and show

    def show_help(self) -> None:
        self.say("  " + t("sandbox.help_intro"))
        self.say("  " + t("sandbox.help_commands", person=self.person))
        visible = set(self.actor.available_commands(self._channel(self.channel)))
        for spec in self.specs():
            if visible and spec.name not in visible:
                continue
            self.say(f"    {spec.usage()}" + (f"  ({spec.description})" if spec.description else ""))
        self.say("  " + t("sandbox.help_values"))
        self.say("  " + t("sandbox.help_verbs"))

    def show_channel(self, name: str) -> None:
        channel = self._channel(name)
        try:
            history = channel.history(viewer=self.actor)
        except simcord.SetupError:
            raise LineError(t("sandbox.cannot_read", person=self.person, channel=name)) from None
        if not history:
            self.say("  " + t("sandbox.empty_channel", channel=name))
        for message in history[-10:]:
            self._print(message)


def fingerprint(message: discord.Message) -> str:
    """What a person sees of a message (text, embeds, components), as one comparable string."""
    return json.dumps(
        [message.content, [e.to_dict() for e in message.embeds], [c.to_dict() for c in message.components]],
        sort_keys=True,
        default=str,
    )


async def _register_commands(bot: discord.Client, guild_id: int) -> None:
    """Sync the tree as `python -m bot sync` would, so Discord's visibility rules (who sees /news) apply."""
    tree: app_commands.CommandTree[Any] = getattr(bot, "tree")  # noqa: B009 - any client with a tree
    await tree.sync()
    guild = discord.Object(guild_id)
    if tree.get_commands(guild=guild):
        await tree.sync(guild=guild)


@asynccontextmanager
async def simulated_server(
    bot: discord.Client | Callable[[], discord.Client],
    out: TextIO,
    *,
    guild_id: int | None = None,
    secrets: Iterable[str] = (),
) -> AsyncIterator[tuple[simcord.Env, World, set[int]]]:
    """The bot under simcord in a ready fan server with its commands synced, its warnings printed to `out`.

    Yields the simulated Discord, the server, and the ids of errors already printed as log lines. `bot` may be
    a function that builds it, so that its start-up warnings already use the sandbox's log lines.
    """
    logged_errors: set[int] = set()
    handler = _OneLineHandler(lambda text: _write(out, text), logged_errors)
    handler.addFilter(RedactSecrets(list(secrets)))
    root, library = logging.getLogger(), logging.getLogger("discord")
    saved = root.handlers[:], root.level, library.level
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)  # the transcript stays readable: warnings and errors only, one line each
    # discord.py warns about voice support and about a state object simcord builds; noise in a simulation.
    library.setLevel(logging.ERROR)
    try:
        client = bot() if callable(bot) else bot
        async with simcord.run(client, shard_count=1, strict_sync=False, check_errors=False) as env:
            if client.user is not None:  # named as its owner would name it, rather than simcord's "TestBot"
                await client.user.edit(username=t("sandbox.bot_name"))
            world = build_world(env, guild_id)
            await _register_commands(client, world.guild.id)
            try:
                yield env, world, logged_errors
            finally:
                # simcord detaches the bot without closing it; close() releases what setup_hook opened (the
                # database connection's thread, which would otherwise keep the process alive).
                await client.close()
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
        library.setLevel(saved[2])


def welcome_facts(env: simcord.Env, world: World) -> dict[str, str]:
    """The server, channels and people named in a welcome line, and the simulated clock's date."""
    return {
        "guild": GUILD_NAME,
        "channels": ", ".join("#" + n for n in world.channels),
        "people": ", ".join(f"@{n}" + (" (moderator)" if n == "mod" else "") for n in world.people),
        # simcord's virtual clock has its own calendar: "today" for the bot (e.g. a report's date)
        "today": f"{env.now():%d %B %Y}".lstrip("0"),
    }


async def run_session(
    bot: discord.Client | Callable[[], discord.Client],
    lines: Iterable[str] | Callable[[str], str],
    out: TextIO,
    *,
    guild_id: int | None = None,
    echo: bool = True,
    secrets: Iterable[str] = (),
) -> None:
    """Run the bot under simcord in a ready fan server and act out `lines`, printing what people see to `out`.

    `bot` may be a function that builds it, so that its start-up warnings already use the sandbox's log lines.
    `lines` is a script (echoed with a prompt when `echo`), or a `read(prompt)` function such as `input`.
    """
    async with simulated_server(bot, out, guild_id=guild_id, secrets=secrets) as (env, world, logged_errors):
        session = Session(env, world, out)
        session.logged_errors = logged_errors
        session.say(t("sandbox.welcome", **welcome_facts(env, world)))
        if callable(lines):
            await session.run(session.typed(lines), echo=False)
        else:
            await session.run(lines, echo=echo)
    _write(out, t("sandbox.bye"))


def _write(out: TextIO, text: str) -> None:
    out.write(text + "\n")
    out.flush()
