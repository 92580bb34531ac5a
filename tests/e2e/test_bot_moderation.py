"""Moderation in the server (the local double), end to end with the real client."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.client import LLCBot
from embeddings.encoder import Encoder
from knowledge.service import AnswerService
from storage.records import InfractionKind
from tests.discord_double import DiscordDouble
from tests.e2e.bot_harness import llc_bot_running

pytestmark = pytest.mark.e2e


class CountingEncoder:
    """The shared encoder, counting the batches an answer engine asks of it."""

    def __init__(self, encoder: Encoder) -> None:
        self._encoder = encoder
        self.batches = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.batches += 1
        return self._encoder.encode(texts)

    def __getattr__(self, name: str) -> object:
        return getattr(self._encoder, name)


@pytest.fixture
def counted_answers(answer_service: AnswerService, answer_index_dir: Path) -> AnswerService:
    """An answer engine like the shared one (its caches, its understanding model) whose
    encoder counts: the bot is given it as it is given any engine, so nothing of the code
    under test is replaced. The understanding model keeps its own encoder, uncounted: what
    is counted is answering a question."""
    return AnswerService.load(answer_index_dir, encoder=CountingEncoder(answer_service.encoder),
                              understanding=answer_service.understanding)


def message_path(double: DiscordDouble, sent: dict) -> str:
    return f"/channels/{sent['channel_id']}/messages/{sent['id']}"


async def test_scam_link_is_removed_and_the_author_told_privately(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    sent = await discord_double.send_message(
        "FREE NITRO for everyone!! claim here https://discord-gift.example.com/claim")
    await discord_double.wait_for_request("DELETE", message_path(discord_double, sent))
    dm = await discord_double.next_dm(discord_double.member)
    assert "removed" in dm.content.lower() and "moderators" in dm.content.lower()
    alert = await discord_double.next_bot_message(discord_double.guild.mod_log)
    assert "scam" in alert.content
    assert "discord-gift" not in alert.content  # the log names the rule, not the text


async def test_a_flood_of_messages_gets_a_timeout(discord_double: DiscordDouble,
                                                  llc_bot: LLCBot) -> None:
    for number in range(8):
        await discord_double.send_message(f"spam spam spam number {number}")
    timeout = await discord_double.wait_for_request(
        "PATCH", f"/guilds/{discord_double.guild.id}/members/{discord_double.member.id}")
    assert timeout.json["communication_disabled_until"]
    infractions = await llc_bot.services.store.infractions.list_for(discord_double.member.id)
    assert any(i.kind.value == "timeout" for i in infractions)


async def test_crisis_message_is_kept_answered_warmly_and_alerted(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    sent = await discord_double.send_message(
        "honestly everyone would be better off without me since I stopped running")
    reply = await discord_double.next_bot_message(discord_double.guild.general)
    assert "findahelpline.com" in reply.content
    alert = await discord_double.next_bot_message(discord_double.guild.mod_log)
    assert str(sent["id"]) in alert.content
    assert not discord_double.requests_matching("DELETE", message_path(discord_double, sent))


async def test_runner_talk_is_left_alone(discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    await discord_double.send_message("this hill killed my legs, I'm dying to race again")
    await discord_double.send_message("I want to end it all")  # a marker that gets a reply
    reply = await discord_double.next_bot_message(discord_double.guild.general)
    assert "findahelpline.com" in reply.content
    assert not discord_double.requests_matching("DELETE", "/channels/{}/messages/{}")


async def test_moderators_are_exempt(discord_double: DiscordDouble, llc_bot: LLCBot) -> None:
    sent = await discord_double.send_message("join my server https://discord.gg/abcdef",
                                             author=discord_double.moderator)
    await discord_double.send_message("I want to end it all")
    await discord_double.next_bot_message(discord_double.guild.general)
    assert not discord_double.requests_matching("DELETE", message_path(discord_double, sent))


async def test_member_gets_a_polite_refusal_from_mod_commands(discord_double: DiscordDouble,
                                                              llc_bot: LLCBot) -> None:
    result = await discord_double.run_slash("mod infractions",
                                            {"member": discord_double.trusted})
    assert result.ephemeral and "only moderators" in result.message.content


async def test_moderator_reviews_and_pardons_an_infraction_and_the_member_appeals(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    sent = await discord_double.send_message("join my server https://discord.gg/abcdef")
    await discord_double.wait_for_request("DELETE", message_path(discord_double, sent))
    listed = await discord_double.run_slash("mod infractions", {"member": discord_double.member},
                                            user=discord_double.moderator)
    infraction = (await llc_bot.services.store.infractions.list_for(discord_double.member.id))[0]
    assert f"#{infraction.id}" in listed.message.content
    appealed = await discord_double.run_slash(
        "appeal", {"infraction": infraction.id, "why": "it was a link to our running club"})
    assert "with the moderators" in appealed.message.content
    pardoned = await discord_double.run_slash("mod pardon", {"infraction": infraction.id},
                                              user=discord_double.moderator)
    assert "pardoned" in pardoned.message.content


async def test_mod_config_changes_a_threshold_and_rejects_nonsense(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    ok = await discord_double.run_slash("mod config", {"setting": "antispam.burst.max",
                                                       "value": "9"},
                                        user=discord_double.moderator)
    assert "now `9`" in ok.message.content
    bad = await discord_double.run_slash("mod config", {"setting": "antispam.nope",
                                                        "value": "1"},
                                         user=discord_double.moderator)
    assert "Nothing changed" in bad.message.content
    saved = await llc_bot.services.store.guild_settings.get(discord_double.guild.id, "moderation")
    assert saved == {"antispam": {"burst": {"max": 9}}}


async def test_distress_in_unfamiliar_words_is_still_answered_and_alerted(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    sent = await discord_double.send_message(
        "every day I wonder why I bother staying alive since the leg stopped working")
    reply = await discord_double.next_bot_message(discord_double.guild.general)
    assert "findahelpline.com" in reply.content
    alert = await discord_double.next_bot_message(discord_double.guild.mod_log)
    assert str(sent["id"]) in alert.content


async def test_a_removed_message_is_not_answered(discord_double: DiscordDouble,
                                                 llc_bot: LLCBot) -> None:
    bot_user = discord_double.bot_user
    scam = await discord_double.send_message(
        f"{bot_user.mention} FREE NITRO claim now https://discord-gift.example.com/claim")
    await discord_double.wait_for_request("DELETE", message_path(discord_double, scam))
    await discord_double.send_message(f"{bot_user.mention} what makes LLC worse?")
    reply = await discord_double.next_bot_message(discord_double.guild.general)
    assert "flat surfaces" in reply.text  # the first reply is to the kept question


async def test_crisis_settings_cannot_be_turned_off_from_discord(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    result = await discord_double.run_slash("mod config", {"setting": "crisis.enabled",
                                                           "value": "false"},
                                            user=discord_double.moderator)
    assert "can't be changed" in result.message.content


async def test_a_harmless_message_edited_into_a_scam_comes_down_and_is_not_answered(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    bot_user = discord_double.bot_user
    sent = await discord_double.send_message(f"{bot_user.mention} who gets LLC?",
                                             mentions=[bot_user])
    await discord_double.next_bot_message(discord_double.guild.general)
    await discord_double.edit_message(
        sent, "FREE NITRO for everyone!! claim here https://discord-gift.example.com/claim")
    await discord_double.wait_for_request("DELETE", message_path(discord_double, sent))
    await discord_double.send_message(f"{bot_user.mention} what makes LLC worse?",
                                      mentions=[bot_user])
    reply = await discord_double.next_bot_message(discord_double.guild.general)
    assert "flat surfaces" in reply.text  # the edit got no second answer


CRISIS_SCAM = ("I want to die lol FREE NITRO claim here https://discord-gift.example.com/claim "
               "@everyone")


async def test_crisis_words_never_shield_a_scam(discord_double: DiscordDouble,
                                                llc_bot: LLCBot) -> None:
    sent = await discord_double.send_message(CRISIS_SCAM)
    await discord_double.wait_for_request("DELETE", message_path(discord_double, sent))
    warm = await discord_double.next_dm(discord_double.member)
    assert "findahelpline.com" in warm.content  # resources, privately
    alert = await discord_double.next_bot_message(discord_double.guild.mod_log)
    assert "distress" in alert.content and "removed" in alert.content
    assert "discord-gift" not in alert.content
    assert not discord_double.requests_matching(
        "PATCH", f"/guilds/{discord_double.guild.id}/members/{discord_double.member.id}")


async def test_the_crisis_reply_is_a_reply_when_dms_are_closed(discord_double: DiscordDouble,
                                                               llc_bot: LLCBot) -> None:
    discord_double.close_dms(discord_double.member)
    sent = await discord_double.send_message(CRISIS_SCAM)
    await discord_double.wait_for_request("DELETE", message_path(discord_double, sent))
    reply = await discord_double.next_bot_message(discord_double.guild.general)
    assert "findahelpline.com" in reply.content


async def test_crisis_alerts_are_paced_in_one_place_but_the_warm_reply_is_not(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    await discord_double.send_message("I want to end it all")
    first = await discord_double.next_bot_message(discord_double.guild.general)
    await discord_double.next_bot_message(discord_double.guild.mod_log)
    asked = await discord_double.run_slash("ask", {"question": "I want to end it all"})
    await discord_double.send_message("honestly I want to end it all")
    second = await discord_double.next_bot_message(discord_double.guild.general)
    assert "findahelpline.com" in first.content and "findahelpline.com" in second.content
    assert "findahelpline.com" in asked.message.text
    await discord_double.send_message("I have the pills ready for tonight")  # imminent
    urgent = await discord_double.next_bot_message(discord_double.guild.mod_log)
    assert "now" in urgent.content
    mod_log = discord_double.requests_matching(
        "POST", f"/channels/{discord_double.guild.mod_log.id}/messages")
    assert len(mod_log) == 2  # the first crisis, and the plan; the rest were paced


async def test_crisis_words_in_the_ask_cooldown_get_the_warm_reply_without_the_model(
    discord_double: DiscordDouble, counted_answers: AnswerService, tmp_path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    async with llc_bot_running(discord_double, counted_answers, tmp_path / "data", monkeypatch,
                               ASK_COOLDOWN_SECONDS="600") as bot:
        await discord_double.run_slash("ask", {"question": "What makes LLC worse?"})
        answered = counted_answers.encoder.batches
        assert answered > 0  # the first question was answered by the model
        for _ in range(3):
            result = await discord_double.run_slash("ask", {"question": "I want to end it all"})
            assert result.ephemeral and "findahelpline.com" in result.message.content
        waited = await discord_double.run_slash("ask", {"question": "Who gets LLC?"})
        assert "Please wait" in waited.message.content
        assert counted_answers.encoder.batches == answered  # the model never ran again
        assert bot.services.executor.pending == 0


async def test_moderators_review_appeals_and_the_member_hears_by_dm(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    sent = await discord_double.send_message("join my server https://discord.gg/abcdef")
    await discord_double.wait_for_request("DELETE", message_path(discord_double, sent))
    await discord_double.next_dm(discord_double.member)  # why it was removed
    infraction = (await llc_bot.services.store.infractions.list_for(
        discord_double.member.id))[0]
    await discord_double.run_slash("appeal", {"infraction": infraction.id,
                                              "why": "it was our running club's server"})
    listed = await discord_double.run_slash("mod appeals", user=discord_double.moderator)
    assert f"infraction #{infraction.id}" in listed.message.content
    appeal_id = (await llc_bot.services.moderation.open_appeals(discord_double.guild.id))[0].id
    reviewed = await discord_double.run_slash(
        "mod review", {"appeal": appeal_id, "accept": True, "note": "Sorry, our mistake!"},
        user=discord_double.moderator)
    assert "accepted" in reviewed.message.content and "by DM" in reviewed.message.content
    told = await discord_double.next_dm(discord_double.member)
    assert "accepted" in told.content and "Sorry, our mistake!" in told.content
    again = await discord_double.run_slash(
        "mod review", {"appeal": appeal_id, "accept": False, "note": "no"},
        user=discord_double.moderator)
    assert "already" in again.message.content
    pardoned = (await llc_bot.services.store.infractions.list_for(
        discord_double.member.id))[0]
    assert pardoned.pardoned_at is not None


async def test_lockdown_survives_a_restart(discord_double: DiscordDouble, answer_service,
                                           tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data",
                               monkeypatch):
        done = await discord_double.run_slash("mod lockdown", {"enabled": True},
                                              user=discord_double.moderator)
        assert "Lockdown is on" in done.message.content
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data",
                               monkeypatch) as bot:
        assert await bot.services.moderation.lockdown(discord_double.guild.id)


async def test_pardon_is_scoped_to_the_server_and_records_who_acted(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    elsewhere = await llc_bot.services.store.infractions.add(
        guild_id=999, member_id=discord_double.member.id, kind=InfractionKind.WARN,
        reason="elsewhere", categories=["spam"])
    refused = await discord_double.run_slash("mod pardon", {"infraction": elsewhere.id},
                                             user=discord_double.moderator)
    assert "no infraction" in refused.message.content
    here = await llc_bot.services.store.infractions.add(
        guild_id=discord_double.guild.id, member_id=discord_double.member.id,
        kind=InfractionKind.WARN, reason="here", categories=["spam"])
    await discord_double.run_slash("mod pardon", {"infraction": here.id},
                                   user=discord_double.moderator)
    listed = await llc_bot.services.store.infractions.list_for(discord_double.member.id)
    pardoned = next(i for i in listed if i.id == here.id)
    assert pardoned.pardoned_at is not None
    assert pardoned.pardoned_by == discord_double.moderator.id


async def test_crisis_dms_inside_the_cooldown_are_answered_warmly_without_the_model(
    discord_double: DiscordDouble, counted_answers: AnswerService, tmp_path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    async with llc_bot_running(discord_double, counted_answers, tmp_path / "data", monkeypatch,
                               ASK_COOLDOWN_SECONDS="600"):
        await discord_double.send_dm("I want to end it all")
        first = await discord_double.next_dm()
        assert first.embeds  # the full answer, crisis resources first
        answered = counted_answers.encoder.batches
        await discord_double.send_dm("I really want to end it all")
        again = await discord_double.next_dm()
        assert "findahelpline.com" in again.content
        assert counted_answers.encoder.batches == answered  # the model never ran again
        alerts = discord_double.requests_matching(
            "POST", f"/channels/{discord_double.guild.mod_log.id}/messages")
        assert len(alerts) == 1  # paced: one alert for the two messages
