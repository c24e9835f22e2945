"""The thin discord.py side of news delivery: the worker's Sender and Waiter, and the progress message.

Everything with rules lives in `bot/news`; this module only turns a job into a REST call, and Discord's
answers into the worker's two kinds of failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import discord

from bot.news.ledger import Ledger
from bot.news.model import Delivery, DeliveryKind, Job, PauseReason, Reason
from bot.news.ratelimit import ChannelLimits, Pacer
from bot.news.worker import PermanentFailure, TransientFailure
from bot.storage.outbox import Outbox
from bot.ui.news import (
    announcement_post,
    announcement_progress_text,
    post_mentions,
    post_view,
    progress_text,
    report_post,
    role_ping,
)

log = logging.getLogger(__name__)

OUTBOX_EVENT = "hoc_news_outbox"
SLEEP_EVENT = "hoc_news_sleep"  # never dispatched
PROGRESS_EVERY = 2.0  # seconds between progress edits of the moderator's message (the last one always goes)
INTERACTION_LIFETIME = 14.5 * 60  # follow-up edits work for 15 minutes; stop a little before


def classify(error: BaseException) -> TransientFailure | PermanentFailure:
    """Discord's answer in the worker's terms: try again later, or never; and whether the channel itself was
    refused (only a 403 Missing Access / Missing Permissions or a 404 Unknown Channel pauses a subscription)."""
    if isinstance(error, discord.HTTPException):
        status, code = error.status, error.code
        answer = error.text or error.__class__.__name__  # Discord's own words, shown as Discord wrote them
        detail = (
            Reason("discord_code", {"status": status, "text": answer, "code": code})
            if code
            else Reason("discord", {"status": status, "text": answer})
        )
        if status == 429:
            # Discord did nothing. discord.py waits out the 429s it can read itself; one that reaches us came
            # without its details, so treat it as the global limit
            retry_after = getattr(error, "retry_after", None)
            return TransientFailure(
                detail, retry_after=retry_after, maybe_sent=False, rate_limited=True, shared_by_all=True
            )
        if status >= 500:  # the message may exist all the same
            return TransientFailure(detail)
        if status == 403 and code in CHANNEL_REFUSALS:
            return PermanentFailure(detail, reason=CHANNEL_REFUSALS[code])
        if status == 404 and code == UNKNOWN_CHANNEL:
            return PermanentFailure(detail, reason=PauseReason.UNKNOWN_CHANNEL)
        # a post Discord will not take (400 Invalid Form Body, ...) or a deleted message: this delivery only
        return PermanentFailure(Reason("refused", cause=detail), reason=None)
    if isinstance(error, discord.RateLimited):
        return TransientFailure(
            Reason("rate_limited", {"seconds": f"{error.retry_after:.1f}"}),
            retry_after=error.retry_after,
            maybe_sent=False,
            rate_limited=True,
            shared_by_all=True,
        )
    return TransientFailure(Reason("connection", {"error": error.__class__.__name__}))


UNKNOWN_CHANNEL = 10003
CHANNEL_REFUSALS = {50001: PauseReason.MISSING_ACCESS, 50013: PauseReason.MISSING_PERMISSIONS}
_TRANSPORT_ERRORS = (discord.HTTPException, discord.RateLimited, TimeoutError, aiohttp.ClientError, OSError)
LOOKBACK = 25  # recent messages searched for an earlier attempt's post: one REST call


def post_marker(job: Job) -> re.Pattern[str]:
    """What identifies this delivery's post among the channel's messages: its label (`#12`, `#A3`) as a whole
    word in the embed footer, where every post already shows it. One post per (item, channel) exists, so the
    bot's own message carrying that label in this channel is this delivery's post (`#1` never matches `#12`)."""
    return re.compile(rf"(?<![\w#]){re.escape(job.delivery.label)}(?!\w)")


class DiscordSender:
    """Posts and edits news messages through discord.py, each with explicit allowed mentions."""

    def __init__(self, bot: discord.Client, ledger: Ledger | None = None) -> None:
        self.bot = bot
        self.ledger = ledger  # a report post says what it changes for season 2, as the ledger stands
        self._no_history: set[int] = set()  # channels already logged as unreadable (log once per channel)

    async def prepare(self, job: Job) -> Job:
        """The message rendered ahead of its pacing (a report's post reads the ledger's reports for its server)."""
        if job.delivery.kind == DeliveryKind.EDIT and job.message_id is None:
            return job  # nothing will be sent (see Worker.deliver)
        try:
            return dataclasses.replace(job, prepared=await self._render(job))
        except Exception:  # the request renders it again, meets the same error and records it as its outcome
            return job

    async def _message(self, job: Job) -> dict[str, Any]:
        """The post's embed (and, for a report, its Season 2 button) as `send`/`edit` keywords."""
        if isinstance(job.prepared, dict):
            return job.prepared
        return await self._render(job)

    async def _render(self, job: Job) -> dict[str, Any]:
        if job.report is not None:
            sequel = await self.ledger.status_with(job.report, job.delivery.guild_id) if self.ledger else None
            return {"embed": report_post(job.report, job.language, sequel), "view": post_view(job.language)}
        assert job.announcement is not None
        return {"embed": announcement_post(job.announcement, job.language)}

    async def post(self, job: Job) -> int:
        channel = self.bot.get_partial_messageable(job.channel_id, guild_id=job.delivery.guild_id)
        try:
            message = await channel.send(
                content=role_ping(job.role_id),
                **await self._message(job),
                nonce=job.delivery.nonce,  # discord.py adds enforce_nonce: a resend returns the first message
                allowed_mentions=post_mentions(job.role_id),
            )
        except _TRANSPORT_ERRORS as error:
            raise classify(error) from error
        return message.id

    async def find_post(self, job: Job) -> int | None:
        """Look through the channel's last `LOOKBACK` messages for this delivery's post, by the bot itself."""
        delivery = job.delivery
        me = self.bot.user
        if me is None:
            return None
        channel = self.bot.get_channel(delivery.channel_id)
        if isinstance(channel, discord.abc.GuildChannel):
            member = channel.guild.me
            if member is not None and not channel.permissions_for(member).read_message_history:
                # Discord would answer an empty list, not an error: do not spend the request
                self._history_unreadable(delivery.channel_id, "no Read Message History permission")
                return None
        partial = self.bot.get_partial_messageable(delivery.channel_id, guild_id=delivery.guild_id)
        marker = post_marker(job)
        try:
            async for message in partial.history(limit=LOOKBACK):
                if (
                    message.author.id == me.id
                    and message.type == discord.MessageType.default
                    and message.webhook_id is None
                    and any(embed.footer.text and marker.search(embed.footer.text) for embed in message.embeds)
                ):
                    await self._bring_up_to_date(message, job)
                    return message.id
        except discord.Forbidden as error:  # 50001 Missing Access / 50013 Missing Permissions
            self._history_unreadable(delivery.channel_id, f"{error.status} (code {error.code})")
            return None
        except discord.NotFound:
            return None  # the post itself will meet the same 404 and pause the subscription with the reason
        except _TRANSPORT_ERRORS as error:
            failure = classify(error)
            if isinstance(failure, PermanentFailure):
                return None  # cannot look: post with the nonce, as without this check
            # the earlier attempt is still unaccounted for (even after a 429 on the look): look again next time
            raise TransientFailure(Reason("looking", cause=failure.detail), retry_after=failure.retry_after) from error
        return None

    async def _bring_up_to_date(self, message: discord.Message, job: Job) -> None:
        """The earlier attempt's post shows the item as it was then; an edit made while this row waited queued
        no edit for it (a pending post renders the latest text when it goes out), so edit it here if needed."""
        current = await self._message(job)
        if _visible(message) == _rendered(current):
            return
        try:
            await message.edit(**current, allowed_mentions=post_mentions(None))
        except _TRANSPORT_ERRORS as error:
            failure = classify(error)
            if isinstance(failure, TransientFailure):
                raise TransientFailure(Reason("updating", cause=failure.detail)) from error
            log.info("could not update message %s to the latest text: %s", message.id, failure.detail)

    def _history_unreadable(self, channel_id: int, why: str) -> None:
        if channel_id not in self._no_history:
            self._no_history.add(channel_id)
            log.info(
                "cannot read the history of channel %s (%s): a post whose earlier attempt may have gone out is "
                "resent with its nonce only, which Discord deduplicates for a few minutes",
                channel_id,
                why,
            )

    async def edit(self, job: Job) -> None:
        assert job.message_id is not None
        channel = self.bot.get_partial_messageable(job.channel_id, guild_id=job.delivery.guild_id)
        try:
            # content is left as it was (an edit never pings again); mentions stay locked down regardless
            await channel.get_partial_message(job.message_id).edit(
                **await self._message(job), allowed_mentions=post_mentions(None)
            )
        except _TRANSPORT_ERRORS as error:
            raise classify(error) from error


