"""Several processes on one database, seen from the bot: only the process holding the sender role delivers, a
moderator anywhere can publish, the role passes on when its holder stops, and /about and /news status say which
process and shard answered and how the outbox stands across processes. The real bot under simcord; "another
process" is a second store on the same database, as a second `python -m bot` opens it (tests/e2e runs real ones).
On both backends."""

from __future__ import annotations

import pytest
import simcord

from bot.news.model import Outcome
from bot.storage import open_store
from tests.behaviour._news import network, posts, publish


def field(embed, name: str) -> str:
    return next(f.value for f in embed.fields if f.name == name)


async def test_the_process_holding_the_sender_role_is_the_only_one_delivering_and_it_hands_over(make_bot, settings):
    other = await open_store(settings.database_url, owner="other-host:4242:beef")
    assert await other.sender.acquire()  # another process got there first
    async with simcord.run(make_bot(), shard_count=1, strict_sync=False) as env:
        try:
            net = await network(env, 2)
            shown, _click = await publish(net.home)
            await env.advance_time(30)
            assert all(posts(s.news) == [] for s in net.everyone)  # queued; only the sender may spend the budget
            assert "0 delivered · 0 failed · 3 to go" in shown.response.content

            # the other process delivers one: this moderator's message, on this process, follows the database
            first = (await other.outbox.deliveries(report_id=1))[0]
            [job] = await other.outbox.claim([first], now=env.now().timestamp())
            await other.outbox.record([Outcome.delivered(job.delivery, message_id=None)], now=env.now())
            await env.advance_time(5)
            assert "1 delivered · 0 failed · 2 to go" in shown.response.content

            about = (await net.home.fan.slash(net.home.general, "about")).response.embeds[0]
            assert field(about, "News delivered by") == "`other-host:4242:beef`"
            assert field(about, "News outbox (all processes)") == "2 queued · 0 sending · 1 delivered · 0 failed"
        finally:
            await other.close()  # that process stops: its lock goes with it

        await env.advance_time(5)  # the bot asks for the role every 2 s
        assert sorted(len(posts(s.news)) for s in net.everyone) == [0, 1, 1]  # the other one's post was its own
        assert shown.response.content.startswith("Report #1 is out: 3 delivered")
        about = (await net.home.fan.slash(net.home.general, "about")).response.embeds[0]
        assert field(about, "News delivered by") == "this process"
        assert field(about, "News outbox (all processes)") == "0 queued · 0 sending · 3 delivered · 0 failed"
        process = field(about, "Answered by")
        assert process.startswith(f"process `{env.bot.store.owner}`, serving shards 0 of 1")
        assert "this server is on shard 0" in process


@pytest.mark.simcord(strict_sync=False)
async def test_news_status_names_the_answering_process_and_the_outbox_across_processes(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    await publish(net.home)
    await env.advance_time(5)
    status = (await net.home.mod.slash(net.home.general, "news status")).response.embeds[0]
    assert field(status, "Answered by").startswith(f"process `{env.bot.store.owner}`")
    assert field(status, "News delivered by") == "this process"
    assert field(status, "News outbox (all processes)") == "0 queued · 0 sending · 2 delivered · 0 failed"
