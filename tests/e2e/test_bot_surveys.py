"""Surveys in Discord, end to end: join, receive by DM, answer in modal steps, remind,
correct, see one's own course, report, export and forget."""

from __future__ import annotations

import pytest

from bot.client import LLCBot
from tests.discord_double import DiscordDouble
from tests.e2e.bot_harness import llc_bot_running
from tests.fixtures_db import FakeClock

pytestmark = pytest.mark.e2e

STEP_ONE = {"Symptoms on easy runs (0-10)": ["2"], "Symptoms on fast runs (0-10)": ["7"],
            "Symptoms on flat ground (0-10)": ["6"], "Kilometres per week, on average": "35",
            "Since you joined, your condition is...": ["3"]}


async def dms(double: DiscordDouble, count: int) -> dict[str, object]:
    """The bot's next `count` DMs to the member, by the survey their button opens."""
    found = {}
    for _ in range(count):
        message = await double.next_dm()
        (button,) = message.buttons
        found[button["custom_id"].split(":")[2]] = message
    return found


async def test_the_survey_cycle_from_join_to_forget(discord_double: DiscordDouble,
                                                    answer_service, tmp_path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        member = discord_double.member.id
        joined = await discord_double.run_slash("survey join", {"cadence": "monthly"})
        assert joined.ephemeral and "You're in" in joined.message.content
        cog = bot.get_cog("SurveyCog")
        await cog.deliver()  # a wave is spread over time: the next send is due seconds later
        clock.advance(seconds=5)
        await cog.deliver()
        invitations = await dms(discord_double, 2)
        assert set(invitations) == {"baseline", "monthly"}
        assert "Monthly check-in" in invitations["monthly"].content

        # Step one of two: five questions in one modal; the answers are kept at once.
        opened = await discord_double.click(invitations["monthly"], label="Open the survey")
        assert len(opened.modal.fields) == 5
        saved = await discord_double.submit_modal(opened, STEP_ONE)
        assert "Saved step 1 of 2" in saved.message.content
        partial = await bot.services.store.surveys.response(member, "monthly", "2026-03")
        assert partial.answers["severity_fast"] == 7 and partial.submitted_at is None

        # Step two, then submitted.
        second = await discord_double.click(saved.message, label="Continue (2 of 2)")
        done = await discord_double.submit_modal(
            second, {"What changed (started, stopped, tried)?": "started hip work"})
        assert "Thank you" in done.message.content

        # A correction before the wave closes: the form opens prefilled, one answer changes.
        again = await discord_double.click(invitations["monthly"], label="Open the survey")
        await discord_double.submit_modal(again, {**STEP_ONE,
                                                  "Since you joined, your condition is...": ["2"]})
        corrected = await bot.services.store.surveys.response(member, "monthly", "2026-03")
        assert corrected.answers["pgic"] == 2 and corrected.submitted_at is not None

        # Three days on, one reminder: for the baseline, not the answered check-in.
        clock.advance(days=3)
        await cog.deliver()
        reminder = await discord_double.next_dm()
        assert "reminder" in reminder.content and "Baseline survey" in reminder.content
        clock.advance(days=3)
        await cog.deliver()
        sends = (await bot.services.store.surveys.export_member(member))["sends"]
        assert sorted((s["survey"], s["reminded_at"] is not None) for s in sends) == [
            ("baseline", True), ("change_followup", False), ("monthly", False)]
        followup = next(s for s in sends if s["survey"] == "change_followup")
        assert followup["sent_at"] is None  # a month after "what changed" was answered

        # The member's own course, and the moderators' report.
        mine = await discord_double.run_slash("survey mine")
        names = [f.filename for f in mine.message.request.files]
        assert names == ["my-trend.png", "clinician-summary.png", "clinician-summary.pdf"]
        refused = await discord_double.run_slash("survey report", {"survey": "monthly"})
        assert "only moderators" in refused.message.content
        report = await discord_double.run_slash("survey report", {"survey": "monthly"},
                                                user=discord_double.moderator)
        assert "fewer than 5 respondents" in report.message.content
        assert report.message.request.files[0].data.startswith(b"\x89PNG")

        # Privacy: the export has every response; forget deletes them all.
        export = await bot.services.privacy.export(member)
        assert {r["survey"] for r in export["surveys"]["responses"]} == {"monthly"}
        await bot.services.privacy.forget(member)
        assert (await bot.services.privacy.export(member))["surveys"]["responses"] == []


async def test_pause_and_leave_stop_the_surveys(discord_double: DiscordDouble,
                                                llc_bot: LLCBot) -> None:
    not_joined = await discord_double.run_slash("survey resume")
    assert "/survey join" in not_joined.message.content
    await discord_double.run_slash("survey join")
    paused = await discord_double.run_slash("survey pause")
    assert "Paused" in paused.message.content
    await llc_bot.get_cog("SurveyCog").deliver()
    assert await llc_bot.services.store.surveys.due(remind_sent_before=None) == []
    left = await discord_double.run_slash("survey leave")
    assert "consent is withdrawn" in left.message.content
    member = discord_double.member.id
    assert await llc_bot.services.store.consents.active(member, "surveys") is None
