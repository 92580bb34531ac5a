"""Surveys in Discord that keep working when Discord says no, and keep answers where they
belong (issue 15): an old DM button after leaving stores nothing, a refused notice about
closed DMs does not stop the loop, and a report or a digest counts its own server only."""

from __future__ import annotations

import pytest

from storage.records import SendStatus, SurveyCadence
from tests.discord_double import DiscordDouble
from tests.discord_double.payloads import guild_create_payload, member_payload
from tests.e2e.bot_harness import llc_bot_running
from tests.e2e.test_bot_guild import OTHER_CHANNEL, OTHER_GUILD, other_guild
from tests.e2e.test_bot_help_forum import BEFORE_THE_DIGEST
from tests.fixtures_db import FakeClock

pytestmark = pytest.mark.e2e

STEP_ONE = {"Symptoms on easy runs (0-10)": ["2"], "Symptoms on fast runs (0-10)": ["7"],
            "Symptoms on flat ground (0-10)": ["6"], "Kilometres per week, on average": "35",
            "Since you joined, your condition is...": ["3"]}


async def monthly_invitation(double: DiscordDouble, user=None):
    """The member's monthly check-in DM among those a join brings (after a new member's
    welcome, if any)."""
    for _ in range(3):
        message = await double.next_dm(user)
        if any(b.get("custom_id", "").startswith("srv:0:monthly:") for b in message.buttons):
            return message
    raise AssertionError("no monthly check-in arrived")


async def test_an_old_survey_button_after_leaving_stores_nothing(
        discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch) -> None:
    clock = FakeClock()
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        await discord_double.run_slash("survey join")
        cog = bot.get_cog("SurveyCog")
        await cog.deliver()
        clock.advance(seconds=5)
        await cog.deliver()
        invitation = await monthly_invitation(discord_double)
        opened = await discord_double.click(invitation, label="Open the survey")
        await discord_double.run_slash("survey leave")
        refused = await discord_double.submit_modal(opened, STEP_ONE)
        assert "Nothing was saved" in refused.message.content and refused.ephemeral
        again = await discord_double.click(invitation, label="Open the survey")
        assert again.modal is None and "not taking part" in again.message.content
        member = discord_double.member.id
        assert await bot.services.store.surveys.response(member, "monthly", "2026-03") is None


async def test_a_refused_notice_about_closed_dms_does_not_stop_the_survey_loop(
        discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch) -> None:
    clock = FakeClock()
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        second = await discord_double.add_member("second_runner")
        await discord_double.run_slash("survey join")
        discord_double.close_dms()
        discord_double.refuse_posts(discord_double.guild.community.id)
        cog = bot.get_cog("SurveyCog")
        await cog.deliver()  # the member's DMs are closed; the notice is refused
        notices = discord_double.requests_matching(
            "POST", f"/channels/{discord_double.guild.community.id}/messages")
        assert len(notices) == 1 and notices[0].status == 403

        await discord_double.run_slash("survey join", user=second)
        for _ in range(3):  # the loop goes on: the next member's surveys go out
            clock.advance(seconds=5)
            await cog.deliver()
        assert await monthly_invitation(discord_double, second)
        sends = (await bot.services.store.surveys.export_member(
            discord_double.member.id))["sends"]
        assert {s["status"] for s in sends} == {SendStatus.DM_CLOSED.value}
        assert len(discord_double.requests_matching(  # told once, not on every pass
            "POST", f"/channels/{discord_double.guild.community.id}/messages")) == 1
        assert cog.deliver.is_running()


BASELINE = {"onset_age": 24, "years_since_onset": 3, "side": "left",
            "level_at_worst": "far_below", "level_now": "some_restrictions"}


async def test_without_guild_id_a_survey_report_counts_its_own_servers_answers_only(
        discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch) -> None:
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               GUILD_ID="") as bot:
        home = discord_double.guild.id
        surveys = bot.services.surveys
        for member in range(1, 7):
            await surveys.join(member, SurveyCadence.MONTHLY, home)
            await surveys.answer(member, "baseline", "once", BASELINE, submit=True)
        guild = other_guild(discord_double)
        joined = guild_create_payload(guild, [member_payload(guild.bot),
                                              member_payload(guild.moderator)])
        await discord_double.send_dispatch("GUILD_CREATE", joined)

        here = await discord_double.run_slash("survey report", {"survey": "baseline"},
                                              user=discord_double.moderator)
        assert "**Baseline survey**: 6 respondents" in here.message.content
        slash = discord_double.interaction_slash("survey report", {"survey": "baseline"},
                                                 user=discord_double.moderator)
        slash.update(guild_id=str(OTHER_GUILD), channel_id=str(OTHER_CHANNEL),
                     guild={**slash["guild"], "id": str(OTHER_GUILD)},
                     channel={**slash["channel"], "id": str(OTHER_CHANNEL),
                              "guild_id": str(OTHER_GUILD)})
        await discord_double.send_interaction(slash)
        elsewhere = await discord_double.interaction_result(slash)
        assert "**Baseline survey**: 0 respondents" in elsewhere.message.content


async def test_without_guild_id_the_forum_digest_lists_its_own_servers_posts_only(
        discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch) -> None:
    clock = FakeClock(BEFORE_THE_DIGEST)
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock, GUILD_ID="") as bot:
        cog = bot.get_cog("HelpForumCog")
        cog.digest.cancel()  # ticked by hand
        for guild, thread in ((discord_double.guild.id, 501), (OTHER_GUILD, 502)):
            await bot.services.store.questions.record(
                member_id=7, channel_id=thread, guild_id=guild, thread_id=thread,
                message_id=thread, question="Which shoes?", answer="...", citations=[],
                triage="none", abstained=True)
        clock.advance(hours=1)
        assert await cog.digest() is not None
        digest = (await discord_double.next_bot_message(discord_double.guild.mod_log)).content
        assert "1 post waiting" in digest and "/501" in digest and "/502" not in digest
