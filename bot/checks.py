"""Server-side permission checks: hidden commands are checked again, by role."""

from __future__ import annotations

import discord
from discord import app_commands


class NotModerator(app_commands.CheckFailure):
    """A member called a moderator command."""


def is_moderator(member: discord.abc.User, moderator_role_id: int | None) -> bool:
    """Holds the moderator role, or the Manage Messages permission that moderator commands
    require by default (so whoever sees a moderator command may use it)."""
    if not isinstance(member, discord.Member):
        return False
    if moderator_role_id is not None and any(r.id == moderator_role_id for r in member.roles):
        return True
    return member.guild_permissions.manage_messages


def has_role(member: discord.abc.User, role_id: int | None) -> bool:
    return (role_id is not None and isinstance(member, discord.Member)
            and any(r.id == role_id for r in member.roles))
