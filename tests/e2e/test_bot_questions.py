"""A member talks to llc-bot in a Discord server (the local double), end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.client import LLCBot
from bot.errors import STORAGE
from tests.discord_double import DiscordDouble

pytestmark = pytest.mark.e2e


async def test_bot_connects_and_syncs_its_commands_to_the_guild(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    names = {command["name"] for command in discord_double.synced_commands(guild=True)}
    assert {"ask", "help", "about", "stats", "privacy", "Save as community answer"} <= names
    ask = next(c for c in discord_double.synced_commands() if c["name"] == "ask")
    question = next(o for o in ask["options"] if o["name"] == "question")
    assert question["max_length"] == 1500
    stats = next(c for c in discord_double.synced_commands() if c["name"] == "stats")
    assert stats["default_member_permissions"] is not None


async def test_ask_defers_then_answers_with_citations_and_buttons(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    result = await discord_double.run_slash("ask", {"question": "What makes LLC worse?"})
    assert result.response_type == 5
    assert result.message is not None and not result.ephemeral
    embed = result.message.embeds[0]
    assert "flat surfaces" in embed["description"]
    assert any("what-makes-it-worse" in f["name"] for f in embed["fields"])
    assert any("screened for other injuries" in f["value"] for f in embed["fields"])
    assert result.message.button_labels[:3] == ["Helpful", "Not helpful", "Ask the community"]
    assert result.message.request.json["allowed_mentions"]["parse"] == []


async def test_helpful_click_is_stored_as_feedback(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    asked = await discord_double.run_slash("ask", {"question": "Who gets LLC?"})
    clicked = await discord_double.click(asked.message, label="Helpful")
    assert clicked.ephemeral and "Thanks" in clicked.message.content
    stats = await llc_bot.services.store.questions.stats(discord_double.guild.id)
    assert stats.helpful_votes == 1 and stats.helpful_ratio == 1.0


async def test_not_helpful_queues_the_question_and_it_can_be_shared_anonymously(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    asked = await discord_double.run_slash("ask", {"question": "Does LLC ever go away?"})
    await discord_double.click(asked.message, label="Not helpful")
    offered = await discord_double.click(asked.message, label="Ask the community")
    assert offered.ephemeral
    await discord_double.click(offered.message, label="Post anonymously")
    posted = await discord_double.next_bot_message(discord_double.guild.community)
    assert posted.content.startswith("A member asked")
    assert "Does LLC ever go away?" in posted.content
    assert str(discord_double.member.id) not in posted.content
    stats = await llc_bot.services.store.questions.stats(discord_double.guild.id)
    assert stats.unanswered == 1 and stats.unhelpful_votes == 1


async def test_only_the_asker_can_share_a_question(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    asked = await discord_double.run_slash("ask", {"question": "Is LLC rare?"})
    clicked = await discord_double.click(
        asked.message, label="Ask the community", user=discord_double.trusted
    )
    assert clicked.ephemeral and "Only the member who asked" in clicked.message.content


async def test_private_ask_is_only_seen_by_the_member(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    result = await discord_double.run_slash(
        "ask", {"question": "Is LLC in my head?", "private": True}
    )
    assert result.ephemeral


async def test_mention_is_answered_in_a_reply_without_pinging(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    bot_user = discord_double.bot_user
    await discord_double.send_message(
        f"{bot_user.mention} does botox help runners?", mentions=[bot_user]
    )
    reply = await discord_double.next_bot_message(discord_double.guild.general)
    assert "botulinum toxin" in reply.text
    assert reply.request.json["allowed_mentions"]["parse"] == []
    assert reply.request.json["allowed_mentions"].get("replied_user") is False


async def test_direct_message_is_answered(discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    await discord_double.send_dm("how many papers describe runner's dystonia?")
    reply = await discord_double.next_dm()
    assert "nine papers" in reply.text


async def test_forum_post_is_answered_in_its_thread_and_follow_ups_keep_context(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    post = await discord_double.forum_post(
        "Survey results?", "What did the survey of sixteen runners find?"
    )
    first = await discord_double.next_bot_message(post.id)
    assert "median age of onset of 22 years" in first.text
    await discord_double.send_message("and how long had they had it?", channel=post.id)
    follow_up = await discord_double.next_bot_message(post.id)
    assert "four years" in follow_up.text


async def test_other_members_in_a_forum_thread_are_not_answered(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    post = await discord_double.forum_post("Glutes", "my glutes stop firing on long runs")
    await discord_double.next_bot_message(post.id)
    await discord_double.send_message("same here!", channel=post.id, author=discord_double.trusted)
    await discord_double.send_message("what makes it worse?", channel=post.id)
    reply = await discord_double.next_bot_message(post.id)
    assert "flat surfaces" in reply.text  # the trusted member's remark got no answer


async def test_crisis_message_gets_resources_and_a_mod_alert_with_a_jump_link(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    bot_user = discord_double.bot_user
    sent = await discord_double.send_message(
        f"{bot_user.mention} I can't run anymore and I don't want to live", mentions=[bot_user]
    )
    reply = await discord_double.next_bot_message(discord_double.guild.general)
    assert "findahelpline.com" in reply.text
    alert = await discord_double.next_bot_message(discord_double.guild.mod_log)
    assert (
        f"/channels/{discord_double.guild.id}/{discord_double.guild.general.id}/{sent['id']}"
        in alert.content
    )
    assert "don't want to live" not in alert.content  # the member's words stay with them


async def test_crisis_in_ask_alerts_moderators(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    result = await discord_double.run_slash("ask", {"question": "I want to end it all"})
    assert "findahelpline.com" in result.message.text
    alert = await discord_double.next_bot_message(discord_double.guild.mod_log)
    assert str(discord_double.member.id) in alert.content


async def test_member_calling_stats_gets_a_polite_refusal(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    result = await discord_double.run_slash("stats")
    assert result.ephemeral and "only moderators" in result.message.content


async def test_moderator_sees_stats(discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    await discord_double.run_slash("ask", {"question": "best shoes for marathon?"})
    result = await discord_double.run_slash("stats", user=discord_double.moderator)
    assert result.ephemeral
    assert "**Abstentions:** 1" in result.message.content
    assert "best shoes for marathon?" in result.message.content


async def test_help_and_about_credit_the_summary(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    about = await discord_double.run_slash("about")
    assert "John Davis" in about.message.content
    help_ = await discord_double.run_slash("help")
    assert "/ask" in help_.message.content


async def test_privacy_forget_deletes_the_members_questions(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    await discord_double.run_slash("ask", {"question": "What is LLC?"})
    asked = await discord_double.run_slash("privacy forget")
    clicked = await discord_double.click(asked.message, label="Delete my data")
    done = await discord_double.next_original_edit(clicked.interaction)
    assert "deleted everything" in done.content
    exported = await llc_bot.services.store.members.export(discord_double.member.id)
    assert exported["questions"] == []


async def test_privacy_export_sends_a_json_file(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    await discord_double.run_slash("ask", {"question": "What is LLC?"})
    result = await discord_double.run_slash("privacy export")
    assert result.ephemeral
    files = result.message.request.files
    assert files and files[0].filename == "llc-bot-my-data.json"
    assert b"What is LLC?" in files[0].data


async def test_with_the_database_gone_the_member_gets_a_kind_error_and_the_bot_keeps_going(
    discord_double: DiscordDouble, llc_bot: LLCBot, tmp_path: Path
) -> None:
    asked = await discord_double.run_slash("ask", {"question": "What is LLC?"})
    await llc_bot.services.store.database.dispose()
    shutil.rmtree(tmp_path / "data")
    clicked = await discord_double.click(asked.message, label="Helpful")
    assert clicked.ephemeral and clicked.message.content == STORAGE
    again = await discord_double.run_slash("ask", {"question": "What makes LLC worse?"})
    assert "flat surfaces" in again.message.embeds[0]["description"]
    assert again.message.buttons == []  # nothing to vote on: it could not be stored


async def test_bot_answers_after_a_gateway_reconnect(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    await discord_double.reconnect()
    result = await discord_double.run_slash("ask", {"question": "Who gets LLC?"})
    assert "high-mileage" in result.message.embeds[0]["description"]


async def test_a_reply_that_pings_the_bot_without_asking_is_not_answered(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    bot_user = discord_double.bot_user
    await discord_double.send_message(f"{bot_user.mention} who gets LLC?")
    answer = await discord_double.next_bot_message(discord_double.guild.general)
    await discord_double.send_message("thanks!", mentions=[bot_user], reply_to=answer.payload)
    await discord_double.send_message(f"{bot_user.mention} what makes LLC worse?")
    reply = await discord_double.next_bot_message(discord_double.guild.general)
    assert "flat surfaces" in reply.text


async def test_blank_question_gets_a_kind_private_reply(discord_double: DiscordDouble,
                                                        llc_bot: LLCBot) -> None:
    result = await discord_double.run_slash("ask", {"question": "   "})
    assert result.ephemeral and "empty" in result.message.content


async def test_a_huge_message_is_answered_not_crashed(discord_double: DiscordDouble,
                                                      llc_bot: LLCBot) -> None:
    await discord_double.send_dm("why does my hamstring misfire on long runs? " * 200)
    reply = await discord_double.next_dm()
    assert reply.embeds and "Traceback" not in reply.text


async def test_more_from_the_summary_shows_the_further_passages_to_the_clicker(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    result = await discord_double.run_slash(
        "ask", {"question": "is there a cure? will it get better over the years?"})
    assert result.message is not None
    assert "More from the summary" in result.message.button_labels
    clicked = await discord_double.click(result.message, label="More from the summary")
    assert clicked.ephemeral
    embed = clicked.message.embeds[0]
    assert embed["title"] == "More from the summary"
    assert embed["fields"] and all(f["value"].startswith("\u201c") for f in embed["fields"])
