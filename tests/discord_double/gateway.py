"""The gateway half of the double: one websocket session at a time, plain-text JSON frames.

discord.py asks for `compress=zlib-stream`, but reads text frames without decompressing, so the
double never compresses. It answers HELLO/IDENTIFY/RESUME/heartbeats/member requests like
Discord, and can close the socket the way Discord does, to show the bot reconnects.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from dataclasses import dataclass

from aiohttp import WSCloseCode, WSMsgType, web
from yarl import URL

from . import payloads
from .payloads import Json
from .state import DoubleState

_log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_MS = 41_250
RESUMABLE_CLOSE_CODE = 4000
AUTHENTICATION_FAILED = 4004

DISPATCH, HEARTBEAT, IDENTIFY = 0, 1, 2
RESUME, REQUEST_GUILD_MEMBERS, INVALID_SESSION = 6, 8, 9
HELLO, HEARTBEAT_ACK = 10, 11


class GatewayNotConnected(AssertionError):
    """The bot has no live gateway session, so an event could not be delivered."""


@dataclass(frozen=True)
class GatewayFrame:
    """A frame the bot sent on the gateway (IDENTIFY, RESUME, heartbeat, presence, ...)."""

    connection: int
    op: int
    data: object


@dataclass
class _Session:
    id: str
    sequence: int = 0


class Gateway:
    """Serves `/gateway` and delivers events to whichever connection is live."""

    def __init__(self, state: DoubleState, token: str) -> None:
        self._state = state
        self._token = token
        self._socket: web.WebSocketResponse | None = None
        self._session: _Session | None = None
        self._sessions: dict[str, _Session] = {}
        self._send_lock = asyncio.Lock()
        self._changed = asyncio.Condition()
        self._connections = 0
        self._live_generation = 0
        self._handshakes: list[str] = []
        self.frames: list[GatewayFrame] = []
        self.connect_queries: list[dict[str, str]] = []

    @property
    def handshakes(self) -> tuple[str, ...]:
        """For each session (re)established, in order: READY or RESUMED."""
        return tuple(self._handshakes)

    @property
    def is_live(self) -> bool:
        return self._socket is not None and self._session is not None

    # waiting --------------------------------------------------------------------------------

    async def wait_live(self, *, newer_than: int = 0, within: float) -> int:
        """Wait for a live session established after generation `newer_than`; its generation."""
        try:
            async with asyncio.timeout(within), self._changed:
                await self._changed.wait_for(
                    lambda: self.is_live and self._live_generation > newer_than
                )
        except TimeoutError:
            raise GatewayNotConnected(
                f"the bot has no gateway session after {within}s "
                f"(connections so far: {self._connections}, handshakes: {self._handshakes})"
            ) from None
        return self._live_generation

    @property
    def generation(self) -> int:
        return self._live_generation

    async def _mark(self, *, live_handshake: str | None = None, dead: bool = False) -> None:
        async with self._changed:
            if live_handshake is not None:
                self._live_generation += 1
                self._handshakes.append(live_handshake)
            if dead:
                self._socket = None
            self._changed.notify_all()

    # sending --------------------------------------------------------------------------------

    async def _send(self, socket: web.WebSocketResponse, frame: Json) -> None:
        await socket.send_str(json.dumps(frame))

    async def _send_dispatch_on(
        self, socket: web.WebSocketResponse, event: str, data: Json
    ) -> None:
        assert self._session is not None
        async with self._send_lock:
            self._session.sequence += 1
            frame = {"op": DISPATCH, "t": event, "s": self._session.sequence, "d": data}
            await self._send(socket, frame)

    async def dispatch(self, event: str, data: Json, *, within: float) -> None:
        """Send an event, first waiting for a live session (e.g. while the bot reconnects)."""
        await self.wait_live(within=within)
        assert self._socket is not None
        await self._send_dispatch_on(self._socket, event, data)

    async def dispatch_if_live(self, event: str, data: Json) -> None:
        """Echo of the bot's own changes: dropped when no session is live, as Discord would."""
        if self._socket is not None and self._session is not None and not self._socket.closed:
            await self._send_dispatch_on(self._socket, event, data)

    # forcing reconnects ---------------------------------------------------------------------

    async def reconnect(self, *, resume: bool, within: float) -> str:
        """Drop the connection; the bot RESUMEs (close code 4000) or, after INVALID_SESSION,
        IDENTIFYs again. Returns the new handshake, "RESUMED" or "READY"."""
        generation = self._live_generation
        socket = self._socket
        if socket is None:
            raise GatewayNotConnected("the bot is not connected, so it cannot reconnect")
        if resume:
            await socket.close(code=RESUMABLE_CLOSE_CODE, message=b"Unknown error")
        else:
            if self._session is not None:
                self._sessions.pop(self._session.id, None)
            await self._send(socket, {"op": INVALID_SESSION, "d": False})
        await self.wait_live(newer_than=generation, within=within)
        return self._handshakes[-1]

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close(code=WSCloseCode.GOING_AWAY)

    # serving --------------------------------------------------------------------------------

    async def handle(self, request: web.BaseRequest) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(compress=False, max_msg_size=0)
        await socket.prepare(request)
        self._connections += 1
        connection = self._connections
        self.connect_queries.append(dict(request.query))
        resume_url = request.url.with_scheme("ws").with_query(None)
        if self._socket is not None:
            await self._socket.close(code=RESUMABLE_CLOSE_CODE)
        self._socket, self._session = socket, None
        await self._send(socket, {"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        try:
            async for message in socket:
                if message.type is WSMsgType.TEXT:
                    await self._on_frame(socket, connection, json.loads(message.data), resume_url)
        finally:
            if self._socket is socket:
                self._session = None
                await self._mark(dead=True)
        return socket

    async def _on_frame(
        self, socket: web.WebSocketResponse, connection: int, frame: Json, resume_url: URL
    ) -> None:
        op, data = frame.get("op"), frame.get("d")
        self.frames.append(GatewayFrame(connection, op, data))
        if op == HEARTBEAT:
            await self._send(socket, {"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            await self._identify(socket, data, resume_url)
        elif op == RESUME:
            await self._resume(socket, data)
        elif op == REQUEST_GUILD_MEMBERS:
            await self._send_member_chunk(socket, data)
        else:
            _log.debug("gateway op %s recorded", op)

    async def _identify(self, socket: web.WebSocketResponse, data: Json, resume_url: URL) -> None:
        if data.get("token") != self._token:
            await socket.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        self._session = _Session(secrets.token_hex(16))
        self._sessions[self._session.id] = self._session
        shard = data.get("shard")
        ready = payloads.ready_payload(
            self._state.guild,
            session_id=self._session.id,
            # Where the bot connected: resuming comes back to the double.
            resume_gateway_url=str(resume_url),
            shard=tuple(shard) if shard else None,
        )
        await self._send_dispatch_on(socket, "READY", ready)
        guild = payloads.guild_create_payload(
            self._state.guild, self._state.member_payloads(), self._state.threads()
        )
        await self._send_dispatch_on(socket, "GUILD_CREATE", guild)
        await self._mark(live_handshake="READY")

    async def _resume(self, socket: web.WebSocketResponse, data: Json) -> None:
        session = self._sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self._token:
            await self._send(socket, {"op": INVALID_SESSION, "d": False})
            return
        self._session = session
        await self._send_dispatch_on(socket, "RESUMED", {})
        await self._mark(live_handshake="RESUMED")

    async def _send_member_chunk(self, socket: web.WebSocketResponse, data: Json) -> None:
        wanted = {int(user_id) for user_id in data.get("user_ids") or ()}
        query = (data.get("query") or "").lower()
        members = [
            member.payload()
            for member in self._state.members.values()
            if (not wanted or member.user.id in wanted)
            and member.user.username.lower().startswith(query)
        ]
        chunk = {
            "guild_id": data["guild_id"],
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
            "presences": [],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self._send_dispatch_on(socket, "GUILD_MEMBERS_CHUNK", chunk)
