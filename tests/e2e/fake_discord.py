"""A loopback stand-in for Discord (REST + gateway) that behaves like Discord where a bot depends on it.

Test-only; nothing here knows which bot connects. It binds 127.0.0.1 on a free port and serves, from one aiohttp
app, REST under ``/api/v{N}`` and the gateway websocket at ``/gateway``. Payload shapes follow Discord's API
reference and discord/discord-api-spec's openapi.json, checked against discord.py's parsers.

How to use it (for the other helpers)
-------------------------------------
::

    async with FakeDiscord(expected_token=token, latency=0.05) as fake:     # or the `make_fake` fixture
        servers = fake.add_guilds(1000, channels=("news", "general"))   # GUILD_CREATEs, spread over shards
        write_dotenv(tmp_path, fake, token, HOME_GUILD_ID=fake.guild_id) # tests/e2e/process.py
        async with running_bot(fake, tmp_path) as bot:                   # `python -m bot`, ready, SIGTERM -> 0
            mod = {"user_id": MOD, "member_permissions": MODERATOR_PERMISSIONS}
            reply = await alive(bot, fake.send_slash("news report", {"outlet": "X", "claim": "...",
                                "status": "rumor"}, guild_id=fake.guild_id, **mod))   # fails fast if bot dies
            reply.type, reply.data, reply.message                        # callback type, its data, the message now
            click = await fake.click(reply, label="Publish", **mod)      # type 3, carrying that message
            await fake.wait_until(lambda: len(fake.posts()) == 1000, timeout=60, what="every post")
        fake.missing_and_duplicates(news_channel_ids)  # (channels without a post, channel -> count above 1)
        fake.limiter.hits        # Counter of 429s by scope: "global", "user", "shared"
        fake.most_in_any_second()  # the most requests subject to the global limit in any 1-second window

Point the bot at it with ``DISCORD_API_BASE=fake.api_base`` and ``DISCORD_GATEWAY_URL=fake.gateway_url``
(`write_dotenv` does). Several processes may connect at once, each IDENTIFYing with its own ``shard``.

What it does like Discord
-------------------------
* **Interactions.** :meth:`send_slash` and :meth:`click` dispatch INTERACTION_CREATE (type 2, or type 3 carrying
  the message, as Discord sends a button press) to the shard that owns the guild and wait for the callback. A
  callback sent ``with_response=true`` is answered with the created or updated message (``resource.message``,
  ``interaction.response_message_id``). A callback later than ``interaction_deadline`` (3 s) gets 404 10062, a
  second one 400 40060; follow-ups (``/webhooks/{app}/{token}``) and ``@original`` edits work for 15 minutes.
* **Gateway echoes.** Every message the bot creates or edits (channel posts, interaction responses, follow-ups,
  button updates) comes back as MESSAGE_CREATE / MESSAGE_UPDATE / MESSAGE_DELETE, ``echo_delay`` after the REST
  answer went out, to shards with the GUILD_MESSAGES intent, with ``interaction_metadata`` and, while
  ``legacy_interaction_field`` is true, the deprecated ``interaction`` field. Ephemeral messages are not echoed
  (``echo_ephemeral=True`` echoes them too, the worst case for a view).
* **Channel messages.** ``POST/GET /channels/{id}/messages`` (``limit``, ``before``, ``after``, ``around``),
  ``GET/PATCH/DELETE .../messages/{id}``, with Discord's size checks (400 50035, 50006) and ``nonce`` +
  ``enforce_nonce``: within ``nonce_window`` seconds the same nonce from the same author in the same channel
  returns the first message instead of creating another. Every created message is kept in :attr:`created`.
* **Refusals and faults.** :meth:`refuse_channel` (403 50001 / 50013, 404 10003 for every request about a
  channel), :meth:`delete_channel`, :meth:`inject_error` (any status, before or after the request took effect),
  :meth:`inject_rate_limit` (a ``shared`` 429), :meth:`revoke_token` (401 on REST, gateway close 4004).
* **Rate limits** (`fake_limits.py`): 50 requests/s per token in any 1-second window (interaction endpoints
  exempt), 5 messages per 5 s per channel, real 429s with ``Retry-After``, ``X-RateLimit-*`` and ``Via``; the
  bucket headers on successful answers too. ``RateLimits.off()`` turns them off.
* **Latency.** ``latency`` seconds of round trip per REST request, half before and half after it is handled,
  with ``asyncio.sleep`` so concurrent requests overlap as on a real network. A request's arrival (``at``) is
  when its bytes reached the machine (the kernel's receive stamp on Linux) plus half the latency, not when this
  process got round to reading it: on a busy machine that lag is the stand-in's, and Discord would not see it.
* **Shards.** IDENTIFY with ``shard: [id, count]`` gets READY and GUILD_CREATE for the guilds with
  ``(guild_id >> 22) % count == id`` only; events go to the owning shard(s); DMs go to shard 0. ``GET
  /gateway/bot`` recommends ``recommended_shards``.

Where it is simpler than Discord: requests are never checked against permissions (refusals are configured;
a ``deny_bot`` overwrite only shapes the bot's cache and ``app_permissions``), no member or presence
events, RESUME does not replay events missed while disconnected, plain JSON text frames instead of
zlib-stream. Every request is recorded in :attr:`requests` without headers; the token is never recorded
(only :attr:`identify_token` keeps what IDENTIFY sent, for assertions). Unknown routes answer 404 and are listed
in :attr:`unknown_routes`, so a test can assert the bot used nothing the stand-in does not serve.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import secrets
import socket
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from types import EllipsisType
from typing import Any

from aiohttp import WSMsgType, web

from .fake_limits import VIA, Limit, RateLimiter, RateLimits
from .fake_world import (
    DIRECT_MESSAGES,
    EPHEMERAL,
    EVERYONE_PERMISSIONS,
    GUILD_MESSAGES,
    LOADING,
    MESSAGE_CONTENT,
    MODERATOR_PERMISSIONS,
    REFUSALS,
    Channel,
    Guild,
    Refusal,
    Role,
    Snowflakes,
    StoredMessage,
    find_component,
    form_error,
    is_empty_message,
    iso,
    member_payload,
    message_problems,
    shard_of,
    user_payload,
)

__all__ = [
    "EVERYONE_PERMISSIONS",
    "MODERATOR_PERMISSIONS",
    "Channel",
    "FakeDiscord",
    "FakeInteraction",
    "Guild",
    "Limit",
    "RateLimits",
    "RecordedRequest",
    "Reply",
    "json_response",
]

# Gateway opcodes
OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_RESUME = 6
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11

INTERACTION_TOKEN_LIFETIME = 15 * 60
_API_PREFIX = re.compile(r"^/api(?:/v\d+)?(?=/)")
_SLASH_OPTION_TYPES = {str: 3, int: 4, bool: 5, float: 10}


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py's json_or_text() only parses a body whose Content-Type is *exactly* "application/json";
    # aiohttp's web.json_response() appends "; charset=utf-8", which discord.py would hand back as a str.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _error(status: int, code: int, message: str) -> web.Response:
    return json_response({"message": message, "code": code}, status=status)


# Linux stamps each TCP segment as it reaches the machine (SO_TIMESTAMPNS, read with recvmsg): a request's arrival
# as Discord would see it, however late this process (on a busy machine) gets round to reading it.
_SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
_STAMP_SPACE = socket.CMSG_SPACE(16) if hasattr(socket, "CMSG_SPACE") else 0


class _StampedConnection(socket.socket):
    """One accepted connection; `received` is when the earliest bytes not yet claimed by a request arrived
    (monotonic), from the kernel's stamp when it gives one."""

    received: float | None = None

    def recv(self, bufsize: int, flags: int = 0) -> bytes:  # what asyncio's transport reads with
        data, ancillary, _flags, _address = self.recvmsg(bufsize, _STAMP_SPACE, flags)
        if data and self.received is None:
            now, stamp = time.monotonic(), None
            for level, kind, value in ancillary:
                if level == socket.SOL_SOCKET and kind == _SO_TIMESTAMPNS and len(value) >= 16:
                    seconds, nanoseconds = int.from_bytes(value[:8], "little"), int.from_bytes(value[8:16], "little")
                    stamp = now - max(0.0, time.time() - (seconds + nanoseconds / 1e9))
            self.received = now if stamp is None else stamp
        return data


