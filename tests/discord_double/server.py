"""`DiscordDouble`: a local Discord on one port, REST under `/api/v10` and the gateway at
`/gateway`, with a test-facing API that reads like a conversation.

    result = await double.run_slash("ask", {"question": "Why do my legs stop working?"})
    assert result.response_type == 5 and "screening" in result.message.text
    thanks = await double.click(result.message, label="Helpful")
"""

from __future__ import annotations

import socket
from types import TracebackType

from aiohttp import web

from .connections import ClosingAwareServer
from .guild import FakeGuild, default_guild
from .interacting import Interacting
from .messaging import Messaging
from .rest import API_PREFIX, RestServer
from .routes import all_routes

DEFAULT_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.double.local-discord-token"


class DiscordDouble(Messaging, Interacting):
    """A fake Discord for end-to-end tests of the real discord.py client (see core.py,
    messaging.py and interacting.py for the conversation API)."""

    def __init__(
        self, *, guild: FakeGuild | None = None, token: str = DEFAULT_TOKEN, timeout: float = 5.0
    ) -> None:
        super().__init__(guild=guild or default_guild(), token=token, timeout=timeout)
        self._runner: web.ServerRunner | None = None
        self._rest: RestServer | None = None
        self._port = 0

    # lifecycle ------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1") -> None:
        """Listen on a free port of `host`."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind((host, 0))
        self._port = listener.getsockname()[1]
        server = ClosingAwareServer(self._serve)
        self._rest = RestServer(
            all_routes(self._state, self._gateway.dispatch_if_live, self.gateway_url),
            self._log,
            self.token,
            answered=lambda request: server.wait_closed(request, within=self.timeout),
        )
        self._runner = web.ServerRunner(server, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.SockSite(self._runner, listener).start()

    async def _serve(self, request: web.BaseRequest) -> web.StreamResponse:
        if request.path == "/gateway":
            return await self._gateway.handle(request)
        assert self._rest is not None
        return await self._rest.handle(request)

    async def stop(self) -> None:
        await self._gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> DiscordDouble:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # where the client connects ----------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/gateway"

    def settings_env(self) -> dict[str, str]:
        """Every bot setting that points at the double: token, endpoints, guild, channels,
        roles (names as in ARCHITECTURE.md)."""
        return {
            "DISCORD_TOKEN": self.token,
            "DISCORD_API_BASE": self.api_base,
            "DISCORD_GATEWAY_URL": self.gateway_url,
            **self.guild.settings_env(),
        }
