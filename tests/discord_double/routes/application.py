"""The bot's own account, its application, where the gateway is, and its app commands."""

from __future__ import annotations

from .. import payloads
from ..payloads import Json
from ..rest import Call, Reply, Route, fail, no_content, ok
from ..state import DoubleState
from .common import UNKNOWN_USER, Announce, RouteGroup, error


class ApplicationRoutes(RouteGroup):
    """What `Client.login()` asks for, and command sync (echoed back with stable ids)."""

    def __init__(self, state: DoubleState, announce: Announce, gateway_url: str) -> None:
        super().__init__(state, announce)
        self._gateway_url = gateway_url

    def table(self) -> list[Route]:
        return [
            Route("GET", "/users/@me", self.get_me),
            Route("GET", "/oauth2/applications/@me", self.get_application),
            Route("GET", "/applications/@me", self.get_application),
            Route("GET", "/gateway", self.get_gateway, authorized=False),
            Route("GET", "/gateway/bot", self.get_gateway_bot),
            Route("GET", "/users/{user_id}", self.get_user),
            Route("DELETE", "/users/@me/guilds/{guild_id}", self.leave_guild),
            Route("GET PUT", "/applications/{app_id}/commands", self.commands),
            Route("GET PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self.commands),
        ]

    async def get_me(self, call: Call) -> Reply:
        return ok(payloads.bot_user_payload(self._state.guild.bot))

    async def get_application(self, call: Call) -> Reply:
        return ok(payloads.application_payload(self._state.guild))

    async def get_gateway(self, call: Call) -> Reply:
        return ok({"url": self._gateway_url})

    async def get_gateway_bot(self, call: Call) -> Reply:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return ok({"url": self._gateway_url, "shards": 1, "session_start_limit": limit})

    async def leave_guild(self, call: Call) -> Reply:
        """The bot leaves a server (any id: a test may announce guilds the double does not
        model)."""
        return no_content()

    async def get_user(self, call: Call) -> Reply:
        user = self._state.users.get(int(call.params["user_id"]))
        return ok(payloads.user_payload(user)) if user else error(UNKNOWN_USER)

    async def commands(self, call: Call) -> Reply:
        """PUT replaces the scope's commands (guild, or global without `guild_id`); GET lists."""
        if int(call.params["app_id"]) != self._state.guild.application_id:
            return fail(403, 50001, "Missing Access")
        guild_id = int(call.params["guild_id"]) if "guild_id" in call.params else None
        if call.method == "PUT":
            self._state.commands[guild_id] = [
                self._registered_command(command, guild_id) for command in call.json or []
            ]
        return ok(self._state.commands.get(guild_id, []))

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
