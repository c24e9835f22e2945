"""How the news delivery worker is doing, in words, for `/news status` (moderators) and `/about` (operators)."""

from __future__ import annotations

from typing import Any

import discord

from bot.i18n import t
from bot.news.worker import SENDER_ROLE, Health


def delivery_health(bot: Any) -> Health | None:
    """The worker's health, or None when no worker runs in this process (`python -m bot sync`, not started, or
    another process is the sender) and nothing stops this one from becoming the sender."""
    health = getattr(getattr(bot.get_cog("News"), "worker", None), "health", None)
    return health if isinstance(health, Health) and (health.running or SENDER_ROLE in health.problems) else None


def health_text(health: Health | None, locale: object | None) -> str:
    if health is None:
        return t("news.health_off", locale)
    # not running: the one problem that matters is that it could not ask whether this process should deliver
    trouble = health.trouble if health.running else health.problems.get(SENDER_ROLE)
    if trouble is not None:
        since, kind, detail = trouble
        why = t(f"news.health_why_{kind}", locale, detail=detail)
        key = "news.health_trouble" if health.running else "news.health_no_sender"
        return t(key, locale, since=discord.utils.format_dt(since, "R"), why=why)
    if health.last_delivery_at is not None:
        return t("news.health_ok", locale, last=discord.utils.format_dt(health.last_delivery_at, "R"))
    assert health.started_at is not None  # running
    return t("news.health_ok_idle", locale, started=discord.utils.format_dt(health.started_at, "R"))
