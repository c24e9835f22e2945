"""Which process and shards answered, who delivers the news and the outbox across processes: fields for /about
and /news status, so an operator of several processes can tell them apart."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import t
from bot.news.network import NetworkState
from bot.ui.embeds import Field


def shard_list(shard_ids: Sequence[int]) -> str:
    """0,1,2,3,8 -> "0-3, 8"."""
    ranges: list[str] = []
    ids = sorted(shard_ids)
    start = previous = ids[0] if ids else 0
    for shard in [*ids[1:], None]:
        if shard is not None and shard == previous + 1:
            previous = shard
            continue
        ranges.append(str(start) if start == previous else f"{start}-{previous}")
        if shard is not None:
            start = previous = shard
    return ", ".join(ranges) if ids else "?"


def process_fields(
    state: NetworkState,
    *,
    shard_ids: Sequence[int],
    shard_count: int | None,
    answering_shard: int | None,
    locale: object | None,
) -> list[Field]:
    here = t(
        "about.process_value",
        locale,
        process=f"`{state.process}`",  # an identifier (host:pid:…), not words: shown as code
        shards=shard_list(shard_ids),
        count=shard_count or "?",
    )
    if answering_shard is not None:
        here += "\n" + t("about.answered_by_shard", locale, shard=answering_shard)
    if state.sender is None:
        sender = t("about.sender_none", locale)
    elif state.sending_here:
        sender = t("about.sender_here", locale)
    else:
        sender = f"`{state.sender}`"
    totals = state.outbox
    outbox = t(
        "about.outbox_value",
        locale,
        queued=totals.queued,
        sending=totals.sending,
        delivered=totals.delivered,
        failed=totals.failed,
    )
    return [
        Field(t("about.process", locale), here),
        Field(t("about.sender", locale), sender, inline=True),
        Field(t("about.outbox", locale), outbox, inline=True),
    ]
