"""End to end: a report published in the home server reaches every subscribed server through the real process.

Everything over real HTTP and the real gateway: moderators subscribe with `/news subscribe`, the home server's
moderator logs a report and presses Publish (a type 3 interaction on the ephemeral preview), the worker posts
to each news channel with its nonce under Discord's rate limits, and the moderator's message is edited with the
progress through the click's interaction token.
"""

from __future__ import annotations

from pathlib import Path

from .fake_discord import MODERATOR_PERMISSIONS, FakeDiscord, Guild
from .fake_world import SEND_MESSAGES
from .process import alive, running_bot, write_dotenv

STEP = 10.0
MOD = 1_300_000_000_000_000_777
CLAIM = "Filming of season 2 begins next spring, per the production company."


async def as_moderator(fake: FakeDiscord, guild: Guild, name: str, options: dict):
    """A moderator's /news command, once its answer is in: /news acknowledges first ("thinking", type 5) and
    fills that message in when the database has answered."""
    reply = await fake.send_slash(
        name,
        options,
        guild_id=guild.id,
        channel_id=guild.channel("general").id,
        user_id=MOD,
        member_permissions=MODERATOR_PERMISSIONS,
        timeout=STEP,
    )
    assert reply.type == 5, reply.body
    await fake.wait_until(lambda: bool(reply.message and reply.message["content"]), timeout=STEP, what=name)
    return reply


async def test_a_published_report_reaches_every_subscribed_server_once(
    fake_discord: FakeDiscord, token: str, tmp_path: Path
):
    fake = fake_discord
    home = fake.guild
    fake.add_channel(home, "news")
    servers = [home, *fake.add_guilds(3, channels=("news", "general"))]
    pinged = fake.add_role(servers[1], "season-2-news", mentionable=True)
    closed = fake.add_guild("closed", channels=("general",))
    fake.add_channel(closed, "news", deny_bot=SEND_MESSAGES)  # an overwrite the bot sees in its cache
    write_dotenv(tmp_path, fake, token, HOME_GUILD_ID=home.id)
    async with running_bot(fake, tmp_path) as bot:
        for server in servers:
            options: dict = {"channel": server.channel("news")}
            if server is servers[1]:
                options["role"] = pinged
            subscribed = await alive(bot, as_moderator(fake, server, "news subscribe", options))
            assert subscribed.ephemeral, subscribed.body
        refused = await alive(
            bot,
            fake.send_slash(
                "news subscribe",
                {"channel": closed.channel("news")},
                guild_id=closed.id,
                user_id=MOD,
                member_permissions=MODERATOR_PERMISSIONS,
                timeout=STEP,
            ),
        )
        await alive(bot, fake.wait_until(lambda: refused.message and refused.message["content"], timeout=STEP))
        assert refused.ephemeral and closed.channel("news").mention in refused.message["content"], refused.message
        preview = await alive(
            bot, as_moderator(fake, home, "news report", {"outlet": "Xportsnews", "claim": CLAIM, "status": "report"})
        )
        assert preview.ephemeral and preview.message is not None
        publish = await alive(
            bot,
            fake.click(preview, label="Publish", user_id=MOD, member_permissions=MODERATOR_PERMISSIONS, timeout=STEP),
        )
        assert publish.type == 6, publish.body  # acknowledged at once; the preview is edited once it is published
        await alive(
            bot,
            fake.wait_until(
                lambda: publish.message["content"].startswith("Report #1"), timeout=STEP, what="the publish"
            ),
        )

        news = {server.channel("news").id for server in servers}
        await alive(bot, fake.wait_until(lambda: set(fake.post_counts()) >= news, timeout=STEP, what="every post"))
        # the moderator's message moves on from "0 delivered" through the click's token (PATCH .../@original)
        first = publish.message["content"]
        await alive(bot, fake.wait_until(lambda: publish.message["content"] != first, timeout=STEP, what="progress"))

    assert fake.missing_and_duplicates(news) == (set(), {}), fake.post_counts()
    assert set(fake.post_counts()) == news, "nothing for the server that could not subscribe"
    for post in fake.posts():
        assert CLAIM in str(post.payload["embeds"]), post.payload
        assert post.nonce is not None, "every delivery carries its nonce"
    ping = fake.posts(servers[1].channel("news"))[0].payload["content"]
    assert ping == f"<@&{pinged.id}>" and not any(
        p.payload["content"] for p in fake.posts() if p.payload["content"] != ping
    )
    edits = fake.requests_to("PATCH", rf"/webhooks/\d+/{publish.interaction.token}/messages/@original")
    assert edits and all(r.status == 200 for r in edits)
    assert not fake.unknown_routes and not fake.limiter.hits, (fake.unknown_routes, fake.limiter.hits)
    assert "Traceback" not in bot.output(), bot.tail()