def _embed_seen(embed: discord.Embed) -> tuple[object, ...]:
    return (
        embed.title,
        embed.description,
        embed.url,
        embed.footer.text,
        embed.colour,
        [(f.name, f.value, f.inline) for f in embed.fields],
    )


def _buttons_seen(rows: list[dict[str, Any]]) -> list[list[tuple[object, ...]]]:
    """Each row's buttons as a reader sees and uses them (what they say, look like and do)."""
    return [
        [
            (c.get("type"), c.get("label"), c.get("style"), c.get("custom_id"), c.get("url"), bool(c.get("disabled")))
            for c in row.get("components", [])
        ]
        for row in rows
    ]


def _visible(message: discord.Message) -> tuple[object, ...]:
    """What a reader sees of a posted message: its embed and its buttons, for telling whether an earlier copy
    is out of date (a post whose only change is its button, such as one from before the Season 2 button or
    with an older label, is out of date too)."""
    embed = _embed_seen(message.embeds[0]) if message.embeds else None
    return embed, _buttons_seen([dict(row.to_dict()) for row in message.components])


def _rendered(current: dict[str, Any]) -> tuple[object, ...]:
    """The same, for what `DiscordSender._message` would send now."""
    view: discord.ui.View | None = current.get("view")
    rows = view.to_components() if view is not None else []
    return _embed_seen(current["embed"]), _buttons_seen(rows)


