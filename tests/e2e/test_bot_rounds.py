"""`/rounds ...`: members pause, snooze, leave, choose how often and whom never to meet; each
change reaches the matching pool at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.client import LLCBot
from tests.discord_double import DiscordDouble
from tests.e2e.test_bot_matching import add_profile

pytestmark = pytest.mark.e2e


async def test_rounds_preferences_are_stored_and_explained(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    store = llc_bot.services.store
    member, peer = discord_double.member, discord_double.trusted
    none_yet = await discord_double.run_slash("rounds pause")
    assert "/profile create" in none_yet.message.content

    await add_profile(llc_bot, member.id)
    await discord_double.run_slash("rounds pause")
    assert (await store.profiles.get(member.id)).paused
    await discord_double.run_slash("rounds resume")
    assert not (await store.profiles.get(member.id)).paused

    bad = await discord_double.run_slash("rounds snooze", {"until": "next week"})
    assert "YYYY-MM-DD" in bad.message.content
    past = await discord_double.run_slash("rounds snooze", {"until": "2001-01-01"})
    assert "after today" in past.message.content
    await discord_double.run_slash("rounds snooze", {"until": "2099-01-01"})
    assert (await store.profiles.get(member.id)).snoozed_until is None  # over a year: refused
    soon = (datetime.now(UTC) + timedelta(days=30)).date()
    await discord_double.run_slash("rounds snooze", {"until": soon.isoformat()})
    assert (await store.profiles.get(member.id)).snoozed_until.date() == soon

    await discord_double.run_slash("rounds cadence", {"every": "off"})
    assert (await store.profiles.get(member.id)).fields["rounds"] == "off"
    await discord_double.run_slash("rounds odd", {"choice": "carry_over"})
    assert (await store.profiles.get(member.id)).odd_one == "carry_over"

    avoided = await discord_double.run_slash("rounds avoid", {"member": peer})
    assert "not told" in avoided.message.content
    assert await store.match_exclusions.kept_apart(member.id, peer.id)
    await discord_double.run_slash("rounds unavoid", {"member": peer})
    assert not await store.match_exclusions.kept_apart(member.id, peer.id)

    await discord_double.run_slash("rounds leave")
    assert await store.consents.active(member.id, "matching") is None
    assert await store.profiles.get(member.id) is not None  # the profile stays


async def test_a_member_chooses_who_sees_a_field_and_sees_the_card_as_others_will(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    member = discord_double.member
    await add_profile(llc_bot, member.id)
    shown = await discord_double.run_slash("profile visibility", {"field": "side", "who": "me"})
    assert "What other runners would see" in shown.message.content
    peer_card = shown.message.content.split("What other runners would see:**")[1].split("**")[0]
    assert "right" not in peer_card.lower()
    stored = await llc_bot.services.store.profiles.get(member.id)
    assert stored.visibility["side"] == "me"
