"""The database drops every connection of the sending process in the middle of a fan-out (a failover, an
operator's pg_terminate_backend, a proxy restart): the sender loses its role, takes it back, and every server
still gets exactly one copy, well before any lease could run out. PostgreSQL only: the sender role and the pool
are connections the server can end; the real bot under simcord, the connections ended from an admin connection
as an operator would."""

from __future__ import annotations

import asyncpg
import simcord

from bot.config import Settings
from bot.news.model import DeliveryState
from bot.storage.outbox import LEASE_SECONDS
from tests.behaviour._news import network, posts, publish
from tests.conftest import HOME_GUILD_ID

SERVERS = 40


async def terminate_bot_connections(url: str) -> int:
    admin = await asyncpg.connect(url)
    try:
        ended = await admin.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE pid <> pg_backend_pid() AND datname = current_database()"
        )
    finally:
        await admin.close()
    return len(ended)


async def test_every_server_gets_one_copy_when_the_database_ends_the_senders_connections_mid_fan_out(
    make_bot, postgres_url
):
    settings = Settings(token=None, database_url=postgres_url, home_guild_id=HOME_GUILD_ID, news_rate_per_second=40.0)
    async with simcord.run(make_bot(settings), shard_count=1, strict_sync=False) as env:
        net = await network(env, SERVERS - 1)
        await publish(net.home)
        # a quarter of a second at a time, until about a third is out: the worker is then pacing the rows it
        # claimed ahead, some started, some not
        while sum(len(posts(s.news)) for s in net.everyone) < SERVERS // 3:
            await env.advance_time(0.25)
        assert sum(len(posts(s.news)) for s in net.everyone) < SERVERS
        assert await terminate_bot_connections(postgres_url) >= 2  # the sender role's and the pool's

        await env.advance_time(LEASE_SECONDS / 4)  # far less than a lease: nothing may wait for one to run out
        assert [len(posts(s.news)) for s in net.everyone] == [1] * SERVERS
        rows = await env.bot.store.outbox.deliveries(report_id=1)
        assert {row.state for row in rows} == {DeliveryState.DELIVERED}
