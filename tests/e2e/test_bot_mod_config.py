"""Every setting `/mod config` accepts takes effect, or is refused (issue 15, item 16)."""

from __future__ import annotations

import pytest

from bot.client import LLCBot
from tests.discord_double import DiscordDouble

pytestmark = pytest.mark.e2e


async def configure(double: DiscordDouble, setting: str, value: str) -> str:
    result = await double.run_slash("mod config", {"setting": setting, "value": value},
                                    user=double.moderator)
    return result.message.content


async def test_settings_the_server_does_not_own_are_refused_with_the_reason(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    # The crisis pacer is the whole bot's (one alert per member, wherever they write).
    cooldown = await configure(discord_double, "crisis.alert_cooldown_seconds", "5")
    assert "Nothing changed" in cooldown and "can't be changed" in cooldown
    # Direct messages belong to no server: a server's setting would change nothing.
    dms = await configure(discord_double, "scope.check_dms", "true")
    assert "Nothing changed" in dms and "direct messages" in dms
    assert await llc_bot.services.store.guild_settings.get(discord_double.guild.id,
                                                           "moderation") is None


async def test_a_servers_link_allowlist_applies_to_the_questions_it_posts_for_members(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    question = "Is this article right about LLC? https://www.fellrunner.org.uk/llc-article"
    asked = await discord_double.run_slash("ask", {"question": question})
    offered = await discord_double.click(asked.message, label="Ask the community")
    refused = await discord_double.click(offered.message, label="Post with my name")
    assert "didn't post" in (await discord_double.next_original_edit(
        refused.interaction)).content

    changed = await configure(discord_double, "links.allowed_domains", '["fellrunner.org.uk"]')
    assert "is now" in changed
    asked = await discord_double.run_slash("ask", {"question": question})
    offered = await discord_double.click(asked.message, label="Ask the community")
    await discord_double.click(offered.message, label="Post with my name")
    posted = await discord_double.next_bot_message(discord_double.guild.community)
    assert "fellrunner.org.uk" in posted.content
