"""Heroes on Call fan bot: lookups, /ask, the sequel ledger and automatic news for fan servers."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "create_bot"]

if TYPE_CHECKING:
    from bot.app import FanBot
    from bot.config import Settings


def create_bot(settings: Settings | None = None, *, serving: bool = True) -> FanBot:
    """Build the bot (not connected). See `bot.app.create_bot`."""
    from bot.app import create_bot as _create_bot

    return _create_bot(settings, serving=serving)
