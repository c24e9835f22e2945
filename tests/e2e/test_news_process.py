"""News and the real `python -m bot` process against the loopback Discord, on a real SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from aiohttp import web

from bot.storage import open_store

from .fake_discord import MODERATOR_PERMISSIONS, FakeDiscord, RecordedRequest
from .process import BotProcess, alive, process_env, running_bot, write_dotenv

STARTUP_TIMEOUT = 30.0
STEP = 10.0
NOW = "2026-03-01T12:00:00+00:00"
MOD = 1_300_000_000_000_004_321


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


@pytest.mark.parametrize("cut_off", ["a command", "a press on Publish"])
async def test_sigterm_while_a_moderators_message_is_being_edited_stops_cleanly(
    fake_discord: FakeDiscord, token: str, tmp_path: Path, cut_off: str
):
    """SIGTERM while Discord has not yet answered the edit of a moderator's message (a command's answer, or a
    press's result and its progress board): the bot stops with status 0 and no traceback. The news cog cancels a
    press and its board edits before the HTTP session closes; a command cut off by the closed session is one
    log line, not an error."""
    fake = fake_discord
    news = fake.add_channel(fake.guild, "news")
    write_dotenv(tmp_path, fake, token, HOME_GUILD_ID=fake.guild.id)
    arrived, release = asyncio.Event(), asyncio.Event()

    async def slow_edit(request: web.Request, rec: RecordedRequest, **groups: str) -> web.StreamResponse:
        arrived.set()
        await release.wait()  # Discord is slow to answer: the request is in flight when the bot is told to stop
        return await fake._r_followup_message(request, rec, **groups)

    def hold_edits() -> None:
        # from now on every edit of an interaction's message waits for `release`
        original = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<mid>@original)"
        fake.add_route("PATCH", original, slow_edit, interaction=True)

    as_mod = {"guild_id": fake.guild.id, "user_id": MOD, "member_permissions": MODERATOR_PERMISSIONS, "timeout": STEP}
    async with running_bot(fake, tmp_path) as bot:
        if cut_off == "a command":
            hold_edits()
            await alive(bot, fake.send_slash("news subscribe", {"channel": news}, **as_mod))
        else:
            subscribed = await alive(bot, fake.send_slash("news subscribe", {"channel": news}, **as_mod))
            await alive(bot, fake.wait_until(lambda: subscribed.message["content"], timeout=STEP, what="subscribed"))
            options = {"outlet": "Xportsnews", "claim": "Season 2 is in the works.", "status": "rumor"}
            preview = await alive(bot, fake.send_slash("news report", options, **as_mod))
            await alive(bot, fake.wait_until(lambda: preview.message["components"], timeout=STEP, what="the preview"))
            hold_edits()
            press = {"user_id": MOD, "member_permissions": MODERATOR_PERMISSIONS, "timeout": STEP}
            await alive(bot, fake.click(preview, label="Publish", **press))
        await alive(bot, asyncio.wait_for(arrived.wait(), STEP), what="the edit of the moderator's message")
        try:
            code = await bot.stop()
        finally:
            release.set()
    output = bot.output()
    assert code == 0, bot.tail()
    assert "Traceback" not in output and " ERROR " not in output, bot.tail()