class _StampingListener(socket.socket):
    """The stand-in's listening socket: its connections are `_StampedConnection`s, kernel stamps switched on."""

    def __init__(self) -> None:
        super().__init__(socket.AF_INET, socket.SOCK_STREAM)
        self.connections: dict[int, _StampedConnection] = {}
        self.stamping = False
        if _STAMP_SPACE:
            with contextlib.suppress(OSError):
                self.setsockopt(socket.SOL_SOCKET, _SO_TIMESTAMPNS, 1)  # inherited by accepted connections
                self.stamping = True

    def accept(self) -> tuple[socket.socket, Any]:
        if not self.stamping:
            return super().accept()
        fd, address = self._accept()  # type: ignore[attr-defined]
        connection = _StampedConnection(self.family, self.type, self.proto, fileno=fd)
        if socket.getdefaulttimeout() is None and self.gettimeout():
            connection.setblocking(True)
        self.connections[fd] = connection
        return connection, address

    def arrival(self, request: web.Request) -> float:
        """When this request's first bytes reached the machine (now, without a stamp); later bytes on the same
        connection belong to the next request once `claimed`."""
        connection = self._connection(request)
        received = connection.received if connection is not None else None
        return time.monotonic() if received is None else received

    def claimed(self, request: web.Request) -> None:
        if (connection := self._connection(request)) is not None:
            connection.received = None

    def _connection(self, request: web.Request) -> _StampedConnection | None:
        transport = request.transport
        raw = transport.get_extra_info("socket") if transport is not None else None
        connection = self.connections.get(raw.fileno()) if raw is not None else None
        return connection if connection is not None and connection.fileno() == raw.fileno() else None


@dataclass
class RecordedRequest:
    """One REST request the bot made.  Headers (and so the Authorization token) are deliberately omitted."""

    method: str
    path: str  # without the /api/vN prefix, e.g. "/users/@me"
    query: dict[str, str]
    body: Any  # parsed JSON, multipart ``payload_json`` (parsed), raw text, or None
    authorized: bool  # an "Authorization: Bot ..." header was present
    status: int = 0  # the status the fake answered with
    at: float = 0.0  # time.monotonic() when it reached "Discord": received by the machine + the inbound half latency
    route: str = ""  # the stand-in's name for the route ("messages.create", ...), "" if unknown
    scope: str | None = None  # for a 429: "global", "user" or "shared"
    counts_globally: bool = False  # subject to the global limit (not an interaction endpoint)
    _echoes: list[tuple[str, dict[str, Any], int | None]] = field(default_factory=list, repr=False)


