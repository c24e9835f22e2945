"""Every sentence a person sees, one file per language (`en.toml` first, `ko.toml` next), looked up by key.

`t("lookup.not_found", locale, name="x")` picks the file for the interaction's locale, falls back to English
for a key the language lacks, and formats the parameters. Adding a language is adding a file.

Words that are themselves in the catalogs are never spelled inside a sentence, so they read the same as
everywhere else in the reader's client:
- a command, as the client lists it: `{cmd_news_subscribe}` is filled in by `t()` itself (`/news subscribe`,
  `/소식 구독`);
- a parameter that is a `Term` (an option's name, a permission, a list of choices) is looked up in the
  sentence's language when the sentence is, so code that raises an error needs no locale.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
DEFAULT_LANGUAGE = "en"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    """All sentences of one language, flattened to dotted keys."""
    path = _HERE / f"{language}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return _flatten(tomllib.load(fh))


def languages() -> list[str]:
    return sorted(p.stem for p in _HERE.glob("*.toml"))


def language_of(locale: object | None) -> str:
    """Map a discord.Locale (or its string value, such as "ko" or "en-US") to a catalog language."""
    value = str(getattr(locale, "value", locale) or "").lower()
    base = value.split("-", 1)[0]
    return base if base in languages() else DEFAULT_LANGUAGE


COMMAND_PLACEHOLDER = "cmd_"  # `{cmd_news_subscribe}`: the command `news subscribe` as the reader's client lists it


def command_name(path: str, locale: object | None) -> str:
    """How a person with `locale` sees a command in Discord: `/소식 구독` in Korean, `/news subscribe` else."""
    parts = path.split(".")
    names = [t(f"commands.{'.'.join(parts[: i + 1])}.name", locale) for i in range(len(parts))]
    return "/" + " ".join(names)


class Term:
    """A word of a sentence that the catalogs hold too, rendered in the language of the sentence around it."""

    def render(self, locale: object | None) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Word(Term):
    """One catalog entry, e.g. an option's name as the client shows it."""

    key: str

    def render(self, locale: object | None) -> str:
        return t(self.key, locale)


@dataclass(frozen=True)
class Words(Term):
    """Several catalog entries joined with `separator`: a list of permissions or of choices."""

    keys: Sequence[str]
    separator: str = ", "

    def render(self, locale: object | None) -> str:
        return self.separator.join(t(key, locale) for key in self.keys)


def option_name(command: str, option: str) -> Word:
    """The name of `command`'s option (`"news.report"`, `"claim_ko"`) as the reader's client lists it."""
    return Word(f"commands.{command}.options.{option}.name")


def choice_names(kind: str, values: Iterable[str]) -> Words:
    """The labels of a command's choices (`choices.<kind>.<value>`), as the client lists them."""
    return Words(tuple(f"choices.{kind}.{value}" for value in values))


@dataclass(frozen=True)
class PermissionNames(Term):
    """Discord permissions (`manage_guild`) as the client names them ("Manage Server", "서버 관리하기"); one the
    catalogs lack reads as its English words rather than failing the sentence that names it."""

    names: Sequence[str]

    def render(self, locale: object | None) -> str:
        known = catalog(language_of(locale)) | catalog(DEFAULT_LANGUAGE)
        return ", ".join(
            t(f"permissions.{name}", locale) if f"permissions.{name}" in known else name.replace("_", " ").title()
            for name in self.names
        )


def permission_names(names: Iterable[str]) -> PermissionNames:
    return PermissionNames(tuple(names))


class _Formatter(string.Formatter):
    def __init__(self, locale: object | None) -> None:
        self.locale = locale

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str) and key not in kwargs and key.startswith(COMMAND_PLACEHOLDER):
            return command_name(key.removeprefix(COMMAND_PLACEHOLDER).replace("_", "."), self.locale)
        value = super().get_value(key, args, kwargs)
        return value.render(self.locale) if isinstance(value, Term) else value


def t(key: str, locale: object | None = None, /, **params: Any) -> str:
    """The sentence for `key` in the person's language, with `params` filled in (see the module's docstring)."""
    language = language_of(locale)
    text = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"no sentence for {key!r}")
    return _Formatter(locale).format(text, **params) if params or "{" + COMMAND_PLACEHOLDER in text else text
