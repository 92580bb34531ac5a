"""Channels, messages, threads, reactions, typing and DM channels."""

from __future__ import annotations

from .. import forum_tags, payloads
from ..payloads import Json
from ..rest import Call, Reply, Route, fail, no_content, ok
from .common import (
    CANNOT_DM,
    EMPTY_MESSAGE,
    MISSING_PERMISSIONS,
    NOT_TEXT_CHANNEL,
    THREAD_TYPES,
    UNKNOWN_CHANNEL,
    UNKNOWN_MESSAGE,
    UNKNOWN_USER,
    RouteGroup,
    error,
    is_empty,
)

_NO_MESSAGES_TYPES = (4, 15, 16)  # categories, forums and media channels hold threads only


class ChannelRoutes(RouteGroup):
    """Where the bot posts; a message to an unknown channel or into a forum is refused."""

    def table(self) -> list[Route]:
        return [
            Route("GET", "/channels/{channel_id}", self.get_channel),
            Route("PATCH", "/channels/{channel_id}", self.edit_channel),
            Route("GET", "/channels/{channel_id}/messages", self.list_messages),
            Route("POST", "/channels/{channel_id}/messages", self.create_message),
            Route(
                "GET PATCH DELETE",
                "/channels/{channel_id}/messages/{message_id}",
                self.channel_message,
            ),
            Route("POST", "/channels/{channel_id}/typing", self.acknowledge_in_channel),
            Route("POST", "/channels/{channel_id}/threads", self.create_thread),
            Route(
                "POST",
                "/channels/{channel_id}/messages/{message_id}/threads",
                self.create_thread_from_message,
            ),
            Route(
                "PUT DELETE",
                "/channels/{channel_id}/thread-members/{user_id}",
                self.acknowledge_in_channel,
            ),
            Route(
                "PUT DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{who}",
                self.react,
            ),
            Route("POST", "/users/@me/channels", self.create_dm),
        ]

    def _channel_message(self, call: Call) -> Json | None:
        message = self._state.messages.get(int(call.params["message_id"]))
        if message is None or message["channel_id"] != call.params["channel_id"]:
            return None
        return message

    async def get_channel(self, call: Call) -> Reply:
        channel = self._state.channel(int(call.params["channel_id"]))
        return ok(channel) if channel else error(UNKNOWN_CHANNEL)

    async def edit_channel(self, call: Call) -> Reply:
        channel = self._state.channel(int(call.params["channel_id"]))
        if channel is None:
            return error(UNKNOWN_CHANNEL)
        body = call.json or {}
        refused = self._edit_tags(channel, body)
        if refused is not None:
            return refused
        for key in ("name", "topic", "rate_limit_per_user", "flags"):
            if key in body:
                channel[key] = body[key]
        if channel["type"] in THREAD_TYPES:
            for key in ("archived", "locked", "auto_archive_duration"):
                if key in body:
                    channel["thread_metadata"][key] = body[key]
            await self._announce("THREAD_UPDATE", channel)
        else:
            await self._announce("CHANNEL_UPDATE", channel)
        return ok(channel)

    def _edit_tags(self, channel: Json, body: Json) -> Reply | None:
        """A forum's available tags or a post's applied tags, with Discord's rules (a
        refusal changes nothing)."""
        bot_id = self._state.guild.bot.id
        permissions = self._state.permissions_of(bot_id)
        if "available_tags" in body and channel["type"] in (15, 16):
            return forum_tags.edit_available_tags(
                channel, list(body["available_tags"] or []), permissions, self._state.new_id)
        if "applied_tags" in body and channel["type"] in THREAD_TYPES:
            forum = self._state.channels.get(int(channel["parent_id"]))
            return forum_tags.edit_applied_tags(
                channel, forum, list(body["applied_tags"] or []), bot_id, permissions)
        return None

    async def list_messages(self, call: Call) -> Reply:
        channel_id = call.params["channel_id"]
        if self._state.channel(int(channel_id)) is None:
            return error(UNKNOWN_CHANNEL)
        limit = int(call.query.get("limit", 50))
        before = int(call.query.get("before", 1 << 63))
        after = int(call.query.get("after", 0))
        history = [
            message
            for message in self._state.messages.values()
            if message["channel_id"] == channel_id and after < int(message["id"]) < before
        ]
        history.sort(key=lambda message: int(message["id"]), reverse=True)
        return ok(history[:limit])

    async def create_message(self, call: Call) -> Reply:
        channel_id = int(call.params["channel_id"])
        channel = self._state.channel(channel_id)
        if channel is None:
            return error(UNKNOWN_CHANNEL)
        if channel["type"] in _NO_MESSAGES_TYPES:
            return error(NOT_TEXT_CHANNEL)
        if channel["type"] == 1 and int(channel["recipients"][0]["id"]) in self._state.closed_dms:
            return error(CANNOT_DM)
        if channel_id in self._state.refused_channels:
            return error(MISSING_PERMISSIONS)
        body = call.json or {}
        if is_empty(body, call.files):
            return error(EMPTY_MESSAGE)
        extra: Json = {}
        reference = body.get("message_reference")
        if reference:
            referenced = self._state.messages.get(int(reference["message_id"]))
            extra = {
                "type": 19,
                "message_reference": {"type": 0, "channel_id": str(channel_id), **reference},
                "referenced_message": referenced,
            }
        message = self._state.bot_message(
            channel_id=channel_id, body=body, files=call.files, extra=extra
        )
        if channel["type"] in THREAD_TYPES:
            channel["message_count"] += 1
            channel["total_message_sent"] += 1
        await self._announce_message("MESSAGE_CREATE", message)
        return ok(message)

    async def channel_message(self, call: Call) -> Reply:
        message = self._channel_message(call)
        if message is None:
            return error(UNKNOWN_MESSAGE)
        if call.method == "GET":
            return ok(message)
        if call.method == "DELETE":
            return await self._delete_message(message)
        if message["author"]["id"] != str(self._state.guild.bot.id):
            return fail(403, 50005, "Cannot edit a message authored by another user")
        self._state.apply_edit(message, call.json or {}, call.files)
        await self._announce_message("MESSAGE_UPDATE", message)
        return ok(message)

    async def acknowledge_in_channel(self, call: Call) -> Reply:
        if self._state.channel(int(call.params["channel_id"])) is None:
            return error(UNKNOWN_CHANNEL)
        return no_content()

    async def react(self, call: Call) -> Reply:
        return no_content() if self._channel_message(call) else error(UNKNOWN_MESSAGE)

    async def create_dm(self, call: Call) -> Reply:
        user = self._state.users.get(int((call.json or {}).get("recipient_id", 0)))
        if user is None:
            return error(UNKNOWN_USER)
        return ok(self._state.dm_channel_for(user))

    async def _announce_new_thread(self, thread: Json) -> None:
        bot_membership = {
            "id": thread["id"],
            "user_id": str(self._state.guild.bot.id),
            "join_timestamp": payloads.now_iso(),
            "flags": 0,
        }
        await self._announce(
            "THREAD_CREATE", {**thread, "newly_created": True, "member": bot_membership}
        )

    async def create_thread(self, call: Call) -> Reply:
        parent_id = int(call.params["channel_id"])
        parent = self._state.channels.get(parent_id)
        if parent is None:
            return error(UNKNOWN_CHANNEL)
        body = call.json or {}
        is_forum = parent["type"] in (15, 16)
        starter = body.get("message") or {}
        if is_forum and is_empty(starter, call.files):
            return error(EMPTY_MESSAGE)
        thread_id = self._state.new_id()
        thread = self._state.add_thread(
            thread_id=thread_id,
            parent_id=parent_id,
            owner_id=self._state.guild.bot.id,
            name=body["name"],
            thread_type=11 if is_forum else int(body.get("type", 11)),
            applied_tags=[int(tag) for tag in body.get("applied_tags") or []],
            message_count=1 if is_forum else 0,
        )
        await self._announce_new_thread(thread)
        if not is_forum:
            return ok(thread)
        message = self._state.bot_message(
            channel_id=thread_id, body=starter, files=call.files, message_id=thread_id
        )
        await self._announce_message("MESSAGE_CREATE", message)
        return ok({**thread, "message": message})

    async def create_thread_from_message(self, call: Call) -> Reply:
        message = self._channel_message(call)
        if message is None:
            return error(UNKNOWN_MESSAGE)
        body = call.json or {}
        thread = self._state.add_thread(
            thread_id=int(message["id"]),
            parent_id=int(call.params["channel_id"]),
            owner_id=self._state.guild.bot.id,
            name=body["name"],
        )
        message["thread"] = thread
        await self._announce_new_thread(thread)
        return ok(thread)
