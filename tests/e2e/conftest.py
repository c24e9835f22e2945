"""The local stand-in for Discord, owned by each test, with a token unique to the run."""

from __future__ import annotations

import secrets

import pytest

from .fake_discord import FakeDiscord


@pytest.fixture
def token() -> str:
    # Looks real enough and is unique per run, so "the token appears nowhere" checks mean something.
    return "FAKE." + secrets.token_urlsafe(24) + ".TOKEN"


@pytest.fixture
async def fake_discord(token: str):
    fake = FakeDiscord(expected_token=token)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
