"""End to end: a button update's gateway echo reaches the real process, which keeps serving (issue 8 item 1).

Discord follows a button update (callback type 7) with MESSAGE_UPDATE carrying the message's components;
discord.py hands them to the view that sent the message (`View._refresh(components)`). A view that shadowed
that private name crashed the gateway parser, the shard terminated and `python -m bot` exited with status 1.
With the deprecated `interaction` field discord.py looks the view up by interaction id and misses it, so only
the echo without the field reached the view: both variants run here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from .fake_discord import FakeDiscord, Reply
from .process import alive, running_bot, write_dotenv

STEP = 10.0


def footer(reply_or_message: Reply | dict) -> str:
    message = reply_or_message.message if isinstance(reply_or_message, Reply) else reply_or_message
    assert message is not None
    return message["embeds"][0]["footer"]["text"]


@pytest.mark.parametrize("legacy_interaction_field", [False, True], ids=["without-interaction", "with-interaction"])
async def test_next_on_sequel_then_its_echo_leaves_the_process_serving(
    make_fake: Callable[..., Awaitable[FakeDiscord]], token: str, tmp_path: Path, legacy_interaction_field: bool
):
    # The echo trails the REST answer by 0.25 s, so the bot has re-registered the view (by message id, from
    # the callback's `resource.message`) before it arrives: the echo really reaches the view.
    fake = await make_fake(legacy_interaction_field=legacy_interaction_field, echo_delay=0.25)
    write_dotenv(tmp_path, fake, token)
    async with running_bot(fake, tmp_path) as bot:
        sequel = await alive(bot, fake.send_slash("sequel", timeout=STEP))
        assert sequel.type == 4 and sequel.message is not None, sequel.body
        first_page = footer(sequel)
        created = await alive(bot, fake.wait_for_dispatch("MESSAGE_CREATE", lambda d: d["id"] == sequel.message["id"]))
        assert created.data["interaction_metadata"]["id"] == sequel.interaction.id
        assert ("interaction" in created.data) is legacy_interaction_field

        turned = await alive(bot, fake.click(sequel, label="Next", timeout=STEP))
        assert turned.type == 7, turned.body  # UPDATE_MESSAGE: the same message shows page 2
        assert footer(turned) != first_page
        echo = await alive(
            bot,
            fake.wait_for_dispatch(
                "MESSAGE_UPDATE", lambda d: d["id"] == sequel.message["id"] and bool(d.get("components"))
            ),
        )
        assert ("interaction" in echo.data) is legacy_interaction_field

        # Events on one connection are handled in order: this answer comes after the echo was parsed.
        series = await alive(bot, fake.send_slash("series", timeout=STEP), what="the next command")
        assert series.type == 4 and "The Trauma Code" in series.embeds[0]["title"]
        back = await alive(bot, fake.click(sequel, label="Previous", timeout=STEP), what="the view after its echo")
        assert back.type == 7 and footer(back) == first_page
    assert "Traceback" not in bot.output(), bot.tail()
    assert not fake.unknown_routes, fake.unknown_routes
