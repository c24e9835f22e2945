"""News and the real `python -m bot` process against the loopback Discord, on a real SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from aiohttp import web

from bot.storage import open_store

from .fake_discord import FakeDiscord, RecordedRequest
from .process import BotProcess, process_env, write_dotenv

STARTUP_TIMEOUT = 30.0
NOW = "2026-03-01T12:00:00+00:00"


async def in_flight_delivery(database: Path) -> None:
    """The database as a live bot leaves it mid fan-out: one post being sent right now."""
    store = await open_store(f"sqlite:///{database}")  # creates and migrates the file
    await store.close()
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO news_subscriptions (guild_id, channel_id, role_id, language, subscribed_by, created_at,"
            " updated_at) VALUES (1, 11, NULL, 'en', 5, ?, ?)",
            (NOW, NOW),
        )
        db.execute(
            "INSERT INTO news_reports (id, scope, origin_guild_id, author_id, outlet, claim, status, url,"
            " reported_on, created_at) VALUES (1, 'network', 1, 5, 'Netflix', 'Season 2.', 'confirmed', '',"
            " '2026-03-01', ?)",
            (NOW,),
        )
        db.execute(
            "INSERT INTO news_deliveries (report_id, guild_id, channel_id, kind, state, attempts, next_attempt_at,"
            " created_at) VALUES (1, 1, 11, 'post', 'sending', 1, 0, ?)",
            (NOW,),
        )


async def test_sync_leaves_the_live_bots_deliveries_alone(fake_discord: FakeDiscord, token: str, tmp_path: Path):
    write_dotenv(tmp_path, fake_discord, token)
    database = tmp_path / "bot.db"
    await in_flight_delivery(database)

    async def slow_global_sync(request: web.Request, rec: RecordedRequest, app: str) -> web.StreamResponse:
        # a global sync of many commands takes Discord a while: time enough for anything started beside it
        await asyncio.sleep(1.5)
        return await fake_discord._r_commands_put(request, rec, app=app, guild=None)

    fake_discord.add_route("PUT", r"/applications/(?P<app>\d+)/commands", slow_global_sync)

    bot = await BotProcess.spawn("sync", cwd=tmp_path, env=process_env())
    try:
        assert await bot.wait(STARTUP_TIMEOUT) == 0, bot.output()[-4000:]
    finally:
        await bot.kill()

    with sqlite3.connect(database) as db:
        row = db.execute("SELECT state, attempts, maybe_sent, last_error FROM news_deliveries").fetchone()
        paused = db.execute("SELECT paused_reason FROM news_subscriptions").fetchone()
    assert row == ("sending", 1, 0, ""), "a sync run touched the live bot's in-flight delivery"
    assert paused == (None,)
    assert not fake_discord.requests_to("POST", r"/channels/\d+/messages")
    assert not fake_discord.requests_to("GET", r"/channels/\d+/messages")
