"""Publish and Cancel under a preview answer every press: after a restart, after a failed Publish, a second
press, a busy database, a moderator demoted since the preview. The real bot under simcord, a real SQLite file
locked from another connection where the database must refuse (and a PostgreSQL one, locked by another session)."""

from __future__ import annotations

import pytest

from bot.storage.outbox import LEASE_SECONDS
from tests.behaviour._news import buttons, network, posts
from tests.conftest import user_errors
from tests.storage.busy import impatient, locked

pytestmark = pytest.mark.simcord(strict_sync=False)


def callback_types(env) -> list[int]:
    """How the bot acknowledged each interaction, in order (4 message, 5 thinking, 6 deferred update, 7 update)."""
    return [r.json["type"] for r in env.http_requests if r.method == "POST" and r.path.endswith("/callback")]


async def preview(server, **options):
    options = {"outlet": "Xportsnews", "claim": "Season 2 is in the works.", "status": "report", **options}
    result = await server.mod.slash(server.general, "news report", **options)
    assert [b["label"] for b in buttons(result.response)] == ["Publish", "Cancel", "Season 2 status"]
    return result


async def test_a_publish_the_database_refuses_is_acknowledged_explained_and_works_when_pressed_again(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    shown = await preview(net.home)
    await impatient(env.bot.store)
    async with locked(env.bot.store):
        click = await net.home.mod.click(shown.response, label="Publish")
        assert callback_types(env)[-1] == 6  # acknowledged before touching the database
        [note] = click.followups
        assert note.ephemeral
        assert note.content.startswith("The database is busy right now, so nothing was published yet.")
    assert await env.bot.store.reports.get(1) is None
    assert not any(b.get("disabled") for b in buttons(shown.response))  # the preview still works

    await net.home.mod.click(shown.response, label="Publish")
    await env.advance_time(5)
    assert shown.response.content.startswith("Report #1 is out: 2 delivered")
    assert [len(posts(s.news)) for s in net.everyone] == [1, 1]
    assert await env.bot.store.reports.get(2) is None


async def test_a_preview_from_before_a_restart_says_it_expired_and_loses_its_buttons(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 1)
    report = await preview(net.home)
    cancel = await preview(net.home, claim="Another claim.")
    await env.restart_bot(make_bot())

    await net.home.mod.click(report.response, label="Publish")
    assert report.response.content == (
        "This preview has expired, so nothing was published from it. Run /news report again to make a fresh one."
    )
    assert report.response.components == []
    await net.home.mod.click(cancel.response, label="Cancel")
    assert cancel.response.content == "Cancelled. Nothing was published."
    assert cancel.response.components == []
    await env.advance_time(5)
    assert await env.bot.store.reports.get(1) is None
    assert all(posts(s.news) == [] for s in net.everyone)


async def test_a_second_press_answers_with_the_number_the_first_one_published(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 2)
    shown = await preview(net.home)
    # Discord fails the edit that would replace the preview with the progress: its buttons stay
    env.inject_error("PATCH", "/webhooks/*/messages/@original", status=500, times=None)
    await net.home.mod.click(shown.response, label="Publish")
    env.backend.faults.clear()
    assert [b["label"] for b in buttons(shown.response)] == ["Publish", "Cancel", "Season 2 status"]

    again = await net.home.mod.click(shown.response, label="Publish")
    [note] = again.followups
    assert note.ephemeral and note.content.startswith("This preview was already published as #1.")

    await env.restart_bot(make_bot())  # the preview is forgotten; the database remembers its token
    await net.home.mod.click(shown.response, label="Cancel")
    assert shown.response.content.startswith(
        "This preview was already published as #1, so there is nothing to cancel. To take a report back, use"
        " /news retract."
    )
    assert shown.response.components == []
    await env.advance_time(LEASE_SECONDS + 60)  # posts the old process had claimed wait for their lease to end
    assert await env.bot.store.reports.get(2) is None
    assert [len(posts(s.news)) for s in net.everyone] == [1, 1, 1]


async def test_an_announcement_preview_pressed_twice_posts_once(simcord_env):
    env = simcord_env
    net = await network(env, 0)
    server = net.home
    shown = await server.mod.slash(server.general, "news announce", title="Watch party", message="Friday 8pm.")
    env.inject_error("PATCH", "/webhooks/*/messages/@original", status=503, times=None)
    await server.mod.click(shown.response, label="Publish")
    env.backend.faults.clear()
    again = await server.mod.click(shown.response, label="Publish")
    assert again.followups[0].content.startswith("This preview was already published as #A1.")
    await env.advance_time(5)
    assert [p.embeds[0].title for p in posts(server.news)] == ["Watch party"]


async def test_a_moderator_demoted_after_the_preview_cannot_publish(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    shown = await preview(net.home)
    mods = net.home.guild.roles["mods"]
    env.backend.remove_member_role(net.home.guild.id, net.home.mod.id, mods.id)
    click = await net.home.mod.click(shown.response, label="Publish")
    assert click.response.ephemeral
    assert click.response.content == "You need the Manage Server permission to do that."
    await env.advance_time(5)
    assert await env.bot.store.reports.get(1) is None
    assert all(posts(s.news) == [] for s in net.everyone)


async def test_a_command_the_database_refuses_is_acknowledged_first_and_explained(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    server = net.servers[0]
    await impatient(env.bot.store)
    async with locked(env.bot.store):
        result = await server.mod.slash(server.general, "news unsubscribe")
    assert callback_types(env)[-1] == 5  # "thinking", before the database was asked
    assert result.ephemeral
    assert result.response.content == ("The database is busy right now, so nothing was changed. Try again in a minute.")
    assert user_errors(env) == ["StoreBusy"]
    assert (await env.bot.store.subscriptions.get(server.guild.id)) is not None
