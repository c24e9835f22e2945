"""What the browser page shows: simcord's own preview of one channel, and simulated time that keeps passing.

simcord runs one operation at a time and refuses one that overlaps another: a button click arriving from the
page while `advance_time` settles would fail with "operation overlaps active advance_time". So every change to
the simulated world takes `Stage.lock` first: a browser action (the front door holds it while simcord handles the
request), a clock step, a refresh, a channel switch. They take turns instead of colliding.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import simcord

from bot.sandbox.session import World, fingerprint

if TYPE_CHECKING:
    from simcord.preview import Preview

log = logging.getLogger(__name__)

# Why a task drives the clock: simcord's clock is virtual. A plain `asyncio.sleep` in the bot also wakes on the
# wall clock, but the waits simcord recognises as deliberate (a view's timeout, the news worker's `wait_for`,
# `tasks.loop` intervals) fire only through `env.advance_time`, never by themselves. A page is watched in real
# time, so the clock moves by the wall time that passed, in small steps: Publish buttons expire after their five
# minutes, and news paced by the rate limiter arrives while the page is open, as on Discord.
TICK_SECONDS = 0.25
LONGEST_STEP = 5.0  # after the machine slept, catch up a little rather than replay hours of timers at once
PAGE_WINDOW = 50  # the page shows a channel's latest 50 messages; older ones change nothing it shows


class Stage:
    """The preview on the page (one channel at a time, every person of the server as a viewer) and the lock."""

    def __init__(self, env: simcord.Env, world: World) -> None:
        self.env = env
        self.world = world
        self.lock = asyncio.Lock()
        self.channel = ""
        self.ended = asyncio.Event()  # set when the page itself ends the session ("End preview session")
        self._preview: Preview | None = None
        self._stack: AsyncExitStack | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._published: dict[str, list[str]] = {}

    @property
    def url(self) -> str:
        """simcord's address for the preview, with its capability token as the fragment."""
        if self._preview is None:
            raise RuntimeError("no channel is shown")
        return self._preview.url

    @property
    def upstream(self) -> str | None:
        """Where simcord's preview server listens (`http://127.0.0.1:port`), or None between two channels."""
        if self._preview is None:
            return None
        parts = urlsplit(self._preview.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def capability(self) -> str:
        return urlsplit(self.url).fragment

    async def show(self, channel: str) -> None:
        """Show `channel` on the page: a new preview (and address); a page on the previous one has ended."""
        async with self.lock:
            await self._close()
            stack = AsyncExitStack()
            viewers = list(self.world.people.values())  # the page's "Viewing as" switches between them
            preview = await stack.enter_async_context(
                self.env.preview(self.world.channels[channel], viewers=viewers, layout="channel")
            )
            self._preview, self._stack, self.channel = preview, stack, channel
            self._watcher = asyncio.create_task(self._watch(preview))
            self.published()

    async def close(self) -> None:
        async with self.lock:
            await self._close()
        if self._watcher is not None:
            await asyncio.gather(self._watcher, return_exceptions=True)

    async def _close(self) -> None:
        stack, self._stack, self._preview = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    async def _watch(self, preview: Preview) -> None:
        await preview.wait_closed()
        if preview is self._preview:  # the sandbox did not close it: the page did
            self.ended.set()

    def published(self) -> None:
        """Note that the page shows the world as it is now (after simcord published a browser action's result)."""
        self._published = self._seen_on_page()

    def _seen_on_page(self) -> dict[str, list[str]]:
        """What each person would see of the shown channel's latest messages (the page's history window)."""
        channel = self.world.channels[self.channel]
        seen: dict[str, list[str]] = {}
        for person, actor in self.world.people.items():
            try:
                seen[person] = [fingerprint(m) for m in channel.history(viewer=actor)[-PAGE_WINDOW:]]
            except simcord.SetupError:
                seen[person] = []  # this person cannot read the channel
        return seen

    async def let_time_pass(self, seconds: float) -> None:
        """Advance the simulated clock; republish the page if that changed what someone sees."""
        async with self.lock:
            preview = self._preview
            if preview is None or seconds <= 0:
                return
            try:
                await self.env.advance_time(seconds)
                # The page polls what simcord last published; background work (a delivered post, an expired
                # button, a progress update) is published here, and only then, so an unchanged page keeps its
                # revision and a click on it is never refused as stale.
                if self._seen_on_page() != self._published:
                    await preview.refresh()
                    self.published()
            except TimeoutError as error:
                log.warning("the bot was still busy after a clock step: %s", str(error).splitlines()[0])
            except simcord.SetupError as error:
                # Only something that bypassed the lock can be running; the next step catches up.
                log.debug("clock step skipped: %s", error)


async def keep_time(stage: Stage, tick: float = TICK_SECONDS) -> None:
    """Move the simulated clock in step with the wall clock, every `tick` seconds, until cancelled."""
    last = time.perf_counter()
    while True:
        await asyncio.sleep(tick)
        now = time.perf_counter()
        await stage.let_time_pass(min(now - last, LONGEST_STEP))
        last = now
