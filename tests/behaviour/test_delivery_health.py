"""A process that cannot even ask the database whether it is the news sender says so once in the log, tries
again with backoff, and tells moderators (/news status) and operators (/about) why it is not delivering, until
one line says it recovered. The real bot under simcord, on an SQLite file whose sender lock cannot be opened
(a folder has its name): the same path as PostgreSQL refusing the sender's connection, both an OSError."""

from __future__ import annotations

import logging

import simcord

from tests.behaviour._news import network, posts, publish


def field(embed, name: str) -> str:
    return next(f.value for f in embed.fields if f.name == name)


async def test_a_sender_role_the_database_cannot_give_is_logged_once_shown_and_recovers(make_bot, tmp_path, caplog):
    lock = tmp_path / "bot.db.sender"
    lock.mkdir()  # where the sender lock file goes: opening it fails on every try
    caplog.set_level(logging.INFO, logger="bot.news")
    async with simcord.run(make_bot(), shard_count=1, strict_sync=False) as env:
        net = await network(env, 1)
        await publish(net.home)
        for _ in range(4):
            await env.advance_time(30)  # many tries, backing off (in steps: the progress message polls meanwhile)
        assert all(posts(s.news) == [] for s in net.everyone)
        status = (await net.home.mod.slash(net.home.general, "news status")).response.embeds[0]
        delivery = field(status, "Delivery")
        assert delivery.startswith("Not delivering from this process since")
        assert "the database cannot be reached (IsADirectoryError)" in delivery
        about = (await net.home.fan.slash(net.home.general, "about")).response.embeds[0]
        assert "the database cannot be reached (IsADirectoryError)" in field(about, "Delivery status")
        trouble = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(trouble) == 1 and trouble[0].exc_info is None  # once, one line, not a traceback per try
        assert "cannot reach the database (asking for the sender role" in trouble[0].getMessage()

        lock.rmdir()
        await env.advance_time(60)  # the next try (at most 30 s away) takes the role and delivers
        assert [len(posts(s.news)) for s in net.everyone] == [1, 1]
        recovered = [r for r in caplog.records if "back to normal" in r.getMessage()]
        assert len(recovered) == 1 and "asking for the sender role" in recovered[0].getMessage()
        status = (await net.home.mod.slash(net.home.general, "news status")).response.embeds[0]
        assert field(status, "Delivery").startswith("Running. Last post delivered")
