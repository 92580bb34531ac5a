"""One assembly: the services are built once, and each cog is handed what it uses."""

from __future__ import annotations

import pytest
from discord import app_commands

from bot.checks import ensure_moderator
from bot.client import LLCBot
from tests.discord_double import DiscordDouble

pytestmark = pytest.mark.e2e


async def test_cogs_get_the_services_built_once_instead_of_a_locator(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    services = llc_bot.services
    assert llc_bot.questions.desk is services.questions
    assert llc_bot.moderation.desk is services.moderation
    assert llc_bot.get_cog("ModCommands").desk is services.moderation
    assert not hasattr(llc_bot, "desk") and not hasattr(llc_bot, "store")


async def test_every_moderator_command_and_menu_uses_the_one_check(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    guarded = []
    for command in [*llc_bot.tree.walk_commands(),
                    *llc_bot.tree.get_commands(type=llc_bot.questions.save_menu.type)]:
        if isinstance(command, app_commands.Group):
            continue
        top = getattr(command, "root_parent", None) or command
        permissions = getattr(top, "default_permissions", None)
        if permissions is not None and permissions.manage_messages:
            assert ensure_moderator in command.checks, command.qualified_name
            guarded.append(command.qualified_name)
    assert {"stats", "mod pardon", "mod lockdown", "Save as community answer"} <= set(guarded)


async def test_privacy_reaches_the_database_and_the_answer_engines_memory(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    holders = llc_bot.services.privacy.holders
    assert {"database", "saved_answers_in_memory"} <= set(holders)
