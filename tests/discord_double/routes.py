"""The REST routes the bot uses, answered from the double's state.

Where Discord would reject a call (unknown channel, a second interaction response, an empty
message, a message in a forum), the double rejects it with Discord's error code, so a bug in the
bot fails the test instead of passing silently. Changes the bot makes are echoed on the gateway
(MESSAGE_CREATE for its own messages, too), as Discord does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from . import payloads
from .payloads import EPHEMERAL, LOADING, Json
from .records import RecordedFile
from .rest import Call, Reply, Route, fail, no_content, ok
from .state import DoubleState, InteractionRecord

Announce = Callable[[str, Json], Awaitable[None]]

_THREAD_TYPES = (10, 11, 12)
_NO_MESSAGES_TYPES = (4, 15, 16)
_MESSAGE_BODY_KEYS = ("content", "embeds", "components", "poll", "sticker_ids", "attachments")

UNKNOWN_CHANNEL = (404, 10003, "Unknown Channel")
UNKNOWN_GUILD = (404, 10004, "Unknown Guild")
UNKNOWN_MEMBER = (404, 10007, "Unknown Member")
UNKNOWN_MESSAGE = (404, 10008, "Unknown Message")
UNKNOWN_USER = (404, 10013, "Unknown User")
UNKNOWN_WEBHOOK = (404, 10015, "Unknown Webhook")
UNKNOWN_INTERACTION = (404, 10062, "Unknown interaction")
ALREADY_ACKNOWLEDGED = (400, 40060, "Interaction has already been acknowledged.")
EMPTY_MESSAGE = (400, 50006, "Cannot send an empty message")
NOT_TEXT_CHANNEL = (400, 50008, "Cannot send messages in a non-text channel")


def _error(error: tuple[int, int, str]) -> Reply:
    return fail(*error)


def _is_empty(body: Json, files: tuple[RecordedFile, ...]) -> bool:
    return not files and not any(body.get(key) for key in _MESSAGE_BODY_KEYS)


class Routes:
    """Route handlers over one `DoubleState`; `table()` lists them for the REST server."""

    def __init__(self, state: DoubleState, announce: Announce, gateway_url: str) -> None:
        self._state = state
        self._announce = announce
        self._gateway_url = gateway_url

    def table(self) -> list[Route]:
        return [
            Route("GET", "/users/@me", self.get_me),
            Route("GET", "/oauth2/applications/@me", self.get_application),
            Route("GET", "/applications/@me", self.get_application),
            Route("GET", "/gateway", self.get_gateway, authorized=False),
            Route("GET", "/gateway/bot", self.get_gateway_bot),
            Route("GET", "/users/{user_id}", self.get_user),
            Route("POST", "/users/@me/channels", self.create_dm),
            Route("PUT", "/applications/{app_id}/commands", self.put_commands),
            Route("GET", "/applications/{app_id}/commands", self.get_commands),
            Route("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self.put_commands),
            Route("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self.get_commands),
            Route(
                "POST",
                "/interactions/{interaction_id}/{token}/callback",
                self.interaction_callback,
                authorized=False,
            ),
            Route("POST", "/webhooks/{app_id}/{token}", self.execute_webhook, authorized=False),
            *(
                Route(
                    method,
                    "/webhooks/{app_id}/{token}/messages/{message_id}",
                    self.webhook_message,
                    authorized=False,
                )
                for method in ("GET", "PATCH", "DELETE")
            ),
            Route("GET", "/channels/{channel_id}", self.get_channel),
            Route("PATCH", "/channels/{channel_id}", self.edit_channel),
            Route("GET", "/channels/{channel_id}/messages", self.list_messages),
            Route("POST", "/channels/{channel_id}/messages", self.create_message),
            *(
                Route(method, "/channels/{channel_id}/messages/{message_id}", self.channel_message)
                for method in ("GET", "PATCH", "DELETE")
            ),
            Route("POST", "/channels/{channel_id}/typing", self.acknowledge_in_channel),
            Route("POST", "/channels/{channel_id}/threads", self.create_thread),
            Route(
                "POST",
                "/channels/{channel_id}/messages/{message_id}/threads",
                self.create_thread_from_message,
            ),
            *(
                Route(
                    method,
                    "/channels/{channel_id}/thread-members/{user_id}",
                    self.acknowledge_in_channel,
                )
                for method in ("PUT", "DELETE")
            ),
            *(
                Route(
                    method,
                    "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{who}",
                    self.react,
                )
                for method in ("PUT", "DELETE")
            ),
            Route("GET", "/guilds/{guild_id}", self.get_guild),
            Route("GET", "/guilds/{guild_id}/channels", self.get_guild_channels),
            *(
                Route(method, "/guilds/{guild_id}/members/{user_id}", self.guild_member)
                for method in ("GET", "PATCH", "DELETE")
            ),
            *(
                Route(
                    method, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.member_role
                )
                for method in ("PUT", "DELETE")
            ),
            Route("PUT", "/guilds/{guild_id}/bans/{user_id}", self.ban),
        ]

    # login -----------------------------------------------------------------------------------

    async def get_me(self, call: Call) -> Reply:
        return ok(payloads.bot_user_payload(self._state.guild.bot))

    async def get_application(self, call: Call) -> Reply:
        return ok(payloads.application_payload(self._state.guild))

    async def get_gateway(self, call: Call) -> Reply:
        return ok({"url": self._gateway_url})

    async def get_gateway_bot(self, call: Call) -> Reply:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return ok({"url": self._gateway_url, "shards": 1, "session_start_limit": limit})

    async def get_user(self, call: Call) -> Reply:
        user = self._state.users.get(int(call.params["user_id"]))
        return ok(payloads.user_payload(user)) if user else _error(UNKNOWN_USER)

    # application commands ---------------------------------------------------------------------

    async def put_commands(self, call: Call) -> Reply:
        if int(call.params["app_id"]) != self._state.guild.application_id:
            return fail(403, 50001, "Missing Access")
        guild_id = int(call.params["guild_id"]) if "guild_id" in call.params else None
        synced = [self._registered_command(command, guild_id) for command in call.json or []]
        self._state.commands[guild_id] = synced
        return ok(synced)

    def _registered_command(self, command: Json, guild_id: int | None) -> Json:
        command_type = int(command.get("type", 1))
        registered = {
            "type": command_type,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "dm_permission": True,
            "nsfw": False,
            **command,
            "id": str(self._state.command_id(guild_id, command["name"], command_type)),
            "application_id": str(self._state.guild.application_id),
            "version": str(self._state.new_id()),
        }
        if guild_id is not None:
            registered["guild_id"] = str(guild_id)
        return registered

    async def get_commands(self, call: Call) -> Reply:
        guild_id = int(call.params["guild_id"]) if "guild_id" in call.params else None
        return ok(self._state.commands.get(guild_id, []))

    # interactions -----------------------------------------------------------------------------

    def _interaction(self, call: Call) -> InteractionRecord | None:
        return self._state.interactions.get(call.params["token"])

    def _interaction_extra(self, record: InteractionRecord) -> Json:
        """The fields Discord puts on messages that answer an interaction."""
        app_id = str(self._state.guild.application_id)
        metadata: Json = {
            "id": str(record.id),
            "type": record.payload["type"],
            "user": payloads.user_payload(record.user),
            "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
        }
        if record.source_message_id is not None:
            metadata["interacted_message_id"] = str(record.source_message_id)
        slash = record.payload["type"] == 2
        return {
            "webhook_id": app_id,
            "application_id": app_id,
            "interaction_metadata": metadata,
            "type": 20 if slash else 0,
        }

    async def interaction_callback(self, call: Call) -> Reply:
        record = self._interaction(call)
        if record is None or str(record.id) != call.params["interaction_id"]:
            return _error(UNKNOWN_INTERACTION)
        if record.response_type is not None:
            return _error(ALREADY_ACKNOWLEDGED)
        body = call.json or {}
        response_type = int(body["type"])
        data = body.get("data") or {}
        flags = int(data.get("flags") or 0)
        record.response_type = response_type
        message: Json | None = None
        if response_type == 4:
            if _is_empty(data, call.files):
                record.response_type = None
                return _error(EMPTY_MESSAGE)
            message = self._state.bot_message(
                channel_id=record.channel_id,
                body=data,
                files=call.files,
                flags=flags,
                extra=self._interaction_extra(record),
            )
            await self._announce_message("MESSAGE_CREATE", message)
        elif response_type == 5:
            message = self._state.bot_message(
                channel_id=record.channel_id,
                body={},
                flags=LOADING | (flags & EPHEMERAL),
                extra=self._interaction_extra(record),
            )
            record.awaiting_first_followup = True
            await self._announce_message("MESSAGE_CREATE", message)
        elif response_type in (6, 7) and record.source_message_id is not None:
            message = self._state.messages.get(record.source_message_id)
            if message is not None and response_type == 7:
                self._state.apply_edit(message, data, call.files)
                await self._announce_message("MESSAGE_UPDATE", message)
        if message is not None:
            record.original_message_id = int(message["id"])
        return ok(self._callback_response(record, response_type, message))

    @staticmethod
    def _callback_response(
        record: InteractionRecord, response_type: int, message: Json | None
    ) -> Json:
        """The InteractionCallbackResponse discord.py 2.7 parses (it always asks with_response)."""
        flags = int(message["flags"]) if message else 0
        interaction: Json = {
            "id": str(record.id),
            "type": record.payload["type"],
            "response_message_loading": bool(flags & LOADING),
            "response_message_ephemeral": bool(flags & EPHEMERAL),
        }
        resource: Json = {"type": response_type}
        if message is not None and response_type in (4, 5, 7):
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        return {"interaction": interaction, "resource": resource}

    async def execute_webhook(self, call: Call) -> Reply:
        record = self._interaction(call)
        if (
            record is None
            or record.response_type is None
            or int(call.params["app_id"]) != self._state.guild.application_id
        ):
            return _error(UNKNOWN_WEBHOOK)
        body = call.json or {}
        if _is_empty(body, call.files):
            return _error(EMPTY_MESSAGE)
        if record.awaiting_first_followup and record.original_message_id is not None:
            # Discord turns the "thinking..." message into the first follow-up (keeping the
            # deferral's ephemeral flag) rather than posting a second message.
            message = self._state.messages[record.original_message_id]
            self._state.apply_edit(message, body, call.files)
            message["flags"] &= ~LOADING
            record.awaiting_first_followup = False
            await self._announce_message("MESSAGE_UPDATE", message)
        else:
            thread_id = call.query.get("thread_id")
            message = self._state.bot_message(
                channel_id=int(thread_id) if thread_id else record.channel_id,
                body=body,
                files=call.files,
                flags=int(body.get("flags") or 0),
                extra=self._interaction_extra(record),
            )
            await self._announce_message("MESSAGE_CREATE", message)
        if call.query.get("wait") in ("0", "false"):
            return no_content()
        return ok(message)

    async def webhook_message(self, call: Call) -> Reply:
        record = self._interaction(call)
        if record is None:
            return _error(UNKNOWN_WEBHOOK)
        raw_id = call.params["message_id"]
        message_id = record.original_message_id if raw_id == "@original" else int(raw_id)
        message = self._state.messages.get(message_id) if message_id else None
        if message is None:
            return _error(UNKNOWN_MESSAGE)
        if call.method == "GET":
            return ok(message)
        if call.method == "DELETE":
            return await self._delete_message(message)
        self._state.apply_edit(message, call.json or {}, call.files)
        if message_id == record.original_message_id and record.awaiting_first_followup:
            message["flags"] &= ~LOADING
            record.awaiting_first_followup = False
        await self._announce_message("MESSAGE_UPDATE", message)
        return ok(message)

    # channels and messages --------------------------------------------------------------------

    async def _announce_message(self, event: str, message: Json) -> None:
        """Echo a bot message on the gateway; ephemeral messages never reach the gateway."""
        if int(message["flags"]) & EPHEMERAL:
            return
        echoed = dict(message)
        if "guild_id" in message:
            echoed["member"] = self._state.members[self._state.guild.bot.id].payload(
                with_user=False
            )
        await self._announce(event, echoed)

    async def _delete_message(self, message: Json) -> Reply:
        del self._state.messages[int(message["id"])]
        if not int(message["flags"]) & EPHEMERAL:
            deleted = {"id": message["id"], "channel_id": message["channel_id"]}
            if "guild_id" in message:
                deleted["guild_id"] = message["guild_id"]
            await self._announce("MESSAGE_DELETE", deleted)
        return no_content()

    def _channel_message(self, call: Call) -> Json | None:
        message = self._state.messages.get(int(call.params["message_id"]))
        if message is None or message["channel_id"] != call.params["channel_id"]:
            return None
        return message

    async def get_channel(self, call: Call) -> Reply:
        channel = self._state.channel(int(call.params["channel_id"]))
        return ok(channel) if channel else _error(UNKNOWN_CHANNEL)

    async def edit_channel(self, call: Call) -> Reply:
        channel = self._state.channel(int(call.params["channel_id"]))
        if channel is None:
            return _error(UNKNOWN_CHANNEL)
        body = call.json or {}
        for key in ("name", "topic", "applied_tags", "rate_limit_per_user", "flags"):
            if key in body:
                channel[key] = body[key]
        if channel["type"] in _THREAD_TYPES:
            for key in ("archived", "locked", "auto_archive_duration"):
                if key in body:
                    channel["thread_metadata"][key] = body[key]
            await self._announce("THREAD_UPDATE", channel)
        else:
            await self._announce("CHANNEL_UPDATE", channel)
        return ok(channel)

    async def list_messages(self, call: Call) -> Reply:
        channel_id = call.params["channel_id"]
        if self._state.channel(int(channel_id)) is None:
            return _error(UNKNOWN_CHANNEL)
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
            return _error(UNKNOWN_CHANNEL)
        if channel["type"] in _NO_MESSAGES_TYPES:
            return _error(NOT_TEXT_CHANNEL)
        body = call.json or {}
        if _is_empty(body, call.files):
            return _error(EMPTY_MESSAGE)
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
        if channel["type"] in _THREAD_TYPES:
            channel["message_count"] += 1
            channel["total_message_sent"] += 1
        await self._announce_message("MESSAGE_CREATE", message)
        return ok(message)

    async def channel_message(self, call: Call) -> Reply:
        message = self._channel_message(call)
        if message is None:
            return _error(UNKNOWN_MESSAGE)
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
            return _error(UNKNOWN_CHANNEL)
        return no_content()

    async def react(self, call: Call) -> Reply:
        return no_content() if self._channel_message(call) else _error(UNKNOWN_MESSAGE)

    async def create_dm(self, call: Call) -> Reply:
        user = self._state.users.get(int((call.json or {}).get("recipient_id", 0)))
        if user is None:
            return _error(UNKNOWN_USER)
        return ok(self._state.dm_channel_for(user))

    # threads ----------------------------------------------------------------------------------

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
            return _error(UNKNOWN_CHANNEL)
        body = call.json or {}
        is_forum = parent["type"] in (15, 16)
        starter = body.get("message") or {}
        if is_forum and _is_empty(starter, call.files):
            return _error(EMPTY_MESSAGE)
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
            return _error(UNKNOWN_MESSAGE)
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

    # guild and members ------------------------------------------------------------------------

    def _check_guild(self, call: Call) -> bool:
        return int(call.params["guild_id"]) == self._state.guild.id

    async def get_guild(self, call: Call) -> Reply:
        if not self._check_guild(call):
            return _error(UNKNOWN_GUILD)
        guild = payloads.guild_create_payload(self._state.guild, ())
        for key in (
            "members",
            "channels",
            "threads",
            "presences",
            "voice_states",
            "joined_at",
            "large",
            "member_count",
            "unavailable",
        ):
            guild.pop(key)
        return ok(guild)

    async def get_guild_channels(self, call: Call) -> Reply:
        if not self._check_guild(call):
            return _error(UNKNOWN_GUILD)
        return ok([c for c in self._state.channels.values() if c["type"] not in _THREAD_TYPES])

    async def guild_member(self, call: Call) -> Reply:
        if not self._check_guild(call):
            return _error(UNKNOWN_GUILD)
        user_id = int(call.params["user_id"])
        member = self._state.members.get(user_id)
        if member is None:
            return _error(UNKNOWN_MEMBER)
        if call.method == "GET":
            return ok(member.payload())
        if call.method == "DELETE":
            return await self._remove_member(user_id)
        body = call.json or {}
        if "nick" in body:
            member.nick = body["nick"]
        if "roles" in body:
            member.role_ids = [int(role_id) for role_id in body["roles"]]
        if "communication_disabled_until" in body:
            member.communication_disabled_until = body["communication_disabled_until"]
        await self._announce_member_update(user_id)
        return ok(member.payload())

    async def _announce_member_update(self, user_id: int) -> None:
        member = self._state.members[user_id].payload()
        await self._announce(
            "GUILD_MEMBER_UPDATE", {**member, "guild_id": str(self._state.guild.id)}
        )

    async def _remove_member(self, user_id: int) -> Reply:
        member = self._state.members.pop(user_id)
        await self._announce(
            "GUILD_MEMBER_REMOVE",
            {"guild_id": str(self._state.guild.id), "user": payloads.user_payload(member.user)},
        )
        return no_content()

    async def member_role(self, call: Call) -> Reply:
        if not self._check_guild(call):
            return _error(UNKNOWN_GUILD)
        user_id = int(call.params["user_id"])
        member = self._state.members.get(user_id)
        if member is None:
            return _error(UNKNOWN_MEMBER)
        role_id = int(call.params["role_id"])
        if role_id not in {role.id for role in self._state.guild.roles}:
            return fail(404, 10011, "Unknown Role")
        if call.method == "PUT" and role_id not in member.role_ids:
            member.role_ids.append(role_id)
        elif call.method == "DELETE" and role_id in member.role_ids:
            member.role_ids.remove(role_id)
        await self._announce_member_update(user_id)
        return no_content()

    async def ban(self, call: Call) -> Reply:
        if not self._check_guild(call):
            return _error(UNKNOWN_GUILD)
        user_id = int(call.params["user_id"])
        if user_id in self._state.members:
            await self._remove_member(user_id)
        return no_content()
