"""The community channel and the buttons under an answer, end to end."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import LLCBot
from tests.discord_double import DiscordDouble

pytestmark = pytest.mark.e2e


def community_posts(double: DiscordDouble) -> list:
    return double.requests_matching("POST", f"/channels/{double.guild.community.id}/messages")


async def test_a_shared_question_is_posted_once_quoted_without_mentions_or_embeds(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    asked = await discord_double.run_slash(
        "ask", {"question": "Does LLC ever go away?\n# asking for a friend"})
    offered = await discord_double.click(asked.message, label="Ask the community")
    first = await discord_double.click(offered.message, label="Post anonymously")
    posted = await discord_double.next_bot_message(discord_double.guild.community)
    await discord_double.next_original_edit(first.interaction)
    assert "> Does LLC ever go away?\n> \\# asking for a friend" in posted.content
    assert posted.request.json["allowed_mentions"]["parse"] == []
    assert posted.request.json["flags"] & 4  # SUPPRESS_EMBEDS
    offered_again = await discord_double.click(asked.message, label="Ask the community")
    again = await discord_double.click(offered_again.message, label="Post with my name")
    edit = await discord_double.next_original_edit(again.interaction)
    assert "already shared" in edit.content
    assert len(community_posts(discord_double)) == 1
    question = (await llc_bot.services.store.questions.ids_of_member(
        discord_double.member.id))[0]
    stored = await llc_bot.services.store.questions.get(question)
    assert stored.posted_message_id == posted.id


async def test_two_clicks_at_once_post_once(discord_double: DiscordDouble,
                                            llc_bot: LLCBot) -> None:
    asked = await discord_double.run_slash("ask", {"question": "Does LLC ever go away?"})
    offered = await discord_double.click(asked.message, label="Ask the community")
    button = offered.message.component(label="Post anonymously")
    clicks = [discord_double.interaction_component(button["custom_id"], offered.message.id)
              for _ in range(2)]
    await asyncio.gather(*(discord_double.send_interaction(c) for c in clicks))
    edits = [await discord_double.next_original_edit(c) for c in clicks]
    assert sorted("already shared" in e.content for e in edits) == [False, True]
    assert len(community_posts(discord_double)) == 1


async def test_share_buttons_are_persistent(discord_double: DiscordDouble,
                                            llc_bot: LLCBot) -> None:
    asked = await discord_double.run_slash("ask", {"question": "Is LLC rare?"})
    offered = await discord_double.click(asked.message, label="Ask the community")
    custom_ids = [b["custom_id"] for b in offered.message.buttons]
    assert all(cid.startswith("llc:post-") for cid in custom_ids)


async def test_a_private_question_can_be_shared_though_its_text_was_not_kept(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    asked = await discord_double.run_slash(
        "ask", {"question": "Is LLC in my head?", "private": True})
    assert asked.ephemeral
    question_id = (await llc_bot.services.store.questions.ids_of_member(
        discord_double.member.id))[0]
    assert (await llc_bot.services.store.questions.get(question_id)).question == ""
    offered = await discord_double.click(asked.message, label="Ask the community")
    await discord_double.click(offered.message, label="Post anonymously")
    posted = await discord_double.next_bot_message(discord_double.guild.community)
    assert "> Is LLC in my head?" in posted.content


async def test_a_vote_is_tied_to_the_message_it_was_cast_on(discord_double: DiscordDouble,
                                                            llc_bot: LLCBot) -> None:
    first = await discord_double.run_slash("ask", {"question": "Is LLC rare?"})
    second = await discord_double.run_slash("ask", {"question": "Who gets LLC?"})
    # A crafted message: the first answer carrying the second answer's buttons.
    stored = discord_double.messages[first.message.id]
    stored["components"] = discord_double.messages[second.message.id]["components"]
    forged = second.message.component(label="Not helpful")["custom_id"]
    click = discord_double.interaction_component(forged, first.message.id,
                                                 user=discord_double.trusted)
    await discord_double.send_interaction(click)
    result = await discord_double.interaction_result(click)
    assert "couldn't find" in result.message.content
    stats = await llc_bot.services.store.questions.stats(discord_double.guild.id)
    assert stats.unhelpful_votes == 0


async def test_a_question_the_bot_may_not_repeat_is_refused_kindly(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    asked = await discord_double.run_slash(
        "ask", {"question": "Does LLC ever go away? @everyone see https://example.com"})
    offered = await discord_double.click(asked.message, label="Ask the community")
    clicked = await discord_double.click(offered.message, label="Post anonymously")
    refusal = await discord_double.next_original_edit(clicked.interaction)
    assert "didn't post your question" in refusal.content and "link" in refusal.content
    assert community_posts(discord_double) == []
    question_id = (await llc_bot.services.store.questions.ids_of_member(
        discord_double.member.id))[0]
    assert (await llc_bot.services.store.questions.get(question_id)).shared_at is None


async def test_a_question_asked_by_dm_is_shared_from_the_members_own_message(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    await discord_double.send_dm("Does LLC ever go away?")
    answer = await discord_double.next_dm()
    offered = await discord_double.click(answer, label="Ask the community")
    assert "> Does LLC ever go away?" in offered.message.content
    await discord_double.click(offered.message, label="Post anonymously")
    posted = await discord_double.next_bot_message(discord_double.guild.community)
    assert "> Does LLC ever go away?" in posted.content