@dataclass
class FakeInteraction:
    """An interaction the stand-in dispatched, and what the bot answered."""

    payload: dict[str, Any]
    dispatched_at: float  # time.monotonic()
    callback: dict[str, Any] | None = None  # the callback body the bot sent
    response_message_id: int | None = None  # what `@original` means for follow-up edits
    followup_ids: list[int] = field(default_factory=list)
    answered: asyncio.Future[dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return str(self.payload["id"])

    @property
    def token(self) -> str:
        return str(self.payload["token"])

    @property
    def type(self) -> int:
        return int(self.payload["type"])

    @property
    def guild_id(self) -> int | None:
        gid = self.payload.get("guild_id")
        return int(gid) if gid else None

    @property
    def channel_id(self) -> int:
        return int(self.payload["channel_id"])

    @property
    def user(self) -> dict[str, Any]:
        return self.payload["member"]["user"] if "member" in self.payload else self.payload["user"]

    @property
    def user_id(self) -> int:
        return int(self.user["id"])

    @property
    def command_name(self) -> str:
        """The full command name (`news subscribe`), as Discord puts it in a message's `interaction.name`."""
        data = self.payload.get("data") or {}
        parts = [str(data.get("name", ""))]
        options = data.get("options") or []
        while options and options[0].get("type") in (1, 2):
            parts.append(str(options[0]["name"]))
            options = options[0].get("options") or []
        return " ".join(parts)


@dataclass
class Reply:
    """What the bot answered to an interaction: the callback body, and the message it created or updated."""

    fake: FakeDiscord
    interaction: FakeInteraction

    @property
    def body(self) -> dict[str, Any]:
        assert self.interaction.callback is not None
        return self.interaction.callback

    @property
    def type(self) -> int:
        return int(self.body.get("type", 0))

    @property
    def data(self) -> dict[str, Any]:
        return self.body.get("data") or {}

    @property
    def ephemeral(self) -> bool:
        """Whether the message this reply made (or updated) is ephemeral."""
        mid = self.interaction.response_message_id
        if mid is not None:
            return self.fake.messages[mid].ephemeral
        return bool(int(self.data.get("flags") or 0) & EPHEMERAL)

    @property
    def message(self) -> dict[str, Any] | None:
        """The response message as Discord holds it now (after any later edit), or None (autocomplete, modal)."""
        mid = self.interaction.response_message_id
        return self.fake.message(mid) if mid is not None else None

    @property
    def followups(self) -> list[dict[str, Any]]:
        return [self.fake.message(mid) for mid in self.interaction.followup_ids]

    @property
    def embeds(self) -> list[dict[str, Any]]:
        message = self.message
        return list(message.get("embeds") or []) if message else list(self.data.get("embeds") or [])


@dataclass
class Dispatched:
    """A gateway event the stand-in sent."""

    event: str
    data: dict[str, Any]
    shard: tuple[int, int]
    at: float


@dataclass
class _Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    code: int
    message: str
    times: int | None  # None: every matching request
    after: bool  # the request takes effect, then the error is answered (a 5xx on the way back)
    retry_after: float | None = None  # set: a shared-scope 429


@dataclass
class _Conn:
    ws: web.WebSocketResponse
    query: dict[str, str]
    seq: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    session_id: str | None = None
    shard: tuple[int, int] = (0, 1)
    intents: int = 0

    def owns(self, guild_id: int | None) -> bool:
        shard_id, count = self.shard
        return shard_id == 0 if guild_id is None else shard_of(guild_id, count) == shard_id


@dataclass
class _Route:
    method: str
    pattern: re.Pattern[str]
    handler: Callable[..., Awaitable[web.StreamResponse]]
    name: str  # also the rate-limit route name
    major: tuple[str, ...] = ()  # the path groups naming the top-level resource (for per-route buckets)
    interaction: bool = False  # authenticated by the interaction token, exempt from the global limit


class FakeDiscord:
    """Loopback stand-in for the Discord REST API + gateway (see the module docstring for how to use it)."""

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
        rate_limits: RateLimits | None = None,
        latency: float = 0.0,
        echo_delay: float = 0.05,
        legacy_interaction_field: bool = True,
        echo_ephemeral: bool = False,
        interaction_deadline: float | None = 3.0,
        nonce_window: float = 300.0,
        recommended_shards: int = 1,
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
        self.channel_id = channel_id
        self.user_id = user_id
        self.username = username
        self.locale = locale
        #: Seconds of round trip added to every REST request (half before it is handled, half after).
        self.latency = latency
        #: Seconds between the REST answer leaving and its gateway echo (MESSAGE_CREATE/UPDATE/DELETE).
        self.echo_delay = echo_delay
        #: Send the deprecated `interaction` field on messages answering a command (Discord marks it optional).
        self.legacy_interaction_field = legacy_interaction_field
        #: Echo ephemeral messages too (Discord does not; a test of the worst case may want it).
        self.echo_ephemeral = echo_ephemeral
        #: Seconds the bot has for the first callback (Discord: 3); None: no deadline.
        self.interaction_deadline = interaction_deadline
        #: Seconds during which `enforce_nonce` returns the first message for a repeated nonce.
        self.nonce_window = nonce_window
        #: What GET /gateway/bot recommends as the shard count.
        self.recommended_shards = recommended_shards
        self.limiter = RateLimiter(rate_limits)
        self.snowflake = Snowflakes()

        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, StoredMessage] = {}
        #: Every message created (by the bot or by :meth:`say`), in order, deleted ones included.
        self.created: list[StoredMessage] = []
        self.requests: list[RecordedRequest] = []
        #: Requests to routes the stand-in does not serve (answered 404, code 0).
        self.unknown_routes: list[RecordedRequest] = []
        #: Every gateway payload received from the bot, with any ``token`` field redacted.
        self.gateway_received: list[dict[str, Any]] = []
        #: Every gateway event sent (READY, GUILD_CREATE, INTERACTION_CREATE, echoes...).
        self.dispatched: list[Dispatched] = []
        #: Query string of the last gateway connection (``v``, ``encoding``, ``compress``).
        self.gateway_query: dict[str, str] = {}
        #: Interaction callbacks received, keyed by interaction id (str).
        self.callbacks: dict[str, Any] = {}
        #: Application commands the bot synced, keyed by (guild_id or None, name).
        self.commands: dict[tuple[int | None, str], dict[str, Any]] = {}
        #: Interactions dispatched, keyed by interaction id (str).
        self.interactions: dict[str, FakeInteraction] = {}
        self.identify_count = 0
        self.resume_count = 0
        #: Sessions that got READY and their guilds (IDENTIFYs the stand-in accepted), all connections together.
        self.sessions_started = 0
        #: Requests Discord counts towards its invalid-request ban (401, 403, and 429 other than "shared").
        self.invalid_requests = 0

        self._revoked = False
        self._identify_token: str | None = None
        self._identify_payload: dict[str, Any] | None = None
        self._conns: list[_Conn] = []
        self._sessions: dict[str, tuple[tuple[int, int], int]] = {}  # session id -> (shard, intents)
        self._ready = asyncio.Event()
        self._changed = asyncio.Event()  # replaced (after being set) on every change a wait may look for
        self._faults: list[_Fault] = []
        self._nonces: dict[tuple[int, int, str], StoredMessage] = {}
        self._by_token: dict[str, FakeInteraction] = {}
        self._echo_queue: asyncio.Queue[tuple[float, str, dict[str, Any], int | None]] = asyncio.Queue()
        self._echo_task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self._site: web.SockSite | None = None
        self._listener: _StampingListener | None = None
        self._routes: list[_Route] = []
        self._build_routes()

        home = self.add_guild(guild_name, guild_id=guild_id, channels=())
        self.add_channel(home, channel_name, channel_id=channel_id)

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_route("*", "/{tail:.*}", self._rest_handler)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        # Bind ourselves so the (possibly ephemeral) port is known before anything connects.
        sock = self._listener = _StampingListener()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._port))
        self._port = sock.getsockname()[1]
        self._site = web.SockSite(self._runner, sock)
        await self._site.start()
        self._echo_task = asyncio.create_task(self._echo_loop(), name="fake-discord-echoes")

    async def stop(self) -> None:
        if self._echo_task is not None:
            self._echo_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._echo_task
            self._echo_task = None
        for conn in list(self._conns):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=1001, message=b"fake discord stopping"), 2)
        for interaction in self.interactions.values():
            if interaction.answered is not None and not interaction.answered.done():
                interaction.answered.cancel()
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

    # ------------------------------------------------------------------ the world

    @property
    def guild(self) -> Guild:
        """The guild made from the constructor's `guild_id` (with its one channel, `channel_id`)."""
        return self.guilds[self.guild_id]

    @property
    def channel(self) -> Channel:
        return self.channels[self.channel_id]

    def add_guild(
        self,
        name: str | None = None,
        *,
        guild_id: int | None = None,
        channels: Iterable[str] = ("general",),
        roles: Iterable[Role] = (),
        everyone_permissions: int = EVERYONE_PERMISSIONS,
        locale: str | None = None,
        announce: bool = True,
    ) -> Guild:
        """A guild the bot is in; if its shard is connected, the bot is told at once (GUILD_CREATE)."""
        gid = guild_id if guild_id is not None else self.snowflake()
        guild = Guild(
            id=gid,
            name=name or f"server-{len(self.guilds)}",
            owner_id=self.owner_id,
            roles=list(roles),
            everyone_permissions=everyone_permissions,
            locale=locale or self.locale,
        )
        self.guilds[gid] = guild
        for channel_name in channels:
            self.add_channel(guild, channel_name, announce=False)
        if announce:
            self._live(lambda conn: self._send_guild_create(conn, guild), guild.id)
        return guild

    def add_guilds(self, count: int, *, channels: Iterable[str] = ("news",), prefix: str = "server") -> list[Guild]:
        """`count` guilds, each with these text channels (ids spread over shards like real ones)."""
        start = len(self.guilds)
        # the guilds first, then their channels: consecutive guild ids land on consecutive shards
        made = [self.add_guild(f"{prefix}-{start + i}", channels=(), announce=False) for i in range(count)]
        for guild in made:
            for name in channels:
                self.add_channel(guild, name, announce=False)
            self._live(lambda conn, guild=guild: self._send_guild_create(conn, guild), guild.id)
        return made

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        channel_id: int | None = None,
        deny_bot: int = 0,
        announce: bool = True,
    ) -> Channel:
        """A text channel; `deny_bot` (permission bits, e.g. SEND_MESSAGES) is an overwrite denying them to the
        bot, which the bot sees in its cache. Discord's refusals for it are :meth:`refuse_channel`'s to set."""
        overwrites = []
        if deny_bot:
            overwrites.append({"id": str(self.bot_user_id), "type": 1, "allow": "0", "deny": str(deny_bot)})
        channel = Channel(
            id=channel_id if channel_id is not None else self.snowflake(),
            guild_id=guild.id,
            name=name,
            position=len(guild.channels),
            permission_overwrites=overwrites,
        )
        guild.channels.append(channel)
        self.channels[channel.id] = channel
        if announce:
            self._live(lambda conn: self._send(conn, self._event("CHANNEL_CREATE", channel.payload())), guild.id)
        return channel

    def add_role(self, guild: Guild, name: str, *, permissions: int = 0, mentionable: bool = False) -> Role:
        role = Role(id=self.snowflake(), name=name, permissions=permissions, mentionable=mentionable)
        guild.roles.append(role)
        data = {"guild_id": str(guild.id), "role": role.payload()}
        self._live(lambda conn: self._send(conn, self._event("GUILD_ROLE_CREATE", data)), guild.id)
        return role

    def delete_channel(self, channel: Channel | int) -> None:
        """The channel is gone: the bot is told (CHANNEL_DELETE) and every later request about it gets 404 10003."""
        channel = self._channel_of(channel)
        self.channels.pop(channel.id, None)
        guild = self.guilds.get(channel.guild_id or 0)
        if guild is not None and channel in guild.channels:
            guild.channels.remove(channel)
        if channel.guild_id is not None:
            gid = channel.guild_id
            self._live(lambda conn: self._send(conn, self._event("CHANNEL_DELETE", channel.payload())), gid)

    def refuse_channel(self, channel: Channel | int, code: int, *, methods: Iterable[str] | None = None) -> None:
        """Refuse requests about this channel as Discord does: 50001 Missing Access, 50013 Missing Permissions
        (both 403) or 10003 Unknown Channel (404). `methods` limits it (e.g. ``("POST",)``); default: all."""
        status, message = REFUSALS[code]
        wanted = frozenset(m.upper() for m in methods) if methods is not None else None
        self._channel_of(channel).refusal = Refusal(status, code, message, wanted)

    def allow_channel(self, channel: Channel | int) -> None:
        self._channel_of(channel).refusal = None

    def inject_error(
        self,
        method: str,
        path_regex: str,
        *,
        status: int = 503,
        code: int = 0,
        message: str | None = None,
        times: int | None = 1,
        after: bool = False,
    ) -> None:
        """The next `times` matching requests (None: all) fail with `status`. ``after=True``: the request takes
        effect first (the message exists, the echo goes out) and only the answer is the error, as when Discord
        times out on the way back. Note discord.py itself retries 500, 502, 504 and 524 a few times."""
        text = message or {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}.get(
            status, f"{status} error"
        )
        self._faults.append(_Fault(method.upper(), re.compile(path_regex), status, code, text, times, after))

    def inject_rate_limit(
        self, method: str, path_regex: str, *, retry_after: float = 1.0, times: int | None = 1
    ) -> None:
        """The next `times` matching requests get a 429 with ``X-RateLimit-Scope: shared`` (a resource's own
        limit, which no header predicts)."""
        fault = _Fault(method.upper(), re.compile(path_regex), 429, 0, "", times, False, retry_after=retry_after)
        self._faults.append(fault)

    def clear_faults(self) -> None:
        self._faults.clear()

    async def revoke_token(self) -> None:
        """The bot's token was reset in the developer portal: REST answers 401, and the gateway closes every
        connection with 4004 (Authentication failed), as Discord does."""
        self._revoked = True
        self._ready.clear()
        for conn in list(self._conns):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=4004, message=b"Authentication failed."), 2)

    def say(self, channel: Channel | int, content: str, *, user_id: int | None = None) -> dict[str, Any]:
        """A person posts in a channel (the bot gets MESSAGE_CREATE, without content: no message content intent)."""
        channel = self._channel_of(channel)
        author = self.human_user(user_id)
        stored = self._create_message(channel, {"content": content}, author=author, via="person")
        return stored.payload

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

    @property
    def shards_connected(self) -> set[tuple[int, int]]:
        """(shard id, shard count) of every identified, open gateway connection."""
        return {c.shard for c in self._conns if c.session_id is not None and not c.ws.closed}

    def message(self, message_id: int | str) -> dict[str, Any]:
        """A message as Discord holds it now (a copy)."""
        return copy.deepcopy(self.messages[int(message_id)].payload)

    def posts(self, channel: Channel | int | None = None) -> list[StoredMessage]:
        """Messages the bot created with POST /channels/{id}/messages (in one channel, or anywhere), oldest first,
        deleted ones included (a post that existed counts)."""
        cid = self._channel_of(channel).id if channel is not None else None
        return [m for m in self.created if m.via == "rest" and (cid is None or m.channel_id == cid)]

    def missing_and_duplicates(self, channels: Iterable[Channel | int]) -> tuple[set[int], dict[int, int]]:
        """For a fan-out expected in `channels`: the channels with no post, and channel -> count where above 1."""
        counts = self.post_counts()
        wanted = {self._channel_of(c).id if isinstance(c, Channel) else int(c) for c in channels}
        return {c for c in wanted if not counts[c]}, {c: n for c, n in counts.items() if n > 1}

    def post_counts(self) -> Counter[int]:
        """Channel id -> how many posts the bot created there: a count above 1 is a duplicate, a missing
        channel a missing post."""
        return Counter(m.channel_id for m in self.posts())

    def requests_to(self, method: str, path_regex: str) -> list[RecordedRequest]:
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method.upper() and pattern.fullmatch(r.path)]

    def most_in_any_second(self, requests: Iterable[RecordedRequest] | None = None) -> int:
        """The most requests subject to the global limit that reached the stand-in within any 1-second window."""
        times = sorted(r.at for r in (self.requests if requests is None else requests) if r.counts_globally)
        best, start = 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best

    # ------------------------------------------------------------------ waiting

    def _touch(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(
        self,
        predicate: Callable[[], Any],
        *,
        timeout: float,  # noqa: ASYNC109
        what: str | None = None,
    ) -> Any:
        """Wait until `predicate()` is truthy (checked after every request, event and message); return its value.
        On timeout, raise TimeoutError naming `what`."""
        deadline = time.monotonic() + timeout
        while not (value := predicate()):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"after {timeout}s still waiting for {what or predicate!r}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return value

    async def wait_ready(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until a shard has IDENTIFYed (or RESUMEd) and been sent READY + its GUILD_CREATEs."""
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def wait_shards(self, count: int, *, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until shards 0..count-1 of a `count`-shard bot are all connected and sent their guilds."""
        wanted = {(i, count) for i in range(count)}
        await self.wait_until(lambda: wanted <= self.shards_connected, timeout=timeout, what=f"{count} shards")

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

        return await self.wait_until(find, timeout=timeout, what=f"{method} {path_regex}")

    async def wait_for_dispatch(
        self,
        event: str,
        where: Callable[[dict[str, Any]], bool] | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        start: int = 0,
    ) -> Dispatched:
        """Wait for (or find among ``self.dispatched[start:]``) a gateway event sent to the bot."""

        def find() -> Dispatched | None:
            for sent in self.dispatched[start:]:
                if sent.event == event and (where is None or where(sent.data)):
                    return sent
            return None

        return await self.wait_until(find, timeout=timeout, what=f"{event} dispatched")

    # ------------------------------------------------------------------ payload builders

    def bot_user(self) -> dict[str, Any]:
        return {
            **user_payload(self.bot_user_id, self.bot_username, bot=True),
            "flags": 0,
            "verified": True,
            "mfa_enabled": False,
            "locale": self.locale,
        }

    def human_user(self, user_id: int | None = None, username: str | None = None) -> dict[str, Any]:
        uid = user_id if user_id is not None else self.user_id
        return user_payload(uid, username or (self.username if uid == self.user_id else f"user{uid % 10000}"))

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

    def _bot_member(self) -> dict[str, Any]:
        return member_payload(self.bot_user())

    def _outgoing(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A stored message as Discord sends it now (the deprecated field only while switched on)."""
        data = copy.deepcopy(payload)
        if not self.legacy_interaction_field:
            data.pop("interaction", None)
        return data

    # ------------------------------------------------------------------ gateway

    @staticmethod
    def _event(event: str, data: dict[str, Any]) -> dict[str, Any]:
        return {"op": OP_DISPATCH, "t": event, "d": data}

    async def _send(self, conn: _Conn, payload: dict[str, Any]) -> None:
        async with conn.lock:
            if payload.get("op") == OP_DISPATCH:
                conn.seq += 1
                payload = {**payload, "s": conn.seq}
                self.dispatched.append(Dispatched(payload["t"], payload["d"], conn.shard, time.monotonic()))
                self._touch()
            await conn.ws.send_str(json.dumps(payload))

    def _owners(self, guild_id: int | None) -> list[_Conn]:
        return [c for c in self._conns if not c.ws.closed and c.session_id is not None and c.owns(guild_id)]

    def _live(self, send: Callable[[_Conn], Awaitable[None]], guild_id: int | None) -> None:
        """Tell connected shards about a change made by the test (outside any request)."""
        for conn in self._owners(guild_id):  # none before start(), so a running loop exists here
            task = asyncio.get_running_loop().create_task(send(conn))  # type: ignore[arg-type]
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def dispatch(self, event: str, data: dict[str, Any], *, guild_id: int | EllipsisType | None = ...) -> None:
        """Send a DISPATCH event to the shard(s) owning `guild_id` (default: the payload's ``guild_id``; DMs go to
        shard 0). Raises if no such shard is connected."""
        gid = (int(data["guild_id"]) if data.get("guild_id") else None) if guild_id is ... else guild_id
        conns = self._owners(gid)
        if not conns:
            raise RuntimeError(f"no identified gateway connection owns guild {gid}")
        for conn in conns:
            await self._send(conn, self._event(event, data))

    async def disconnect(self, code: int = 4000) -> None:
        """Close every gateway connection with ``code`` (4000 = "unknown error": discord.py will RESUME on
        ``resume_gateway_url``).  Clears :meth:`wait_ready` so a fresh IDENTIFY can be awaited again."""
        self._ready.clear()
        for conn in list(self._conns):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=code), 2)

    def _queue_echo(self, rec: RecordedRequest | None, event: str, payload: dict[str, Any], guild_id: int | None):
        if rec is None:  # a change made by the test itself: no REST answer to come after
            self._echo_queue.put_nowait((time.monotonic() + self.echo_delay, event, payload, guild_id))
        else:
            rec._echoes.append((event, payload, guild_id))

    async def _echo_loop(self) -> None:
        # One queue, one sender: echoes keep the order of the requests that caused them, as on one connection.
        while True:
            due, event, payload, guild_id = await self._echo_queue.get()
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            intent = DIRECT_MESSAGES if guild_id is None else GUILD_MESSAGES
            for conn in self._owners(guild_id):
                if conn.intents & intent:
                    with contextlib.suppress(Exception):  # a connection closing under us loses the echo
                        await self._send(conn, self._event(event, self._as_seen_by(conn, payload)))

    def _as_seen_by(self, conn: _Conn, payload: dict[str, Any]) -> dict[str, Any]:
        """Without the message content intent a bot gets other people's messages without their content."""
        author = payload.get("author")
        if author is None or int(author["id"]) == self.bot_user_id or conn.intents & MESSAGE_CONTENT:
            return payload
        return {**payload, "content": "", "embeds": [], "attachments": [], "components": []}

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
            self._touch()
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
            if not self._token_ok(data.get("token")):
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            session_id = str(data.get("session_id") or "")
            shard, intents = self._sessions.get(session_id, ((0, 1), GUILD_MESSAGES | DIRECT_MESSAGES))
            conn.session_id, conn.shard, conn.intents = session_id, shard, intents
            conn.seq = int(data.get("seq") or 0)
            await self._send(conn, self._event("RESUMED", {}))
            self._ready.set()
        # PRESENCE_UPDATE (3), VOICE_STATE_UPDATE (4), REQUEST_GUILD_MEMBERS (8) etc.: recorded, ignored.

    def _token_ok(self, token: object) -> bool:
        if self._revoked:
            return False
        return self.expected_token is None or token == self.expected_token

    async def _on_identify(self, conn: _Conn, data: dict[str, Any], redacted: dict[str, Any]) -> None:
        self.identify_count += 1
        self._identify_token = data.get("token")
        self._identify_payload = redacted
        if not self._token_ok(data.get("token")):
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = data.get("shard") or [0, 1]
        shard_id, count = int(shard[0]), int(shard[1])
        if not 0 <= shard_id < max(count, 1):
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return
        conn.shard, conn.intents = (shard_id, count), int(data.get("intents") or 0)
        conn.session_id = secrets.token_hex(16)
        self._sessions[conn.session_id] = (conn.shard, conn.intents)
        mine = [g for g in self.guilds.values() if conn.owns(g.id)]
        ready = {
            "v": self.api_version,
            "user": self.bot_user(),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in mine],
            "session_id": conn.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "shard": list(conn.shard),
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
        await self._send(conn, self._event("READY", ready))
        for guild in mine:
            await self._send_guild_create(conn, guild)
        self.sessions_started += 1
        self._ready.set()

    async def _send_guild_create(self, conn: _Conn, guild: Guild) -> None:
        await self._send(conn, self._event("GUILD_CREATE", guild.payload(self._bot_member())))

    # ------------------------------------------------------------------ interactions

    def _lookup_command(self, name: str, guild_id: int | None) -> dict[str, Any] | None:
        cmd = self.commands.get((None, name))
        if cmd is None and guild_id is not None:
            cmd = self.commands.get((guild_id, name))
        return cmd

    def _interaction_payload(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int | None,
        member_permissions: int | None,
        locale: str | None,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        user = self.human_user(user_id)
        payload: dict[str, Any] = {
            "id": str(self.snowflake()),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": "fake-interaction-" + secrets.token_urlsafe(24),
            "version": 1,
            "locale": locale or self.locale,
            "app_permissions": str(self._bot_permissions(guild_id, channel_id)),
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        if guild_id is not None:
            guild = self.guilds.get(guild_id)
            if channel_id is None:
                channel_id = guild.channels[0].id if guild and guild.channels else self.channel_id
            channel = self.channels.get(channel_id)
            channel_data = channel.payload() if channel else {"id": str(channel_id), "type": 0, "flags": 0}
            channel_data["guild_id"] = str(guild_id)
            guild_locale = guild.locale if guild else self.locale
            payload.update(
                guild_id=str(guild_id),
                guild={"id": str(guild_id), "locale": guild_locale, "features": []},
                guild_locale=guild_locale,
                channel_id=str(channel_id),
                channel=channel_data,
                member=member_payload(
                    user, permissions=member_permissions if member_permissions is not None else EVERYONE_PERMISSIONS
                ),
                context=0,
                authorizing_integration_owners={"0": str(guild_id)},
            )
        else:
            channel_id = channel_id if channel_id is not None else self.snowflake()
            if channel_id not in self.channels:
                self.channels[channel_id] = Channel(id=channel_id, guild_id=None, name="", type=1)
            payload.update(
                channel_id=str(channel_id),
                channel={"id": str(channel_id), "type": 1, "recipients": [user], "flags": 0},
                user=user,
                context=1,
                authorizing_integration_owners={"1": user["id"]},
            )
        return payload

    def _bot_permissions(self, guild_id: int | None, channel_id: int | None) -> int:
        guild = self.guilds.get(guild_id or 0)
        if guild is None:
            return EVERYONE_PERMISSIONS
        allowed = guild.everyone_permissions
        channel = self.channels.get(channel_id or 0)
        for overwrite in channel.permission_overwrites if channel else []:
            if overwrite["id"] in (str(self.bot_user_id), str(guild.id)):
                allowed = (allowed & ~int(overwrite["deny"])) | int(overwrite["allow"])
        return allowed

    def slash_options(self, values: dict[str, Any], *, resolved: dict[str, Any]) -> list[dict[str, Any]]:
        """Interaction options from plain values (str, int, bool, float, Channel, Role), filling `resolved`."""
        options = []
        for name, value in values.items():
            if isinstance(value, Channel):
                resolved.setdefault("channels", {})[str(value.id)] = value.resolved()
                options.append({"name": name, "type": 7, "value": str(value.id)})
            elif isinstance(value, Role):
                resolved.setdefault("roles", {})[str(value.id)] = value.payload()
                options.append({"name": name, "type": 8, "value": str(value.id)})
            else:
                options.append({"name": name, "type": _SLASH_OPTION_TYPES[type(value)], "value": value})
        return options

    def build_slash_interaction(
        self,
        name: str,
        options: list[dict[str, Any]] | dict[str, Any] | None = None,
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

        `name` may name a subcommand (``"news subscribe"``). `options` is Discord's list, or a dict of plain
        values (channels and roles are resolved). ``guild_id=None`` sends it from a DM. ``command_guild_id`` is
        ``data.guild_id`` (set for guild-scoped commands); by default it is taken from a command the bot synced
        under that name, else omitted. discord.py resolves the command locally by name; no sync is required.
        """
        gid = self.guild_id if guild_id is ... else guild_id
        if channel_id is None and gid == self.guild_id:
            channel_id = self.channel_id
        top, *subs = name.split()
        resolved = dict(resolved or {})
        leaf = self.slash_options(options, resolved=resolved) if isinstance(options, dict) else list(options or [])
        for depth, sub in reversed(list(enumerate(subs))):
            kind = 1 if depth == len(subs) - 1 else 2  # the last word is the subcommand, any before it a group
            leaf = [{"name": sub, "type": kind, "options": leaf}]
        synced = self._lookup_command(top, gid)
        if command_guild_id is ...:
            command_guild_id = int(synced["guild_id"]) if synced and synced.get("guild_id") else None
        if command_id is None:
            command_id = int(synced["id"]) if synced else self.snowflake()
        data: dict[str, Any] = {"id": str(command_id), "name": top, "type": 1, "options": leaf}
        if command_guild_id is not None:
            data["guild_id"] = str(command_guild_id)
        if resolved:
            data["resolved"] = resolved
        return self._interaction_payload(
            2,
            data,
            guild_id=gid,
            channel_id=channel_id,
            user_id=user_id,
            member_permissions=member_permissions,
            locale=locale,
        )

    async def send_interaction(self, payload: dict[str, Any], *, timeout: float = 5.0) -> Reply:  # noqa: ASYNC109
        """Dispatch an INTERACTION_CREATE and wait for the bot's callback."""
        interaction = FakeInteraction(payload=payload, dispatched_at=time.monotonic())
        interaction.answered = asyncio.get_running_loop().create_future()
        self.interactions[interaction.id] = interaction
        self._by_token[interaction.token] = interaction
        await self.dispatch("INTERACTION_CREATE", payload)
        try:
            await asyncio.wait_for(asyncio.shield(interaction.answered), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"the bot did not answer interaction {interaction.command_name!r} in {timeout}s"
            ) from None
        return Reply(self, interaction)

    async def send_slash(
        self,
        name: str,
        options: list[dict[str, Any]] | dict[str, Any] | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        **kwargs: Any,
    ) -> Reply:
        """Dispatch a slash command and return the bot's :class:`Reply` (``reply.type == 4``, ``reply.data``,
        ``reply.message``). ``kwargs`` go to :meth:`build_slash_interaction` (``guild_id``, ``channel_id``,
        ``user_id``, ``member_permissions``, ``locale``, ...)."""
        return await self.send_interaction(self.build_slash_interaction(name, options, **kwargs), timeout=timeout)

    async def click(
        self,
        message: Reply | dict[str, Any] | int,
        *,
        label: str | None = None,
        custom_id: str | None = None,
        user_id: int | None = None,
        member_permissions: int | None = None,
        locale: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> Reply:
        """Press a button on a message (by label or custom_id) as a person would: a type 3 interaction carrying
        the message as Discord holds it now. A :class:`Reply` stands for the message its callback made."""
        if isinstance(message, Reply):
            if message.interaction.response_message_id is None:
                raise LookupError("that reply created no message to click on")
            message = message.interaction.response_message_id
        mid = int(message["id"]) if isinstance(message, dict) else int(message)
        stored = self.messages[mid]
        current = self._outgoing(stored.payload)
        component = find_component(current.get("components") or [], custom_id=custom_id, label=label)
        if component.get("disabled"):
            raise LookupError(f"the component {component.get('label') or component.get('custom_id')!r} is disabled")
        payload = self._interaction_payload(
            3,
            {"custom_id": component["custom_id"], "component_type": component["type"]},
            guild_id=stored.guild_id,
            channel_id=stored.channel_id,
            user_id=user_id,
            member_permissions=member_permissions,
            locale=locale,
            message=current,
        )
        return await self.send_interaction(payload, timeout=timeout)

    def _interaction_metadata(self, interaction: FakeInteraction, *, followup_of: int | None = None):
        meta: dict[str, Any] = {
            "id": interaction.id,
            "type": interaction.type,
            "user": interaction.user,
            "authorizing_integration_owners": interaction.payload.get("authorizing_integration_owners", {}),
        }
        if interaction.type == 3 and "message" in interaction.payload:
            meta["interacted_message_id"] = interaction.payload["message"]["id"]
        if followup_of is not None:
            meta["original_response_message_id"] = str(followup_of)
        return meta

    def _interaction_message(
        self, interaction: FakeInteraction, body: dict[str, Any], *, via: str, flags: int, rec: RecordedRequest
    ) -> StoredMessage:
        channel = self.channels[interaction.channel_id]
        followup_of = interaction.response_message_id if via == "followup" else None
        extra: dict[str, Any] = {
            "webhook_id": str(self.application_id),
            "application_id": str(self.application_id),
            "interaction_metadata": self._interaction_metadata(interaction, followup_of=followup_of),
        }
        if interaction.type == 2:
            # the deprecated field exists only for messages answering a command, not for component responses
            extra["interaction"] = {
                "id": interaction.id,
                "type": interaction.type,
                "name": interaction.command_name,
                "user": interaction.user,
            }
        kind = 20 if interaction.type == 2 else 0  # CHAT_INPUT_COMMAND, or DEFAULT
        return self._create_message(
            channel, {**body, "flags": flags}, author=self.bot_user(), via=via, rec=rec, extra=extra, message_type=kind
        )

    # ------------------------------------------------------------------ messages

    def _channel_of(self, channel: Channel | int) -> Channel:
        return channel if isinstance(channel, Channel) else self.channels[int(channel)]

    def _create_message(
        self,
        channel: Channel,
        body: dict[str, Any],
        *,
        author: dict[str, Any],
        via: str,
        rec: RecordedRequest | None = None,
        extra: dict[str, Any] | None = None,
        message_type: int = 0,
        nonce: str | int | None = None,
    ) -> StoredMessage:
        flags = int(body.get("flags") or 0)
        payload: dict[str, Any] = {
            "id": str(self.snowflake()),
            "type": message_type,
            "channel_id": str(channel.id),
            "author": author,
            "content": str(body.get("content") or ""),
            "timestamp": iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": list(body.get("embeds") or []),
            "components": list(body.get("components") or []),
            "pinned": False,
            "flags": flags,
            **(extra or {}),
        }
        if nonce is not None:
            payload["nonce"] = nonce
        stored = StoredMessage(
            payload=payload,
            channel_id=channel.id,
            guild_id=channel.guild_id,
            via=via,
            created_at=time.monotonic(),
            nonce=nonce,
            ephemeral=bool(flags & EPHEMERAL),
        )
        channel.messages[stored.id] = stored
        self.messages[stored.id] = stored
        self.created.append(stored)
        self._echo_message(rec, "MESSAGE_CREATE", stored)
        self._touch()
        return stored

    def _update_message(self, stored: StoredMessage, body: dict[str, Any], rec: RecordedRequest | None) -> None:
        payload = stored.payload
        for key in ("content", "embeds", "components", "attachments"):
            if key in body and body[key] is not None:
                payload[key] = body[key]
        flags = int(payload.get("flags") or 0) & ~LOADING  # an edit ends a deferred response's "thinking"
        if body.get("flags") is not None:
            flags = (flags & EPHEMERAL) | (int(body["flags"]) & ~EPHEMERAL & ~LOADING)
        payload["flags"] = flags
        payload["edited_timestamp"] = iso()
        stored.edits += 1
        self._echo_message(rec, "MESSAGE_UPDATE", stored)
        self._touch()

    def _delete_message(self, stored: StoredMessage, rec: RecordedRequest | None) -> None:
        stored.deleted = True
        channel = self.channels.get(stored.channel_id)
        if channel is not None:
            channel.messages.pop(stored.id, None)
        if not stored.ephemeral or self.echo_ephemeral:
            data: dict[str, Any] = {"id": str(stored.id), "channel_id": str(stored.channel_id)}
            if stored.guild_id is not None:
                data["guild_id"] = str(stored.guild_id)
            self._queue_echo(rec, "MESSAGE_DELETE", data, stored.guild_id)
        self._touch()

    def _echo_message(self, rec: RecordedRequest | None, event: str, stored: StoredMessage) -> None:
        if stored.ephemeral and not self.echo_ephemeral:
            return
        data = self._outgoing(stored.payload)
        if stored.guild_id is not None:
            data["guild_id"] = str(stored.guild_id)
            data["member"] = member_payload(None)  # Discord puts the author's partial member beside a guild message
        self._queue_echo(rec, event, data, stored.guild_id)

    # ------------------------------------------------------------------ REST plumbing

    def _build_routes(self) -> None:
        def add(method: str, path: str, handler: Any, name: str, *major: str, interaction: bool = False) -> None:
            self._routes.append(_Route(method, re.compile(path), handler, name, major, interaction))

        add("GET", r"/users/@me", self._r_users_me, "users.me")
        add("GET", r"/oauth2/applications/@me", self._r_app_me, "applications.me")
        add("GET", r"/applications/@me", self._r_app_me, "applications.me")
        add("GET", r"/gateway(?:/bot)?", self._r_gateway, "gateway")
        cb = r"/interactions/(?P<iid>\d+)/(?P<token>[^/]+)/callback"
        add("POST", cb, self._r_callback, "interaction.callback", "iid", interaction=True)
        cmds = r"/applications/(?P<app>\d+)(?:/guilds/(?P<guild>\d+))?/commands"
        add("GET", cmds, self._r_commands_get, "commands", "app", "guild")
        add("PUT", cmds, self._r_commands_put, "commands.put", "app", "guild")
        add("POST", cmds, self._r_commands_post, "commands.post", "app", "guild")
        hook = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"
        add("POST", hook, self._r_followup_create, "webhook.messages", "app", "token", interaction=True)
        for method in ("GET", "PATCH", "DELETE"):
            handler = self._r_followup_message
            add(
                method,
                hook + r"/messages/(?P<mid>[^/]+)",
                handler,
                "webhook.messages",
                "app",
                "token",
                interaction=True,
            )
        chan = r"/channels/(?P<cid>\d+)"
        add("GET", chan, self._r_channel_get, "channel.get", "cid")
        add("POST", chan + r"/messages", self._r_message_create, "messages.create", "cid")
        add("GET", chan + r"/messages", self._r_message_list, "messages.list", "cid")
        add("GET", chan + r"/messages/(?P<mid>\d+)", self._r_message_get, "messages.get", "cid")
        add("PATCH", chan + r"/messages/(?P<mid>\d+)", self._r_message_edit, "messages.edit", "cid")
        add("DELETE", chan + r"/messages/(?P<mid>\d+)", self._r_message_delete, "messages.delete", "cid")

    def add_route(
        self,
        method: str,
        path_regex: str,
        handler: Callable[..., Awaitable[web.StreamResponse]],
        *,
        name: str = "custom",
        interaction: bool = False,
    ) -> None:
        """Serve an extra REST route (checked before the built-in ones).  ``path_regex`` is matched in full
        against the path without the ``/api/vN`` prefix; ``handler(request, recorded_request, **groups)`` must
        return a response (use :func:`json_response`, since discord.py needs an exact JSON content type).
        ``interaction=True`` for a route authenticated by an interaction token (no bot token, as webhooks)."""
        self._routes.insert(0, _Route(method.upper(), re.compile(path_regex), handler, name, interaction=interaction))

    @staticmethod
    async def _read_body(request: web.Request) -> Any:
        if not request.can_read_body:
            return None
        if request.content_type == "multipart/form-data":
            files: list[dict[str, Any]] = []
            payload: Any = {}
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if getattr(part, "name", None) == "payload_json":
                    payload = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    raw = await part.read()  # type: ignore[union-attr]
                    files.append({"name": part.name, "filename": part.filename, "size": len(raw)})
            return {**payload, "_files": files} if isinstance(payload, dict) else payload
        text = await request.text()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return text

    async def _rest_handler(self, request: web.Request) -> web.StreamResponse:
        # The simulated network delivers a request exactly half the latency after it left the bot. On a busy
        # machine this process reads it late, and its sleep below ends late: that lag is the stand-in's, not the
        # network's, so `at` counts from when the request's bytes reached the machine (the kernel's stamp).
        listener = self._listener
        arrived = (listener.arrival(request) if listener is not None else time.monotonic()) + self.latency / 2
        path = _API_PREFIX.sub("", request.path, count=1)
        auth = request.headers.get("Authorization")
        body = await self._read_body(request)
        if listener is not None:
            listener.claimed(request)
        if self.latency:
            await asyncio.sleep(self.latency / 2)
        rec = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query),
            body=body,
            authorized=bool(auth and auth.startswith("Bot ")),
            at=arrived,
        )
        resp = await self._serve(request, rec, auth)
        rec.status = resp.status
        if resp.status in (401, 403) or (resp.status == 429 and rec.scope != "shared"):
            self.invalid_requests += 1
        self.requests.append(rec)
        self._touch()
        if self.latency:
            await asyncio.sleep(self.latency / 2)
        # The echoes follow the answer out, as Discord's gateway trails its REST answers.
        due = time.monotonic() + self.echo_delay
        for event, payload, guild_id in rec._echoes:
            self._echo_queue.put_nowait((due, event, payload, guild_id))
        return resp

    async def _serve(self, request: web.Request, rec: RecordedRequest, auth: str | None) -> web.StreamResponse:
        for route in self._routes:
            if request.method != route.method or (m := route.pattern.fullmatch(rec.path)) is None:
                continue
            rec.route = route.name
            groups = m.groupdict()
            # Interaction callbacks and webhook follow-ups are authenticated by their token, not the bot token.
            if not route.interaction and route.name != "gateway" and not self._auth_ok(auth):
                return json_response({"message": "401: Unauthorized", "code": 0}, status=401, headers={"Via": VIA})
            rec.counts_globally = not route.interaction
            major = ":".join(str(groups.get(g) or "") for g in route.major)
            refused, headers = self.limiter.check(
                identity=auth or request.remote or "anonymous",
                route=route.name,
                major=major,
                exempt_global=route.interaction,
            )
            if refused is not None:
                rec.scope = refused.scope
                return json_response(refused.body, status=refused.status, headers=refused.headers)
            fault = self._take_fault(rec)
            if fault is not None and fault.retry_after is not None:
                shared = self.limiter.shared_refusal(fault.retry_after)
                rec.scope = shared.scope
                return json_response(shared.body, status=429, headers={**headers, **shared.headers})
            if fault is not None and not fault.after:
                return json_response({"message": fault.message, "code": fault.code}, fault.status, headers)
            resp = await self._guarded(request, rec, route, groups)
            if fault is not None:  # after=True: it happened, but the answer is lost
                return json_response({"message": fault.message, "code": fault.code}, fault.status, headers)
            resp.headers.update(headers)
            return resp
        self.unknown_routes.append(rec)
        return json_response({"message": "Unknown route", "code": 0}, status=404)

    def _auth_ok(self, auth: str | None) -> bool:
        if self._revoked:
            return False
        return self.expected_token is None or auth == f"Bot {self.expected_token}"

    def _take_fault(self, rec: RecordedRequest) -> _Fault | None:
        for fault in self._faults:
            if fault.method == rec.method and fault.pattern.fullmatch(rec.path):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    async def _guarded(
        self, request: web.Request, rec: RecordedRequest, route: _Route, groups: dict[str, str]
    ) -> web.StreamResponse:
        cid = groups.get("cid")
        if cid is not None:
            channel = self.channels.get(int(cid))
            if channel is None:
                return _error(404, 10003, "Unknown Channel")
            refusal = channel.refusal
            if refusal is not None and (refusal.methods is None or rec.method in refusal.methods):
                return _error(refusal.status, refusal.code, refusal.message)
        return await route.handler(request, rec, **groups)

    # ------------------------------------------------------------------ REST: session

    async def _r_users_me(self, request: web.Request, rec: RecordedRequest) -> web.StreamResponse:
        return json_response(self.bot_user())

    async def _r_app_me(self, request: web.Request, rec: RecordedRequest) -> web.StreamResponse:
        return json_response(self.application())

    async def _r_gateway(self, request: web.Request, rec: RecordedRequest) -> web.StreamResponse:
        data: dict[str, Any] = {"url": self.gateway_url}
        if rec.path.endswith("/bot"):
            if not self._auth_ok(request.headers.get("Authorization")):
                return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
            data["shards"] = self.recommended_shards
            data["session_start_limit"] = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return json_response(data)

    # ------------------------------------------------------------------ REST: commands

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

    # ------------------------------------------------------------------ REST: interaction callbacks

    async def _r_callback(self, request: web.Request, rec: RecordedRequest, iid: str, token: str) -> web.StreamResponse:
        interaction = self.interactions.get(iid)
        if interaction is None:
            return _error(404, 10062, "Unknown interaction")
        if interaction.token != token:
            return _error(401, 50027, "Invalid Webhook Token")
        if interaction.callback is not None:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        if self.interaction_deadline is not None and rec.at - interaction.dispatched_at > self.interaction_deadline:
            return _error(404, 10062, "Unknown interaction")
        body = rec.body if isinstance(rec.body, dict) else {}
        cb_type = int(body.get("type") or 0)
        data = body.get("data") or {}
        if cb_type in (6, 7) and interaction.type not in (3, 5):
            return _error(400, 50035, "Invalid Form Body")  # update types are only for component interactions
        if cb_type in (4, 7):
            problems = message_problems(data)
            if problems:
                return json_response(form_error(problems), status=400)
        if cb_type == 4 and is_empty_message(data, has_files=bool(data.get("_files"))):
            return _error(400, 50006, "Cannot send an empty message")

        flags = int(data.get("flags") or 0)
        message: StoredMessage | None = None
        if cb_type == 4:
            message = self._interaction_message(interaction, data, via="interaction", flags=flags & ~LOADING, rec=rec)
            interaction.response_message_id = message.id
        elif cb_type == 5:
            deferred = {"content": ""}
            message = self._interaction_message(
                interaction, deferred, via="interaction", flags=LOADING | flags, rec=rec
            )
            interaction.response_message_id = message.id
        elif cb_type in (6, 7):
            mid = int(interaction.payload["message"]["id"])
            interaction.response_message_id = mid
            message = self.messages.get(mid)
            if cb_type == 7 and message is not None:
                self._update_message(message, data, rec)
        interaction.callback = body
        self.callbacks[iid] = body
        if interaction.answered is not None and not interaction.answered.done():
            interaction.answered.set_result(body)
        self._touch()

        if rec.query.get("with_response", "").lower() not in ("1", "true"):
            return web.Response(status=204)
        result: dict[str, Any] = {
            "interaction": {
                "id": iid,
                "type": interaction.type,
                "response_message_loading": cb_type == 5,
                "response_message_ephemeral": bool(message.ephemeral) if message is not None else False,
                "channel_id": str(interaction.channel_id),
            },
        }
        if interaction.guild_id is not None:
            result["interaction"]["guild_id"] = str(interaction.guild_id)
        if interaction.response_message_id is not None:
            result["interaction"]["response_message_id"] = str(interaction.response_message_id)
        if cb_type in (4, 7) and message is not None:
            # the spec's resource types are "created" (4) and "updated" (7) messages; other callbacks have none
            result["resource"] = {"type": cb_type, "message": self._outgoing(message.payload)}
        return json_response(result)

    # ------------------------------------------------------------------ REST: interaction webhooks

    def _webhook_interaction(self, token: str) -> FakeInteraction | web.Response:
        interaction = self._by_token.get(token)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        if time.monotonic() - interaction.dispatched_at > INTERACTION_TOKEN_LIFETIME:
            return _error(401, 50027, "Invalid Webhook Token")
        if interaction.callback is None:
            return _error(404, 10015, "Unknown Webhook")  # no follow-up before the first response
        return interaction

    async def _r_followup_create(
        self, request: web.Request, rec: RecordedRequest, app: str, token: str
    ) -> web.StreamResponse:
        interaction = self._webhook_interaction(token)
        if isinstance(interaction, web.Response):
            return interaction
        body = rec.body if isinstance(rec.body, dict) else {}
        problems = message_problems(body)
        if problems:
            return json_response(form_error(problems), status=400)
        if is_empty_message(body, has_files=bool(body.get("_files"))):
            return _error(400, 50006, "Cannot send an empty message")
        flags = int(body.get("flags") or 0)
        stored = self._interaction_message(interaction, body, via="followup", flags=flags, rec=rec)
        interaction.followup_ids.append(stored.id)
        if rec.query.get("wait", "").lower() not in ("1", "true"):
            return web.Response(status=204)
        return json_response(self._outgoing(stored.payload))

    async def _r_followup_message(
        self, request: web.Request, rec: RecordedRequest, app: str, token: str, mid: str
    ) -> web.StreamResponse:
        interaction = self._webhook_interaction(token)
        if isinstance(interaction, web.Response):
            return interaction
        message_id = interaction.response_message_id if mid == "@original" else int(mid)
        stored = self.messages.get(message_id) if message_id is not None else None
        if (
            stored is None
            or stored.deleted
            or (message_id != interaction.response_message_id and message_id not in interaction.followup_ids)
        ):
            return _error(404, 10008, "Unknown Message")
        if request.method == "DELETE":
            self._delete_message(stored, rec)
            return web.Response(status=204)
        if request.method == "PATCH":
            body = rec.body if isinstance(rec.body, dict) else {}
            problems = message_problems(body)
            if problems:
                return json_response(form_error(problems), status=400)
            self._update_message(stored, body, rec)
        return json_response(self._outgoing(stored.payload))

    # ------------------------------------------------------------------ REST: channels and messages

    async def _r_channel_get(self, request: web.Request, rec: RecordedRequest, cid: str) -> web.StreamResponse:
        return json_response(self.channels[int(cid)].payload())

    async def _r_message_create(self, request: web.Request, rec: RecordedRequest, cid: str) -> web.StreamResponse:
        channel = self.channels[int(cid)]
        body = rec.body if isinstance(rec.body, dict) else {}
        problems = message_problems(body)
        if problems:
            return json_response(form_error(problems), status=400)
        if is_empty_message(body, has_files=bool(body.get("_files"))):
            return _error(400, 50006, "Cannot send an empty message")
        nonce = body.get("nonce")
        key = (channel.id, self.bot_user_id, str(nonce)) if nonce is not None else None
        if key is not None and body.get("enforce_nonce"):
            earlier = self._nonces.get(key)
            if earlier is not None and time.monotonic() - earlier.created_at <= self.nonce_window:
                return json_response(self._outgoing(earlier.payload))  # the first message, nothing new
        stored = self._create_message(channel, body, author=self.bot_user(), via="rest", rec=rec, nonce=nonce)
        if key is not None:
            self._nonces[key] = stored
        return json_response(self._outgoing(stored.payload))

    async def _r_message_list(self, request: web.Request, rec: RecordedRequest, cid: str) -> web.StreamResponse:
        channel = self.channels[int(cid)]
        try:
            limit = int(rec.query.get("limit", "50"))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 100:
            return json_response(form_error({"limit": "Must be between 1 and 100."}), status=400)
        visible = [m for m in channel.messages.values() if not m.ephemeral]  # oldest first
        if "around" in rec.query:
            around = int(rec.query["around"])
            older = [m for m in visible if m.id <= around][-((limit + 1) // 2) :]
            newer = [m for m in visible if m.id > around][: limit - len(older)]
            chosen = older + newer
        elif "after" in rec.query:
            after = int(rec.query["after"])
            chosen = [m for m in visible if m.id > after][:limit]
        else:
            before = int(rec.query["before"]) if "before" in rec.query else None
            chosen = [m for m in visible if before is None or m.id < before][-limit:]
        newest_first = sorted(chosen, key=lambda m: m.id, reverse=True)
        return json_response([self._outgoing(m.payload) for m in newest_first])

    def _channel_message(self, cid: str, mid: str) -> StoredMessage | None:
        stored = self.channels[int(cid)].messages.get(int(mid))
        return stored if stored is not None and not stored.ephemeral else None

    async def _r_message_get(
        self, request: web.Request, rec: RecordedRequest, cid: str, mid: str
    ) -> web.StreamResponse:
        stored = self._channel_message(cid, mid)
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        return json_response(self._outgoing(stored.payload))

    async def _r_message_edit(
        self, request: web.Request, rec: RecordedRequest, cid: str, mid: str
    ) -> web.StreamResponse:
        stored = self._channel_message(cid, mid)
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        if int(stored.payload["author"]["id"]) != self.bot_user_id:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        body = rec.body if isinstance(rec.body, dict) else {}
        problems = message_problems(body)
        if problems:
            return json_response(form_error(problems), status=400)
        self._update_message(stored, body, rec)
        return json_response(self._outgoing(stored.payload))

    async def _r_message_delete(
        self, request: web.Request, rec: RecordedRequest, cid: str, mid: str
    ) -> web.StreamResponse:
        stored = self._channel_message(cid, mid)
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        self._delete_message(stored, rec)
        return web.Response(status=204)
