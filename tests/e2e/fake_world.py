"""What the loopback Discord (`fake_discord.py`) holds: guilds, channels and messages, as Discord's JSON.

Test-only. Payloads follow Discord's API reference (and discord/discord-api-spec's openapi.json) closely enough
for discord.py's parsers; fields no parser reads are left out. Nothing here knows which bot is connected.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions)
CREATE_INSTANT_INVITE = 1 << 0
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
CONNECT = 1 << 20
SPEAK = 1 << 21
CHANGE_NICKNAME = 1 << 26
USE_APPLICATION_COMMANDS = 1 << 31

# A sensible @everyone permission set for a small community server.
EVERYONE_PERMISSIONS = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CONNECT
    | SPEAK
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
)
MODERATOR_PERMISSIONS = EVERYONE_PERMISSIONS | MANAGE_GUILD | MANAGE_MESSAGES | MANAGE_CHANNELS

# Message flags
EPHEMERAL = 1 << 6
LOADING = 1 << 7

# Gateway intents the stand-in honours
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15


def iso(at: float | None = None) -> str:
    return dt.datetime.fromtimestamp(time.time() if at is None else at, dt.UTC).isoformat()


class Snowflakes:
    """Discord-shaped ids, unique and increasing. Each id takes its own millisecond (never earlier than now), so
    `(id >> 22) % shard_count` spreads guilds over shards as real ids do, and `created_at` stays about right."""

    def __init__(self) -> None:
        self._last_ms = 0

    def __call__(self) -> int:
        now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        self._last_ms = max(now_ms, self._last_ms + 1)
        return self._last_ms << 22


def shard_of(guild_id: int, shard_count: int) -> int:
    """Which shard Discord sends a guild's events to."""
    return (guild_id >> 22) % max(shard_count, 1)


def user_payload(user_id: int, username: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": None if bot else username,
        "avatar": None,
        "bot": bot,
        "system": False,
        "public_flags": 0,
    }


def member_payload(user: dict[str, Any] | None, *, roles: list[int] | None = None, permissions: int | None = None):
    """A guild member; without `user` it is the partial member Discord puts beside a message's `author`."""
    data: dict[str, Any] = {
        "roles": [str(r) for r in roles or []],
        "nick": None,
        "avatar": None,
        "joined_at": "2024-01-01T00:00:00+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if user is not None:
        data["user"] = user
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def role_payload(role_id: int, name: str, permissions: int, *, position: int = 0, mentionable: bool = False):
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": mentionable,
        "flags": 0,
    }


@dataclass
class Role:
    id: int
    name: str
    permissions: int = EVERYONE_PERMISSIONS
    mentionable: bool = False
    position: int = 1

    def payload(self) -> dict[str, Any]:
        return role_payload(self.id, self.name, self.permissions, position=self.position, mentionable=self.mentionable)


@dataclass
class Refusal:
    """How Discord answers every request about a channel the bot may not use (or that is gone)."""

    status: int
    code: int
    message: str
    methods: frozenset[str] | None = None  # None: every method


REFUSALS = {
    50001: (403, "Missing Access"),
    50013: (403, "Missing Permissions"),
    10003: (404, "Unknown Channel"),
}


@dataclass
class StoredMessage:
    """A message as the stand-in keeps it: Discord's payload plus what tests count."""

    payload: dict[str, Any]
    channel_id: int
    guild_id: int | None
    via: str  # "rest" (POST /channels/{id}/messages), "interaction" (a callback), "followup", or "person"
    created_at: float  # time.monotonic() when it was created
    nonce: str | int | None = None
    ephemeral: bool = False
    deleted: bool = False
    edits: int = 0

    @property
    def id(self) -> int:
        return int(self.payload["id"])


