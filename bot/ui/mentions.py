"""Allowed mentions as Discord's API types them."""

from __future__ import annotations

from typing import Any

import discord


class SnowflakeMentions(discord.AllowedMentions):
    """`AllowedMentions` whose user and role ids go out as strings.

    Discord's OpenAPI description types every id in `allowed_mentions` as a snowflake string; discord.py sends
    JSON numbers, which Discord accepts today but need not tomorrow. `merge` keeps the class, because discord.py
    merges each message's mentions into the client's before serialising them.
    """

    def to_dict(self) -> Any:
        data = super().to_dict()
        for key in ("users", "roles"):
            if key in data:
                data[key] = [str(snowflake) for snowflake in data[key]]
        return data

    def merge(self, other: discord.AllowedMentions) -> SnowflakeMentions:
        merged = super().merge(other)
        return SnowflakeMentions(
            everyone=merged.everyone, users=merged.users, roles=merged.roles, replied_user=merged.replied_user
        )
