"""The double's core: its state, the record of the bot's requests, the gateway, and the cast
of people. The conversation helpers (messaging.py, interacting.py) build on it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .events import EventFactory
from .gateway import Gateway, GatewayFrame
from .guild import FakeChannel, FakeGuild, FakeUser
from .payloads import Json
from .records import ForumPost, RecordedRequest
from .request_log import BodyPredicate, PathPattern, RequestLog
from .state import DoubleState

ChannelRef = FakeChannel | ForumPost | int


class DoubleCore:
    """State, records and gateway of one double. Every wait gives up after `within` seconds
    (default: `timeout`) with an AssertionError that lists the bot's recent requests."""

    def __init__(self, *, guild: FakeGuild, token: str, timeout: float) -> None:
        self.guild = guild
        self.token = token
        self.timeout = timeout
        self._state = DoubleState(guild)
        self._log = RequestLog()
        self._events = EventFactory(self._state)
        self._gateway = Gateway(self._state, token)

    # the cast -------------------------------------------------------------------------------

    @property
    def bot_user(self) -> FakeUser:
        return self.guild.bot

    @property
    def member(self) -> FakeUser:
        return self.guild.member

    @property
    def moderator(self) -> FakeUser:
        return self.guild.moderator

    @property
    def trusted(self) -> FakeUser:
        return self.guild.trusted

    async def add_member(self, username: str, roles: Sequence[int] = ()) -> FakeUser:
        """A new person joins (GUILD_MEMBER_ADD if the bot is connected)."""
        user = self._state.add_member(username, roles)
        member = {**self._state.members[user.id].payload(), "guild_id": str(self.guild.id)}
        await self._gateway.dispatch_if_live("GUILD_MEMBER_ADD", member)
        return user

    def close_dms(self, user: FakeUser | None = None) -> None:
        """`user` (default: the member) accepts no direct messages from the bot: sending one
        fails with 403 / 50007, as on Discord."""
        self._state.closed_dms.add((user or self.member).id)

    def refuse_posts(self, channel_id: int) -> None:
        """The bot may not post in this channel: sending fails with 403 / 50013."""
        self._state.refused_channels.add(channel_id)

    def protect_message(self, message_id: int) -> None:
        """The bot may not delete this message (it lost Manage Messages there, say):
        deleting it fails with 403 / 50013 until `unprotect_message`."""
        self._state.undeletable.add(message_id)

    def unprotect_message(self, message_id: int) -> None:
        self._state.undeletable.discard(message_id)

    def dm_channel_id(self, user: FakeUser | None = None) -> int:
        """The id of the bot's DM channel with `user` (default: the member)."""
        return int(self._state.dm_channel_for(user or self.member)["id"])

    # what the double has seen -----------------------------------------------------------------

    @property
    def requests(self) -> tuple[RecordedRequest, ...]:
        return self._log.requests

    @property
    def gateway_frames(self) -> tuple[GatewayFrame, ...]:
        """Frames the bot sent on the gateway: IDENTIFY (op 2), RESUME (6), heartbeats (1)..."""
        return tuple(self._gateway.frames)

    @property
    def gateway_queries(self) -> tuple[dict[str, str], ...]:
        """The query of each gateway connection (`v`, `encoding`, `compress` as discord.py asks;
        the double never compresses, whatever it asks)."""
        return tuple(self._gateway.connect_queries)

    @property
    def handshakes(self) -> tuple[str, ...]:
        """One entry per gateway session the bot established: READY or RESUMED."""
        return self._gateway.handshakes

    @property
    def messages(self) -> Mapping[int, Json]:
        """Every message the double knows (people's and the bot's), by id, current content."""
        return self._state.messages

    def synced_commands(self, *, guild: bool = True) -> list[Json]:
        """The commands the bot last synced to the guild (or globally)."""
        return self._state.commands.get(self.guild.id if guild else None, [])

    def member_state(self, user: FakeUser) -> Json:
        """The member as Discord now stores it (roles, nick, communication_disabled_until)."""
        return self._state.members[user.id].payload()

    def requests_matching(
        self, method: str | None, path: PathPattern, *, body: BodyPredicate | None = None
    ) -> list[RecordedRequest]:
        """Recorded requests that match, without waiting or claiming."""
        return self._log.matching(method, path, body)

    async def wait_for_request(
        self,
        method: str | None,
        path: PathPattern,
        *,
        body: BodyPredicate | None = None,
        within: float | None = None,
    ) -> RecordedRequest:
        """The bot's next unclaimed request matching `method` and `path` (`{}` or `{name}` for
        one segment, or a compiled regex) and, if given, `body(json) -> bool`."""
        return await self._log.wait_for(method, path, body, within=within or self.timeout)

    # gateway ----------------------------------------------------------------------------------

    async def wait_until_connected(self, within: float | None = None) -> None:
        """Until the bot has a live session (READY and GUILD_CREATE, or RESUMED, sent)."""
        await self._gateway.wait_live(within=within or self.timeout)

    async def send_dispatch(self, event: str, data: Json) -> None:
        """Send any DISPATCH event (waits for a live session first)."""
        await self._gateway.dispatch(event, data, within=self.timeout)

    async def reconnect(self, *, resume: bool = True, within: float | None = None) -> str:
        """Drop the bot's connection as Discord does; returns "RESUMED" (close code 4000) or
        "READY" (resume=False: INVALID_SESSION, so the bot identifies again)."""
        return await self._gateway.reconnect(resume=resume, within=within or self.timeout)

    def _channel_for(self, person: FakeUser, channel: ChannelRef | None, *, dm: bool) -> int:
        """The DM channel with `person` when `dm`, else `channel` (default #general)."""
        return self.dm_channel_id(person) if dm else self._channel_id(channel)

    def _channel_id(self, channel: ChannelRef | None) -> int:
        if channel is None:
            return self.guild.general.id
        if isinstance(channel, FakeChannel | ForumPost):
            return channel.id
        return int(channel)
