"""The moderation desk: decisions the adapter applies as they are, paced crisis alerts, and
state that survives a restart (lockdown, overrides), on both databases."""

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from moderation_helpers import CHANNEL, GUILD, MEMBER, POSTED_AT, FakeClock

from knowledge.understanding.model import Scores
from knowledge.understanding.reader import CrisisOutcome, Reading
from moderation import MessageContext
from moderation.config import ModerationConfigError
from moderation.desk import AppealNotOpen, ModerationDesk
from storage import RecordNotFound, StorageUnavailable, Store
from storage.records import AppealStatus, InfractionKind

MODERATOR_ID = 900
OTHER_GUILD = GUILD + 1
SCAM_SHIELD = "I want to die lol FREE NITRO claim here https://dlscord-gift.com/claim @everyone"


def message(text: str = "Easy 8k today, legs felt fine.", **given: Any) -> MessageContext:
    fields: dict[str, Any] = {
        "text": text, "author_id": MEMBER, "channel_id": CHANNEL, "guild_id": GUILD,
        "account_created_at": POSTED_AT - timedelta(days=900),
        "joined_at": POSTED_AT - timedelta(days=200), "timestamp": POSTED_AT,
        "message_id": 555,
    }
    fields.update(given)
    return MessageContext(**fields)


