"""aiohttp's low-level server, told when a client closes its connection.

The double answers every REST call with `Connection: close` and records the call only once the
client has closed, which discord.py does right after reading the answer and before acting on it
(storing a view, say) without yielding to the event loop in between. So a test woken by the
record can inject the next event (a click on that view) without racing the bot.
"""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web
from aiohttp.web_protocol import RequestHandler


class ClosingAwareServer(web.Server):
    """A `web.Server` whose handlers can wait for their client to hang up."""

    def __init__(self, handler: web.Server.request_handler, **kwargs: object) -> None:
        super().__init__(handler, **kwargs)
        self._closed: dict[RequestHandler, asyncio.Future[None]] = {}

    def connection_lost(self, handler: RequestHandler, exc: BaseException | None = None) -> None:
        super().connection_lost(handler, exc)
        closed = self._closed.pop(handler, None)
        if closed is not None and not closed.done():
            closed.set_result(None)

    async def wait_closed(self, request: web.BaseRequest, within: float) -> None:
        """Until the client closes `request`'s connection, or `within` seconds (then go on)."""
        if request.transport is None or request.transport.is_closing():
            return
        closed = self._closed.setdefault(
            request.protocol, asyncio.get_running_loop().create_future()
        )
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                await closed
