"""With GUILD_ID set, the bot serves that server only."""

from __future__ import annotations

import dataclasses

import pytest

from bot.client import LLCBot
from tests.discord_double import DiscordDouble, FakeChannel
from tests.discord_double.payloads import guild_create_payload, member_payload

pytestmark = pytest.mark.e2e

OTHER_GUILD = 1_200_000_000_000_000_000
OTHER_CHANNEL = OTHER_GUILD + 200


def other_guild(double: DiscordDouble):
    home = double.guild
    return dataclasses.replace(
        home, id=OTHER_GUILD, name="Someone else's server",
        general=FakeChannel(OTHER_CHANNEL, "general", 0, 0, "hi"),
        help_forum=dataclasses.replace(home.help_forum, id=OTHER_GUILD + 201),
        mod_log=dataclasses.replace(home.mod_log, id=OTHER_GUILD + 202),
        community=dataclasses.replace(home.community, id=OTHER_GUILD + 203))


async def test_the_bot_leaves_a_server_it_was_not_configured_for(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    guild = other_guild(discord_double)
    joined = guild_create_payload(guild, [member_payload(guild.bot)])
    del joined["unavailable"]  # as Discord sends it when the bot is added to a server
    await discord_double.send_dispatch("GUILD_CREATE", joined)
    await discord_double.wait_for_request("DELETE", f"/users/@me/guilds/{OTHER_GUILD}")


async def test_messages_and_commands_from_another_server_are_ignored(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    bot_user = discord_double.bot_user
    foreign = discord_double.message_create(f"{bot_user.mention} what makes LLC worse? "
                                            "https://discord.gg/abcdef", mentions=[bot_user])
    foreign.update(guild_id=str(OTHER_GUILD), channel_id=str(OTHER_CHANNEL))
    await discord_double.send_dispatch("MESSAGE_CREATE", foreign)
    slash = discord_double.interaction_slash("ask", {"question": "What makes LLC worse?"})
    slash.update(guild_id=str(OTHER_GUILD))
    await discord_double.send_interaction(slash)
    # A message from home afterwards is answered; nothing came before it.
    await discord_double.send_message(f"{bot_user.mention} who gets LLC?", mentions=[bot_user])
    reply = await discord_double.next_bot_message()
    assert reply.channel_id == discord_double.guild.general.id
    assert "high-mileage" in reply.text
    assert not discord_double.requests_matching("DELETE", "/channels/{}/messages/{}")
    assert not discord_double.requests_matching(
        "POST", f"/interactions/{slash['id']}/{{}}/callback")
