"""Privacy in Discord: what is kept, forgetting (posts included), retention, /stats."""

from __future__ import annotations

import pytest

from bot.client import LLCBot
from tests.discord_double import DiscordDouble
from tests.e2e.bot_harness import llc_bot_running
from tests.fixtures_db import FakeClock

pytestmark = pytest.mark.e2e


async def test_privacy_info_says_what_is_kept_and_for_how_long(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    result = await discord_double.run_slash("privacy info")
    assert result.ephemeral
    assert "365 days" in result.message.content
    assert "Private questions and direct messages" in result.message.content


async def test_forget_deletes_the_community_post_that_quotes_the_member(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    asked = await discord_double.run_slash("ask", {"question": "Does LLC ever go away?"})
    offered = await discord_double.click(asked.message, label="Ask the community")
    await discord_double.click(offered.message, label="Post with my name")
    posted = await discord_double.next_bot_message(discord_double.guild.community)
    confirm = await discord_double.run_slash("privacy forget")
    clicked = await discord_double.click(confirm.message, label="Delete my data")
    done = await discord_double.next_original_edit(clicked.interaction)
    assert "deleted everything" in done.content
    await discord_double.wait_for_request(
        "DELETE", f"/channels/{discord_double.guild.community.id}/messages/{posted.id}")
    assert await llc_bot.services.store.questions.ids_of_member(discord_double.member.id) == []


async def test_a_direct_message_keeps_no_question_text(discord_double: DiscordDouble,
                                                       llc_bot: LLCBot) -> None:
    await discord_double.send_dm("how many papers describe runner's dystonia?")
    await discord_double.next_dm()
    export = await llc_bot.services.privacy.export(discord_double.member.id)
    assert [q["question"] for q in export["database"]["questions"]] == [""]


async def test_stats_never_show_private_or_crisis_words(discord_double: DiscordDouble,
                                                        llc_bot: LLCBot) -> None:
    await discord_double.run_slash("ask", {"question": "best shoes for marathon?"})
    await discord_double.run_slash("ask", {"question": "best socks for a marathon?",
                                           "private": True})
    await discord_double.run_slash("ask", {"question": "I want to end it all"})
    result = await discord_double.run_slash("stats", user=discord_double.moderator)
    assert "best shoes for marathon?" in result.message.content
    assert "socks" not in result.message.content
    assert "end it all" not in result.message.content


async def test_the_daily_sweep_deletes_questions_past_the_retention_period(
    discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock, QUESTION_RETENTION_DAYS="30") as bot:
        await discord_double.run_slash("ask", {"question": "What is LLC?"})
        questions = bot.services.store.questions
        (asked,) = await questions.ids_of_member(discord_double.member.id)
        retention = bot.get_cog("RetentionCog")
        clock.now = (await questions.get(asked)).created_at
        clock.advance(days=29)
        await retention.sweep()
        assert await questions.get(asked) is not None
        clock.advance(days=2)
        await retention.sweep()
        assert await questions.get(asked) is None


async def test_a_post_discord_refuses_to_delete_does_not_stop_a_forget_and_is_retried(
    discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch
) -> None:
    clock = FakeClock()
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        asked = await discord_double.run_slash("ask", {"question": "Does LLC ever go away?"})
        offered = await discord_double.click(asked.message, label="Ask the community")
        await discord_double.click(offered.message, label="Post with my name")
        community = discord_double.guild.community
        posted = await discord_double.next_bot_message(community)
        discord_double.protect_message(posted.id)  # the bot lost Manage Messages there

        confirm = await discord_double.run_slash("privacy forget")
        clicked = await discord_double.click(confirm.message, label="Delete my data")
        done = await discord_double.next_original_edit(clicked.interaction)
        assert "deleted everything" in done.content
        assert str(posted.id) in done.content and "try again" in done.content
        member = discord_double.member.id
        assert await bot.services.store.questions.ids_of_member(member) == []
        alert = await discord_double.next_bot_message(discord_double.guild.mod_log)
        assert str(posted.id) in alert.content and str(member) not in alert.content
        assert "Does LLC ever go away" not in alert.content

        # Later, once Discord lets it, the post goes.
        discord_double.unprotect_message(posted.id)
        clock.advance(hours=2)
        await bot.get_cog("PrivacyCog").retry_deletions()
        await discord_double.wait_for_request(
            "DELETE", f"/channels/{community.id}/messages/{posted.id}",
            body=None)
        assert posted.id not in discord_double.messages
        assert await bot.services.store.undeleted_posts.due(clock.advance(days=30)) == []
