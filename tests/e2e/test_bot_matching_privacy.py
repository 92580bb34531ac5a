"""Peer matching tried as a member, a harasser and a curious moderator would, through the
Discord double (issue 15, part A): exports, answers after a change of mind, round cards and
their buttons, stories in the bot's voice, long stories, closed DMs and the /match cooldown."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.client import LLCBot
from tests.discord_double import BotMessage, DiscordDouble, FakeUser
from tests.discord_double.limits import limit_problems
from tests.e2e.bot_harness import llc_bot_running
from tests.e2e.test_bot_matching import add_profile
from tests.fixtures_db import FakeClock

pytestmark = pytest.mark.e2e

ROUND_DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Paris, the day a round starts
LONG_STORY = " ".join(["my hamstring misfires on flat tempo runs and then it settles"] * 34)
TRICKY_STORY = "[Book now](https://llc-cure.example) @everyone <@123456789012345678> **cured**"


async def joined(double: DiscordDouble, username: str) -> FakeUser:
    """A new member, past the welcome DM every newcomer gets."""
    user = await double.add_member(username)
    assert "Welcome" in (await double.next_dm(user)).text
    return user


async def exported(double: DiscordDouble, user: FakeUser) -> str:
    """What `/privacy export` hands the member, as text."""
    result = await double.run_slash("privacy export", user=user)
    (file,) = result.message.request.files
    return file.data.decode()


async def share_story(bot: LLCBot, member: int, story: str) -> None:
    """A profile whose story other runners may see (story consent, visibility "peers").

    Saved through the store, as a story saved before its text was checked would be."""
    await add_profile(bot, member)
    store = bot.services.store
    await store.consents.grant(member, "story")
    stored = await store.profiles.get(member)
    await store.profiles.save(member, {**stored.fields, "story": story},
                              visibility={"story": "peers"})


async def set_rounds(bot: LLCBot, member: int, cadence: str) -> None:
    store = bot.services.store
    stored = await store.profiles.get(member)
    await store.profiles.save(member, {**stored.fields, "rounds": cadence})


def sent_body(message: BotMessage) -> dict:
    """The message as the bot sent it (an interaction callback carries it as its data)."""
    body = message.request.json
    return body["data"] if "type" in body and "data" in body else body


def fits(message: BotMessage) -> None:
    assert limit_problems(sent_body(message)) == []


def mentions_nobody(message: BotMessage) -> None:
    allowed = sent_body(message).get("allowed_mentions")
    assert allowed is not None and allowed.get("parse") == []
    assert not allowed.get("users") and not allowed.get("roles")


async def ask_through_match(double: DiscordDouble, asker: FakeUser, peer: FakeUser
                            ) -> BotMessage:
    """`asker` runs /match and asks runner 1; the request DM `peer` receives."""
    shown = await double.run_slash("match", user=asker)
    asked = await double.click(shown.message, label="Ask runner 1 for an introduction",
                               user=asker)
    assert "I asked them" in asked.message.content
    return await double.next_dm(peer)


# --- 1. exports ------------------------------------------------------------------------


async def test_an_export_never_names_the_other_runner_before_both_agreed(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    member, peer = discord_double.member, discord_double.trusted
    await add_profile(llc_bot, member.id)
    await add_profile(llc_bot, peer.id)
    request = await ask_through_match(discord_double, member, peer)

    assert str(peer.id) not in await exported(discord_double, member)
    assert str(member.id) not in await exported(discord_double, peer)

    await discord_double.click(request, label="Accept", user=peer)
    await discord_double.next_dm(member)
    assert str(peer.id) in await exported(discord_double, member)


# --- 2. an answer after the asker backed out -------------------------------------------


async def test_accepting_after_the_asker_blocked_left_and_deleted_introduces_no_one(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    member, peer = discord_double.member, discord_double.trusted
    await add_profile(llc_bot, member.id)
    await add_profile(llc_bot, peer.id)
    request = await ask_through_match(discord_double, member, peer)
    await discord_double.run_slash("block", {"member": peer})
    await discord_double.run_slash("rounds leave")
    await discord_double.run_slash("profile delete")

    answered = await discord_double.click(request, label="Accept", user=peer)

    assert "no longer open" in answered.message.content
    assert member.mention not in answered.message.content
    for user, other in ((member, peer), (peer, member)):
        sent = discord_double.requests_matching(
            "POST", f"/channels/{discord_double.dm_channel_id(user)}/messages")
        assert not any(other.mention in (r.json or {}).get("content", "") for r in sent)


# --- 3. round cards and their buttons come from one list -------------------------------


async def test_a_rounds_button_asks_the_runner_on_its_card(
        discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch) -> None:
    clock = FakeClock(ROUND_DAY)
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        member = discord_double.member
        # The unfiltered group's first peer is the one away: that is where buttons went wrong.
        paused, third = sorted([discord_double.trusted,
                                await joined(discord_double, "hill_repeat")],
                               key=lambda user: user.id)
        for user in (member, paused, third):
            await add_profile(bot, user.id)
        cog = bot.get_cog("MatchingCog")
        _, plan = await cog.rounds.plan()
        assert plan.groups == [sorted([member.id, paused.id, third.id])]
        store = bot.services.store
        await store.consents.withdraw(paused.id, "matching")  # away when the round goes out
        await cog.tick()
        suggestion = await discord_double.next_dm(member)
        assert suggestion.button_labels == ["Ask runner 1 for an introduction"]
        assert "This round's suggestion" in (await discord_double.next_dm(third)).text
        await store.consents.grant(paused.id, "matching")  # back before the click

        await discord_double.click(suggestion, label="Ask runner 1 for an introduction",
                                   user=member)

        request = await discord_double.next_dm(third)
        assert "would like to be introduced" in request.text
        to_paused = discord_double.requests_matching(
            "POST", f"/channels/{discord_double.dm_channel_id(paused)}/messages")
        assert not any("would like to be introduced" in (r.json or {}).get("content", "")
                       for r in to_paused)


async def test_a_block_after_planning_keeps_both_cards_back(
        discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch) -> None:
    clock = FakeClock(ROUND_DAY)
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        member, blocker = discord_double.member, discord_double.trusted
        await add_profile(bot, member.id)
        await add_profile(bot, blocker.id)
        cog = bot.get_cog("MatchingCog")
        _, plan = await cog.rounds.plan()
        assert plan.groups == [sorted([member.id, blocker.id])]
        await discord_double.run_slash("block", {"member": member}, user=blocker)
        await cog.tick()
        for user in (member, blocker):
            message = await discord_double.next_dm(user)
            assert message.buttons == [] and message.embeds == []
            assert "No match for you this round" in message.text


# --- 8. a story in the bot's voice -----------------------------------------------------


async def test_a_story_with_a_link_or_a_mass_mention_is_not_saved(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    store = llc_bot.services.store
    welcome = await discord_double.run_slash("start")
    await discord_double.click(welcome.message, label="Yes: keep my profile")
    for story in ("Book a session at https://llc-cure.example, it cured me",
                  "@everyone read this: it cured me"):
        step = await discord_double.run_slash("profile edit", {"step": 3})
        refused = await discord_double.submit_modal(
            step, {"Your story, in your words (optional)": story})
        assert refused.message.content.startswith("Not saved: story:")
    profile = await store.profiles.get(discord_double.member.id)
    assert profile is None or profile.fields["story"] is None


async def test_cards_escape_links_and_mentions_and_nothing_is_sent_with_mentions_on(
        discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    member, peer = discord_double.member, discord_double.trusted
    await share_story(llc_bot, member.id, TRICKY_STORY)
    await share_story(llc_bot, peer.id, TRICKY_STORY)
    shown = await discord_double.run_slash("match", user=peer)
    request = await ask_through_match(discord_double, member, peer)
    accepted = await discord_double.click(request, label="Accept", user=peer)
    introduced = [await discord_double.next_dm(member), await discord_double.next_dm(peer)]

    for message in (shown.message, request):
        assert "cured" in message.text
        assert "[Book now](" not in message.text
        assert "@everyone" not in message.text and "<@123456789012345678>" not in message.text
    for message in (shown.message, request, accepted.message, *introduced):
        mentions_nobody(message)


# --- 9. a long story -------------------------------------------------------------------


async def test_a_long_story_is_cut_at_a_word_and_every_message_fits(
        discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch) -> None:
    assert len(LONG_STORY) >= 2000
    clock = FakeClock(ROUND_DAY)
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        member, peer = discord_double.member, discord_double.trusted
        third = await joined(discord_double, "hill_repeat")
        for user in (member, peer, third):
            await share_story(bot, user.id, LONG_STORY)
        await set_rounds(bot, third.id, "off")  # met through /match only
        await bot.get_cog("MatchingCog").tick()
        suggestion = await discord_double.next_dm(peer)
        await discord_double.click(suggestion, label="Ask runner 1 for an introduction",
                                   user=peer)
        request = await discord_double.next_dm(member)
        shown = await discord_double.run_slash("match", user=peer)
        for message in (suggestion, request, shown.message):
            fits(message)
            assert "my hamstring misfires" in message.text
            assert "\N{HORIZONTAL ELLIPSIS}" in message.text and "shortened" in message.text
            assert LONG_STORY not in message.text
            story = next(f["value"] for e in message.embeds for f in e.get("fields", [])
                         if f["name"] == "Story")
            last_word = story.split("\N{HORIZONTAL ELLIPSIS}")[0].split()[-1]
            assert last_word in LONG_STORY.split()


# --- 10. closed DMs --------------------------------------------------------------------


async def test_a_closed_dm_fails_alone_and_the_member_is_told_once(
        discord_double: DiscordDouble, answer_service, tmp_path, monkeypatch) -> None:
    clock = FakeClock(ROUND_DAY)
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data", monkeypatch,
                               clock=clock) as bot:
        people = [discord_double.member, discord_double.trusted,
                  await joined(discord_double, "hill_repeat"),
                  await joined(discord_double, "track_tuesday")]
        # The first to be sent to is the one whose DMs are closed.
        closed, *others = sorted(people, key=lambda user: user.id)
        for user in (closed, *others):
            await add_profile(bot, user.id)
            await set_rounds(bot, user.id, "2w")
        discord_double.close_dms(closed)
        cog = bot.get_cog("MatchingCog")

        await cog.tick()

        for user in others:
            assert "This round's suggestion" in (await discord_double.next_dm(user)).text
        notice = await discord_double.next_bot_message(discord_double.guild.community)
        assert closed.mention in notice.content and "direct message" in notice.content
        allowed = notice.request.json["allowed_mentions"]
        assert allowed["parse"] == [] and [int(u) for u in allowed["users"]] == [closed.id]
        recorded = await bot.services.store.rounds.latest()
        mine = next(m for m in recorded.members if m.member_id == closed.id)
        assert mine.notified_at is not None and mine.dm_closed_at is not None

        clock.advance(days=14)  # the next round: the DM fails again, nobody is told twice
        await cog.tick()
        for user in others:
            await discord_double.next_dm(user)
        community = f"/channels/{discord_double.guild.community.id}/messages"
        assert len(discord_double.requests_matching("POST", community)) == 1
        assert cog.rounds_tick.is_running()


# --- 14. /match has a cooldown ---------------------------------------------------------


async def test_match_has_a_cooldown(discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    await add_profile(llc_bot, discord_double.member.id)
    await add_profile(llc_bot, discord_double.trusted.id)
    for _ in range(5):
        shown = await discord_double.run_slash("match")
        assert "Runner 1" in shown.message.text
    refused = await discord_double.run_slash("match")
    assert refused.ephemeral and "minute" in refused.message.content
    assert refused.message.embeds == []


async def test_story_text_is_never_logged(discord_double: DiscordDouble, llc_bot: LLCBot,
                                          caplog) -> None:
    await share_story(llc_bot, discord_double.member.id, TRICKY_STORY)
    await add_profile(llc_bot, discord_double.trusted.id)
    await discord_double.run_slash("match", user=discord_double.trusted)
    assert "cured" not in caplog.text


async def test_a_long_story_fits_the_members_own_preview(discord_double: DiscordDouble,
                                                         llc_bot: LLCBot) -> None:
    await share_story(llc_bot, discord_double.member.id, LONG_STORY)
    viewed = await discord_double.run_slash("profile view")
    fits(viewed.message)
    assert "my hamstring misfires" in viewed.message.content
    assert "shortened" in viewed.message.content
