"""Server-side permission checks: hidden commands are checked again, by role.

`@moderator_only()` is the one check every moderator command, menu and button uses (as
RoboDanny's `checks.py` does), so the rule lives in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands

T = TypeVar("T")


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


def ensure_moderator(interaction: discord.Interaction) -> bool:
    """True for a moderator in a server; NotModerator (a kind refusal) for anyone else."""
    settings = getattr(interaction.client, "settings", None)
    role = getattr(settings, "moderator_role_id", None)
    if interaction.guild_id is None or not is_moderator(interaction.user, role):
        raise NotModerator()
    return True


def moderator_only() -> Callable[[T], T]:
    """Decorate an app command or context menu callback: moderators only."""
    check: Callable[[T], T] = app_commands.check(ensure_moderator)
    return check


def serves_guild(home_guild_id: int | None, guild_id: int | None) -> bool:
    """With GUILD_ID set the bot serves that server (and direct messages) only."""
    return home_guild_id is None or guild_id is None or guild_id == home_guild_id
