"""The browser sandbox's own parts, in process, with a small bot: the clock keeps running while a page is open and
the page is told what changed, browser actions and clock steps never collide, the address admits only its own
host and token, and a channel switch hands out a new address. The real page in a real browser is driven in
tests/e2e/test_sandbox_web.py."""

from __future__ import annotations

import asyncio
import contextlib
import io
import itertools
import os
import re
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

pytest.importorskip("simcord")

from bot.i18n import t
from bot.sandbox.front import FrontDoor
from bot.sandbox.session import World, simulated_server
from bot.sandbox.stage import Stage, keep_time
from bot.sandbox.web import run_web

WAIT = 10.0  # wall seconds before a test gives up on something the page should show
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/#[\w-]+")


class Ticket(discord.ui.View):
    """A button that expires after one second, as the bot's Publish button does after five minutes."""

    def __init__(self) -> None:
        super().__init__(timeout=1)
        self.message: discord.InteractionMessage | None = None

    @discord.ui.button(label="Claim")
    async def claim(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="Claimed.", view=None)

    async def on_timeout(self) -> None:
        if self.message is not None:
            await self.message.edit(content="Expired.", view=None)


class Toy(commands.Cog):
    @app_commands.command(name="ticket", description="A button that expires")
    async def ticket(self, interaction: discord.Interaction) -> None:
        view = Ticket()
        await interaction.response.send_message("Claim it within a second.", view=view)
        view.message = await interaction.original_response()


class ToyBot(commands.AutoShardedBot):
    def __init__(self) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default())

    async def setup_hook(self) -> None:
        await self.add_cog(Toy())


@asynccontextmanager
async def served() -> AsyncIterator[tuple[Stage, FrontDoor, World]]:
    async with simulated_server(ToyBot(), io.StringIO()) as (env, world, _):
        stage = Stage(env, world)
        front = FrontDoor(stage)
        await front.start()
        await stage.show("general")
        try:
            yield stage, front, world
        finally:
            await stage.close()
            await front.close()


class Page:
    """What the preview's page script does over HTTP: open a page, read its state, send actions."""

    def __init__(self, http: Any, origin: str, capability: str) -> None:
        self.http, self.origin, self.capability = http, origin, capability
        self.payload: dict[str, Any] = {}
        self.sequence = itertools.count(1)

    def headers(self) -> dict[str, str]:
        return {"X-Simcord-Capability": self.capability, "X-Simcord-Context": self.payload["context"]["id"]}

    async def open(self) -> Page:
        async with self.http.post(
            self.origin + "/api/pages", json={}, headers={"X-Simcord-Capability": self.capability}
        ) as answer:
            assert answer.status == 200, await answer.text()
            self.payload = await answer.json()
        return self

    async def state(self) -> dict[str, Any]:
        async with self.http.get(self.origin + "/api/state", headers=self.headers()) as answer:
            assert answer.status == 200, await answer.text()
            self.payload = await answer.json()
        return self.payload

    async def act(self, kind: str, **body: Any) -> tuple[int, dict[str, Any]]:
        sequence = next(self.sequence)
        envelope = {
            "protocol_version": 3,
            "sequence": sequence,
            "request_id": f"r{sequence}",
            "generation": self.payload["context"]["generation"],
            "bot_generation": self.payload["botGeneration"],
            "kind": kind,
            **body,
        }
        async with self.http.post(self.origin + "/api/action", json=envelope, headers=self.headers()) as answer:
            return answer.status, await answer.json()

    async def wait_for_text(self, text: str) -> None:
        async def shown() -> None:
            # The page learns of changes by polling its state, and so does this.
            while not any(text in m.get("content", "") for m in (await self.state())["messages"].values()):  # noqa: ASYNC110
                await asyncio.sleep(0.05)

        await asyncio.wait_for(shown(), WAIT)


async def test_time_passes_while_the_page_is_open_and_the_page_shows_what_it_changed():
    async with served() as (stage, front, world), aiohttp.ClientSession() as http:
        page = await Page(http, front.origin, stage.capability).open()
        clock = asyncio.create_task(keep_time(stage))
        try:
            async with stage.lock:  # a person acting outside the page takes turns like everyone else
                await world.people["fan"].slash(world.channels["general"], "ticket")
            await page.wait_for_text("Claim it within a second.")  # published by the clock's step, not an action
            await page.wait_for_text("Expired.")  # the view timed out in simulated time
        finally:
            clock.cancel()


async def test_browser_actions_and_clock_steps_take_turns_and_none_is_refused():
    async with served() as (stage, front, _), aiohttp.ClientSession() as http:
        page = await Page(http, front.origin, stage.capability).open()
        clock = asyncio.create_task(keep_time(stage, tick=0))  # a step on every turn of the event loop
        started, simulated = time.perf_counter(), stage.env.now()
        try:
            for _ in range(40):
                status, receipt = await page.act("refresh")
                assert status == 200 and not receipt["rejected"], receipt
        finally:
            clock.cancel()
        # ...and the clock kept up meanwhile, rather than giving way for good.
        wall = time.perf_counter() - started
        assert (stage.env.now() - simulated).total_seconds() >= wall / 2


