"""Command names, options, choices and their descriptions, in every language, from the same catalogs by key.

A command's English name and description are what discord.py registers; each other language reaches
Discord as `name_localizations` / `description_localizations`, filled in at sync time by `CatalogTranslator`.
Keys follow the command's path: `commands.<command>[.<subcommand>].{name,description}`, its options under
`...options.<option>.{name,description}`, and choices shared between commands under `choices.<kind>.<value>`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypedDict, TypeVar

from discord import Locale, app_commands

from bot.i18n import DEFAULT_LANGUAGE, catalog, command_name, language_of, t

CommandT = TypeVar("CommandT", bound=app_commands.Command[Any, ..., Any])

NAME_MAX = 32  # Discord's limit for command and option names

__all__ = ["CatalogTranslator", "choices", "command_name", "command_text", "localized_options", "valid_name"]


def text(key: str) -> app_commands.locale_str:
    """The English sentence for `key`, carrying the key so the translator can find every other language."""
    return app_commands.locale_str(t(key), key=key)


class CommandText(TypedDict):
    name: app_commands.locale_str
    description: app_commands.locale_str


def command_text(path: str) -> CommandText:
    """`name=` and `description=` for `app_commands.command`, a group, or a group's subcommand."""
    return CommandText(name=text(f"commands.{path}.name"), description=text(f"commands.{path}.description"))


def localized_options(path: str) -> Callable[[CommandT], CommandT]:
    """Name and describe every option of the command below from `commands.<path>.options.<option>` keys.

    Goes above `@app_commands.command`, so no option can be added without its sentences (a missing key fails
    at import, and the meta-test proves every language has them).
    """

    def apply(command: CommandT) -> CommandT:
        options = [parameter.name for parameter in command.parameters]
        keys = {option: f"commands.{path}.options.{option}" for option in options}
        app_commands.describe(**{option: text(f"{key}.description") for option, key in keys.items()})(command)
        app_commands.rename(**{option: text(f"{key}.name") for option, key in keys.items()})(command)
        return command

    return apply


def choices(kind: str, values: Iterable[str]) -> list[app_commands.Choice[str]]:
    """Choices whose labels come from `choices.<kind>.<value>`; the values are what the command receives."""
    return [app_commands.Choice(name=text(f"choices.{kind}.{value}"), value=value) for value in values]


def valid_name(name: str) -> bool:
    """Discord's rule for command and option names: 1-32 of `-`, `_`, `'`, letters and digits of any script
    (Devanagari and Thai marks too), lowercase wherever the script has case.

    Discord states it as the regex `^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$` (unicode) plus the
    lowercase rule; Python's `re` has no `\\p{...}`, so this checks the same classes through `unicodedata`.
    """
    if not 1 <= len(name) <= NAME_MAX or name != name.lower():
        return False
    return all(
        char in "-_'"
        or unicodedata.category(char)[0] in "LN"
        or "\u0900" <= char <= "\u097f"  # Devanagari block
        or "\u0e00" <= char <= "\u0e7f"  # Thai block
        for char in name
    )


class CatalogTranslator(app_commands.Translator):
    """Gives Discord each command string in every language the catalogs hold; English is the registered base."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        language = language_of(locale)
        if key is None or language == DEFAULT_LANGUAGE:
            return None  # no localization: Discord shows the English base
        return catalog(language).get(key)
