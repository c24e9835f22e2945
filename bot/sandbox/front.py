"""The page's address: a small HTTP front on 127.0.0.1 that hands every request to simcord's preview server.

It exists so that a browser action and the sandbox's clock take turns (see `bot.sandbox.stage`): simcord's
server cannot be told to wait, so requests that act on the world (`/api/...`) reach it only while this front
holds `Stage.lock`. Everything else passes through untouched: the page, its scripts and fonts, the capability
token the page sends with each request (simcord checks it), and simcord's security headers. Like simcord's own
server it listens on 127.0.0.1 only and answers only requests addressed to this host and port, so another site
in the browser cannot reach it through a rebound DNS name.
"""

from __future__ import annotations

from typing import Final

import aiohttp
from aiohttp import web

from bot.sandbox.stage import Stage

_FORWARDED: Final = ("Accept", "Content-Type", "Range", "X-Simcord-Capability", "X-Simcord-Context")
# Set again by this server for its own response, or meaningful only on one hop.
_NOT_RETURNED: Final = frozenset(
    {"connection", "content-encoding", "content-length", "date", "keep-alive", "server", "transfer-encoding"}
)
_MAX_BODY = 27 * 1024 * 1024  # simcord accepts uploads of up to 26 MiB in one action


class FrontDoor:
    """`http://127.0.0.1:<port>/`, forwarding to whichever preview the stage shows now."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        """The page's address for the channel shown now, carrying simcord's capability token."""
        return f"{self.origin}/#{self.stage.capability}"

    async def start(self) -> None:
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])
        self._client = aiohttp.ClientSession(auto_decompress=False)

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._client is not None:
            await self._client.close()
            self._client = None

    def _ours(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        if request.host not in self._ours():
            raise web.HTTPForbidden()
        body = await request.read()
        if not request.path.startswith("/api/"):
            return await self._pass(request, body)
        async with self.stage.lock:
            response = await self._pass(request, body)
            if request.method != "GET":
                self.stage.published()  # simcord published the action's outcome to the page itself
            return response

    async def _pass(self, request: web.Request, body: bytes) -> web.StreamResponse:
        upstream, client = self.stage.upstream, self._client
        if upstream is None or client is None:
            raise web.HTTPServiceUnavailable()  # between two channels
        headers = {name: request.headers[name] for name in _FORWARDED if name in request.headers}
        origin = request.headers.get("Origin")
        if origin is not None:
            # simcord accepts requests from its own origin; this front's origin stands for it. Any other origin
            # is passed on as it came, for simcord to refuse.
            ours = {f"http://{host}" for host in self._ours()}
            headers["Origin"] = upstream if origin in ours else origin
        try:
            async with client.request(
                request.method, upstream + request.path_qs, headers=headers, data=body, allow_redirects=False
            ) as answer:
                payload = await answer.read()
                kept = {k: v for k, v in answer.headers.items() if k.lower() not in _NOT_RETURNED}
                return web.Response(status=answer.status, body=payload, headers=kept)
        except aiohttp.ClientError:
            # The preview closed under this request (a channel switch, or the page ended the session); the page
            # treats it as a failed read and keeps polling until it is told its session is gone.
            raise web.HTTPServiceUnavailable() from None
