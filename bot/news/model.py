"""Plain records for automatic news: subscriptions, announcements, deliveries and their counts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.i18n import Term, Word, t
from bot.news.ledger import Report


class Scope(StrEnum):
    NETWORK = "network"  # logged in the home server: goes to every subscribed server
    LOCAL = "local"  # logged anywhere else: stays in that server


class DeliveryKind(StrEnum):
    POST = "post"  # a new message in a news channel
    EDIT = "edit"  # bring an already posted message up to date (edit or retraction)


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    REJECTED = "rejected"


class PauseReason(StrEnum):
    """Why a subscription stopped receiving posts: Discord refused the channel itself (never a post's content,
    which fails only that post). Each has a plain-words explanation in the i18n files."""

    MISSING_PERMISSIONS = "missing_permissions"
    MISSING_ACCESS = "missing_access"
    UNKNOWN_CHANNEL = "unknown_channel"


@dataclass(frozen=True)
class Reason(Term):
    """Why a delivery failed or waits, in words the reader's language can say: a sentence under `news.reason`,
    its parameters (Discord's own answer stays as Discord wrote it) and the reason it wraps, if any.

    Stored as JSON (`last_error`, `paused_detail`) and rendered when someone reads it, in their language; a
    `pause` parameter reads as that pause reason's explanation. `str()` is the English, for the log.
    """

    key: str
    params: Mapping[str, str | int] = field(default_factory=dict)
    cause: Reason | None = None

    MAX_PARAM = 300  # characters of one text parameter kept (Discord's answer can be long)

    def render(self, locale: object | None) -> str:
        params: dict[str, Any] = dict(self.params)
        if "pause" in params:
            params["pause"] = Word(f"news.why_{params['pause']}")
        params["cause"] = self.cause.render(locale) if self.cause is not None else ""
        try:
            return t(f"news.reason.{self.key}", locale, **params)
        except (KeyError, IndexError, ValueError):  # written by a newer version: say what is known
            return self.key

    def __str__(self) -> str:
        return self.render(None)

    def encode(self) -> str:
        return json.dumps(self._as_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def _as_dict(self) -> dict[str, Any]:
        params = {k: v[: self.MAX_PARAM] if isinstance(v, str) else v for k, v in self.params.items()}
        data: dict[str, Any] = {"key": self.key, "params": params}
        if self.cause is not None:
            data["cause"] = self.cause._as_dict()
        return data

    @classmethod
    def decode(cls, text: str) -> Reason | None:
        """The stored reason; text an older version stored in English is kept as it is."""
        if not text:
            return None
        try:
            return cls._from_dict(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls.plain(text)

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> Reason:
        cause = data.get("cause")
        return cls(str(data["key"]), dict(data.get("params", {})), cls._from_dict(cause) if cause else None)

    @classmethod
    def plain(cls, text: str) -> Reason:
        """Words with no sentence of their own (an older version's English)."""
        return cls("text", {"text": text})


def encode_reason(reason: Reason | None) -> str:
    return "" if reason is None else reason.encode()


@dataclass(frozen=True, slots=True)
class Subscription:
    guild_id: int
    channel_id: int
    role_id: int | None
    language: str
    paused_reason: PauseReason | None = None
    paused_detail: Reason | None = None  # what Discord answered when it refused the channel
    paused_at: str | None = None

    @property
    def active(self) -> bool:
        return self.paused_reason is None


@dataclass(frozen=True, slots=True)
class Announcement:
    id: int
    guild_id: int
    author_id: int
    title: str
    message: str

    @property
    def label(self) -> str:
        return f"#A{self.id}"


@dataclass(frozen=True, slots=True)
class ReportDraft:
    """A moderator's report, validated, not yet written."""

    outlet: str
    claim: str
    status: str
    url: str
    reported_on: dt.date
    claim_ko: str = ""


@dataclass(frozen=True, slots=True)
class Delivery:
    """One row of the outbox, with what it carries."""

    id: int
    kind: DeliveryKind
    state: DeliveryState
    guild_id: int
    channel_id: int
    attempts: int
    next_attempt_at: float
    message_id: int | None
    last_error: Reason | None  # why the last attempt failed or the row waits; None once delivered
    report_id: int | None
    announcement_id: int | None
    finished_at: str | None = None
    # a post whose last attempt may have created the message without the bot learning so (a crash while
    # sending, a timeout, a 5xx): look for it in the channel before posting again
    maybe_sent: bool = False

    @property
    def nonce(self) -> str:
        """Deterministic per outbox row, i.e. per (item, channel): a resend after a crash returns the first
        message instead of posting a second. At most 25 characters, as Discord requires."""
        return f"hoc{self.id}"

    @property
    def label(self) -> str:
        return f"#{self.report_id}" if self.report_id is not None else f"#A{self.announcement_id}"


@dataclass(frozen=True, slots=True)
class Job:
    """A claimed delivery with what it carries as it is now, and where it goes.

    The store fills in the server's subscription as it is at claim time; the worker decides from it where a
    post goes (`channel_id`) and whom it pings (`role_id`): a post follows the subscription when it is sent,
    not as it was when the post was queued.
    """

    delivery: Delivery
    report: Report | None
    announcement: Announcement | None
    subscription: Subscription | None  # None: the server unsubscribed since the row was queued
    channel_id: int  # where to send: the row's channel until the worker addresses a post
    role_id: int | None = None  # the one role a post may ping
    message_id: int | None = None  # for an edit: the posted message to change
    post_state: DeliveryState | None = None  # for an edit: where the original post is
    prepared: object = None  # what `Sender.prepare` fetched for the request (the message, as the sender renders it)

    @property
    def language(self) -> str:
        return self.subscription.language if self.subscription is not None else "en"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one attempt at a delivery ended, as `Outbox.record` writes it."""

    delivery: Delivery
    state: DeliveryState  # DELIVERED, PENDING (again at `retry_at`) or REJECTED
    message_id: int | None = None  # delivered: the post's message
    retry_at: float = 0.0
    maybe_sent: bool = False  # queued again after an attempt that may have created the message
    error: Reason | None = None
    pause: PauseReason | None = None  # rejected because of the channel itself: pause its subscription

    @classmethod
    def delivered(cls, delivery: Delivery, *, message_id: int | None) -> Outcome:
        return cls(delivery, DeliveryState.DELIVERED, message_id=message_id)

    @classmethod
    def retry(cls, delivery: Delivery, *, at: float, error: Reason | None, maybe_sent: bool = False) -> Outcome:
        return cls(delivery, DeliveryState.PENDING, retry_at=at, error=error, maybe_sent=maybe_sent)

    @classmethod
    def rejected(cls, delivery: Delivery, *, error: Reason, pause: PauseReason | None = None) -> Outcome:
        return cls(delivery, DeliveryState.REJECTED, error=error, pause=pause)


@dataclass(frozen=True, slots=True)
class OutboxTotals:
    """The whole outbox, across every process sharing the database (posts and edits)."""

    queued: int
    sending: int
    delivered: int
    failed: int


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a fan-out has got: posts delivered, failed, and still to go; why the failed ones failed."""

    delivered: int
    failed: int
    remaining: int
    reasons: tuple[tuple[Reason, int], ...] = ()  # (why, how many posts), the commonest first

    @property
    def total(self) -> int:
        return self.delivered + self.failed + self.remaining

    @property
    def done(self) -> bool:
        return self.remaining == 0
