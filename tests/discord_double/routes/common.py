"""What the route groups share: Discord's error replies, the empty-message rule, and echoing
the bot's own changes on the gateway."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ..forum_tags import MISSING_PERMISSIONS
from ..payloads import EPHEMERAL, Json
from ..records import RecordedFile
from ..rest import Reply, fail, no_content
from ..state import DoubleState

Announce = Callable[[str, Json], Awaitable[None]]

THREAD_TYPES = (10, 11, 12)
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
CANNOT_DM = (403, 50007, "Cannot send messages to this user")
NOT_TEXT_CHANNEL = (400, 50008, "Cannot send messages in a non-text channel")


def error(discord_error: tuple[int, int, str]) -> Reply:
    return fail(*discord_error)


def is_empty(body: Json, files: tuple[RecordedFile, ...]) -> bool:
    """Discord refuses a message with nothing to show."""
    return not files and not any(body.get(key) for key in _MESSAGE_BODY_KEYS)


class RouteGroup:
    """Handlers over one `DoubleState` that echo what the bot changes, as Discord does (the bot's
    own messages come back as MESSAGE_CREATE, too)."""

    def __init__(self, state: DoubleState, announce: Announce) -> None:
        self._state = state
        self._announce = announce

    async def _announce_message(self, event: str, message: Json) -> None:
        """Echo a bot message on the gateway; ephemeral messages never reach the gateway."""
        if int(message["flags"]) & EPHEMERAL:
            return
        echoed = dict(message)
        if "guild_id" in message:
            bot_member = self._state.members[self._state.guild.bot.id]
            echoed["member"] = bot_member.payload(with_user=False)
        await self._announce(event, echoed)

    async def _delete_message(self, message: Json) -> Reply:
        if int(message["id"]) in self._state.undeletable:
            return error(MISSING_PERMISSIONS)
        del self._state.messages[int(message["id"])]
        if not int(message["flags"]) & EPHEMERAL:
            deleted = {"id": message["id"], "channel_id": message["channel_id"]}
            if "guild_id" in message:
                deleted["guild_id"] = message["guild_id"]
            await self._announce("MESSAGE_DELETE", deleted)
        return no_content()
