"""A subscribed network for the real process against the loopback Discord: N servers with a #news channel,
their subscriptions written through the store before the bot starts (one /news subscribe per server would
spend most of a big test on setup), and a report published the way a curator does it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.storage import open_store

from .fake_discord import MODERATOR_PERMISSIONS, FakeDiscord, Guild, RecordedRequest, Reply

CURATOR = 1_300_000_000_000_000_777
STEP = 15.0


async def subscribed_servers(fake: FakeDiscord, folder: Path, count: int) -> list[Guild]:
    """The home server (the fake's first guild) and `count - 1` more, each subscribed with its #news."""
    home = fake.guild
    fake.add_channel(home, "news")
    servers = [home, *fake.add_guilds(count - 1, channels=("news",))]
    store = await open_store(f"sqlite:///{folder / 'bot.db'}")
    try:
        now = dt.datetime.now(dt.UTC)
        for server in servers:
            channel = server.channel("news").id
            await store.subscriptions.subscribe(
                server.id, channel, role_id=None, language="en", actor_id=CURATOR, now=now
            )
    finally:
        await store.close()
    return servers


async def publish(fake: FakeDiscord, home: Guild, claim: str) -> Reply:
    """/news report, then Publish, as the home server's curator; returns the press."""
    preview = await fake.send_slash(
        "news report",
        {"outlet": "Xportsnews", "claim": claim, "status": "report"},
        guild_id=home.id,
        channel_id=home.channel("general").id,
        user_id=CURATOR,
        member_permissions=MODERATOR_PERMISSIONS,
        timeout=STEP,
    )
    await fake.wait_until(lambda: bool(preview.message and preview.message["components"]), timeout=STEP)
    return await fake.click(
        preview, label="Publish", user_id=CURATOR, member_permissions=MODERATOR_PERMISSIONS, timeout=STEP
    )


def post_requests(fake: FakeDiscord) -> list[RecordedRequest]:
    """Every attempt at a channel message, in the order Discord received them (429s included)."""
    return sorted(fake.requests_to("POST", r"/channels/\d+/messages"), key=lambda r: r.at)


def most_in_one_second(times: list[float]) -> int:
    times = sorted(times)
    return max((sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times)), default=0)