async def test_the_address_admits_only_its_own_host_and_its_token():
    async with served() as (stage, front, _), aiohttp.ClientSession() as http:
        async with http.get(front.origin + "/") as index:
            assert index.status == 200 and "SimCord Preview" in await index.text()
            assert "frame-ancestors 'none'" in index.headers["Content-Security-Policy"]  # simcord's headers kept
        async with http.get(front.origin + "/", headers={"Host": f"rebound.example:{front.port}"}) as rebound:
            assert rebound.status == 403
        wrong = "x" * len(stage.capability)
        async with http.post(front.origin + "/api/pages", json={}, headers={"X-Simcord-Capability": wrong}) as guess:
            assert guess.status == 401
        other_site = {"X-Simcord-Capability": stage.capability, "Origin": "http://evil.example"}
        async with http.post(front.origin + "/api/pages", json={}, headers=other_site) as foreign:
            assert foreign.status == 401
        ours = {"X-Simcord-Capability": stage.capability, "Origin": front.origin}
        async with http.post(front.origin + "/api/pages", json={}, headers=ours) as own:
            assert own.status == 200
        assert front.address == f"http://127.0.0.1:{front.port}/#{stage.capability}"


async def test_switching_channel_gives_a_new_address_and_ends_the_old_one():
    async with served() as (stage, front, _), aiohttp.ClientSession() as http:
        general = await Page(http, front.origin, stage.capability).open()
        assert general.payload["channel"]["name"] == "general"
        old_address = front.address
        await stage.show("news")
        assert front.address != old_address and front.address.startswith(front.origin + "/#")
        async with http.get(front.origin + "/api/state", headers=general.headers()) as ended:
            assert ended.status == 401  # the old page learns its session is gone and says so
        news = await Page(http, front.origin, stage.capability).open()
        assert news.payload["channel"]["name"] == "news"
        assert not stage.ended.is_set()  # the sandbox closed the old preview, not the page


class Transcript(io.StringIO):
    """What the sandbox prints, with a way to wait for a line."""

    def __init__(self) -> None:
        super().__init__()
        self.written = asyncio.Event()

    def write(self, text: str) -> int:
        self.written.set()
        return super().write(text)

    async def shows(self, text: str) -> str:
        async def printed() -> None:
            while text not in self.getvalue():
                self.written.clear()
                await self.written.wait()

        await asyncio.wait_for(printed(), WAIT)
        return self.getvalue()


async def test_lines_typed_in_the_terminal_switch_the_channel_and_quit_ends_it():
    out = Transcript()
    read_end, write_end = os.pipe()
    web = asyncio.create_task(run_web(ToyBot(), out, open_browser=False, stdin_fd=read_end))
    try:
        first = ADDRESS.findall(await out.shows("#general is on this page"))
        os.write(write_end, b"/ticket\nin #nowhere\nin #news\n")
        await out.shows("Now showing #news")
        os.write(write_end, b"quit\n")
        await asyncio.wait_for(web, WAIT)
    finally:
        os.close(write_end)
        os.close(read_end)
    text = out.getvalue()
    assert t("sandbox.web_on_page") in text  # commands are typed on the page, not here
    assert "There is no channel #nowhere here. Channels: #general, #news" in text
    addresses = ADDRESS.findall(text)
    assert len(first) == 1 and len(addresses) == 2 and addresses[1] != first[0]
    assert text.rstrip().endswith(t("sandbox.bye"))


def test_a_line_typed_after_the_sandbox_ended_is_dropped_without_an_error_in_the_reading_thread(monkeypatch):
    """The terminal is read by a thread blocked in `os.read`, which outlives the session: what it reads after the
    session (and its event loop) ended goes nowhere, quietly."""
    failures: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    read_end, write_end = os.pipe()
    before = set(threading.enumerate())
    try:
        os.write(write_end, b"quit\n")
        out = io.StringIO()
        asyncio.run(run_web(ToyBot(), out, open_browser=False, stdin_fd=read_end))  # its event loop is closed now
        (reader,) = [t for t in set(threading.enumerate()) - before if t.name == "sandbox-stdin"]
        os.write(write_end, b"in #news\n")
        os.close(write_end)
        reader.join(WAIT)
    finally:
        with contextlib.suppress(OSError):
            os.close(write_end)
        os.close(read_end)
    assert not reader.is_alive()
    assert failures == [], [f.exc_value for f in failures]
    assert out.getvalue().rstrip().endswith(t("sandbox.bye"))


async def test_ending_the_session_on_the_page_ends_the_sandbox():
    out = Transcript()
    web = asyncio.create_task(run_web(ToyBot(), out, open_browser=False, stdin_fd=None))
    origin, capability = ADDRESS.findall(await out.shows("#general is on this page"))[0].split("/#")
    async with aiohttp.ClientSession() as http:
        page = await Page(http, origin, capability).open()
        status, receipt = await page.act("close")  # "End preview session" in the page's menu
        assert status == 200 and not receipt["rejected"], receipt
    await asyncio.wait_for(web, WAIT)
    text = out.getvalue()
    assert t("sandbox.web_ended") in text and text.rstrip().endswith(t("sandbox.bye"))
