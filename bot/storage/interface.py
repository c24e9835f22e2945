"""The store interface: what the rest of `bot/` may ask of the database, one Protocol per concern.

`open_store(DATABASE_URL)` returns a `Store`; services reach each concern as `store.reports`,
`store.subscriptions`, `store.outbox`, `store.settings`, ... Each backend implements every Protocol, all its SQL
inside `bot/storage/`, and `tests/storage/` runs one contract suite against every backend.
Writes that belong together (an item, its outbox rows and its audit row) happen in one method, in one
transaction: a caller never holds a transaction open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from bot.news.ledger import Report
from bot.news.model import Announcement, ReportDraft, Scope, Subscription
from bot.storage.outbox import Outbox

# (actor id or None for the bot itself, action, report id, detail)
AuditEntry = tuple[int | None, str, int | None, str]


class Reports(Protocol):
    """Moderators' sequel reports (the ledger's runtime part)."""

    async def publish(
        self,
        draft: ReportDraft,
        *,
        scope: Scope,
        guild_id: int,
        author_id: int,
        now: dt.datetime,
        preview_token: str | None = None,
    ) -> tuple[Report, int]:
        """Log the report and queue one post per target channel, atomically. Returns it and how many posts.
        `preview_token` names the preview it was published from; a token publishes at most one report."""
        ...

    async def get(self, report_id: int) -> Report | None: ...

    async def from_preview(self, preview_token: str) -> Report | None:
        """The report published from that preview, if any."""
        ...

    async def visible_to(self, guild_id: int | None) -> list[Report]:
        """Network reports, plus the local ones of `guild_id`, oldest first."""
        ...

    async def change(
        self,
        report_id: int,
        *,
        actor_id: int,
        now: dt.datetime,
        claim: str | None = None,
        status: str | None = None,
        url: str | None = None,
        reported_on: dt.date | None = None,
        retraction_reason: str | None = None,
        claim_ko: str | None = None,
        retraction_reason_ko: str | None = None,
    ) -> int:
        """Edit or retract a report and queue an edit of every copy already posted. Returns how many.
        None leaves a column as it is; `claim_ko=""` removes the Korean claim. A retraction writes its reason
        and its Korean reason together ('' when `retraction_reason_ko` is not given)."""
        ...


class Announcements(Protocol):
    """A server's own announcements, posted to its news channel through the outbox."""

    async def publish(
        self,
        *,
        guild_id: int,
        channel_id: int,
        author_id: int,
        title: str,
        message: str,
        now: dt.datetime,
        preview_token: str | None = None,
    ) -> Announcement:
        """Log the announcement and queue its post, atomically (at most one per `preview_token`)."""
        ...

    async def get(self, announcement_id: int) -> Announcement | None: ...

    async def from_preview(self, preview_token: str) -> Announcement | None:
        """The announcement published from that preview, if any."""
        ...


class Subscriptions(Protocol):
    """Where each server's automatic news goes: one channel (and optional role to ping) per server."""

    async def subscribe(
        self,
        guild_id: int,
        channel_id: int,
        *,
        role_id: int | None,
        language: str,
        actor_id: int,
        now: dt.datetime,
    ) -> Subscription:
        """Create or replace this server's subscription; subscribing again resumes a paused one."""
        ...

    async def unsubscribe(self, guild_id: int, *, actor_id: int, now: dt.datetime) -> bool:
        """Stop automatic news for this server; False when it was not subscribed."""
        ...

    async def get(self, guild_id: int) -> Subscription | None: ...

    async def count_targets(self, *, network: bool, guild_id: int) -> int:
        """How many servers a report would reach: every active subscription, or only this server's."""
        ...


class GuildSettings(Protocol):
    """Per-server preferences."""

    async def language(self, guild_id: int) -> str | None: ...

    async def set_language(self, guild_id: int, language: str | None) -> None: ...


class Audit(Protocol):
    """Who did what, when: written by the other concerns inside their own transactions, read here."""

    async def entries(self, guild_id: int) -> list[AuditEntry]:
        """(actor, action, report id, detail) for one server, oldest first."""
        ...


class SenderRole(Protocol):
    """Which one process delivers the news, so the whole bot stays within Discord's global rate limit.

    SQLite: a lock on a file beside the database (one machine). PostgreSQL: an advisory lock held on a
    connection of its own; both vanish with the process that held them, so a new sender takes over at once.
    """

    async def acquire(self) -> bool:
        """Become the sender if nobody is; False when another process is (never waits)."""
        ...

    def on_lost(self, lost: Callable[[], None]) -> None:
        """While held, call `lost` if the role is taken away (the database connection holding it broke)."""
        ...

    def on_work(self, wake: Callable[[], None]) -> None:
        """While held, call `wake` when another process queues deliveries."""
        ...

    async def release(self) -> None: ...

    async def holder(self) -> str | None:
        """The process that is the sender now (its store `owner`), or None."""
        ...


class Store(Protocol):
    """An open, migrated database, one repository per concern."""

    @property
    def backend(self) -> str:
        """ "sqlite" (or another backend's name), for logs and /about."""
        ...

    @property
    def owner(self) -> str:
        """This process's name in the outbox's leases (host, pid and a random suffix)."""
        ...

    @property
    def reports(self) -> Reports: ...

    @property
    def announcements(self) -> Announcements: ...

    @property
    def subscriptions(self) -> Subscriptions: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def settings(self) -> GuildSettings: ...

    @property
    def audit(self) -> Audit: ...

    @property
    def sender(self) -> SenderRole: ...

    async def schema_version(self) -> int: ...

    async def close(self) -> None: ...
