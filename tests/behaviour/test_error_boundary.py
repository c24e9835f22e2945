"""One error boundary: a bug ends in one generic ephemeral line and a logged traceback; a person's mistake
ends in its own message. The failing commands exist only in these tests, added to the real bot's tree."""

from __future__ import annotations

import logging

import discord
import pytest
from discord import app_commands

from bot.errors import UserFacingError


def _add_test_commands(bot):

    @bot.tree.command(name="explode", description="test only: raises a bug")
    async def explode(interaction: discord.Interaction) -> None:
        raise RuntimeError("kaboom")

    @bot.tree.command(name="explode-late", description="test only: defers, then raises a bug")
    async def explode_late(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        raise RuntimeError("kaboom after defer")

    @bot.tree.command(name="refuse", description="test only: a user-facing error")
    async def refuse(interaction: discord.Interaction) -> None:
        raise UserFacingError("Pick an episode between 1 and 8.")

    return bot


@pytest.fixture
def simcord_bot(make_bot):
    return _add_test_commands(make_bot())


@pytest.mark.simcord(strict_sync=False)
async def test_unexpected_error_gives_one_generic_ephemeral_line_and_a_traceback(world, caplog):
    env, general, fan = world
    with caplog.at_level(logging.ERROR, logger="bot.tree"):
        result = await fan.slash(general, "explode")
    assert result.ephemeral
    assert result.response.content.startswith("Something went wrong on our side")
    assert "kaboom" not in result.response.content
    assert result.followups == []
    assert any(r.exc_info and "kaboom" in str(r.exc_info[1]) for r in caplog.records)
    assert [type(e.original) for e in env.errors] == [RuntimeError]


@pytest.mark.simcord(strict_sync=False)
async def test_error_after_defer_is_answered_once_as_a_followup(world, caplog):
    env, general, fan = world
    with caplog.at_level(logging.ERROR, logger="bot.tree"):
        result = await fan.slash(general, "explode-late")
    # simcord folds the follow-up that replaces the "thinking..." placeholder into the response
    messages = ([result.response] if result.response else []) + result.followups
    texts = [m.content for m in messages if m.content]
    assert texts == ["Something went wrong on our side. It has been logged; please try again in a moment."]
    assert all(m.ephemeral for m in messages)
    assert len(env.errors) == 1


@pytest.mark.simcord(strict_sync=False)
async def test_user_facing_error_shows_its_own_message(world, caplog):
    env, general, fan = world
    with caplog.at_level(logging.ERROR, logger="bot.tree"):
        result = await fan.slash(general, "refuse")
    assert result.ephemeral
    assert result.response.content == "Pick an episode between 1 and 8."
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [type(e.original) for e in env.errors] == [UserFacingError]


def test_app_command_errors_have_sentences():
    from bot.tree import explain

    assert "Try again in 3s" in explain(app_commands.CommandOnCooldown(app_commands.Cooldown(1, 5), 2.6), None)
    assert explain(RuntimeError("x"), None) is None
