"""Reading a sandbox line the way a person types it in Discord: `/news report outlet: X claim: a: b status: report`.

Pure Python (no discord import): the session turns the bot's command tree into `CommandSpec`s, and this module
turns one typed line into an action or a `LineError` whose message is the one helpful line the person sees.
Option names are matched against the command's real parameters, so a value may hold spaces and colons.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.i18n import t

MENTION_KINDS = ("channel", "role", "user", "mentionable")
_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}
_INTEGER = re.compile(r"[+-]?\d+")
_LEADING_OPTION = re.compile(r"^([\w-]+):(?:\s|$)")


class LineError(Exception):
    """A mistake in a typed line; the message is the one line the sandbox prints about it."""


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One option of a slash command, as Discord shows it: `kind` is string, integer, number, boolean, channel,
    role, user, mentionable or attachment; for strings `min_value`/`max_value` are lengths."""

    name: str
    kind: str = "string"
    required: bool = True
    choices: tuple[tuple[str, str | int | float], ...] = ()
    min_value: float | None = None
    max_value: float | None = None

    def usage(self) -> str:
        return f"{self.name}:" if self.required else f"[{self.name}:]"


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A runnable slash command: its path (`("news", "report")`) and its options in order."""

    path: tuple[str, ...]
    options: tuple[OptionSpec, ...] = ()
    description: str = ""

    @property
    def name(self) -> str:
        return " ".join(self.path)

    def usage(self) -> str:
        return " ".join([f"/{self.name}", *(o.usage() for o in self.options)])

    def option(self, name: str) -> OptionSpec | None:
        return next((o for o in self.options if o.name == name), None)


@dataclass(frozen=True, slots=True)
class Mention:
    """A channel, role or person named in a line (`#news`, `@mods`, `@fan`); the session resolves it."""

    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class Slash:
    command: CommandSpec
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SwitchPerson:
    name: str


@dataclass(frozen=True, slots=True)
class SwitchChannel:
    name: str


@dataclass(frozen=True, slots=True)
class Click:
    label: str


@dataclass(frozen=True, slots=True)
class Show:
    channel: str


@dataclass(frozen=True, slots=True)
class Help:
    pass


@dataclass(frozen=True, slots=True)
class Quit:
    pass


Action = Slash | SwitchPerson | SwitchChannel | Click | Show | Help | Quit


def parse_line(line: str, commands: Sequence[CommandSpec]) -> Action | None:
    """The action a typed line asks for; None for a blank line or a `#` comment. Raises `LineError`."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    if text.startswith("/"):
        return parse_slash(text[1:], commands)
    verb, _, rest = text.partition(" ")
    verb, rest = verb.lower(), rest.strip()
    if verb in ("help", "?"):
        return Help()
    if verb in ("quit", "exit", "q"):
        return Quit()
    if verb == "as" and rest:
        return SwitchPerson(rest.lstrip("@").lower())
    if verb == "in" and rest:
        return SwitchChannel(rest.lstrip("#").lower())
    if verb == "show" and rest:
        return Show(rest.lstrip("#").lower())
    if verb == "click" and rest:
        return Click(_unquote(rest.strip("[]")))
    raise LineError(t("sandbox.unknown_line", text=text[:60]))


def parse_slash(text: str, commands: Sequence[CommandSpec]) -> Slash:
    """`news report outlet: X ...` (without the slash) -> the command and its typed option values."""
    command, rest = _find_command(text, commands)
    return Slash(command, _parse_options(command, rest))


def _find_command(text: str, commands: Sequence[CommandSpec]) -> tuple[CommandSpec, str]:
    words = text.split()
    if not words:
        raise LineError(t("sandbox.no_command", commands=_command_list(commands)))
    root = words[0].lower()
    family = [c for c in commands if c.path[0] == root]
    if not family:
        roots = sorted({c.path[0] for c in commands})
        close = difflib.get_close_matches(root, roots, n=1)
        hint = t("sandbox.did_you_mean", name="/" + close[0]) if close else ""
        raise LineError(t("sandbox.unknown_command", name=root, commands=_command_list(commands), hint=hint))
    # The longest path whose words start the line: `/news report ...` before a hypothetical `/news`.
    for spec in sorted(family, key=lambda c: len(c.path), reverse=True):
        depth = len(spec.path)
        if [w.lower() for w in words[:depth]] == list(spec.path):
            return spec, _after_words(text, depth)
    subcommands = ", ".join(sorted(" ".join(c.path[1:]) for c in family))
    raise LineError(t("sandbox.needs_subcommand", name=root, subcommands=subcommands))


def _after_words(text: str, count: int) -> str:
    """The text after the first `count` words, with its inner spacing kept."""
    rest = text.lstrip()
    for _ in range(count):
        rest = rest[len(rest.split(maxsplit=1)[0]) :].lstrip()
    return rest


