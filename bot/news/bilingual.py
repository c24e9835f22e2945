"""Text a moderator types with an optional Korean version beside it: a report's `claim` and `claim_ko`, a
retraction's `reason` and `reason_ko`.

One rule for every such pair, so a new one is a `Bilingual` and a column, not a copy of the last:
- the command has an option `<option>` and an optional `<option>_ko`, both cleaned and measured alike and each
  refused by its own name (`bot.news.validation.clean_pair`); a Korean version not given is '';
- the store keeps it in a column `<column>_ko` beside the text, '' meaning none (its migration adds it
  `NOT NULL DEFAULT ''`, so rows from before read as "no Korean");
- a Korean reader gets the Korean version when there is one; everyone else, and a Korean reader when there is
  none, gets the text as typed (`pick`). The moderator is told when Korean servers will see it as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import language_of


@dataclass(frozen=True, slots=True)
class Bilingual:
    """An option moderators type (`"claim"`), its Korean version (`"claim_ko"`) and the length both may have."""

    option: str
    limit: int

    @property
    def korean(self) -> str:
        return f"{self.option}_ko"


def pick(text: str, text_ko: str, locale: object | None) -> str:
    """`text_ko` for a reader in Korean when there is one, else `text` as typed (the data's Korean fields, such as
    an outlet's `outlet_ko`, are picked the same way)."""
    return text_ko if text_ko and language_of(locale) == "ko" else text
