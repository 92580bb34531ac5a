"""The double's memory of the world: members, channels, threads, DMs, messages, synced commands
and open interactions. REST handlers and the event builders read and change it."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import payloads
from .guild import FakeGuild, FakeUser
from .payloads import EPHEMERAL, Json
from .records import RecordedFile

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


@dataclass
class MemberState:
    """A member's mutable guild profile (roles, nickname, timeout)."""

    user: FakeUser
    role_ids: list[int]
    nick: str | None = None
    communication_disabled_until: str | None = None

    def payload(self, *, with_user: bool = True, permissions: int | None = None) -> Json:
        return payloads.member_payload(
            self.user,
            role_ids=self.role_ids,
            nick=self.nick,
            communication_disabled_until=self.communication_disabled_until,
            permissions=permissions,
            with_user=with_user,
        )


@dataclass
class InteractionRecord:
    """An interaction the double sent, and how far the bot got in answering it."""

    id: int
    token: str
    payload: Json
    channel_id: int
    guild_id: int | None
    user: FakeUser
    source_message_id: int | None = None
    response_type: int | None = None
    original_message_id: int | None = None
    awaiting_first_followup: bool = False
    deferred_flags: int = 0


@dataclass
class DoubleState:
    """Mutable state behind the REST routes and the gateway events."""

    guild: FakeGuild
    users: dict[int, FakeUser] = field(default_factory=dict)
    members: dict[int, MemberState] = field(default_factory=dict)
    channels: dict[int, Json] = field(default_factory=dict)
    dm_channels: dict[int, Json] = field(default_factory=dict)
    messages: dict[int, Json] = field(default_factory=dict)
    commands: dict[int | None, list[Json]] = field(default_factory=dict)
    interactions: dict[str, InteractionRecord] = field(default_factory=dict)
    closed_dms: set[int] = field(default_factory=set)  # users who accept no DMs from the bot
    refused_channels: set[int] = field(default_factory=set)  # the bot may not post there
    undeletable: set[int] = field(default_factory=set)  # messages the bot may not delete
    _command_ids: dict[tuple[int | None, str, int], int] = field(default_factory=dict)
    _last_snowflake: int = 0

    def __post_init__(self) -> None:
        for user in self.guild.members:
            self.users[user.id] = user
            self.members[user.id] = MemberState(user, list(user.role_ids))
        for channel in self.guild.channels:
            self.channels[channel.id] = payloads.channel_payload(channel, self.guild.id)

    # ids -----------------------------------------------------------------------------------

    def new_id(self) -> int:
        """A fresh snowflake, increasing even within one millisecond."""
        candidate = payloads.snowflake_at(int(time.time() * 1000), 0)
        self._last_snowflake = max(candidate, self._last_snowflake + 1)
        return self._last_snowflake

    def command_id(self, guild_id: int | None, name: str, command_type: int) -> int:
        """Commands keep their id across re-syncs, as on Discord."""
        key = (guild_id, name, command_type)
        if key not in self._command_ids:
            self._command_ids[key] = self.new_id()
        return self._command_ids[key]

    # people --------------------------------------------------------------------------------

    def add_member(self, username: str, role_ids: Iterable[int] = ()) -> FakeUser:
        user = FakeUser(self.new_id(), username, tuple(role_ids))
        self.users[user.id] = user
        self.members[user.id] = MemberState(user, list(user.role_ids))
        return user

    def permissions_of(self, user_id: int) -> int:
        member = self.members.get(user_id)
        role_ids = member.role_ids if member else ()
        value = self.guild.everyone_role.permissions
        for role in self.guild.roles:
            if role.id in role_ids:
                value |= role.permissions
        return value

    def member_payloads(self) -> list[Json]:
        return [member.payload() for member in self.members.values()]

    # channels ------------------------------------------------------------------------------

    def channel(self, channel_id: int) -> Json | None:
        """A guild channel, thread or DM channel by id."""
        if channel_id in self.channels:
            return self.channels[channel_id]
        for dm in self.dm_channels.values():
            if int(dm["id"]) == channel_id:
                return dm
        return None

    def guild_id_of(self, channel_id: int) -> int | None:
        return self.guild.id if channel_id in self.channels else None

    def threads(self) -> list[Json]:
        return [c for c in self.channels.values() if c["type"] in (10, 11, 12)]

    def dm_channel_for(self, user: FakeUser) -> Json:
        """The bot's DM channel with `user`, the same one on every call."""
        if user.id not in self.dm_channels:
            self.users.setdefault(user.id, user)
            self.dm_channels[user.id] = payloads.dm_channel_payload(self.new_id(), user)
        return self.dm_channels[user.id]

    def add_thread(
        self,
        *,
        thread_id: int,
        parent_id: int,
        owner_id: int,
        name: str,
        thread_type: int = 11,
        applied_tags: Iterable[int] = (),
        message_count: int = 0,
    ) -> Json:
        thread = payloads.thread_payload(
            thread_id=thread_id,
            guild_id=self.guild.id,
            parent_id=parent_id,
            owner_id=owner_id,
            name=name,
            thread_type=thread_type,
            applied_tags=applied_tags,
            message_count=message_count,
        )
        self.channels[thread_id] = thread
        return thread

    # messages ------------------------------------------------------------------------------

    def user_message(
        self,
        *,
        channel_id: int,
        author: FakeUser,
        content: str,
        mentions: Iterable[FakeUser] = (),
        message_id: int | None = None,
        extra: Json | None = None,
    ) -> Json:
        """A message a person sends, with the `member` fields Discord adds in a guild. Users and
        roles written as `<@id>` / `<@&id>` in `content` are mentioned, as on Discord."""
        guild_id = self.guild_id_of(channel_id)
        mentioned_ids = dict.fromkeys(
            [user.id for user in mentions] + [int(i) for i in _USER_MENTION.findall(content)]
        )
        mention_payloads = []
        for user_id in mentioned_ids:
            if user_id not in self.users:
                continue
            mention = payloads.user_payload(self.users[user_id])
            if guild_id is not None and user_id in self.members:
                mention["member"] = self.members[user_id].payload(with_user=False)
            mention_payloads.append(mention)
        member = self.members.get(author.id)
        message = payloads.message_payload(
            message_id=message_id or self.new_id(),
            channel_id=channel_id,
            author=author,
            content=content,
            guild_id=guild_id,
            member=member.payload(with_user=False) if guild_id and member else None,
            mentions=mention_payloads,
            mention_role_ids=[int(i) for i in _ROLE_MENTION.findall(content)] if guild_id else (),
            extra=extra,
        )
        self.messages[int(message["id"])] = message
        return message

    def bot_message(
        self,
        *,
        channel_id: int,
        body: Json,
        files: tuple[RecordedFile, ...] = (),
        message_id: int | None = None,
        flags: int = 0,
        extra: Json | None = None,
    ) -> Json:
        """A message the bot sends, built from its request body and stored."""
        message = payloads.message_payload(
            message_id=message_id or self.new_id(),
            channel_id=channel_id,
            author=self.guild.bot,
            guild_id=self.guild_id_of(channel_id),
            flags=flags,
            extra=extra,
        )
        self.apply_edit(message, body, files)
        message["edited_timestamp"] = None
        self.messages[int(message["id"])] = message
        return message

    def apply_edit(self, message: Json, body: Json, files: tuple[RecordedFile, ...] = ()) -> None:
        """Apply a create/edit body; the ephemeral bit of a message never changes."""
        for key in ("content", "embeds", "components", "tts", "poll"):
            if key in body and body[key] is not None:
                message[key] = body[key]
        if "content" in body and body["content"] is None:  # as Discord does: null clears it
            message["content"] = ""
        if "flags" in body and body["flags"] is not None:
            message["flags"] = (int(body["flags"]) & ~EPHEMERAL) | (message["flags"] & EPHEMERAL)
        if "attachments" in body or files:
            kept = {a["id"]: a for a in message.get("attachments", [])}
            listed = [str(a.get("id")) for a in body.get("attachments") or []]
            message["attachments"] = [kept[i] for i in listed if i in kept] + [
                payloads.attachment_payload(self.new_id(), f.filename, f.content_type, len(f.data))
                for f in files
            ]
        message["edited_timestamp"] = payloads.now_iso()

    def new_interaction(
        self,
        *,
        payload_without_ids: Json,
        channel_id: int,
        user: FakeUser,
        source_message_id: int | None = None,
    ) -> Json:
        """Give an interaction its id and token and remember it for the callback routes."""
        interaction_id = self.new_id()
        token = f"aW50ZXJhY3Rpb246{interaction_id}.{secrets.token_urlsafe(24)}"
        payload = {"id": str(interaction_id), "token": token, **payload_without_ids}
        self.interactions[token] = InteractionRecord(
            id=interaction_id,
            token=token,
            payload=payload,
            channel_id=channel_id,
            guild_id=self.guild_id_of(channel_id),
            user=user,
            source_message_id=source_message_id,
        )
        return payload
