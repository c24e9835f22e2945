"""The local stand-in for Discord, owned by each test, with a token unique to the run."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from .fake_discord import FakeDiscord


@pytest.fixture
def token() -> str:
    # Looks real enough and is unique per run, so "the token appears nowhere" checks mean something.
    return "FAKE." + secrets.token_urlsafe(24) + ".TOKEN"


@pytest.fixture
async def make_fake(token: str) -> AsyncIterator[Callable[..., Awaitable[FakeDiscord]]]:
    """`await make_fake(latency=0.05, echo_delay=0.2, ...)`: a started stand-in expecting `token`, stopped after
    the test. Keyword arguments are `FakeDiscord`'s."""
    started: list[FakeDiscord] = []

    async def make(**options: Any) -> FakeDiscord:
        fake = FakeDiscord(expected_token=token, **options)
        await fake.start()
        started.append(fake)
        return fake

    yield make
    for fake in started:
        await fake.stop()


@pytest.fixture
async def fake_discord(make_fake: Callable[..., Awaitable[FakeDiscord]]) -> FakeDiscord:
    return await make_fake()