def _parse_options(command: CommandSpec, rest: str) -> dict[str, Any]:
    raw = _split_options(command, rest)
    missing = [o for o in command.options if o.required and o.name not in raw]
    if missing:
        raise LineError(
            t(
                "sandbox.missing_option",
                command=command.name,
                options=", ".join(f"{o.name}:" for o in missing),
                usage=command.usage(),
            )
        )
    options = {o.name: o for o in command.options}  # `raw` holds only these names (`_split_options`)
    return {name: convert(command, options[name], value) for name, value in raw.items()}


def _split_options(command: CommandSpec, rest: str) -> dict[str, str]:
    """`outlet: X claim: a: b` -> {"outlet": "X", "claim": "a: b"}.

    Only the command's own option names start an option, so other colons stay in the value; when a name
    appears twice, the last one starts the option and the earlier one is text of the option before it.
    """
    names = [o.name for o in command.options]
    markers: dict[str, tuple[int, int]] = {}
    if names:
        pattern = re.compile(r"(?<!\S)(" + "|".join(map(re.escape, names)) + r"):", re.IGNORECASE)
        for match in pattern.finditer(rest):
            markers[match.group(1).lower()] = (match.start(), match.end())
    ordered = sorted(markers.items(), key=lambda item: item[1][0])
    raw: dict[str, str] = {}
    leading = rest[: ordered[0][1][0]] if ordered else rest
    for index, (name, (_, end)) in enumerate(ordered):
        stop = ordered[index + 1][1][0] if index + 1 < len(ordered) else len(rest)
        value = rest[end:stop].strip()
        if not value:
            raise LineError(t("sandbox.empty_option", option=name, usage=command.usage()))
        raw[name] = _unquote(value)
    leading = leading.strip()
    if leading:
        unknown = _LEADING_OPTION.match(leading)
        if unknown:
            raise LineError(
                t(
                    "sandbox.unknown_option",
                    command=command.name,
                    option=unknown.group(1),
                    options=", ".join(f"{n}:" for n in names) or t("sandbox.no_options"),
                )
            )
        # `/character Baek Kang-hyuk`: a bare value belongs to the only option that could take it.
        open_options = [o for o in command.options if o.name not in raw]
        required_open = [o for o in open_options if o.required]
        target = open_options if len(open_options) == 1 else required_open
        if len(target) != 1:
            raise LineError(t("sandbox.bare_text", text=leading[:40], usage=command.usage()))
        raw = {target[0].name: _unquote(leading), **raw}
    return raw


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'“”":
        return value[1:-1]
    return value


def convert(command: CommandSpec, option: OptionSpec, value: str) -> Any:
    """The typed value for one option, or a `LineError` naming the option and what it accepts."""
    kind = option.kind
    if option.choices:
        return _choose(command, option, value)
    if kind == "string":
        length = len(value)
        if (option.min_value is not None and length < option.min_value) or (
            option.max_value is not None and length > option.max_value
        ):
            raise LineError(
                t("sandbox.bad_length", option=option.name, low=_num(option.min_value, 0), high=_num(option.max_value))
            )
        return value
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise LineError(t("sandbox.bad_integer", option=option.name, value=value[:40]))
        return _in_range(option, int(value))
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise LineError(t("sandbox.bad_number", option=option.name, value=value[:40])) from None
        return _in_range(option, number)
    if kind == "boolean":
        lowered = value.lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise LineError(t("sandbox.bad_boolean", option=option.name, value=value[:40]))
    if kind in MENTION_KINDS:
        name = value.strip()
        if kind == "channel":
            name = name.removeprefix("#")
        elif name.startswith("@"):
            name = name[1:]
        if not name or " " in name.strip():
            raise LineError(t(f"sandbox.bad_{kind}", option=option.name, value=value[:40]))
        return Mention(kind, name.lower())
    raise LineError(t("sandbox.unsupported_option", option=option.name, kind=kind))


def _choose(command: CommandSpec, option: OptionSpec, value: str) -> Any:
    lowered = value.lower()
    for label, choice in option.choices:
        if lowered in (label.lower(), str(choice).lower()):
            return choice
    labels = ", ".join(label for label, _ in option.choices)
    raise LineError(t("sandbox.bad_choice", option=option.name, value=value[:40], choices=labels))


def _in_range(option: OptionSpec, number: float) -> Any:
    if (option.min_value is not None and number < option.min_value) or (
        option.max_value is not None and number > option.max_value
    ):
        raise LineError(
            t("sandbox.bad_range", option=option.name, low=_num(option.min_value), high=_num(option.max_value))
        )
    return number


def _num(value: float | None, default: object = "…") -> object:
    if value is None:
        return default
    return int(value) if float(value).is_integer() else value


def _command_list(commands: Sequence[CommandSpec]) -> str:
    return ", ".join(sorted({"/" + c.path[0] for c in commands}))