class FlakySettings:
    """guild_settings whose database is down until `up` is set."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.up = False
        self.reads = 0

    async def get(self, guild_id: int, key: str, default: Any = None) -> Any:
        self.reads += 1
        if not self.up:
            raise StorageUnavailable()
        return await self.real.get(guild_id, key, default)

    async def set(self, guild_id: int, key: str, value: Any) -> None:
        if not self.up:
            raise StorageUnavailable()
        await self.real.set(guild_id, key, value)


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def desk(store: Store, fake_clock: FakeClock) -> ModerationDesk:
    return ModerationDesk(store, clock=fake_clock)


async def test_crisis_with_a_scam_is_removed_with_a_private_warm_reply_and_an_alert(desk):
    decision = await desk.judge(message(SCAM_SHIELD))

    assert decision.remove and decision.timeout_seconds is None
    assert decision.warm_reply and decision.warm_reply_privately
    assert decision.alert_moderators and decision.crisis_alert
    assert decision.author_notice is not None
    assert "not because of what you shared" in decision.author_notice
    assert decision.mod_log is not None and "distress" in decision.mod_log
    assert "removed for what else it contained" in decision.mod_log
    assert "fake giveaway" in decision.mod_log
    assert "NITRO" not in decision.mod_log and "die" not in decision.mod_log.lower()
    assert decision.infraction is not None
    assert decision.infraction.kind is InfractionKind.NOTE  # never escalates the next one


async def test_crisis_without_harm_stays_up_with_a_public_warm_reply(desk):
    decision = await desk.judge(message("I want to kill myself"))

    assert not decision.remove and decision.author_notice is None
    assert decision.warm_reply and not decision.warm_reply_privately
    assert decision.alert_moderators and decision.crisis_alert
    assert "https://discord.com/channels/" in decision.mod_log
    assert decision.infraction is None


async def test_crisis_alert_is_paced_by_the_desk_but_the_warm_reply_is_not(desk, fake_clock):
    first = await desk.judge(message("I want to kill myself"))
    desk.crisis_pacer.record_alert(MEMBER)  # the adapter sent it
    fake_clock.advance(60)
    again = await desk.judge(message("I don't want to live anymore"))
    in_a_dm = await desk.judge(message("I don't want to live anymore", guild_id=None))
    urgent = await desk.judge(message("I have the pills, tonight I want to die"))

    assert first.crisis_alert
    assert (again.warm_reply, again.crisis_alert, again.alert_moderators) == (True, False, False)
    assert (in_a_dm.warm_reply, in_a_dm.warm_reply_privately, in_a_dm.crisis_alert) == (
        True, True, False)
    assert urgent.crisis_alert and "**now**" in urgent.mod_log


async def test_a_failed_alert_does_not_silence_the_next_one(desk, fake_clock):
    assert (await desk.judge(message("I want to kill myself"))).crisis_alert
    fake_clock.advance(60)  # the mod log was down: record_alert never called

    assert (await desk.judge(message("I want to kill myself"))).crisis_alert


async def test_paced_crisis_with_harm_still_tells_moderators_what_was_removed(desk, fake_clock):
    await desk.judge(message("I want to kill myself"))
    desk.crisis_pacer.record_alert(MEMBER)
    fake_clock.advance(60)

    decision = await desk.judge(message(SCAM_SHIELD))

    assert decision.remove and not decision.crisis_alert
    assert decision.alert_moderators and "Removed a message" in decision.mod_log


def _reading(crisis: CrisisOutcome) -> Reading:
    return Reading(scores=Scores(crisis={"act": 0.9, "quiet": 0.3}.get(crisis, 0.01),
                                 low_mood=0.0, red_flag=0.0, families={}), crisis=crisis)


async def test_the_model_reads_every_message_the_patterns_did_not_find_in_crisis(desk):
    asked: list[str] = []

    async def model(text: str) -> Reading:
        asked.append(text)
        return _reading("act")

    spam = await desk.judge(message("free nitro here"), meaning=model)
    pattern_crisis = await desk.judge(message("I want to kill myself"), meaning=model)
    by_meaning = await desk.judge(message("the lights are going out for me, for good"),
                                  meaning=model)

    assert spam.remove and spam.verdict.crisis  # harm beside crisis still comes down
    assert pattern_crisis.verdict.crisis
    assert asked == ["free nitro here", "the lights are going out for me, for good"]
    assert by_meaning.verdict.crisis and by_meaning.warm_reply and by_meaning.crisis_alert


async def test_an_uncertain_reading_is_a_quiet_check_in_paced_like_alerts(desk):
    async def model(text: str) -> Reading:
        return _reading("quiet")

    first = await desk.judge(message("nothing matters much lately, whatever"), meaning=model)
    assert first.check_in and first.alert_moderators and "Check-in" in first.mod_log
    assert not first.warm_reply and not first.verdict.crisis and not first.remove
    assert first.author_notice is None
    desk.check_in_pacer.record_alert(MEMBER)
    again = await desk.judge(message("still nothing matters"), meaning=model)
    assert not again.check_in and not again.alert_moderators


async def test_a_message_the_model_reads_late_still_reaches_the_moderators(desk):
    late = desk.late_reading(message("a message read when the model had room"),
                             _reading("act"))
    assert late is not None and late.crisis_alert and late.warm_reply
    assert desk.late_reading(message("fine"), _reading("none")) is None


async def test_ordinary_removal_decision_carries_notice_log_and_infraction(desk):
    decision = await desk.judge(message("free nitro here, claim your gift"))

    assert decision.remove and not decision.warm_reply and not decision.crisis_alert
    assert decision.infraction is not None and decision.infraction.actor_id is None
    assert f"Infraction #{decision.infraction.id}" in decision.author_notice
    assert "Removed a message" in decision.mod_log and "free nitro" not in decision.mod_log


async def test_lockdown_survives_a_restart(store, desk):
    assert await desk.set_lockdown(GUILD, True)

    restarted = ModerationDesk(store)
    newcomer = message(account_created_at=POSTED_AT - timedelta(days=1))

    assert await restarted.lockdown(GUILD)
    decision = await restarted.judge(newcomer)
    assert decision.lockdown and decision.remove and decision.alert_moderators
    assert not await restarted.lockdown(OTHER_GUILD)


async def test_lockdown_load_is_retried_after_storage_comes_back(store):
    settings = FlakySettings(store.guild_settings)
    await store.guild_settings.set(GUILD, "lockdown", True)
    desk = ModerationDesk(replace(store, guild_settings=settings))

    assert not await desk.lockdown(GUILD)
    settings.up = True
    assert await desk.lockdown(GUILD)


async def test_failed_settings_load_is_retried_never_cached_as_defaults(store, fake_clock):
    await store.guild_settings.set(GUILD, "moderation", {"scam": {"action": "flag"}})
    settings = FlakySettings(store.guild_settings)
    desk = ModerationDesk(replace(store, guild_settings=settings), clock=fake_clock)

    while_down = await desk.judge(message("free nitro here"))
    settings.up = True
    after = await desk.judge(message("free nitro for all", author_id=MEMBER + 1))
    reads = settings.reads
    await desk.judge(message("free nitro again", author_id=MEMBER + 2))

    assert while_down.verdict.action == "delete"  # the defaults protect meanwhile
    assert after.verdict.action == "flag"  # the guild's own setting, once it could be read
    assert settings.reads == reads  # loaded once it succeeded


async def test_configure_refuses_to_overwrite_settings_it_could_not_read(store):
    await store.guild_settings.set(GUILD, "moderation", {"scam": {"action": "flag"}})
    settings = FlakySettings(store.guild_settings)
    desk = ModerationDesk(replace(store, guild_settings=settings))

    with pytest.raises(StorageUnavailable):
        await desk.configure(GUILD, "spam.action", "flag")
    assert await store.guild_settings.get(GUILD, "moderation") == {"scam": {"action": "flag"}}


async def infraction_of(store: Store, guild_id: int = GUILD):
    return await store.infractions.add(
        guild_id=guild_id, member_id=MEMBER, kind=InfractionKind.DELETE, reason="spam"
    )


async def test_pardon_is_scoped_to_the_guild_and_records_the_moderator(store, desk):
    ours = await infraction_of(store)
    theirs = await infraction_of(store, OTHER_GUILD)

    pardoned = await desk.pardon(ours.id, GUILD, MODERATOR_ID)
    with pytest.raises(RecordNotFound):
        await desk.pardon(theirs.id, GUILD, MODERATOR_ID)

    assert pardoned.pardoned_by == MODERATOR_ID and pardoned.pardoned_at is not None


async def test_moderator_accepts_an_appeal_with_a_note_for_the_member(store, desk):
    infraction = await infraction_of(store)
    appeal = await desk.appeal(infraction.id, MEMBER, "It was my race report")

    assert await desk.open_appeals(GUILD) == [appeal]
    assert await desk.open_appeals(OTHER_GUILD) == []
    reviewed = await desk.review_appeal(appeal.id, GUILD, MODERATOR_ID, True, "Sorry, our bad.")

    assert reviewed.appeal.status is AppealStatus.ACCEPTED
    assert (reviewed.appeal.reviewed_by, reviewed.appeal.note) == (MODERATOR_ID, "Sorry, our bad.")
    assert reviewed.infraction.pardoned_by == MODERATOR_ID
    assert "accepted" in reviewed.member_message and "Sorry, our bad." in reviewed.member_message
    assert await desk.open_appeals(GUILD) == []


async def test_refused_appeal_keeps_the_infraction_and_cannot_be_reviewed_twice(store, desk):
    infraction = await infraction_of(store)
    appeal = await desk.appeal(infraction.id, MEMBER, "Please")

    with pytest.raises(RecordNotFound):
        await desk.review_appeal(appeal.id, OTHER_GUILD, MODERATOR_ID, True, "")
    reviewed = await desk.review_appeal(appeal.id, GUILD, MODERATOR_ID, False, "It was a scam.")
    with pytest.raises(AppealNotOpen):
        await desk.review_appeal(appeal.id, GUILD, MODERATOR_ID, True, "Changed my mind")

    assert reviewed.appeal.status is AppealStatus.REJECTED
    assert reviewed.infraction.pardoned_at is None
    assert "not accepted" in reviewed.member_message


async def test_means_or_a_time_after_crisis_language_always_alerts(desk, fake_clock):
    await desk.judge(message("I want to die"))
    desk.crisis_pacer.record_alert(MEMBER)
    fake_clock.advance(120)

    follow_up = await desk.judge(message("I have the pills, tonight"))
    someone_else = await desk.judge(message("I have the pills, tonight", author_id=MEMBER + 9))

    assert follow_up.verdict.crisis and follow_up.verdict.crisis_imminent
    assert follow_up.crisis_alert and follow_up.warm_reply and not follow_up.remove
    assert not someone_else.verdict.crisis  # without earlier distress, ordinary talk


async def test_means_after_crisis_elsewhere_alerts_in_a_dm_too(desk, fake_clock):
    await desk.judge(message("I want to die"))  # in the guild
    desk.crisis_pacer.record_alert(MEMBER)
    fake_clock.advance(60)
    in_a_dm = await desk.judge(message("I have the pills, tonight", guild_id=None))

    desk.note_crisis(MEMBER + 1)  # the /ask path saw crisis language
    after_ask = await desk.judge(message("I have the rope ready", author_id=MEMBER + 1))

    assert in_a_dm.verdict.crisis_imminent and in_a_dm.crisis_alert
    assert after_ask.verdict.crisis_imminent and after_ask.crisis_alert


async def test_mod_log_and_notices_never_carry_the_message_text(store, fake_clock):
    rows = Path(__file__).parents[1] / "data" / "moderation_eval.jsonl"
    desk = ModerationDesk(store, clock=fake_clock)
    for number, line in enumerate(rows.read_text("utf-8").splitlines()):
        text = json.loads(line)["text"]
        fake_clock.advance(3600)
        decision = await desk.judge(message(text, author_id=10_000 + number))
        for said in (decision.mod_log, decision.author_notice):
            if said is not None and len(text) > 12:
                assert text not in said
                assert text.lower() not in said.lower()


async def test_a_setting_no_server_owns_is_refused_however_it_is_spelt(store: Store):
    desk = ModerationDesk(store)
    for setting, value in (("scope.check_dms", True), ("scope", {"check_dms": True})):
        with pytest.raises(ModerationConfigError, match="direct messages"):
            await desk.configure(GUILD, setting, value)
    changed = await desk.configure(GUILD, "scope", {"exclude_channels": [5]})
    assert changed.scope.exclude_channels == [5]
