"""The ledger of sequel reports that fans read with `/sequel`.

It starts from the seeds shipped in `data/sequel.toml` and, once moderators log reports, from the store too.
Plain data in, plain data out: no discord import here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from bot.knowledge.model import Confidence, Knowledge


class ReportStatus(StrEnum):
    RUMOR = "rumor"
    REPORT = "report"
    STATEMENT = "statement"
    CONFIRMED = "confirmed"
    DENIED = "denied"
    CANCELLED = "cancelled"

    @property
    def is_official(self) -> bool:
        """Statements, confirmations, denials and cancellations set the official status; the rest is buzz."""
        return self in OFFICIAL_STATUSES


OFFICIAL_STATUSES = frozenset(
    {ReportStatus.STATEMENT, ReportStatus.CONFIRMED, ReportStatus.DENIED, ReportStatus.CANCELLED}
)


@dataclass(frozen=True, slots=True)
class Report:
    """One entry of the ledger: a seed from the data files (id None) or a moderator's report (id N)."""

    outlet: str
    claim: str
    status: ReportStatus
    reported_on: dt.date
    url: str = ""
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED
    note: str = ""
    id: int | None = None
    seed_key: str | None = None
    scope: str = "network"  # "network" or "local"
    origin_guild_id: int | None = None
    retracted: bool = False
    retraction_reason: str = ""
    edited: bool = False
    claim_ko: str = ""  # the claim in Korean, when given (seeds from data/, reports from /news report)
    outlet_ko: str = ""  # the outlet in Korean words (seeds only: a moderator's outlet is shown as typed)
    retraction_reason_ko: str = ""  # the retraction's reason in Korean, when the moderator gave one

    @property
    def label(self) -> str:
        return f"#{self.id}" if self.id is not None else ""


@dataclass(frozen=True, slots=True)
class SequelStatus:
    official: Report | None  # newest statement/confirmed/denied/cancelled
    buzz: Report | None  # newest rumor/report newer than the official entry
    timeline: list[Report]  # every live report, newest first


def seed_reports(knowledge: Knowledge) -> list[Report]:
    return [
        Report(
            outlet=s.outlet,
            claim=s.claim,
            claim_ko=s.claim_ko,
            outlet_ko=s.outlet_ko,
            status=ReportStatus(s.status),
            reported_on=s.reported_on,
            url=s.url,
            sources=s.sources,
            confidence=s.confidence,
            note=s.note,
            seed_key=s.key,
        )
        for s in knowledge.sequel_seeds
    ]


def summarize(reports: list[Report]) -> SequelStatus:
    """Official status, latest buzz newer than it, and the timeline, from any list of reports.

    `reports` come oldest first; on the same day a later entry (Netflix answering that morning's exclusive)
    counts as newer.
    """
    ordered = sorted(
        ((r.reported_on, position, r) for position, r in enumerate(reports) if not r.retracted),
        key=lambda item: (item[0], item[1]),
        reverse=True,
    )
    live = [r for _day, _position, r in ordered]
    official = next((r for r in live if r.status.is_official), None)
    buzz = next(
        (r for r in live if not r.status.is_official and (official is None or r.reported_on > official.reported_on)),
        None,
    )
    return SequelStatus(official=official, buzz=buzz, timeline=live)


@dataclass(frozen=True, slots=True)
class Impact:
    """What one report changes for season 2, read off the summary that counts it (for its news post)."""

    official: Report | None  # the official word standing with this report counted
    is_official_word: bool  # this report is that official word
    replaced: Report | None  # the official word it took over from, when it is the official word now


def _same(a: Report, b: Report) -> bool:
    return a.id == b.id if a.id is not None or b.id is not None else a == b


def impact(report: Report, status: SequelStatus) -> Impact:
    """`status` must be a summary with `report` counted (`Ledger.status_with`); a retracted report never is."""
    official = status.official
    if official is None or not _same(official, report):
        return Impact(official=official, is_official_word=False, replaced=None)
    older = status.timeline[next(i for i, r in enumerate(status.timeline) if _same(r, report)) + 1 :]
    return Impact(
        official=official, is_official_word=True, replaced=next((r for r in older if r.status.is_official), None)
    )


class ReportSource(Protocol):
    """The part of the store's reports the ledger reads (`store.reports`)."""

    async def visible_to(self, guild_id: int | None) -> list[Report]: ...


class Ledger:
    """The service `/sequel`, `/series` and `/ask` read the sequel state from: the seeds, plus the reports
    moderators logged at runtime (network-wide ones, and the asking server's local ones)."""

    def __init__(self, knowledge: Knowledge, store: Callable[[], ReportSource | None] | None = None) -> None:
        self._seeds = seed_reports(knowledge)
        self._store = store  # a function, because the store opens after the ledger is built

    async def reports(self, guild_id: int | None = None) -> list[Report]:
        """Every report a fan in `guild_id` may see (network-wide ones, plus that server's local ones)."""
        source = self._store() if self._store is not None else None
        runtime = await source.visible_to(guild_id) if source is not None else []
        return [*self._seeds, *runtime]

    async def status(self, guild_id: int | None = None) -> SequelStatus:
        return summarize(await self.reports(guild_id))

    async def status_with(self, report: Report, guild_id: int | None = None) -> SequelStatus:
        """The summary in `guild_id` with `report` counted as it is now: a preview not logged yet is added as
        the newest entry; a logged report replaces its stored row in place (its order among same-day reports
        stays the order it was logged in)."""
        reports = await self.reports(guild_id)
        if report.id is not None and any(r.id == report.id for r in reports):
            return summarize([report if r.id == report.id else r for r in reports])
        return summarize([*reports, report])
