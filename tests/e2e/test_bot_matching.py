"""Peer matching end to end through the Discord double: /match cards, a double opt-in
introduction (request, accept, decline never told), /block, /report, and forget."""

from __future__ import annotations

import pytest

from bot.client import LLCBot
from community.profile_import import import_profile
from community.profiles import parse_profile
from tests.discord_double import DiscordDouble

pytestmark = pytest.mark.e2e


async def add_profile(bot: LLCBot, member_id: int, side: str = "right") -> None:
    await import_profile(bot.services.store, parse_profile({
        "member": str(member_id), "side": side, "muscles": ["hamstrings", "glutes"],
        "triggers": ["flat_surfaces"], "timezone": "Europe/Paris",
        "consent": {"profile": True, "matching": True}}))


async def asked_by_member(double: DiscordDouble, bot: LLCBot):
    """The member runs /match, asks runner 1, and the peer gets the DM; returns the DM."""
    peer = double.trusted
    await add_profile(bot, double.member.id)
    await add_profile(bot, peer.id)
    shown = await double.run_slash("match")
    assert shown.ephemeral
    assert "Runner 1" in shown.message.text and "hamstrings and glutes" in shown.message.text
    assert str(peer.id) not in shown.message.text and "Paris" not in shown.message.text
    asked = await double.click(shown.message, label="Ask runner 1 for an introduction")
    assert "I asked them" in asked.message.content
    dm = await double.next_dm(peer)
    assert "would like to be introduced" in dm.content
    assert str(double.member.id) not in dm.text
    return dm


async def test_an_accepted_introduction_tells_both_their_handles(discord_double: DiscordDouble,
                                                                llc_bot: LLCBot) -> None:
    dm = await asked_by_member(discord_double, llc_bot)
    peer = discord_double.trusted
    accepted = await discord_double.click(dm, label="Accept", user=peer)
    assert "introducing you" in accepted.message.content
    to_member = await discord_double.next_dm(discord_double.member)
    assert peer.mention in to_member.content


async def test_a_decline_is_never_told_to_the_asker(discord_double: DiscordDouble,
                                                    llc_bot: LLCBot) -> None:
    dm = await asked_by_member(discord_double, llc_bot)
    declined = await discord_double.click(dm, label="Decline", user=discord_double.trusted)
    assert "won't be told" in declined.message.content
    member_dm = f"/channels/{discord_double.dm_channel_id(discord_double.member)}/messages"
    assert discord_double.requests_matching("POST", member_dm) == []
    again = await discord_double.run_slash("match")
    assert "No runner to suggest" in again.message.content


