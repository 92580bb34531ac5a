"""The guild itself, its members (timeouts, nicknames, roles), kicks and bans."""

from __future__ import annotations

from .. import payloads
from ..rest import Call, Reply, Route, fail, no_content, ok
from .common import THREAD_TYPES, UNKNOWN_GUILD, UNKNOWN_MEMBER, RouteGroup, error


class GuildRoutes(RouteGroup):
    """Moderation lands here: PATCH a member's `communication_disabled_until` to time them out."""

    def table(self) -> list[Route]:
        return [
            Route("GET", "/guilds/{guild_id}", self.get_guild),
            Route("GET", "/guilds/{guild_id}/channels", self.get_guild_channels),
            Route("GET PATCH DELETE", "/guilds/{guild_id}/members/{user_id}", self.guild_member),
            Route(
                "PUT DELETE",
                "/guilds/{guild_id}/members/{user_id}/roles/{role_id}",
                self.member_role,
            ),
            Route("PUT", "/guilds/{guild_id}/bans/{user_id}", self.ban),
        ]

    def _check_guild(self, call: Call) -> bool:
        return int(call.params["guild_id"]) == self._state.guild.id

    async def get_guild(self, call: Call) -> Reply:
        if not self._check_guild(call):
            return error(UNKNOWN_GUILD)
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
            return error(UNKNOWN_GUILD)
        return ok([c for c in self._state.channels.values() if c["type"] not in THREAD_TYPES])

    async def guild_member(self, call: Call) -> Reply:
        if not self._check_guild(call):
            return error(UNKNOWN_GUILD)
        user_id = int(call.params["user_id"])
        member = self._state.members.get(user_id)
        if member is None:
            return error(UNKNOWN_MEMBER)
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
            return error(UNKNOWN_GUILD)
        user_id = int(call.params["user_id"])
        member = self._state.members.get(user_id)
        if member is None:
            return error(UNKNOWN_MEMBER)
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
            return error(UNKNOWN_GUILD)
        user_id = int(call.params["user_id"])
        if user_id in self._state.members:
            await self._remove_member(user_id)
        return no_content()
