"""Interaction callbacks and the interaction webhook (follow-ups, the original response).

discord.py 2.7 asks every callback `with_response=1` and parses the InteractionCallbackResponse;
the message id in it is where it stores the view of a type-4 reply.
"""

from __future__ import annotations

from .. import payloads
from ..payloads import EPHEMERAL, LOADING, Json
from ..rest import Call, Reply, Route, no_content, ok
from ..state import InteractionRecord
from .common import (
    ALREADY_ACKNOWLEDGED,
    EMPTY_MESSAGE,
    UNKNOWN_INTERACTION,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    RouteGroup,
    error,
    is_empty,
)


class InteractionRoutes(RouteGroup):
    """Answers to the interactions the double sent; a second answer is refused, as on Discord."""

    def table(self) -> list[Route]:
        return [
            Route(
                "POST",
                "/interactions/{interaction_id}/{token}/callback",
                self.interaction_callback,
                authorized=False,
            ),
            Route("POST", "/webhooks/{app_id}/{token}", self.execute_webhook, authorized=False),
            Route("GET PATCH DELETE", "/webhooks/{app_id}/{token}", self.webhook, authorized=False),
            Route(
                "GET PATCH DELETE",
                "/webhooks/{app_id}/{token}/messages/{message_id}",
                self.webhook_message,
                authorized=False,
            ),
        ]

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
            return error(UNKNOWN_INTERACTION)
        if record.response_type is not None:
            return error(ALREADY_ACKNOWLEDGED)
        body = call.json or {}
        response_type = int(body["type"])
        data = body.get("data") or {}
        flags = int(data.get("flags") or 0)
        record.response_type = response_type
        message: Json | None = None
        if response_type == 4:
            if is_empty(data, call.files):
                record.response_type = None
                return error(EMPTY_MESSAGE)
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
            return error(UNKNOWN_WEBHOOK)
        body = call.json or {}
        if is_empty(body, call.files):
            return error(EMPTY_MESSAGE)
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

    async def webhook(self, call: Call) -> Reply:
        """The interaction's webhook itself; deleting it is accepted and changes nothing."""
        record = self._interaction(call)
        app_id = self._state.guild.application_id
        if record is None or int(call.params["app_id"]) != app_id:
            return error(UNKNOWN_WEBHOOK)
        if call.method == "DELETE":
            return no_content()
        return ok(
            {
                "id": str(app_id),
                "type": 3,
                "application_id": str(app_id),
                "name": self._state.guild.bot.username,
                "avatar": None,
                "channel_id": str(record.channel_id),
                "guild_id": str(record.guild_id) if record.guild_id else None,
                "token": record.token,
            }
        )

    async def webhook_message(self, call: Call) -> Reply:
        record = self._interaction(call)
        if record is None:
            return error(UNKNOWN_WEBHOOK)
        raw_id = call.params["message_id"]
        message_id = record.original_message_id if raw_id == "@original" else int(raw_id)
        message = self._state.messages.get(message_id) if message_id else None
        if message is None:
            return error(UNKNOWN_MESSAGE)
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
