"""Surveys in Discord that keep working when Discord says no, and keep answers where they
belong (issue 15): an old DM button after leaving stores nothing, a refused notice about
closed DMs does not stop the loop, and a report counts its own server only."""

from __future__ import annotations

import pytest

from storage.records import SendStatus
from tests.discord_double import DiscordDouble
from tests.e2e.bot_harness import llc_bot_running
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
        sends = await bot.services.store.surveys.sends()
        closed = {s.status for s in sends if s.member_id == discord_double.member.id}
        assert closed == {SendStatus.DM_CLOSED}
        assert len(discord_double.requests_matching(  # told once, not on every pass
            "POST", f"/channels/{discord_double.guild.community.id}/messages")) == 1
        assert cog.deliver.is_running()
