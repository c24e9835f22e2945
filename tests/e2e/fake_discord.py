"""A tiny local stand-in for Discord (REST + gateway) for end-to-end tests.

Test-only code.  It binds 127.0.0.1 on a free port and serves, from one aiohttp app:

* REST under ``/api/v{N}`` (the bot must point ``discord.http.Route.BASE`` at :attr:`FakeDiscord.api_base`):
  ``GET /users/@me``, ``GET /oauth2/applications/@me``, ``GET /gateway`` and ``GET /gateway/bot``,
  ``POST /interactions/{id}/{token}/callback``, application-command sync
  (``GET/PUT/POST /applications/{app}/commands`` and the ``/guilds/{guild}/`` variants),
  interaction follow-ups (``/webhooks/{app}/{token}`` and ``.../messages/{id}``).
  Every other route answers ``404 {"message": "Unknown route", "code": 0}``.
  Every request is recorded in :attr:`FakeDiscord.requests` (method, path, query, body; never headers).
* The gateway websocket at :attr:`FakeDiscord.gateway_url` (``/gateway``; advertised by ``GET /gateway/bot``
  and as READY's ``resume_gateway_url``; a bot should also point ``DiscordWebSocket.DEFAULT_GATEWAY`` at it,
  because discord.py uses that constant, not ``/gateway/bot``, when it re-IDENTIFYs after a failed resume):
  HELLO, IDENTIFY -> READY + GUILD_CREATE, HEARTBEAT -> HEARTBEAT_ACK, RESUME -> RESUMED.
  Frames are sent as plain (uncompressed) JSON text frames, which discord.py accepts even though it asks
  for ``compress=zlib-stream`` (or ``zstd-stream``) in the URL query.

Nothing here is specific to one bot; nothing is logged, and the bot token is never stored in any recorded
request (it is only kept in :attr:`FakeDiscord.identify_token` for assertions).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as _dt
import itertools
import json
import re
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import EllipsisType
from typing import Any

from aiohttp import WSMsgType, web

__all__ = ["FakeDiscord", "RecordedRequest", "json_response"]

DISCORD_EPOCH_MS = 1420070400000

# Gateway opcodes
OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_RESUME = 6
OP_INVALID_SESSION = 9
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11

# A sensible @everyone permission set for a small community server:
# view channel, send messages, embed links, attach files, read history, add reactions,
# use application commands, use external emojis, change nickname, create invite, connect/speak.
EVERYONE_PERMISSIONS = (
    (1 << 0)  # CREATE_INSTANT_INVITE
    | (1 << 6)  # ADD_REACTIONS
    | (1 << 10)  # VIEW_CHANNEL
    | (1 << 11)  # SEND_MESSAGES
    | (1 << 14)  # EMBED_LINKS
    | (1 << 15)  # ATTACH_FILES
    | (1 << 16)  # READ_MESSAGE_HISTORY
    | (1 << 18)  # USE_EXTERNAL_EMOJIS
    | (1 << 20)  # CONNECT
    | (1 << 21)  # SPEAK
    | (1 << 26)  # CHANGE_NICKNAME
    | (1 << 31)  # USE_APPLICATION_COMMANDS
)

_API_PREFIX = re.compile(r"^/api(?:/v\d+)?(?=/)")


def json_response(data: Any, status: int = 200) -> web.Response:
    # discord.py's json_or_text() only parses a body whose Content-Type is *exactly* "application/json";
    # aiohttp's web.json_response() appends "; charset=utf-8", which discord.py would hand back as a str.
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


def _iso_now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat()


@dataclass
class RecordedRequest:
    """One REST request the bot made.  Headers (and so the Authorization token) are deliberately omitted."""

    method: str
    path: str  # without the /api/vN prefix, e.g. "/users/@me"
    query: dict[str, str]
    body: Any  # parsed JSON, multipart ``payload_json`` (parsed), raw text, or None
    authorized: bool  # an "Authorization: Bot ..." header was present
    status: int = 0  # the status the fake answered with


@dataclass
class _Conn:
    ws: web.WebSocketResponse
    query: dict[str, str]
    seq: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    session_id: str | None = None
    shard: list[int] = field(default_factory=lambda: [0, 1])


class FakeDiscord:
    """Loopback fake of the Discord REST API + gateway, enough for a discord.py bot to log in and
    answer slash commands.

    Typical use::

        fake = FakeDiscord()
        await fake.start()
        env["DISCORD_API_BASE"] = fake.api_base   # http://127.0.0.1:PORT/api/v10
        ... start bot ...
        await fake.wait_ready(10)
        body = await fake.send_slash("ping")
        assert body["type"] == 4
        await fake.stop()
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_version: int = 10,
        expected_token: str | None = None,
        heartbeat_interval_ms: int = 41250,
        application_id: int = 1_300_000_000_000_000_001,
        bot_user_id: int | None = None,
        bot_username: str = "FakeBot",
        owner_id: int = 1_300_000_000_000_000_002,
        guild_id: int = 1_300_000_000_000_000_100,
        guild_name: str = "Fake Guild",
        channel_id: int = 1_300_000_000_000_000_200,
        channel_name: str = "general",
        user_id: int = 1_300_000_000_000_000_300,
        username: str = "tester",
        locale: str = "en-US",
    ) -> None:
        self.host = host
        self._port = port
        self.api_version = api_version
        self.expected_token = expected_token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.application_id = application_id
        self.bot_user_id = bot_user_id if bot_user_id is not None else application_id
        self.bot_username = bot_username
        self.owner_id = owner_id
        self.guild_id = guild_id
        self.guild_name = guild_name
        self.channel_id = channel_id
        self.channel_name = channel_name
        self.user_id = user_id
        self.username = username
        self.locale = locale

        self.requests: list[RecordedRequest] = []
        #: Every gateway payload received from the bot, with any ``token`` field redacted.
        self.gateway_received: list[dict[str, Any]] = []
        #: Query string of the last gateway connection (``v``, ``encoding``, ``compress``).
        self.gateway_query: dict[str, str] = {}
        #: Interaction callbacks received, keyed by interaction id (str).
        self.callbacks: dict[str, Any] = {}
        #: Application commands the bot synced, keyed by (guild_id or None, name).
        self.commands: dict[tuple[int | None, str], dict[str, Any]] = {}
        #: Interactions dispatched by :meth:`send_slash`, keyed by interaction id (str).
        self.interactions: dict[str, dict[str, Any]] = {}
        self.identify_count = 0
        self.resume_count = 0

        self._identify_token: str | None = None
        self._identify_payload: dict[str, Any] | None = None
        self._conns: list[_Conn] = []
        self._ready = asyncio.Event()
        self._callback_waiters: dict[str, asyncio.Future[Any]] = {}
        self._request_cond = asyncio.Condition()
        self._counter = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._site: web.SockSite | None = None
        self._routes: list[tuple[str, re.Pattern[str], Callable[..., Awaitable[web.StreamResponse]]]] = []
        self._build_routes()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_route("*", "/{tail:.*}", self._rest_handler)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        # Bind ourselves so the (possibly ephemeral) port is known before anything connects.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._port))
        self._port = sock.getsockname()[1]
        self._site = web.SockSite(self._runner, sock)
        await self._site.start()

    async def stop(self) -> None:
        for conn in list(self._conns):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=1001, message=b"fake discord stopping"), 2)
        for fut in self._callback_waiters.values():
            if not fut.done():
                fut.cancel()
        if self._runner is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._runner.cleanup(), 5)
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self._port}"

    @property
    def api_base(self) -> str:
        """What the bot must assign to ``discord.http.Route.BASE`` (env ``DISCORD_API_BASE``)."""
        return f"{self.base_url}/api/v{self.api_version}"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self._port}/gateway"

    # ------------------------------------------------------------------ state for assertions

    @property
    def identify_token(self) -> str | None:
        """The token the bot sent in its last IDENTIFY (or RESUME)."""
        return self._identify_token

    @property
    def identify_payload(self) -> dict[str, Any] | None:
        """The last IDENTIFY ``d`` payload with the token redacted (intents, shard, properties...)."""
        return self._identify_payload

    @property
    def is_ready(self) -> bool:
        return self._ready.is_set()

    @property
    def connected(self) -> bool:
        return any(not c.ws.closed for c in self._conns)

    async def wait_ready(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has IDENTIFYed and been sent READY + GUILD_CREATE."""
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def wait_for_request(
        self,
        method: str,
        path_regex: str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        start: int = 0,
    ) -> RecordedRequest:
        """Wait for (or find among ``self.requests[start:]``) a REST request whose path fully matches."""
        pattern = re.compile(path_regex)

        def find() -> RecordedRequest | None:
            for req in self.requests[start:]:
                if req.method == method.upper() and pattern.fullmatch(req.path):
                    return req
            return None

        async def waiter() -> RecordedRequest:
            async with self._request_cond:
                while (req := find()) is None:
                    await self._request_cond.wait()
                return req

        return await asyncio.wait_for(waiter(), timeout)

    def requests_to(self, method: str, path_regex: str) -> list[RecordedRequest]:
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method.upper() and pattern.fullmatch(r.path)]

    # ------------------------------------------------------------------ ids & payload builders

    def snowflake(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) | (next(self._counter) & 0x3FFFFF)

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": str(self.bot_user_id),
            "username": self.bot_username,
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "system": False,
            "flags": 0,
            "public_flags": 0,
            "verified": True,
            "mfa_enabled": False,
            "locale": self.locale,
        }

    def human_user(self, user_id: int | None = None, username: str | None = None) -> dict[str, Any]:
        return {
            "id": str(user_id if user_id is not None else self.user_id),
            "username": username or self.username,
            "discriminator": "0",
            "global_name": username or self.username,
            "avatar": None,
            "bot": False,
            "public_flags": 0,
        }

    def application(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": self.bot_username,
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": self.human_user(self.owner_id, "owner"),
            "team": None,
            "verify_key": "00" * 32,
            "flags": 0,
            "summary": "",
            "bot": self.bot_user(),
        }

    def everyone_role(self) -> dict[str, Any]:
        return {
            "id": str(self.guild_id),  # @everyone shares the guild id
            "name": "@everyone",
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": 0,
            "permissions": str(EVERYONE_PERMISSIONS),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    def text_channel(self) -> dict[str, Any]:
        return {
            "id": str(self.channel_id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": self.channel_name,
            "position": 0,
            "parent_id": None,
            "topic": None,
            "nsfw": False,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "permission_overwrites": [],
            "flags": 0,
        }

    def member(self, user: dict[str, Any], *, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": user,
            "roles": [],
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
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data

    def guild_create_payload(self) -> dict[str, Any]:
        bot_member = self.member(self.bot_user())
        return {
            "id": str(self.guild_id),
            "name": self.guild_name,
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
            "roles": [self.everyone_role()],
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
            "channels": [self.text_channel()],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "embedded_activities": [],
        }

    def message_payload(self, body: dict[str, Any] | None, *, interaction_token: str | None = None) -> dict[str, Any]:
        """A message object as Discord would return it for a message created/edited from ``body``."""
        body = body or {}
        data: dict[str, Any] = {
            "id": str(self.snowflake()),
            "type": 20 if interaction_token else 0,  # CHAT_INPUT_COMMAND reply
            "channel_id": str(self.channel_id),
            "author": self.bot_user(),
            "content": body.get("content") or "",
            "timestamp": _iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "flags": int(body.get("flags") or 0),
            "application_id": str(self.application_id),
        }
        if interaction_token:
            data["webhook_id"] = str(self.application_id)
        return data

    # ------------------------------------------------------------------ gateway

    async def _send(self, conn: _Conn, payload: dict[str, Any]) -> None:
        async with conn.lock:
            if payload.get("op") == OP_DISPATCH:
                conn.seq += 1
                payload["s"] = conn.seq
            await conn.ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: Any) -> None:
        """Send a DISPATCH event (``t`` = ``event``) to every open gateway connection."""
        conns = [c for c in self._conns if not c.ws.closed and c.session_id is not None]
        if not conns:
            raise RuntimeError("no gateway connection with an identified session")
        for conn in conns:
            await self._send(conn, {"op": OP_DISPATCH, "t": event, "d": data})

    async def disconnect(self, code: int = 4000) -> None:
        """Close every gateway connection with ``code`` (4000 = "unknown error": discord.py will RESUME on
        ``resume_gateway_url``).  Clears :meth:`wait_ready` so a fresh IDENTIFY can be awaited again."""
        self._ready.clear()
        for conn in list(self._conns):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=code), 2)

    async def _gateway_handler(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(heartbeat=None, autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = _Conn(ws=ws, query=dict(request.query))
        self.gateway_query = dict(request.query)
        self._conns.append(conn)
        try:
            await self._send(conn, {"op": OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue  # discord.py only ever sends JSON text frames
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                await self._on_gateway_payload(conn, payload)
        finally:
            with contextlib.suppress(ValueError):
                self._conns.remove(conn)
        return ws

    async def _on_gateway_payload(self, conn: _Conn, payload: dict[str, Any]) -> None:
        op = payload.get("op")
        data = payload.get("d")
        redacted = dict(payload)
        if isinstance(data, dict) and "token" in data:
            redacted["d"] = {**data, "token": "<redacted>"}
        self.gateway_received.append(redacted)

        if op == OP_HEARTBEAT:
            await self._send(conn, {"op": OP_HEARTBEAT_ACK, "d": None})
        elif op == OP_IDENTIFY and isinstance(data, dict):
            await self._on_identify(conn, data, redacted["d"])
        elif op == OP_RESUME and isinstance(data, dict):
            self.resume_count += 1
            self._identify_token = data.get("token")
            if self.expected_token is not None and data.get("token") != self.expected_token:
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            conn.session_id = data.get("session_id") or secrets.token_hex(16)
            conn.seq = int(data.get("seq") or 0)
            await self._send(conn, {"op": OP_DISPATCH, "t": "RESUMED", "d": {}})
            self._ready.set()
        # PRESENCE_UPDATE (3), VOICE_STATE_UPDATE (4), REQUEST_GUILD_MEMBERS (8) etc.: recorded, ignored.

    async def _on_identify(self, conn: _Conn, data: dict[str, Any], redacted: dict[str, Any]) -> None:
        self.identify_count += 1
        self._identify_token = data.get("token")
        self._identify_payload = redacted
        if self.expected_token is not None and data.get("token") != self.expected_token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = data.get("shard") or [0, 1]
        conn.shard = [int(shard[0]), int(shard[1])]
        conn.session_id = secrets.token_hex(16)
        ready = {
            "v": self.api_version,
            "user": self.bot_user(),
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": conn.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "shard": conn.shard,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "_trace": ["fake-discord"],
        }
        await self._send(conn, {"op": OP_DISPATCH, "t": "READY", "d": ready})
        # shard_id = (guild_id >> 22) % num_shards; only send the guild to the shard that owns it.
        if (self.guild_id >> 22) % max(conn.shard[1], 1) == conn.shard[0]:
            await self._send(conn, {"op": OP_DISPATCH, "t": "GUILD_CREATE", "d": self.guild_create_payload()})
        self._ready.set()

    # ------------------------------------------------------------------ interactions

    def _lookup_command(self, name: str, guild_id: int | None) -> dict[str, Any] | None:
        cmd = self.commands.get((None, name))
        if cmd is None and guild_id is not None:
            cmd = self.commands.get((guild_id, name))
        return cmd

    def build_slash_interaction(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        guild_id: int | EllipsisType | None = ...,
        channel_id: int | None = None,
        user_id: int | None = None,
        command_guild_id: int | EllipsisType | None = ...,
        command_id: int | None = None,
        resolved: dict[str, Any] | None = None,
        member_permissions: int | None = None,
        locale: str | None = None,
    ) -> dict[str, Any]:
        """Build an INTERACTION_CREATE payload for a CHAT_INPUT command.

        ``guild_id=None`` sends it from a DM.  ``command_guild_id`` is ``data.guild_id`` (set for guild-scoped
        commands); by default it is taken from a command the bot synced under that name, else omitted
        (global command).  discord.py resolves the command locally by name; no sync is required.
        """
        if guild_id is ...:
            guild_id = self.guild_id
        channel_id = channel_id if channel_id is not None else self.channel_id
        synced = self._lookup_command(name, guild_id)
        if command_guild_id is ...:
            command_guild_id = int(synced["guild_id"]) if synced and synced.get("guild_id") else None
        if command_id is None:
            command_id = int(synced["id"]) if synced else self.snowflake()

        interaction_id = self.snowflake()
        token = "fake-interaction-" + secrets.token_urlsafe(24)
        user = self.human_user(user_id)
        app_permissions = EVERYONE_PERMISSIONS
        cmd_data: dict[str, Any] = {"id": str(command_id), "name": name, "type": 1, "options": options or []}
        if command_guild_id is not None:
            cmd_data["guild_id"] = str(command_guild_id)
        if resolved:
            cmd_data["resolved"] = resolved

        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": 2,
            "data": cmd_data,
            "token": token,
            "version": 1,
            "locale": locale or self.locale,
            "app_permissions": str(app_permissions),
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild_id is not None:
            channel = {**self.text_channel(), "id": str(channel_id), "guild_id": str(guild_id)}
            payload.update(
                guild_id=str(guild_id),
                guild={"id": str(guild_id), "locale": self.locale, "features": []},
                guild_locale=self.locale,
                channel_id=str(channel_id),
                channel=channel,
                member=self.member(
                    user,
                    permissions=member_permissions if member_permissions is not None else EVERYONE_PERMISSIONS,
                ),
                context=0,
                authorizing_integration_owners={"0": str(guild_id)},
            )
        else:
            payload.update(
                channel_id=str(channel_id),
                channel={"id": str(channel_id), "type": 1, "recipients": [user], "flags": 0},
                user=user,
                context=1,
                authorizing_integration_owners={"1": user["id"]},
            )
        return payload

    async def send_interaction(self, payload: dict[str, Any], *, timeout: float = 5.0) -> Any:  # noqa: ASYNC109
        """Dispatch an INTERACTION_CREATE and wait for the bot's callback; return the callback body."""
        iid = str(payload["id"])
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._callback_waiters[iid] = fut
        self.interactions[iid] = payload
        try:
            await self.dispatch("INTERACTION_CREATE", payload)
            return await asyncio.wait_for(asyncio.shield(fut), timeout)
        finally:
            self._callback_waiters.pop(iid, None)

    async def send_slash(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        **kwargs: Any,
    ) -> Any:
        """Dispatch a slash command (INTERACTION_CREATE, type 2) and return the bot's callback JSON body,
        e.g. ``{"type": 4, "data": {"content": "..."}}``.  ``kwargs`` go to :meth:`build_slash_interaction`
        (``guild_id``, ``channel_id``, ``user_id``, ``command_guild_id``, ``resolved``, ...).
        The dispatched payload is kept in :attr:`interactions` (its ``token`` identifies follow-ups)."""
        payload = self.build_slash_interaction(name, options, **kwargs)
        return await self.send_interaction(payload, timeout=timeout)

    # ------------------------------------------------------------------ REST

    def _build_routes(self) -> None:
        r = self._routes
        r.append(("GET", re.compile(r"/users/@me"), self._r_users_me))
        r.append(("GET", re.compile(r"/oauth2/applications/@me"), self._r_app_me))
        r.append(("GET", re.compile(r"/applications/@me"), self._r_app_me))
        r.append(("GET", re.compile(r"/gateway(?:/bot)?"), self._r_gateway))
        r.append(("POST", re.compile(r"/interactions/(?P<iid>\d+)/(?P<token>[^/]+)/callback"), self._r_callback))
        cmds = r"/applications/(?P<app>\d+)(?:/guilds/(?P<guild>\d+))?/commands"
        r.append(("GET", re.compile(cmds), self._r_commands_get))
        r.append(("PUT", re.compile(cmds), self._r_commands_put))
        r.append(("POST", re.compile(cmds), self._r_commands_post))
        hook = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"
        r.append(("POST", re.compile(hook), self._r_followup_create))
        r.append(("GET", re.compile(hook + r"/messages/(?P<mid>[^/]+)"), self._r_followup_message))
        r.append(("PATCH", re.compile(hook + r"/messages/(?P<mid>[^/]+)"), self._r_followup_message))
        r.append(("DELETE", re.compile(hook + r"/messages/(?P<mid>[^/]+)"), self._r_no_content))

    def add_route(
        self,
        method: str,
        path_regex: str,
        handler: Callable[..., Awaitable[web.StreamResponse]],
    ) -> None:
        """Serve an extra REST route (checked before the built-in ones).  ``path_regex`` is matched in full
        against the path without the ``/api/vN`` prefix; ``handler(request, recorded_request, **groups)`` must
        return a response (use :func:`json_response`, since discord.py needs an exact JSON content type)."""
        self._routes.insert(0, (method.upper(), re.compile(path_regex), handler))

    @staticmethod
    async def _read_body(request: web.Request) -> Any:
        if not request.can_read_body:
            return None
        ctype = request.content_type
        if ctype == "multipart/form-data":
            parts: dict[str, Any] = {"files": []}
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if getattr(part, "name", None) == "payload_json":
                    parts["payload_json"] = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    raw = await part.read()  # type: ignore[union-attr]
                    parts["files"].append({"name": part.name, "filename": part.filename, "size": len(raw)})
            payload = parts.pop("payload_json", {})
            if isinstance(payload, dict):
                payload = {**payload, "_files": parts["files"]}
            return payload
        text = await request.text()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return text

    async def _rest_handler(self, request: web.Request) -> web.StreamResponse:
        path = _API_PREFIX.sub("", request.path, count=1)
        auth = request.headers.get("Authorization")
        body = await self._read_body(request)
        rec = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query),
            body=body,
            authorized=bool(auth and auth.startswith("Bot ")),
        )
        resp = await self._route(request, rec, auth)
        rec.status = resp.status
        async with self._request_cond:
            self.requests.append(rec)
            self._request_cond.notify_all()
        return resp

    async def _route(self, request: web.Request, rec: RecordedRequest, auth: str | None) -> web.StreamResponse:
        for method, pattern, handler in self._routes:
            if request.method != method:
                continue
            m = pattern.fullmatch(rec.path)
            if m is None:
                continue
            # Interaction callbacks and webhook follow-ups are authenticated by their token, not the bot token.
            needs_auth = not rec.path.startswith(("/interactions/", "/webhooks/"))
            if needs_auth and self.expected_token is not None and auth != f"Bot {self.expected_token}":
                return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
            return await handler(request, rec, **m.groupdict())
        return json_response({"message": "Unknown route", "code": 0}, status=404)

    async def _r_users_me(self, request: web.Request, rec: RecordedRequest) -> web.StreamResponse:
        return json_response(self.bot_user())

    async def _r_app_me(self, request: web.Request, rec: RecordedRequest) -> web.StreamResponse:
        return json_response(self.application())

    async def _r_gateway(self, request: web.Request, rec: RecordedRequest) -> web.StreamResponse:
        data: dict[str, Any] = {"url": self.gateway_url}
        if rec.path.endswith("/bot"):
            data["shards"] = 1
            data["session_start_limit"] = {
                "total": 1000,
                "remaining": 1000,
                "reset_after": 0,
                "max_concurrency": 1,
            }
        return json_response(data)

    async def _r_no_content(self, request: web.Request, rec: RecordedRequest, **_: str) -> web.StreamResponse:
        return web.Response(status=204)

    async def _r_callback(self, request: web.Request, rec: RecordedRequest, iid: str, token: str) -> web.StreamResponse:
        sent = self.interactions.get(iid)
        if sent is not None and sent.get("token") != token:
            return json_response({"message": "Invalid Webhook Token", "code": 50027}, status=401)
        if iid in self.callbacks:
            return json_response({"message": "Interaction has already been acknowledged.", "code": 40060}, status=400)
        body = rec.body if isinstance(rec.body, dict) else {}
        self.callbacks[iid] = body
        fut = self._callback_waiters.get(iid)
        if fut is not None and not fut.done():
            fut.set_result(body)

        if rec.query.get("with_response", "").lower() not in ("1", "true"):
            return web.Response(status=204)
        cb_type = int(body.get("type", 0))
        data = body.get("data") or {}
        flags = int(data.get("flags") or 0)
        result: dict[str, Any] = {
            "interaction": {
                "id": iid,
                "type": int(sent["type"]) if sent else 2,
                "response_message_loading": cb_type == 5,
                "response_message_ephemeral": bool(flags & 64),
            }
        }
        if cb_type in (4, 5, 7):
            message = self.message_payload(data if cb_type != 5 else {"flags": flags}, interaction_token=token)
            result["interaction"]["response_message_id"] = message["id"]
            if cb_type in (4, 7):
                result["resource"] = {"type": cb_type, "message": message}
        else:
            result["resource"] = {"type": cb_type}
        return json_response(result)

    async def _r_commands_get(
        self, request: web.Request, rec: RecordedRequest, app: str, guild: str | None
    ) -> web.StreamResponse:
        gid = int(guild) if guild else None
        return json_response([c for (g, _), c in self.commands.items() if g == gid])

    def _store_command(self, app: str, guild: str | None, cmd: dict[str, Any]) -> dict[str, Any]:
        gid = int(guild) if guild else None
        name = cmd.get("name", "")
        existing = self.commands.get((gid, name))
        stored = {
            **cmd,
            "id": existing["id"] if existing else str(self.snowflake()),
            "application_id": app,
            "version": str(self.snowflake()),
            "type": cmd.get("type", 1),
            "default_member_permissions": cmd.get("default_member_permissions"),
        }
        if gid is not None:
            stored["guild_id"] = str(gid)
        self.commands[(gid, name)] = stored
        return stored

    async def _r_commands_put(
        self, request: web.Request, rec: RecordedRequest, app: str, guild: str | None
    ) -> web.StreamResponse:
        gid = int(guild) if guild else None
        for key in [k for k in self.commands if k[0] == gid]:
            del self.commands[key]
        cmds = rec.body if isinstance(rec.body, list) else []
        return json_response([self._store_command(app, guild, c) for c in cmds])

    async def _r_commands_post(
        self, request: web.Request, rec: RecordedRequest, app: str, guild: str | None
    ) -> web.StreamResponse:
        cmd = rec.body if isinstance(rec.body, dict) else {}
        return json_response(self._store_command(app, guild, cmd), status=201)

    async def _r_followup_create(
        self, request: web.Request, rec: RecordedRequest, app: str, token: str
    ) -> web.StreamResponse:
        if rec.query.get("wait", "").lower() not in ("1", "true"):
            return web.Response(status=204)
        body = rec.body if isinstance(rec.body, dict) else {}
        return json_response(self.message_payload(body, interaction_token=token))

    async def _r_followup_message(
        self, request: web.Request, rec: RecordedRequest, app: str, token: str, mid: str
    ) -> web.StreamResponse:
        body = rec.body if isinstance(rec.body, dict) else {}
        message = self.message_payload(body, interaction_token=token)
        if mid != "@original":
            message["id"] = mid
        if request.method == "PATCH":
            message["edited_timestamp"] = _iso_now()
        return json_response(message)
