"""The loopback Discord itself: each behaviour the bot's tests and benchmarks lean on, proved in-process.

Raw HTTP shows the wire (status, JSON, headers); discord.py's own HTTP client shows that the library reads
those answers as it reads Discord's (it paces on the headers, waits out a 429 that has `Via`, and would raise on
one without it). A stand-in that drifted from Discord would make every e2e test and benchmark lie.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import discord
import pytest

from .fake_discord import FakeDiscord, Limit, RateLimits
from .fake_limits import RateLimiter
from .fake_world import GUILD_MESSAGES, shard_of

Make = Callable[..., Awaitable[FakeDiscord]]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


class Api:
    """Requests as the bot sends them, with its token."""

    def __init__(self, fake: FakeDiscord, session: aiohttp.ClientSession, token: str) -> None:
        self.fake, self.session, self.token = fake, session, token

    async def __call__(self, method: str, path: str, body: Any = None, **query: Any) -> tuple[int, Any, Any]:
        async with self.session.request(
            method,
            self.fake.api_base + path,
            json=body,
            params={k: str(v) for k, v in query.items()},
            headers={"Authorization": f"Bot {self.token}"},
        ) as resp:
            text = await resp.text()
            return resp.status, (json.loads(text) if text else None), resp.headers

    async def post(self, channel_id: int, **body: Any) -> tuple[int, Any, Any]:
        return await self("POST", f"/channels/{channel_id}/messages", body)


@pytest.fixture
def api_for(session: aiohttp.ClientSession, token: str) -> Callable[[FakeDiscord], Api]:
    return lambda fake: Api(fake, session, token)


@pytest.fixture
async def dpy_http(token: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Callable[[FakeDiscord], Any]]:
    """discord.py's HTTPClient, logged in to a stand-in."""
    clients: list[discord.http.HTTPClient] = []

    async def connect(fake: FakeDiscord) -> discord.http.HTTPClient:
        monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
        client = discord.http.HTTPClient(asyncio.get_running_loop())
        await client.static_login(token)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        await client.close()


async def identify(
    fake: FakeDiscord, session: aiohttp.ClientSession, token: str, shard: list[int], intents: int = GUILD_MESSAGES
):
    ws = await session.ws_connect(fake.gateway_url)
    hello = await ws.receive_json(timeout=5)
    assert hello["op"] == 10
    await ws.send_json({"op": 2, "d": {"token": token, "intents": intents, "shard": shard, "properties": {}}})
    ready = await ws.receive_json(timeout=5)
    assert ready["t"] == "READY"
    creates = [await ws.receive_json(timeout=5) for _ in ready["d"]["guilds"]]
    assert all(c["t"] == "GUILD_CREATE" for c in creates)
    return ws, ready["d"], [c["d"] for c in creates]


