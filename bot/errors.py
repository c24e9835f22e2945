"""The line between "the person did something we can explain" and "we have a bug"."""

from __future__ import annotations

from typing import Any


class UserFacingError(Exception):
    """Safe to show: raising it anywhere in a command ends with its message, shown only to that person.

    Give either a ready sentence, or an i18n key (`key=`) with its parameters so the message follows the
    person's language.
    """

    def __init__(self, message: str = "", *, key: str | None = None, **params: Any) -> None:
        super().__init__(message or key or "")
        self.message = message
        self.key = key
        self.params = params

    def render(self, locale: object | None) -> str:
        if self.key is None:
            return self.message
        from bot.i18n import t

        return t(self.key, locale, **self.params)
