"""End to end: `LOG_LEVEL=DEBUG` shows the bot's own debugging, never what libraries log about people's data.

At DEBUG aiosqlite logs every statement with its parameters (claims, user ids), discord.py's HTTP client every
request body. Library loggers stay at INFO unless named in `LOG_DEBUG_LIBRARIES` (issue 8 item 10).
"""

from __future__ import annotations

from pathlib import Path

from .fake_discord import MODERATOR_PERMISSIONS, FakeDiscord
from .process import alive, running_bot, write_dotenv

STEP = 10.0
MOD = 1_300_000_000_000_004_321
CLAIM = "A wholly distinctive claim about season two, 7f3a"


async def test_debug_logging_keeps_sql_parameters_and_user_ids_out(
    fake_discord: FakeDiscord, token: str, tmp_path: Path
):
    fake = fake_discord
    home = fake.guild
    news = fake.add_channel(home, "news")
    write_dotenv(tmp_path, fake, token, HOME_GUILD_ID=home.id, LOG_LEVEL="DEBUG")
    as_mod = {"guild_id": home.id, "user_id": MOD, "member_permissions": MODERATOR_PERMISSIONS, "timeout": STEP}
    async with running_bot(fake, tmp_path) as bot:
        await alive(bot, fake.send_slash("news subscribe", {"channel": news}, **as_mod))
        options = {"outlet": "Xportsnews", "claim": CLAIM, "status": "rumor"}
        preview = await alive(bot, fake.send_slash("news report", options, **as_mod))
        # /news acknowledges first ("thinking") and shows the preview with its buttons once the database answered
        await alive(bot, fake.wait_until(lambda: preview.message["components"], timeout=STEP, what="the preview"))
        press = {"user_id": MOD, "member_permissions": MODERATOR_PERMISSIONS, "timeout": STEP}
        await alive(bot, fake.click(preview, label="Publish", **press))
        await alive(bot, fake.wait_until(lambda: fake.posts(news), timeout=STEP, what="the post"))
    output = bot.output()
    assert "INFO    bot." in output, "the bot's own log lines are there"
    assert CLAIM not in output, "a claim reached the log (SQL parameters or a request body)"
    assert str(MOD) not in output, "a user id reached the log"
    assert "Traceback" not in output, bot.tail()