async def next_event(ws: aiohttp.ClientWebSocketResponse, name: str, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while True:
        frame = await ws.receive_json(timeout=max(deadline - time.monotonic(), 0.01))
        if frame.get("t") == name:
            return frame["d"]


# ---------------------------------------------------------------------------------------------- messages


async def test_enforce_nonce_returns_the_first_message_within_the_window_only(make_fake: Make, api_for):
    fake = await make_fake(nonce_window=1.0)  # wide enough for three requests on a busy machine
    api = api_for(fake)
    channel = fake.channel_id
    status, first, _ = await api.post(channel, content="hi", nonce="r1:c1", enforce_nonce=True)
    assert status == 200 and first["nonce"] == "r1:c1"
    _, again, _ = await api.post(channel, content="hi", nonce="r1:c1", enforce_nonce=True)
    assert again["id"] == first["id"]
    _, unenforced, _ = await api.post(channel, content="hi", nonce="r1:c1")
    assert unenforced["id"] != first["id"], "without enforce_nonce a nonce is only echoed back"
    await asyncio.sleep(1.05)
    _, later, _ = await api.post(channel, content="hi", nonce="r1:c1", enforce_nonce=True)
    assert later["id"] != first["id"], "after the window Discord has forgotten the nonce"
    assert fake.post_counts()[channel] == 3
    assert (await api.post(channel, content="x", nonce="n" * 26))[0] == 400  # at most 25 characters


async def test_history_pages_newest_first_with_before_after_and_around(make_fake: Make, api_for):
    fake = await make_fake(rate_limits=RateLimits.off())
    api = api_for(fake)
    ids = [int((await api.post(fake.channel_id, content=str(i)))[1]["id"]) for i in range(30)]
    path = f"/channels/{fake.channel_id}/messages"
    _, latest, _ = await api("GET", path, limit=10)
    assert [int(m["id"]) for m in latest] == ids[::-1][:10]
    _, older, _ = await api("GET", path, limit=5, before=ids[20])
    assert [int(m["id"]) for m in older] == ids[15:20][::-1]
    _, newer, _ = await api("GET", path, limit=3, after=ids[25])
    assert [int(m["id"]) for m in newer] == ids[26:29][::-1]
    _, around, _ = await api("GET", path, limit=4, around=ids[10])
    got = sorted(int(m["id"]) for m in around)
    start = ids.index(got[0])
    assert ids[10] in got and got == ids[start : start + 4], "four neighbours, the one asked for among them"
    assert len((await api("GET", path))[1]) == 30  # default limit 50
    assert (await api("GET", path, limit=101))[0] == 400


async def test_edit_and_delete_echo_and_unknown_messages_are_10008(make_fake: Make, api_for, session, token):
    fake = await make_fake(rate_limits=RateLimits.off(), echo_delay=0)
    api = api_for(fake)
    ws, _, _ = await identify(fake, session, token, [0, 1])
    _, made, _ = await api.post(fake.channel_id, content="before")
    assert (await next_event(ws, "MESSAGE_CREATE"))["id"] == made["id"]
    status, edited, _ = await api("PATCH", f"/channels/{fake.channel_id}/messages/{made['id']}", {"content": "after"})
    assert status == 200 and edited["content"] == "after" and edited["edited_timestamp"]
    update = await next_event(ws, "MESSAGE_UPDATE")
    assert update["content"] == "after" and update["guild_id"] == str(fake.guild_id)
    assert (await api("DELETE", f"/channels/{fake.channel_id}/messages/{made['id']}"))[0] == 204
    assert (await next_event(ws, "MESSAGE_DELETE"))["id"] == made["id"]
    status, body, _ = await api("PATCH", f"/channels/{fake.channel_id}/messages/{made['id']}", {"content": "x"})
    assert (status, body["code"]) == (404, 10008)
    person = fake.say(fake.channel_id, "hello")
    status, body, _ = await api("PATCH", f"/channels/{fake.channel_id}/messages/{person['id']}", {"content": "x"})
    assert (status, body["code"]) == (403, 50005)
    seen = await next_event(ws, "MESSAGE_CREATE")
    assert seen["id"] == person["id"] and seen["content"] == "", "no message content intent, no content"
    await ws.close()


async def test_discord_refuses_bad_messages_as_discord_does(make_fake: Make, api_for):
    fake = await make_fake(rate_limits=RateLimits.off())
    api = api_for(fake)
    status, body, _ = await api.post(fake.channel_id, content="")
    assert (status, body["code"]) == (400, 50006)
    status, body, _ = await api.post(fake.channel_id, content="x" * 2001)
    assert (status, body["code"]) == (400, 50035) and "content" in body["errors"]
    status, body, _ = await api.post(fake.channel_id, embeds=[{"title": "t" * 257}])
    assert status == 400 and "title" in body["errors"]["embeds"]["0"]
    assert not fake.created


async def test_refused_and_deleted_channels_and_injected_errors(make_fake: Make, api_for):
    fake = await make_fake(rate_limits=RateLimits.off())
    api = api_for(fake)
    a, b, c = (g.channel("news") for g in fake.add_guilds(3))
    fake.refuse_channel(a, 50001)
    fake.refuse_channel(b, 50013, methods=["POST"])
    fake.delete_channel(c)
    assert (await api.post(a.id, content="x"))[1]["code"] == 50001
    status, body, _ = await api.post(b.id, content="x")
    assert (status, body["code"], body["message"]) == (403, 50013, "Missing Permissions")
    assert (await api("GET", f"/channels/{b.id}/messages"))[0] == 200, "only POST is refused there"
    assert (await api.post(c.id, content="x"))[:2] == (404, {"message": "Unknown Channel", "code": 10003})
    fake.allow_channel(a)
    assert (await api.post(a.id, content="x"))[0] == 200

    fake.inject_error("POST", rf"/channels/{a.id}/messages", status=503, times=1)
    assert (await api.post(a.id, content="lost"))[0] == 503
    assert (await api.post(a.id, content="kept"))[0] == 200
    fake.inject_error("POST", rf"/channels/{a.id}/messages", status=500, after=True)
    assert (await api.post(a.id, content="made anyway"))[0] == 500
    assert [m.payload["content"] for m in fake.posts(a)] == ["x", "kept", "made anyway"]
    fake.inject_error("GET", r"/channels/\d+", status=502, times=None)
    assert (await api("GET", f"/channels/{a.id}"))[0] == 502
    fake.clear_faults()
    assert (await api("GET", f"/channels/{a.id}"))[0] == 200
    assert fake.invalid_requests == 2  # the two 403s count towards Cloudflare's ban, a 404 or 5xx does not


async def test_many_guilds_spread_over_shards_and_each_shard_gets_only_its_own(make_fake: Make, session, token):
    fake = await make_fake()
    servers = fake.add_guilds(1000)
    per_shard = [sum(shard_of(g.id, 4) == s for g in servers) for s in range(4)]
    assert min(per_shard) >= 200, per_shard  # ids spread like real ones, not all on one shard
    zero, ready0, guilds0 = await identify(fake, session, token, [0, 2])
    one, ready1, guilds1 = await identify(fake, session, token, [1, 2])
    ids0, ids1 = {int(g["id"]) for g in guilds0}, {int(g["id"]) for g in guilds1}
    assert not ids0 & ids1 and ids0 | ids1 == set(fake.guilds)
    assert all(shard_of(g, 2) == 0 for g in ids0) and ready0["shard"] == [0, 2] and ready1["shard"] == [1, 2]
    await fake.wait_shards(2, timeout=5)

    target = next(g for g in servers if shard_of(g.id, 2) == 1)
    pending = asyncio.create_task(fake.send_slash("ping", guild_id=target.id, channel_id=target.channel("news").id))
    sent = await next_event(one, "INTERACTION_CREATE")
    pending.cancel()  # nobody answers it here
    assert sent["guild_id"] == str(target.id)
    assert not [d for d in fake.dispatched if d.event == "INTERACTION_CREATE" and d.shard == (0, 2)]
    late = fake.add_guild("joined later", channels=("news",))
    assert (await next_event(zero if shard_of(late.id, 2) == 0 else one, "GUILD_CREATE"))["id"] == str(late.id)
    await zero.close()
    await one.close()


async def test_a_revoked_token_closes_the_gateway_with_4004_and_rest_says_401(make_fake: Make, api_for, session, token):
    fake = await make_fake()
    ws, _, _ = await identify(fake, session, token, [0, 1])
    await fake.revoke_token()
    closed = await ws.receive(timeout=5)
    assert closed.type == aiohttp.WSMsgType.CLOSE and closed.data == 4004
    assert (await api_for(fake)("GET", "/users/@me"))[0] == 401


# ---------------------------------------------------------------------------------------------- rate limits


async def test_a_channel_takes_five_messages_per_five_seconds_then_a_real_429(make_fake: Make, api_for):
    fake = await make_fake()
    api = api_for(fake)
    other = fake.add_guilds(1)[0].channel("news")
    answers = [await api.post(fake.channel_id, content=str(i)) for i in range(6)]
    assert [a[0] for a in answers] == [200] * 5 + [429]
    ok = answers[0][2]
    assert ok["X-RateLimit-Limit"] == "5" and ok["X-RateLimit-Remaining"] == "4" and ok["Via"] == "1.1 google"
    assert 4.5 < float(ok["X-RateLimit-Reset-After"]) <= 5.0 and float(ok["X-RateLimit-Reset"]) > time.time()
    _, body, refused = answers[5]
    assert body["global"] is False and 0 < body["retry_after"] <= 5.0 and body["message"]
    assert refused["X-RateLimit-Scope"] == "user" and refused["X-RateLimit-Remaining"] == "0"
    assert refused["Retry-After"] == str(int(-(-body["retry_after"] // 1))) and refused["Via"] == "1.1 google"
    assert refused["X-RateLimit-Bucket"] == ok["X-RateLimit-Bucket"]
    assert (await api.post(other.id, content="elsewhere"))[0] == 200, "another channel has its own bucket"
    assert fake.limiter.hits == {"user": 1} and fake.post_counts()[fake.channel_id] == 5


async def test_the_global_limit_counts_any_second_and_interaction_endpoints_are_exempt(make_fake: Make, api_for):
    # 10 a second rather than Discord's 50: a dozen requests arrive within one second even on a busy machine
    fake = await make_fake(rate_limits=RateLimits(global_per_second=10))
    api = api_for(fake)
    channels = [g.channel("news").id for g in fake.add_guilds(12)]
    answers = await asyncio.gather(*(api("GET", f"/channels/{c}") for c in channels))
    refused = [a for a in answers if a[0] == 429]
    assert len(refused) == 2 and fake.limiter.hits["global"] == 2
    _, body, headers = refused[0]
    assert body["global"] is True and headers["X-RateLimit-Global"] == "true"
    assert headers["X-RateLimit-Scope"] == "global" and headers["Via"] == "1.1 google" and "Retry-After" in headers
    assert fake.most_in_any_second() == 12, "the bot sent a dozen within a second"
    assert fake.most_in_any_second(r for r in fake.requests if r.status != 429) == 10, "Discord served ten"
    # Still inside that second: callbacks for interactions are not counted (these are unknown ones: 404 10062)
    callbacks = await asyncio.gather(*(api("POST", f"/interactions/{i}/tok/callback", {"type": 1}) for i in range(20)))
    assert {a[0] for a in callbacks} == {404}
    await asyncio.sleep(1.0)
    assert (await api("GET", f"/channels/{channels[0]}"))[0] == 200


async def test_discord_py_paces_on_the_headers_and_waits_out_a_429_that_has_via(make_fake: Make, dpy_http):
    fake = await make_fake(rate_limits=RateLimits(routes={"messages.create": Limit(2, 0.5)}))
    http = await dpy_http(fake)
    started = time.monotonic()
    for i in range(3):
        await http.send_message(fake.channel_id, params=discord.http.handle_message_parameters(content=str(i)))
    assert time.monotonic() - started >= 0.4, "the third send waited for the bucket to reset"
    assert fake.limiter.hits == {}, "discord.py read X-RateLimit-Remaining: 0 and waited instead of hitting 429"

    fake.inject_rate_limit("GET", r"/channels/\d+", retry_after=0.2)
    channel = await http.get_channel(fake.channel_id)  # a 429 with Via: discord.py sleeps and retries
    assert channel["id"] == str(fake.channel_id) and fake.limiter.hits == {"shared": 1}
    assert [r.status for r in fake.requests_to("GET", r"/channels/\d+")] == [429, 200]


async def test_latency_is_per_request_and_concurrent_requests_overlap(make_fake: Make, api_for):
    fake = await make_fake(latency=0.3, rate_limits=RateLimits.off())
    api = api_for(fake)
    started = time.monotonic()
    await api("GET", "/users/@me")
    single = time.monotonic() - started
    started = time.monotonic()
    await asyncio.gather(*(api("GET", "/users/@me") for _ in range(20)))
    together = time.monotonic() - started
    assert single >= 0.3 and together < 0.3 * 5, (single, together)  # one after another would take 6 s


async def test_a_request_read_late_by_a_busy_stand_in_is_stamped_when_it_reached_the_machine(make_fake: Make, token):
    # Discord stamps a request when it arrives; this process may read it much later on a busy machine (here its
    # loop is blocked for 0.4 s while the request comes in). `at` is the arrival plus the inbound half latency.
    fake = await make_fake(latency=0.1, rate_limits=RateLimits.off())
    request = (
        f"GET /api/v10/users/@me HTTP/1.1\r\nHost: {fake.host}\r\nAuthorization: Bot {token}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    connection = socket.create_connection((fake.host, fake.port))
    try:
        sent = time.monotonic()
        connection.sendall(request)
        time.sleep(0.4)  # noqa: ASYNC251 (on purpose: the stand-in's loop cannot read it meanwhile)
        await fake.wait_until(lambda: fake.requests_to("GET", r"/users/@me"), timeout=5)
    finally:
        connection.close()
    [seen] = fake.requests_to("GET", r"/users/@me")
    assert seen.at - sent < 0.05 + 0.2, seen.at - sent  # not 0.45 and more: the busy spell is not counted


def test_the_default_limits_are_fifty_in_any_second_and_five_per_five_seconds_a_channel():
    now = [100.0]
    limiter = RateLimiter(clock=lambda: now[0], wall=lambda: 1_000_000.0)

    def ask(route: str = "channel.get", major: str = "", *, exempt: bool = False):
        return limiter.check(identity="Bot t", route=route, major=major, exempt_global=exempt)

    assert [ask(major=str(i))[0] is None for i in range(51)] == [True] * 50 + [False]
    now[0] += 0.6
    assert ask()[0] is not None, "still the same second"
    assert all(ask("interaction.callback", str(i), exempt=True)[0] is None for i in range(100)), "exempt"
    now[0] += 0.4
    assert sum(ask(major=f"b{i}")[0] is None for i in range(60)) == 50, "a sliding window: the first fifty expired"

    now[0] += 10
    answers = [ask("messages.create", "chan-1") for _ in range(6)]
    assert [refused is None for refused, _ in answers] == [True] * 5 + [False]
    assert [headers.get("X-RateLimit-Remaining") for _, headers in answers[:5]] == ["4", "3", "2", "1", "0"]
    refused = answers[5][0]
    assert refused is not None and refused.scope == "user" and refused.body["retry_after"] == 5.0
    assert ask("messages.create", "chan-2")[0] is None, "per channel"
    now[0] += 5.0
    assert ask("messages.create", "chan-1")[0] is None, "the window reset"
    assert limiter.hits == {"global": 12, "user": 1}


async def test_interaction_callbacks_answer_like_discord(make_fake: Make, api_for, session, token):
    fake = await make_fake(interaction_deadline=1.0)
    api = api_for(fake)
    ws, _, _ = await identify(fake, session, token, [0, 1])

    async def interaction() -> tuple[asyncio.Task, dict]:
        pending = asyncio.create_task(fake.send_slash("news subscribe", {"channel": fake.channel}, timeout=3))
        return pending, await next_event(ws, "INTERACTION_CREATE")

    pending, sent = await interaction()
    assert sent["data"]["options"][0] == {
        "name": "subscribe",
        "type": 1,
        "options": [{"name": "channel", "type": 7, "value": str(fake.channel_id)}],
    }
    assert sent["data"]["resolved"]["channels"][str(fake.channel_id)]["name"] == "general"
    hook = f"/webhooks/{fake.application_id}/{sent['token']}"
    assert (await api("POST", hook, {"content": "too early"}, wait="true"))[1]["code"] == 10015
    callback = f"/interactions/{sent['id']}/{sent['token']}/callback"
    status, body, _ = await api(
        "POST", callback, {"type": 4, "data": {"content": "done", "flags": 64}}, with_response="true"
    )
    reply = await pending
    assert status == 200 and body["interaction"]["response_message_ephemeral"] is True
    assert (
        body["resource"]["type"] == 4
        and body["resource"]["message"]["id"] == body["interaction"]["response_message_id"]
    )
    assert body["resource"]["message"]["interaction_metadata"]["id"] == sent["id"] and reply.ephemeral
    assert (await api("POST", callback, {"type": 4, "data": {"content": "again"}}))[1]["code"] == 40060
    status, edited, _ = await api("PATCH", hook + "/messages/@original", {"content": "edited"})
    assert status == 200 and edited["id"] == body["interaction"]["response_message_id"]
    _, followup, _ = await api("POST", hook, {"content": "more"}, wait="true")
    assert followup["interaction_metadata"]["original_response_message_id"] == edited["id"]
    assert [m["content"] for m in reply.followups] == ["more"] and reply.message["content"] == "edited"

    pending, sent = await interaction()
    callback = f"/interactions/{sent['id']}/{sent['token']}/callback"
    assert (await api("POST", callback, {"type": 7, "data": {"content": "x"}}))[0] == 400, "7 is for components"
    assert (await api("POST", callback, {"type": 5}))[0] == 204, "without with_response: no body"
    assert (await pending).message["flags"] & 128, "a deferred response is a loading message"

    pending, sent = await interaction()
    await asyncio.sleep(1.1)
    late = await api(
        "POST", f"/interactions/{sent['id']}/{sent['token']}/callback", {"type": 4, "data": {"content": "x"}}
    )
    assert (late[0], late[1]["code"]) == (404, 10062), "past the deadline the interaction is gone"
    with pytest.raises(TimeoutError):
        await pending
    await ws.close()
