"""A profile started from a member's story, end to end through the Discord double: the offer
under the answer, the private card, Save (consent, then profile), Change first (the steps,
prefilled), Not now, and nothing stored before the member says so."""

from __future__ import annotations

import pytest

from bot.client import LLCBot
from bot.cogs.prefill import NOT_YOURS, OFFER_LABEL
from tests.discord_double import DiscordDouble
from tests.e2e.test_bot_matching import add_profile

pytestmark = pytest.mark.e2e

STORY = ("My right hamstring and glutes stop firing after about 8 km on flat roads, and the "
         "leg swings out. Easy trail runs are fine. I took three months off and it didn't help.")


async def nothing_stored(bot: LLCBot, member: int) -> bool:
    store = bot.services.store
    return (await store.profiles.get(member) is None
            and await store.consents.history(member) == [])


def defaults_of(modal_data: dict, label: str) -> list[str]:
    """The options a select of the opened modal has chosen already."""
    for top in modal_data["components"]:
        if top.get("label") == label:
            return [o["value"] for o in top["component"]["options"] if o.get("default")]
    raise LookupError(label)


async def test_a_story_gets_the_offer_and_only_the_asker_can_save_it_with_consent(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    member = discord_double.member.id
    store = llc_bot.services.store
    asked = await discord_double.run_slash("ask", {"question": STORY, "private": True})
    assert OFFER_LABEL in asked.message.button_labels
    assert await nothing_stored(llc_bot, member)

    refused = await discord_double.click(asked.message, label=OFFER_LABEL,
                                         user=discord_double.trusted)
    assert refused.ephemeral and refused.message.content == NOT_YOURS

    shown = await discord_double.click(asked.message, label=OFFER_LABEL)
    assert shown.ephemeral
    peer_card = shown.message.content.split("Everything I found")[0]
    assert "What other runners would see" in peer_card and "Leg: right leg" in peer_card
    assert "hamstrings and glutes" in peer_card and "a long break (no change)" in peer_card
    assert shown.message.button_labels == ["Save as my profile", "Change first", "Not now"]
    assert await nothing_stored(llc_bot, member)

    saved = await discord_double.click(shown.message, label="Save as my profile")
    assert saved.response_type == 7 and "Saved as your profile" in saved.message.content
    profile = await store.profiles.get(member)
    assert profile is not None and profile.fields["side"] == "right"
    assert set(profile.fields["muscles"]) == {"hamstrings", "glutes"}
    assert profile.fields["tried"] == {"extended_break": "no_change"}
    consents = await store.consents.history(member)
    assert [(c.scope, c.active) for c in consents] == [("profile", True)]
    assert consents[0].granted_at is not None

    again = await discord_double.run_slash("ask", {"question": STORY})
    assert OFFER_LABEL not in again.message.button_labels


async def test_change_first_opens_the_steps_prefilled_and_not_now_saves_nothing(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    member = discord_double.member.id
    await discord_double.send_dm(STORY)
    answer = await discord_double.next_dm()
    assert OFFER_LABEL in answer.button_labels
    shown = await discord_double.click(answer, label=OFFER_LABEL)

    skipped = await discord_double.click(shown.message, label="Not now")
    assert "nothing was saved" in skipped.message.content and skipped.message.buttons == []
    assert await nothing_stored(llc_bot, member)

    shown = await discord_double.click(answer, label=OFFER_LABEL)
    step = await discord_double.click(shown.message, label="Change first")
    assert step.modal is not None
    data = step.callback.json["data"]
    assert defaults_of(data, "Which leg?") == ["right"]
    assert set(defaults_of(data, "Muscles affected")) == {"hamstrings", "glutes"}
    assert await nothing_stored(llc_bot, member)  # opening the modal stores nothing

    saved = await discord_double.submit_modal(step, {
        "Which leg?": ["left"], "Muscles affected": ["hamstrings", "glutes"]})
    assert "Saved step 1" in saved.message.content
    profile = await llc_bot.services.store.profiles.get(member)
    assert profile.fields["side"] == "left"
    assert profile.fields["tried"] == {"extended_break": "no_change"}  # from the story
    assert await llc_bot.services.store.consents.active(member, "profile") is not None
    second = await discord_double.click(saved.message, label="Continue: step 2 of 3")
    assert defaults_of(second.callback.json["data"], "What you tried, and how it went") == [
        "extended_break:no_change"]


async def test_no_offer_for_a_member_with_a_profile_or_for_a_plain_question(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    plain = await discord_double.run_slash("ask", {"question": "What makes LLC worse?"})
    assert OFFER_LABEL not in plain.message.button_labels
    await add_profile(llc_bot, discord_double.member.id)
    told = await discord_double.run_slash("ask", {"question": STORY})
    assert OFFER_LABEL not in told.message.button_labels
