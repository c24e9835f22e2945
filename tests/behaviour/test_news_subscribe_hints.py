"""`/news subscribe` warns, without refusing, about what would quietly weaken news in that channel."""

from __future__ import annotations

import discord
import pytest

from tests.behaviour._news import make_server, subscribe

pytestmark = pytest.mark.simcord(strict_sync=False)


async def test_a_role_nobody_can_mention_gets_a_note(simcord_env):
    server = make_server(simcord_env, "fans")
    # the simulated bot may mention everyone by default; a real invite (84992) does not grant it
    server.news = server.guild.create_text_channel(
        "news-plain", overwrites={server.guild.me: discord.PermissionOverwrite(mention_everyone=False)}
    )
    quiet = server.guild.create_role("quiet-role", mentionable=False)
    result = await subscribe(server, role=quiet)
    text = result.response.content
    assert text.startswith("News will be posted in")
    assert "is not mentionable" in text
    subscription = await simcord_env.bot.store.subscriptions.get(server.guild.id)
    assert subscription is not None and subscription.role_id == quiet.id


async def test_a_mentionable_role_and_full_permissions_get_no_warning(simcord_env):
    server = make_server(simcord_env, "fans")
    loud = server.guild.create_role("season-2-news", mentionable=True)
    text = (await subscribe(server, role=loud)).response.content
    assert "not mentionable" not in text
    assert "Read Message History" not in text


async def test_missing_read_message_history_gets_a_tip_and_still_subscribes(simcord_env):
    server = make_server(simcord_env, "fans")
    server.news = server.guild.create_text_channel(
        "news-no-history", overwrites={server.guild.me: discord.PermissionOverwrite(read_message_history=False)}
    )
    text = (await subscribe(server)).response.content
    assert text.startswith("News will be posted in")
    assert "Read Message History" in text
    subscription = await simcord_env.bot.store.subscriptions.get(server.guild.id)
    assert subscription is not None and subscription.channel_id == server.news.id