class BotEventWaiter:
    """The worker's sleep: a bot event wakes it when work is queued; a timeout when a retry or token is due.

    `Client.wait_for` is discord.py's own way to wait for an event with a timeout, and it keeps the wait
    visible to the client (and to simcord's virtual clock in tests) as a wait rather than a stuck task.
    """

    def __init__(self, bot: discord.Client) -> None:
        self.bot = bot
        self._woken = False

    async def wait(self, seconds: float | None) -> None:
        if self._woken:  # woken between the worker's last look at the outbox and now
            self._woken = False
            return
        with contextlib.suppress(TimeoutError):
            await self.bot.wait_for(OUTBOX_EVENT, timeout=seconds)
        self._woken = False

    def wake(self) -> None:
        self._woken = True
        self.bot.dispatch(OUTBOX_EVENT)

    async def sleep(self, seconds: float) -> None:
        # an event nobody dispatches: the same kind of wait as `wait`, which simcord's clock understands
        with contextlib.suppress(TimeoutError):
            await self.bot.wait_for(SLEEP_EVENT, timeout=seconds)


@dataclass
class _Watch:
    interaction: discord.Interaction[Any]
    label: str
    announcement_channel: int | None = None
    started: float = field(default_factory=time.monotonic)
    last_edit: float = field(default_factory=time.monotonic)
    ready: bool = False
    last_text: str = ""
    unseen: int = 0  # finished since the last look at the database
    remaining: int = 0  # still to go at that look
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one refresh at a time, in order
    closed: bool = False  # the summary is out: nothing may overwrite it


