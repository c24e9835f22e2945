"""Every sentence a person sees, one file per language (`en.toml` first, `ko.toml` next), looked up by key.

`t("lookup.not_found", locale, name="x")` picks the file for the interaction's locale, falls back to English
for a key the language lacks, and formats the parameters. Adding a language is adding a file.
"""

from __future__ import annotations

import tomllib
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


def t(key: str, locale: object | None = None, /, **params: Any) -> str:
    """The sentence for `key` in the person's language, with `params` filled in."""
    language = language_of(locale)
    text = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"no sentence for {key!r}")
    return text.format(**params) if params else text
