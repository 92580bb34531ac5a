"""Onboarding: a new member is welcomed by DM with the consent choices, surveys included,
and nothing is stored before a yes."""

from __future__ import annotations

import pytest

from bot.client import LLCBot
from tests.discord_double import DiscordDouble

pytestmark = pytest.mark.e2e


async def test_a_new_member_is_welcomed_by_dm_and_nothing_is_stored_before_a_yes(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    newcomer = await discord_double.add_member("newcomer")
    welcome = await discord_double.next_dm(newcomer)
    assert "not a doctor" in welcome.content and "Surveys" in welcome.content
    store = llc_bot.services.store
    assert await store.members.get(newcomer.id) is None

    await discord_double.click(welcome, label="Yes: monthly surveys", user=newcomer)
    assert await store.consents.active(newcomer.id, "surveys") is not None
    assert (await store.surveys.enrolment(newcomer.id)).status.value == "active"

    await discord_double.click(welcome, label="Withdraw all", user=newcomer)
    assert await store.consents.active(newcomer.id, "surveys") is None
    assert (await store.surveys.enrolment(newcomer.id)).status.value == "left"


async def test_start_offers_the_surveys_choice_too(discord_double: DiscordDouble,
                                                   llc_bot: LLCBot) -> None:
    welcome = await discord_double.run_slash("start")
    await discord_double.click(welcome.message, label="Yes: monthly surveys")
    store = llc_bot.services.store
    assert await store.consents.active(discord_double.member.id, "surveys") is not None