class ProgressBoard:
    """Keeps each publishing moderator's ephemeral message up to date as the deliveries finish."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self._watches: dict[tuple[str, int], _Watch] = {}
        self._closed = False

    def close(self) -> None:
        """The bot is stopping: no progress edit starts from now on (the ones under way are cancelled by their
        owners: the worker's `flush`, the previews' `close`, the followers' cancellation)."""
        self._closed = True
        for watch in self._watches.values():
            watch.closed = True
        self._watches.clear()

    def watch_report(self, report_id: int, interaction: discord.Interaction[Any], label: str) -> None:
        if not self._closed:
            self._watches[("report", report_id)] = _Watch(interaction, label)

    def watch_announcement(self, announcement_id: int, interaction: discord.Interaction[Any], channel_id: int) -> None:
        if not self._closed:
            self._watches[("announcement", announcement_id)] = _Watch(interaction, "", announcement_channel=channel_id)

    async def start(self, key: tuple[str, int], *, shown: str = "") -> None:
        """The first response is out (showing `shown`): from now on progress edits may follow it; show the state
        right away, unless it is what the message already shows."""
        watch = self._watches.get(key)
        if watch is not None:
            watch.ready = True
            watch.last_text = shown
            await self._refresh(key, watch, force=True)

    async def follow(self, key: tuple[str, int], sleep: Callable[[float], Awaitable[None]]) -> None:
        """Look at the database every PROGRESS_EVERY seconds until the fan-out is done or the message expires: in
        a process that is not the news sender, nobody else tells this board that deliveries finished."""
        while (watch := self._watches.get(key)) is not None and not watch.closed:
            await sleep(PROGRESS_EVERY)
            if (watch := self._watches.get(key)) is None:
                return
            await self._refresh(key, watch, force=True)

    async def finished(self, delivery: Delivery, _delivered: bool) -> None:
        """The worker's callback after each finished delivery."""
        if delivery.kind != DeliveryKind.POST:
            return
        if delivery.report_id is not None:
            key = ("report", delivery.report_id)
        elif delivery.announcement_id is not None:
            key = ("announcement", delivery.announcement_id)
        else:  # the schema's CHECK makes every row name its report or announcement
            return
        watch = self._watches.get(key)
        if watch is not None and watch.ready:
            watch.unseen += 1
            await self._refresh(key, watch)

    async def _refresh(self, key: tuple[str, int], watch: _Watch, *, force: bool = False) -> None:
        async with watch.lock:
            if not watch.closed:
                await self._refresh_locked(key, watch, force=force)

    async def _refresh_locked(self, key: tuple[str, int], watch: _Watch, *, force: bool) -> None:
        kind, item_id = key
        now = time.monotonic()
        if now - watch.started > INTERACTION_LIFETIME:
            self._watches.pop(key, None)
            return
        # Counting a big fan-out costs a scan of its rows: look only when an edit is due, or when everything
        # the moderator was shown as remaining may have finished.
        due = force or now - watch.last_edit >= PROGRESS_EVERY or watch.unseen >= watch.remaining
        if not due:
            return
        watch.unseen = 0  # before the query: a delivery finishing during it is counted again, never missed
        progress = await self.outbox.progress(**{f"{kind}_id": item_id})
        watch.remaining = progress.remaining
        if not (force or progress.done or now - watch.last_edit >= PROGRESS_EVERY):
            return
        locale = watch.interaction.locale
        if watch.announcement_channel is not None:
            text = announcement_progress_text(watch.announcement_channel, progress, locale)
        else:
            text = progress_text(watch.label, progress, locale)
        if progress.done:
            watch.closed = True
            self._watches.pop(key, None)
        if text == watch.last_text:
            return
        watch.last_text, watch.last_edit = text, now
        try:
            await watch.interaction.edit_original_response(content=text)
        except (TimeoutError, discord.HTTPException, aiohttp.ClientError):
            log.info("could not update the progress message for %s %s", kind, item_id, exc_info=True)
            self._watches.pop(key, None)


_MESSAGES = re.compile(r"/api/v\d+/channels/(\d+)/messages(?:/\d+)?$")


class RestWatch:
    """Sees every REST request discord.py makes (an aiohttp trace on the client's session).

    Requests the worker did not schedule (anything but a channel's messages) count against the pacer's global
    budget, except the interaction endpoints Discord exempts; and what Discord says about rate limits reaches
    the worker: a 429 slows it (the global one pauses it for `Retry-After`), and a channel whose bucket is
    reported empty waits until it resets. discord.py still waits out and repeats the 429'd request itself.
    """

    def __init__(self) -> None:
        self.pacer: Pacer | None = None
        self.channels: ChannelLimits | None = None
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_start.append(self._started)
        self.trace.on_request_headers_sent.append(self._sent)
        self.trace.on_request_end.append(self._ended)

    def attach(self, pacer: Pacer, channels: ChannelLimits) -> None:
        self.pacer, self.channels = pacer, channels

    async def _started(self, _session: Any, _context: Any, params: aiohttp.TraceRequestStartParams) -> None:
        path = params.url.path
        if self.pacer is None or not path.startswith("/api/") or _MESSAGES.search(path):
            return
        if "/interactions/" in path or "/webhooks/" in path:  # exempt from the global limit
            return
        self.pacer.saw()

    async def _sent(self, _session: Any, _context: Any, _params: aiohttp.TraceRequestHeadersSentParams) -> None:
        # the request is on the socket: a news delivery's paced request holds its place in the window from now
        if self.pacer is not None:
            self.pacer.left()

    async def _ended(self, _session: Any, _context: Any, params: aiohttp.TraceRequestEndParams) -> None:
        if self.pacer is None or self.channels is None:
            return
        headers, status = params.response.headers, params.response.status
        match = _MESSAGES.search(params.url.path)
        channel_id = int(match.group(1)) if match else None
        if status == 429:
            retry_after = await _retry_after(params.response)
            shared_by_all = headers.get("X-RateLimit-Global", "").lower() == "true"
            self.pacer.rate_limited(retry_after, shared_by_all=shared_by_all)
            if channel_id is not None and not shared_by_all:
                self.channels.hold(channel_id, _seconds(headers.get("X-RateLimit-Reset-After"), retry_after))
            log.info(
                "Discord answered 429 (%s, retry after %.2fs); news delivery slows down",
                headers.get("X-RateLimit-Scope", "unknown scope"),
                retry_after,
            )
        elif channel_id is not None and headers.get("X-RateLimit-Remaining") == "0":
            self.channels.hold(channel_id, _seconds(headers.get("X-RateLimit-Reset-After"), 0.0))


async def _retry_after(response: aiohttp.ClientResponse) -> float:
    """How long Discord asks to wait: the body's `retry_after` (to the millisecond; aiohttp keeps the body for
    discord.py to read again), else the `Retry-After` header (whole seconds)."""
    with contextlib.suppress(aiohttp.ClientError, ValueError, TypeError, AttributeError):
        return float((await response.json(content_type=None))["retry_after"])
    return _seconds(response.headers.get("Retry-After"), 1.0)


def _seconds(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default
