"""`DiscordDouble`: a local Discord on one port, REST under `/api/v10` and the gateway at
`/gateway`, with a test-facing API that reads like a conversation.

    result = await double.run_slash("ask", {"question": "Why do my legs stop working?"})
    assert result.response_type == 5 and "screening" in result.message.text
    thanks = await double.click(result.message, label="Helpful")
"""

from __future__ import annotations

import re
import socket
from collections.abc import Mapping, Sequence
from types import TracebackType

from aiohttp import web

from .connections import ClosingAwareServer
from .events import EventFactory, OptionValue
from .gateway import Gateway, GatewayFrame
from .guild import FakeChannel, FakeGuild, FakeUser, default_guild
from .payloads import Json
from .records import (
    BotMessage,
    ForumPost,
    InteractionResult,
    Modal,
    RecordedRequest,
    find_component,
)
from .request_log import BodyPredicate, PathPattern, RequestLog
from .rest import API_PREFIX, RestServer
from .routes import Routes
from .state import DoubleState

DEFAULT_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.double.local-discord-token"

ChannelRef = FakeChannel | ForumPost | int
InteractionRef = InteractionResult | Json
MessageRef = BotMessage | int


class DiscordDouble:
    """A fake Discord for end-to-end tests of the real discord.py client.

    Every wait gives up after `within` seconds (default: the double's `timeout`) and raises an
    AssertionError that lists the bot's recent requests when nothing matching arrives.
    """

    def __init__(
        self, *, guild: FakeGuild | None = None, token: str = DEFAULT_TOKEN, timeout: float = 5.0
    ) -> None:
        self.guild = guild or default_guild()
        self.token = token
        self.timeout = timeout
        self._state = DoubleState(self.guild)
        self._log = RequestLog()
        self._events = EventFactory(self._state)
        self._gateway = Gateway(self._state, token, lambda: self.gateway_url)
        self._runner: web.ServerRunner | None = None
        self._rest: RestServer | None = None
        self._port = 0

    # lifecycle ------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1") -> None:
        """Listen on a free port of `host`."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind((host, 0))
        self._port = listener.getsockname()[1]
        routes = Routes(self._state, self._gateway.dispatch_if_live, self.gateway_url)
        server = ClosingAwareServer(self._serve)
        self._rest = RestServer(
            routes.table(),
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
    def handshakes(self) -> tuple[str, ...]:
        """ "READY"/"RESUMED" per gateway session the bot established."""
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

    # people talking ---------------------------------------------------------------------------

    def _channel_id(self, channel: ChannelRef | None) -> int:
        if channel is None:
            return self.guild.general.id
        if isinstance(channel, FakeChannel | ForumPost):
            return channel.id
        return int(channel)

    def message_create(
        self,
        content: str,
        *,
        author: FakeUser | None = None,
        channel: ChannelRef | None = None,
        dm: bool = False,
        mentions: Sequence[FakeUser] = (),
        reply_to: MessageRef | Json | None = None,
    ) -> Json:
        """A person's MESSAGE_CREATE payload (not sent): in `channel` (default #general), or in
        the author's DM with the bot when `dm=True`."""
        author = author or self.member
        channel_id = self.dm_channel_id(author) if dm else self._channel_id(channel)
        return self._events.message_create(
            content,
            author=author,
            channel_id=channel_id,
            mentions=mentions,
            reply_to=_message_id(reply_to) if reply_to is not None else None,
        )

    async def send_message(
        self,
        content: str,
        *,
        author: FakeUser | None = None,
        channel: ChannelRef | None = None,
        dm: bool = False,
        mentions: Sequence[FakeUser] = (),
        reply_to: MessageRef | Json | None = None,
    ) -> Json:
        """A person says `content`; returns the MESSAGE_CREATE payload sent."""
        message = self.message_create(
            content, author=author, channel=channel, dm=dm, mentions=mentions, reply_to=reply_to
        )
        await self.send_dispatch("MESSAGE_CREATE", message)
        return message

    async def send_dm(self, content: str, *, author: FakeUser | None = None) -> Json:
        return await self.send_message(content, author=author, dm=True)

    def thread_create(
        self,
        title: str,
        content: str,
        *,
        author: FakeUser | None = None,
        forum: FakeChannel | None = None,
        tags: Sequence[str] = (),
    ) -> ForumPost:
        """A forum post's THREAD_CREATE and starter MESSAGE_CREATE payloads (not sent)."""
        forum = forum or self.guild.help_forum
        tag_ids = dict((name, tag_id) for tag_id, name in forum.available_tags)
        thread, message = self._events.thread_create(
            title,
            content,
            author=author or self.member,
            forum_id=forum.id,
            tag_ids=[tag_ids[tag] for tag in tags],
        )
        return ForumPost(thread, message)

    async def forum_post(
        self,
        title: str,
        content: str,
        *,
        author: FakeUser | None = None,
        forum: FakeChannel | None = None,
        tags: Sequence[str] = (),
    ) -> ForumPost:
        """A person opens a post in the help forum (by tag names): THREAD_CREATE, then the
        starter message, in Discord's order."""
        post = self.thread_create(title, content, author=author, forum=forum, tags=tags)
        await self.send_dispatch("THREAD_CREATE", post.thread)
        await self.send_dispatch("MESSAGE_CREATE", post.message)
        return post

    async def next_bot_message(
        self, channel: ChannelRef | None = None, *, within: float | None = None
    ) -> BotMessage:
        """The bot's next message posted with POST /channels/{id}/messages (in `channel`, or
        anywhere when None), e.g. a reply, a thread answer, a mod-log alert."""
        where = self._channel_id(channel) if channel else "{}"
        path = f"/channels/{where}/messages"
        request = await self._log.wait_for(
            "POST", path, within=within or self.timeout, successful=True
        )
        return BotMessage(request.response, request)

    async def next_dm(
        self, user: FakeUser | None = None, *, within: float | None = None
    ) -> BotMessage:
        """The bot's next direct message to `user` (default: the member)."""
        return await self.next_bot_message(self.dm_channel_id(user), within=within)

    # interactions: payloads -------------------------------------------------------------------

    def interaction_slash(
        self,
        name: str,
        options: Mapping[str, OptionValue] | None = None,
        *,
        user: FakeUser | None = None,
        channel: ChannelRef | None = None,
        dm: bool = False,
    ) -> Json:
        """INTERACTION_CREATE type 2 for a synced command (not sent). `name` may include
        subcommands ("profile set"); users, channels and roles as options are resolved."""
        user = user or self.member
        channel_id = self.dm_channel_id(user) if dm else self._channel_id(channel)
        return self._events.slash(name, options, user=user, channel_id=channel_id)

    def interaction_component(
        self,
        custom_id: str,
        message_id: int,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        user: FakeUser | None = None,
    ) -> Json:
        """INTERACTION_CREATE type 3 on the stored message `message_id` (not sent)."""
        return self._events.component(
            custom_id,
            message_id,
            user=user or self.member,
            component_type=component_type,
            values=values,
        )

    def interaction_modal_submit(
        self,
        custom_id: str,
        fields: Mapping[str, str | Sequence[str]],
        *,
        user: FakeUser | None = None,
        channel: ChannelRef | None = None,
        message_id: int | None = None,
    ) -> Json:
        """INTERACTION_CREATE type 5; `fields` by input custom_id (not sent)."""
        return self._events.modal_submit(
            custom_id,
            fields,
            user=user or self.member,
            channel_id=self._channel_id(channel),
            message_id=message_id,
        )

    async def send_interaction(self, interaction: Json) -> None:
        await self.send_dispatch("INTERACTION_CREATE", interaction)

    # interactions: waiting for the bot --------------------------------------------------------

    def _webhook_path(self, interaction: InteractionRef) -> str:
        token = re.escape(_payload_of(interaction)["token"])
        return f"/webhooks/{self.guild.application_id}/{token}"

    async def wait_for_callback(
        self, interaction: InteractionRef, *, within: float | None = None
    ) -> RecordedRequest:
        """The bot's accepted initial response (POST /interactions/{id}/{token}/callback)."""
        payload = _payload_of(interaction)
        path = re.compile(re.escape(f"/interactions/{payload['id']}/{payload['token']}/callback"))
        return await self._log.wait_for(
            "POST", path, within=within or self.timeout, successful=True
        )

    async def next_followup(
        self, interaction: InteractionRef, *, within: float | None = None
    ) -> BotMessage:
        """The bot's next follow-up message (POST /webhooks/{app}/{token})."""
        request = await self._log.wait_for(
            "POST",
            re.compile(self._webhook_path(interaction)),
            within=within or self.timeout,
            successful=True,
        )
        return BotMessage(request.response, request)

    async def next_original_edit(
        self, interaction: InteractionRef, *, within: float | None = None
    ) -> BotMessage:
        """The bot's next edit of its original response (PATCH .../messages/@original)."""
        request = await self._log.wait_for(
            "PATCH",
            re.compile(self._webhook_path(interaction) + "/messages/@original"),
            within=within or self.timeout,
            successful=True,
        )
        return BotMessage(request.response, request)

    async def interaction_result(
        self, interaction: Json, *, within: float | None = None
    ) -> InteractionResult:
        """Wait for how the bot answers `interaction` (see `InteractionResult`)."""
        callback = await self.wait_for_callback(interaction, within=within)
        response_type = int(callback.json["type"])
        resource = callback.response["resource"]
        message: BotMessage | None = None
        modal: Modal | None = None
        if response_type in (4, 7) and "message" in resource:
            message = BotMessage(resource["message"], callback)
        elif response_type == 5:
            request = await self._log.wait_for(
                ("POST", "PATCH"),
                re.compile(self._webhook_path(interaction) + "(/messages/@original)?"),
                within=within or self.timeout,
                successful=True,
            )
            message = BotMessage(request.response, request)
        elif response_type == 9:
            modal = Modal.from_callback(callback.json["data"], interaction)
        return InteractionResult(interaction, callback, message, modal)

    async def run_slash(
        self,
        name: str,
        options: Mapping[str, OptionValue] | None = None,
        *,
        user: FakeUser | None = None,
        channel: ChannelRef | None = None,
        dm: bool = False,
        within: float | None = None,
    ) -> InteractionResult:
        """A person runs `/name options...`; returns once they see the bot's answer."""
        interaction = self.interaction_slash(name, options, user=user, channel=channel, dm=dm)
        await self.send_interaction(interaction)
        return await self.interaction_result(interaction, within=within)

    def _current_message(self, message: MessageRef) -> Json:
        message_id = _message_id(message)
        if message_id not in self._state.messages:
            raise LookupError(f"message {message_id} is gone (deleted, or never sent)")
        return self._state.messages[message_id]

    async def click(
        self,
        message: MessageRef,
        *,
        label: str | None = None,
        custom_id: str | None = None,
        user: FakeUser | None = None,
        within: float | None = None,
    ) -> InteractionResult:
        """A person clicks the button with `label` (or `custom_id`) on the message as it is now."""
        current = self._current_message(message)
        button = find_component(current, label=label, custom_id=custom_id)
        if button.get("disabled"):
            raise ValueError(f"button {button.get('label')!r} is disabled")
        if "custom_id" not in button:
            raise ValueError(f"button {button.get('label')!r} is a link, not a bot button")
        interaction = self.interaction_component(
            button["custom_id"], int(current["id"]), component_type=button["type"], user=user
        )
        await self.send_interaction(interaction)
        return await self.interaction_result(interaction, within=within)

    async def select(
        self,
        message: MessageRef,
        values: Sequence[str],
        *,
        placeholder: str | None = None,
        custom_id: str | None = None,
        user: FakeUser | None = None,
        within: float | None = None,
    ) -> InteractionResult:
        """A person picks `values` (option values) in a string select on the message."""
        current = self._current_message(message)
        menu = find_component(current, label=placeholder, custom_id=custom_id)
        offered = {option["value"] for option in menu.get("options") or ()}
        if menu["type"] == 3 and not set(values) <= offered:
            raise ValueError(f"values {sorted(set(values) - offered)} are not offered")
        interaction = self.interaction_component(
            menu["custom_id"],
            int(current["id"]),
            component_type=menu["type"],
            values=values,
            user=user,
        )
        await self.send_interaction(interaction)
        return await self.interaction_result(interaction, within=within)

    async def submit_modal(
        self,
        modal: Modal | InteractionResult,
        values: Mapping[str, str | Sequence[str]],
        *,
        user: FakeUser | None = None,
        within: float | None = None,
    ) -> InteractionResult:
        """A person fills in the modal the bot opened (fields by label or custom_id) and submits.
        Omitted optional fields are sent empty; an omitted required one is an error."""
        if isinstance(modal, InteractionResult):
            if modal.modal is None:
                raise ValueError(f"the bot answered with type {modal.response_type}, not a modal")
            modal = modal.modal
        by_id = {modal.field(key).custom_id: value for key, value in values.items()}
        for field in modal.fields:
            if field.custom_id not in by_id:
                if field.required:
                    raise ValueError(f"required field {field.label!r} left empty")
                by_id[field.custom_id] = "" if field.type == 4 else []
        opener = modal.interaction
        source = opener.get("message")
        interaction = self._events.modal_submit(
            modal.custom_id,
            by_id,
            user=user or self._state.interactions[opener["token"]].user,
            channel_id=int(opener["channel_id"]),
            message_id=int(source["id"]) if source else None,
            modal=modal,
        )
        await self.send_interaction(interaction)
        return await self.interaction_result(interaction, within=within)


def _message_id(message: MessageRef | Json) -> int:
    if isinstance(message, BotMessage):
        return message.id
    if isinstance(message, dict):
        return int(message["id"])
    return int(message)


def _payload_of(interaction: InteractionRef) -> Json:
    if isinstance(interaction, InteractionResult):
        return interaction.interaction
    return interaction
