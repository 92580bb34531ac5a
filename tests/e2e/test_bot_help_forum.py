"""The help forum, tended, end to end: the poster's two buttons under an answer, the forum's
tags, and the daily digest of posts still waiting for a person."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import discord
import pytest
from discord import Permissions

from bot.client import LLCBot
from storage.records import QuestionStatus
from tests.discord_double import DiscordDouble, ForumPost, default_guild
from tests.e2e.bot_harness import llc_bot_running
from tests.fixtures_db import FakeClock

pytestmark = pytest.mark.e2e

SOLVED, WEIGH_IN = "This answered it", "I'd like people to weigh in"
BEFORE_THE_DIGEST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def _answered_post(double: DiscordDouble, *, tags: tuple[str, ...] = ()
                         ) -> tuple[ForumPost, object]:
    post = await double.forum_post("Hamstring misfires", "my hamstring misfires on long runs",
                                   tags=tags)
    answer = await double.next_bot_message(post.id)
    return post, answer


async def _question_status(bot: LLCBot, post: ForumPost) -> QuestionStatus:
    (question,) = await bot.services.store.questions.recent_in_thread(post.id)
    return question.status


async def test_a_forum_answer_ends_with_the_posters_two_buttons(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    _, answer = await _answered_post(discord_double)
    labels = answer.button_labels
    assert labels[:3] == ["Helpful", "Not helpful", "Ask the community"]
    assert labels[-2:] == [SOLVED, WEIGH_IN]


async def test_a_mention_in_someone_elses_post_gets_no_poster_buttons(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    post, _ = await _answered_post(discord_double)
    await discord_double.send_message(f"{discord_double.bot_user.mention} what makes it worse?",
                                      channel=post.id, author=discord_double.trusted)
    reply = await discord_double.next_bot_message(post.id)
    assert SOLVED not in reply.button_labels


async def test_the_forums_tags_are_created_when_missing_keeping_the_others(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    forum = discord_double.guild.help_forum
    await discord_double.wait_for_request("PATCH", f"/channels/{forum.id}")
    names = [tag["name"] for tag in discord_double.available_tags()]
    assert names == ["question", "experience", "Solved", "Community input"]
    kept = {tag["name"]: int(tag["id"]) for tag in discord_double.available_tags()}
    assert kept["question"] == forum.available_tags[0][0]


async def test_this_answered_it_tags_the_post_solved_once(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    post, answer = await _answered_post(discord_double, tags=("question",))
    clicked = await discord_double.click(answer, label=SOLVED)
    assert clicked.ephemeral and "Marked as solved" in clicked.message.content
    assert discord_double.applied_tag_names(post.id) == ["question", "Solved"]
    assert await _question_status(llc_bot, post) is QuestionStatus.RESOLVED
    again = await discord_double.click(answer, label=SOLVED)
    assert "already marked as solved" in again.message.content
    assert discord_double.applied_tag_names(post.id) == ["question", "Solved"]


async def test_the_double_refuses_tags_as_discord_does(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    post, _ = await _answered_post(discord_double)
    forum = discord_double.guild.help_forum
    await discord_double.wait_for_request("PATCH", f"/channels/{forum.id}")
    tag_ids = [tag["id"] for tag in discord_double.available_tags()]
    with pytest.raises(discord.HTTPException) as too_many:
        await llc_bot.http.edit_channel(post.id, applied_tags=[*tag_ids, *tag_ids[:2]])
    assert (too_many.value.status, too_many.value.code) == (400, 50035)
    with pytest.raises(discord.HTTPException) as unknown:
        await llc_bot.http.edit_channel(post.id, applied_tags=["1234"])
    assert unknown.value.code == 50035
    with pytest.raises(discord.HTTPException) as too_many_tags:
        await llc_bot.http.edit_channel(
            forum.id, available_tags=[{"name": f"tag {n}"} for n in range(21)])
    assert too_many_tags.value.code == 50035
    assert len(discord_double.available_tags()) == 4  # a refusal changes nothing
    assert discord_double.applied_tag_names(post.id) == []


async def test_only_the_poster_can_use_the_forum_buttons(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    post, answer = await _answered_post(discord_double)
    for label in (SOLVED, WEIGH_IN):
        clicked = await discord_double.click(answer, label=label, user=discord_double.trusted)
        assert clicked.ephemeral and "Only the poster" in clicked.message.content
    assert discord_double.applied_tag_names(post.id) == []
    assert await _question_status(llc_bot, post) is QuestionStatus.ANSWERED


async def test_weigh_in_tags_the_post_and_the_daily_digest_lists_it_once(
    discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(BEFORE_THE_DIGEST)
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        cog = bot.get_cog("HelpForumCog")
        assert cog.digest.is_running()
        cog.digest.cancel()  # the test ticks it by hand
        post, answer = await _answered_post(discord_double)
        clicked = await discord_double.click(answer, label=WEIGH_IN)
        assert "tagged for the community" in clicked.message.content
        assert discord_double.applied_tag_names(post.id) == ["Community input"]
        again = await discord_double.click(answer, label=WEIGH_IN)
        assert "already waiting" in again.message.content

        assert await cog.digest() is None  # 08:00: not yet
        clock.advance(hours=1)
        assert await cog.digest() is not None
        mod_log = discord_double.guild.mod_log
        digest = (await discord_double.next_bot_message(mod_log)).content
        assert "1 post waiting for a person" in digest
        guild = discord_double.guild.id
        assert f"https://discord.com/channels/{guild}/{post.id}" in digest
        assert "hamstring" not in digest.casefold()  # links only, never the member's words
        clock.advance(hours=3)
        assert await cog.digest() is None  # once a day

        # A trusted member replies (and asks the bot too: its answer says the reply was seen).
        await discord_double.send_message(
            f"{discord_double.bot_user.mention} I had this too, does botox help runners?",
            channel=post.id, author=discord_double.trusted)
        await discord_double.next_bot_message(post.id)
        clock.advance(days=1)
        assert await cog.digest() is None  # a member replied: nothing waits


async def test_the_digest_posts_nothing_when_nothing_waits(
    discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(BEFORE_THE_DIGEST)
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        cog = bot.get_cog("HelpForumCog")
        cog.digest.cancel()
        _, answer = await _answered_post(discord_double)
        await discord_double.click(answer, label=SOLVED)
        clock.advance(hours=2)
        assert await cog.digest() is None
        assert cog.schedule.due(clock()) is False  # the day's digest was considered


async def test_forum_buttons_work_after_a_restart(
    discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch):
        post, answer = await _answered_post(discord_double)
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data",
                               monkeypatch) as bot:
        clicked = await discord_double.click(answer, label=SOLVED)
        assert "Marked as solved" in clicked.message.content
        assert await _question_status(bot, post) is QuestionStatus.RESOLVED


async def test_a_missing_manage_channels_permission_is_reported_once_not_a_crash(
    answer_service, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guild = default_guild()
    without = Permissions(guild.bot_role.permissions)
    without.manage_channels = False
    guild = dataclasses.replace(
        guild, bot_role=dataclasses.replace(guild.bot_role, permissions=without.value))
    async with DiscordDouble(guild=guild) as double, llc_bot_running(
            double, answer_service, tmp_path / "data", monkeypatch) as bot:
        alert = await double.next_bot_message(guild.mod_log)
        assert "Manage Channels" in alert.content
        post, answer = await _answered_post(double)
        clicked = await double.click(answer, label=SOLVED)
        assert "Marked as solved" in clicked.message.content
        assert "couldn't tag" in clicked.message.content
        assert await _question_status(bot, post) is QuestionStatus.RESOLVED
        alerts = double.requests_matching("POST", f"/channels/{guild.mod_log.id}/messages")
        assert len(alerts) == 1


async def test_the_digest_goes_to_help_digest_channel_id_when_set(
    discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(BEFORE_THE_DIGEST)
    community = discord_double.guild.community
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock, HELP_DIGEST_CHANNEL_ID=str(community.id)) as bot:
        cog = bot.get_cog("HelpForumCog")
        cog.digest.cancel()
        post, answer = await _answered_post(discord_double)
        await discord_double.click(answer, label="Not helpful")
        clock.advance(hours=1)
        assert await cog.digest() is not None
        digest = await discord_double.next_bot_message(community)
        assert f"/{post.id}" in digest.content


async def test_solved_on_a_post_with_five_tags_stays_within_discords_limit(
    answer_service, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guild = default_guild()
    names = ("question", "experience", "calves", "hamstrings", "racing")
    forum = dataclasses.replace(guild.help_forum, available_tags=tuple(
        (guild.id + 220 + n, name) for n, name in enumerate(names)))
    guild = dataclasses.replace(guild, help_forum=forum)
    async with DiscordDouble(guild=guild) as double, llc_bot_running(
            double, answer_service, tmp_path / "data", monkeypatch):
        await double.wait_for_request("PATCH", f"/channels/{forum.id}")
        post, answer = await _answered_post(double, tags=names)
        clicked = await double.click(answer, label=SOLVED)
        assert "Marked as solved" in clicked.message.content
        assert double.applied_tag_names(post.id) == [*names[:4], "Solved"]
