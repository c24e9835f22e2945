"""Where this process stands among the bot's processes: its name, who delivers the news, the shared outbox."""

from __future__ import annotations

from dataclasses import dataclass

from bot.news.model import OutboxTotals
from bot.storage.interface import Store


@dataclass(frozen=True, slots=True)
class NetworkState:
    process: str  # this process, as the database knows it
    sender: str | None  # the process delivering the news now, None while nobody is
    outbox: OutboxTotals

    @property
    def sending_here(self) -> bool:
        return self.sender == self.process


async def network_state(store: Store) -> NetworkState:
    return NetworkState(process=store.owner, sender=await store.sender.holder(), outbox=await store.outbox.totals())