async def test_blocking_hides_the_runner_and_a_report_reaches_the_mod_log(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    peer = discord_double.trusted
    await add_profile(llc_bot, discord_double.member.id)
    await add_profile(llc_bot, peer.id)
    blocked = await discord_double.run_slash("block", {"member": peer})
    assert blocked.ephemeral and "Blocked" in blocked.message.content
    shown = await discord_double.run_slash("match")
    assert "No runner to suggest" in shown.message.content
    reported = await discord_double.run_slash("report", {"member": peer,
                                                         "reason": "rude in DMs"})
    assert "moderators have your report" in reported.message.content
    alert = await discord_double.next_bot_message(discord_double.guild.mod_log)
    assert peer.mention in alert.content


async def test_match_without_a_profile_points_to_start_and_forget_removes_the_profile(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    shown = await discord_double.run_slash("match")
    assert "/start" in shown.message.content
    await add_profile(llc_bot, discord_double.member.id)
    report = await llc_bot.services.privacy.forget(discord_double.member.id)
    assert report.deleted["profiles"] == 1
    assert await llc_bot.services.store.profiles.get(discord_double.member.id) is None


async def test_start_records_consent_and_the_profile_is_made_in_three_modal_steps(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    member = discord_double.member.id
    store = llc_bot.services.store
    welcome = await discord_double.run_slash("start")
    assert "not a doctor" in welcome.message.content
    refused = await discord_double.click(welcome.message, label="Make my profile")
    assert "/start" in refused.message.content and await store.profiles.get(member) is None

    await discord_double.click(welcome.message, label="Yes: keep my profile")
    await discord_double.click(welcome.message, label="Yes: match me")
    assert await store.consents.active(member, "profile") is not None
    first = await discord_double.run_slash("profile create")
    assert first.modal is not None and len(first.modal.fields) <= 5
    saved = await discord_double.submit_modal(first, {
        "Which leg?": ["right"], "Muscles affected": ["hamstrings", "glutes"],
        "What makes it worse": ["flat_surfaces", "faster_pace"]})
    assert "Saved step 1" in saved.message.content
    second = await discord_double.click(saved.message, label="Continue: step 2 of 3")
    saved = await discord_double.submit_modal(second, {
        "Running at your worst": ["stopped"], "Running now": ["some_restrictions"],
        "What you tried, and how it went": ["extended_break:helped"]})
    third = await discord_double.click(saved.message, label="Continue: step 3 of 3")
    bad = await discord_double.submit_modal(third, {"Time zone (e.g. Europe/Berlin)": "Mars"})
    assert bad.message.content.startswith("Not saved: timezone:")
    third = await discord_double.run_slash("profile edit", {"step": 3})
    done = await discord_double.submit_modal(third, {
        "Time zone (e.g. Europe/Berlin)": "Europe/Berlin", "Age when it started": "44",
        "Your story, in your words (optional)": "It started after a marathon."})
    assert "What other runners would see" in done.message.content
    assert "Europe/Berlin" not in done.message.content.split("Everything you entered")[0]
    profile = await store.profiles.get(member)
    assert profile.fields["muscles"] == ["hamstrings", "glutes"]
    assert profile.fields["tried"] == {"extended_break": "helped"}
    assert profile.fields["onset_age"] == 44 and profile.fields["timezone"] == "Europe/Berlin"

    viewed = await discord_double.run_slash("profile view")
    assert "hamstrings and glutes" in viewed.message.content
    deleted = await discord_double.run_slash("profile delete")
    assert "deleted" in deleted.message.content and await store.profiles.get(member) is None


async def test_a_round_suggests_by_dm_once_asks_through_double_opt_in_and_checks_in(
        discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch) -> None:
    from datetime import UTC, datetime

    from tests.e2e.bot_harness import llc_bot_running
    from tests.fixtures_db import FakeClock

    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # 10:00 in Paris, round day
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        member, peer = discord_double.member, discord_double.trusted
        await add_profile(bot, member.id)
        await add_profile(bot, peer.id)
        cog = bot.get_cog("MatchingCog")
        await cog.tick()
        suggestion = await discord_double.next_dm(member)
        assert "This round's suggestion" in suggestion.content
        assert str(peer.id) not in suggestion.content
        await discord_double.next_dm(peer)
        await cog.tick()  # a second pass (or a restart) sends nothing again
        member_dm = f"/channels/{discord_double.dm_channel_id(member)}/messages"
        assert len(discord_double.requests_matching("POST", member_dm)) == 1

        asked = await discord_double.click(suggestion, label="Ask runner 1 for an introduction",
                                           user=member)
        assert "I asked them" in asked.message.content
        request = await discord_double.next_dm(peer)
        assert "would like to be introduced" in request.content

        clock.advance(days=11)
        await cog.tick()
        checkin = await discord_double.next_dm(member)
        assert "Did it help?" in checkin.content
        answered = await discord_double.click(checkin, label="We talked, and it helped",
                                              user=member)
        assert "Thank you" in answered.message.content
        recorded = await bot.services.store.rounds.latest()
        mine = next(m for m in recorded.members if m.member_id == member.id)
        assert mine.connected and mine.helped
