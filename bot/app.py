"""Building the bot: `create_bot(settings)` returns it fully built and not connected."""

from __future__ import annotations

import datetime as dt
import logging
import pkgutil
from pathlib import Path
from typing import Any

import discord
import yarl
from discord.ext import commands

from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.i18n.commands import CatalogTranslator
from bot.knowledge.ask import AskEngine
from bot.knowledge.index import NameIndex
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.news.ledger import Ledger
from bot.storage import Store, open_store
from bot.tree import FanTree
from bot.ui.mentions import SnowflakeMentions
from bot.ui.news_delivery import RestWatch
from bot.ui.views import CrossLinkButton, PageButton, SequelButton

log = logging.getLogger(__name__)

COGS_DIR = PROJECT_ROOT / "cogs"


def extension_names(cogs_dir: Path = COGS_DIR) -> list[str]:
    """Every extension in `cogs/`; a module whose name starts with `_` is a helper, not an extension."""
    return sorted(
        f"cogs.{module.name}" for module in pkgutil.iter_modules([str(cogs_dir)]) if not module.name.startswith("_")
    )


def _shard_options(settings: Settings) -> dict[str, Any]:
    """SHARD_COUNT / SHARD_IDS: this process serves its range of the bot's shards; unset, Discord says how many."""
    if settings.shard_count is None:
        return {}
    return {"shard_count": settings.shard_count, "shard_ids": list(settings.shard_ids or range(settings.shard_count))}


class FanBot(commands.AutoShardedBot):
    """The bot, holding the services its cogs call: knowledge, name index, ledger and store."""

    def __init__(self, settings: Settings, knowledge: Knowledge, *, serving: bool = True) -> None:
        # Sees every REST request, so news delivery shares Discord's global budget with everything else the
        # bot sends and hears about 429s; it must be on the HTTP session, which exists before any cog loads.
        rest_watch = RestWatch()
        super().__init__(
            http_trace=rest_watch.trace,
            command_prefix=commands.when_mentioned,  # slash commands only; no message content intent needed
            help_command=None,
            intents=discord.Intents.default(),
            allowed_mentions=SnowflakeMentions.none(),
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
            tree_cls=FanTree,
            **_shard_options(settings),
        )
        self.settings = settings
        self.knowledge = knowledge
        self.names = NameIndex.from_knowledge(knowledge)
        # runtime reports come from the store, which opens later (in setup_hook)
        self.ledger = Ledger(knowledge, lambda: self._store.reports if self._store is not None else None)
        self.ask = AskEngine(knowledge)  # everything /ask needs, indexed once
        self._store: Store | None = None
        self.started_at: dt.datetime | None = None
        self.extension_list: list[str] = extension_names()
        self.failed_extensions: dict[str, BaseException] = {}
        # False for a one-off command-line run (`python -m bot sync`): the cogs load so their commands can be
        # synced, but nothing works in the background, since a live bot may be using the same database.
        self.serving = serving
        self.rest_watch = rest_watch

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store opens in setup_hook; the bot has not started yet")
        return self._store

    async def login(self, token: str) -> None:
        # DISCORD_API_BASE / DISCORD_GATEWAY_URL point the client at a local stand-in for Discord (the
        # end-to-end test). They must apply before login's first REST call; never set them in production.
        if self.settings.api_base:
            discord.http.Route.BASE = self.settings.api_base
        if self.settings.gateway_url:
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.settings.gateway_url)
        await super().login(token)

    async def setup_hook(self) -> None:
        self._store = await open_store(self.settings.database_url)
        self.started_at = discord.utils.utcnow()
        # Korean (and any later language) names and descriptions of every command, sent with each sync
        await self.tree.set_translator(CatalogTranslator())
        # Cross-link buttons (character <-> actor) appear under /character, /cast and /ask answers alike, the
        # Season 2 button under /ask answers and every news post; they must keep working after a restart, so
        # they are registered once here rather than by any one cog.
        self.add_dynamic_items(CrossLinkButton, SequelButton, PageButton)
        for name in self.extension_list:
            try:
                await self.load_extension(name)
            except Exception as error:  # one broken cog must not stop the others
                self.failed_extensions[name] = error
                log.exception("could not load extension %s", name)

    async def close(self) -> None:
        await super().close()
        await self.close_store()

    async def close_store(self) -> None:
        """Close the database (also used by test harnesses that detach the bot without closing it)."""
        if self._store is not None:
            store, self._store = self._store, None
            await store.close()

    async def sync_commands(self) -> list[discord.app_commands.AppCommand]:
        """Register the command tree with Discord: in DEV_GUILD_ID when set (instant), else globally.

        Only `python -m bot sync` calls this; syncing on every start would burn Discord's daily quota.
        """
        if self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            return await self.tree.sync(guild=guild)
        return await self.tree.sync()

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))


def create_bot(settings: Settings | None = None, *, serving: bool = True) -> FanBot:
    """The bot, built and not connected. Without settings, read them from the environment (and `.env`) now.

    `serving=False` builds it for a one-off command (syncing the command tree): no background work starts."""
    settings = settings or load_settings()
    knowledge = load_knowledge(settings.data_dir)
    return FanBot(settings, knowledge, serving=serving)