@dataclass
class Channel:
    id: int
    guild_id: int | None
    name: str
    type: int = 0  # GUILD_TEXT; 1 is a DM
    position: int = 0
    permission_overwrites: list[dict[str, Any]] = field(default_factory=list)
    messages: dict[int, StoredMessage] = field(default_factory=dict)  # in creation order, deleted ones removed
    refusal: Refusal | None = None

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "parent_id": None,
            "topic": None,
            "nsfw": False,
            "rate_limit_per_user": 0,
            "last_message_id": str(next(reversed(self.messages))) if self.messages else None,
            "permission_overwrites": self.permission_overwrites,
            "flags": 0,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        return data

    def resolved(self, permissions: int = EVERYONE_PERMISSIONS) -> dict[str, Any]:
        """The partial channel Discord puts in an interaction's `resolved.channels` (with the invoker's permissions)."""
        return {
            "id": str(self.id),
            "name": self.name,
            "type": self.type,
            "permissions": str(permissions),
            "last_message_id": None,
            "nsfw": False,
            "parent_id": None,
            "guild_id": str(self.guild_id),
            "flags": 0,
            "rate_limit_per_user": 0,
            "topic": None,
            "position": self.position,
        }


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    channels: list[Channel] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)  # besides @everyone
    everyone_permissions: int = EVERYONE_PERMISSIONS
    locale: str = "en-US"

    def channel(self, name: str) -> Channel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise KeyError(f"guild {self.name} has no channel #{name}")

    def role(self, name: str) -> Role:
        for role in self.roles:
            if role.name == name:
                return role
        raise KeyError(f"guild {self.name} has no role @{name}")

    def payload(self, bot_member: dict[str, Any]) -> dict[str, Any]:
        """The GUILD_CREATE payload (a full guild, the bot as its one cached member)."""
        everyone = role_payload(self.id, "@everyone", self.everyone_permissions)  # @everyone shares the guild id
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "preferred_locale": self.locale,
            "features": [],
            "vanity_url_code": None,
            "application_id": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "roles": [everyone, *(r.payload() for r in self.roles)],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "large": False,
            "unavailable": False,
            "lazy": True,
            "member_count": 2,
            "voice_states": [],
            "members": [bot_member],
            "channels": [c.payload() for c in self.channels],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "embedded_activities": [],
        }


# Discord's size limits on a message (https://discord.com/developers/docs/resources/message#create-message),
# checked as Discord checks them: a refusal with 400 50035 names the field.
_EMBED_LIMITS = {"title": 256, "description": 4096}


def message_problems(body: dict[str, Any]) -> dict[str, str]:
    """Field path -> problem, for what Discord refuses with 400 "Invalid Form Body" (50035)."""
    problems: dict[str, str] = {}
    content = body.get("content")
    if content is not None and len(str(content)) > 2000:
        problems["content"] = "Must be 2000 or fewer in length."
    nonce = body.get("nonce")
    if isinstance(nonce, str) and len(nonce) > 25:
        problems["nonce"] = "Must be 25 or fewer in length."
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems["embeds"] = "Must be 10 or fewer in length."
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in _EMBED_LIMITS.items():
            text = str(embed.get(key) or "")
            total += len(text)
            if len(text) > limit:
                problems[f"embeds.{i}.{key}"] = f"Must be {limit} or fewer in length."
        footer = str((embed.get("footer") or {}).get("text") or "")
        author = str((embed.get("author") or {}).get("name") or "")
        total += len(footer) + len(author)
        if len(footer) > 2048:
            problems[f"embeds.{i}.footer.text"] = "Must be 2048 or fewer in length."
        if len(author) > 256:
            problems[f"embeds.{i}.author.name"] = "Must be 256 or fewer in length."
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems[f"embeds.{i}.fields"] = "Must be 25 or fewer in length."
        for j, embed_field in enumerate(fields):
            name, value = str(embed_field.get("name") or ""), str(embed_field.get("value") or "")
            total += len(name) + len(value)
            if not name or len(name) > 256:
                problems[f"embeds.{i}.fields.{j}.name"] = "Must be between 1 and 256 in length."
            if not value or len(value) > 1024:
                problems[f"embeds.{i}.fields.{j}.value"] = "Must be between 1 and 1024 in length."
    if total > 6000:
        problems["embeds"] = "Embed size exceeds maximum size of 6000"
    return problems


def is_empty_message(body: dict[str, Any], *, has_files: bool = False) -> bool:
    """Discord refuses (400, 50006) a message with nothing to show."""
    return not (body.get("content") or body.get("embeds") or body.get("components") or body.get("poll") or has_files)


def form_error(problems: dict[str, str]) -> dict[str, Any]:
    """Discord's 400 body for an invalid form: `errors` nests by field path, each with `_errors`."""
    errors: dict[str, Any] = {}
    for path, text in problems.items():
        node = errors
        for part in path.split("."):
            node = node.setdefault(part, {})
        node["_errors"] = [{"code": "BASE_TYPE_MAX_LENGTH", "message": text}]
    return {"message": "Invalid Form Body", "code": 50035, "errors": errors}


def find_component(components: list[dict[str, Any]], *, custom_id: str | None, label: str | None) -> dict[str, Any]:
    """The button or select in a message's components with this custom_id or label (rows searched in order)."""
    stack = list(components)
    while stack:
        component = stack.pop(0)
        children = component.get("components")
        if children:
            stack[0:0] = children
            continue
        if component.get("type") == 1:
            continue
        if (custom_id is not None and component.get("custom_id") == custom_id) or (
            label is not None and component.get("label") == label
        ):
            return component
    wanted = f"custom_id {custom_id!r}" if custom_id is not None else f"label {label!r}"
    raise LookupError(f"no component with {wanted} in {components!r}")
