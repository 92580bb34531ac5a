"""Peer matching keeps identities private and consent current, on SQLite and PostgreSQL
(issue 15, part A): an export names the other runner only once both agreed, an answer
re-checks everything at the moment it arrives, leaving closes what was waiting, and a block
or a moderation record outlives the forget of the member it protects others from."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from community.introductions import IntroductionError, IntroductionService
from community.match_pool import load_pool
from community.privacy import WHAT_IS_KEPT, PrivacyService
from community.profile_import import import_profile
from community.profiles import parse_profile
from community.round_preferences import RoundPreferences
from community.rounds import RoundService
from storage import Store
from storage.models import InfractionRow, MatchExclusionRow
from storage.records import InfractionKind, RoundMember

# Long ids, so that finding one in an export's text cannot be a coincidence.
ANNA, BEN, CARA = 710000000000000001, 720000000000000002, 730000000000000003
GUILD = 940000000000000009


async def add(store: Store, member: int, **extra) -> None:
    await import_profile(store, parse_profile({
        "member": str(member), "side": "left", "muscles": ["calves"], "rounds": "2w",
        "timezone": "Europe/Berlin", **extra, "consent": {"profile": True, "matching": True}}))


@pytest.fixture
async def people(store: Store) -> Store:
    for member in (ANNA, BEN, CARA):
        await add(store, member)
    return store


def privacy_of(store: Store) -> PrivacyService:
    """The holders as the bot registers them: the database first, so it is forgotten last."""
    privacy = PrivacyService()
    for holder in (store.members, store.profiles, store.match_exclusions, store.introductions,
                   store.rounds):
        privacy.register(holder)
    return privacy


async def exported_text(store: Store, member: int) -> str:
    export = await privacy_of(store).export(member)
    export.pop("member_id")
    export["database"].pop("member_id")
    return json.dumps(export)


async def suggested(store: Store, clock, member: int) -> list[int]:
    pool = await load_pool(store, clock())
    return [int(m.member) for m in pool.index.suggest(member)]


# --- 1. the other side's id only once both agreed --------------------------------------


async def test_an_export_names_the_other_runner_only_once_both_agreed(people: Store, clock):
    service = IntroductionService(people, clock)
    request, _ = await service.ask(ANNA, BEN)

    asker, target = await exported_text(people, ANNA), await exported_text(people, BEN)
    assert str(BEN) not in asker and str(ANNA) not in target
    (mine,) = json.loads(asker)["introductions"]["requests"]
    assert mine["request"] == request.id and mine["status"] == "pending"
    assert mine["asked_by_you"] is True
    (theirs,) = json.loads(target)["introductions"]["requests"]
    assert theirs["request"] == request.id and theirs["asked_by_you"] is False

    await service.answer(request.id, BEN, accept=True)
    assert str(BEN) in await exported_text(people, ANNA)
    assert str(ANNA) in await exported_text(people, BEN)


async def test_a_declined_request_never_names_either_side(people: Store, clock):
    service = IntroductionService(people, clock)
    request, _ = await service.ask(ANNA, BEN)
    await service.answer(request.id, BEN, accept=False)
    asker = await exported_text(people, ANNA)
    assert str(BEN) not in asker
    assert json.loads(asker)["introductions"]["requests"][0]["status"] == "pending"
    assert str(ANNA) not in await exported_text(people, BEN)


async def test_a_rounds_export_shows_card_numbers_and_states_not_the_groups_ids(
        people: Store, clock):
    rounds = RoundService(people, clock=clock)
    clock.now = clock.now.replace(hour=20)  # every member's ten o'clock is past: all due
    await rounds.plan()
    planned = await exported_text(people, ANNA)
    assert str(BEN) not in planned and str(CARA) not in planned

    sent: dict[int, list[int]] = {}

    async def outbox(member: RoundMember, peers: list[int]) -> None:
        sent[member.member_id] = peers

    clock.advance(days=1)
    await rounds.send_due(outbox)
    exported = json.loads(await exported_text(people, ANNA))
    (round_,) = exported["match_rounds"]
    assert [card["runner"] for card in round_["cards"]] == list(range(1, len(sent[ANNA]) + 1))
    assert {card["state"] for card in round_["cards"]} == {"suggested"}
    assert str(BEN) not in json.dumps(exported) and str(CARA) not in json.dumps(exported)

    peer = sent[ANNA][0]
    request, _ = await IntroductionService(people, clock).ask(ANNA, peer)
    (round_,) = json.loads(await exported_text(people, ANNA))["match_rounds"]
    assert round_["cards"][0]["state"] == "asked" and "member" not in round_["cards"][0]
    await IntroductionService(people, clock).answer(request.id, peer, accept=True)
    (round_,) = json.loads(await exported_text(people, ANNA))["match_rounds"]
    assert round_["cards"][0] == {"runner": 1, "state": "introduced", "member": peer}


# --- 2. an answer re-checks everything; leaving closes what waits ----------------------


async def _back_out(store: Store, how: str) -> None:
    """ANNA, who asked, changes her mind in one of the ways a member can."""
    if how == "block":
        await IntroductionService(store).block(ANNA, BEN)
    elif how == "avoid":
        await RoundPreferences(store).avoid(ANNA, BEN)
    elif how == "leave":
        await RoundPreferences(store).leave(ANNA)
    elif how == "pause":
        await RoundPreferences(store).pause(ANNA)
    elif how == "delete profile":
        await store.profiles.delete(ANNA)
    elif how == "withdraw every consent":
        for scope in ("profile", "matching", "story"):
            await store.consents.withdraw(ANNA, scope)


@pytest.mark.parametrize("how", ["block", "avoid", "leave", "pause", "delete profile",
                                 "withdraw every consent"])
async def test_accepting_after_the_asker_backed_out_introduces_no_one(people: Store, clock,
                                                                      how: str):
    service = IntroductionService(people, clock)
    request, _ = await service.ask(ANNA, BEN)
    await _back_out(people, how)

    decision = await service.answer(request.id, BEN, accept=True)

    assert not decision.accepted
    assert await people.introductions.history_pairs() <= {(ANNA, BEN)}
    exported = await people.introductions.export_member(BEN)
    assert exported["introductions"] == []
    assert all("member" not in r for r in exported["requests"])


async def test_accepting_after_the_target_blocked_the_asker_introduces_no_one(people: Store,
                                                                              clock):
    service = IntroductionService(people, clock)
    request, _ = await service.ask(ANNA, BEN)
    await service.block(BEN, ANNA)
    assert not (await service.answer(request.id, BEN, accept=True)).accepted
    assert (await people.introductions.export_member(ANNA))["introductions"] == []


@pytest.mark.parametrize("how", ["block", "leave", "delete profile", "withdraw every consent"])
async def test_leaving_closes_waiting_requests_in_both_directions(people: Store, clock,
                                                                  how: str):
    service = IntroductionService(people, clock)
    asked, _ = await service.ask(ANNA, BEN)
    if how == "block":
        await service.ask(BEN, CARA)
        asked_her, _ = await service.ask(CARA, ANNA)
        await service.block(ANNA, CARA)
        assert (await people.introductions.get_request(asked_her.id)).status != "pending"
        await service.block(ANNA, BEN)
    else:
        asked_her, _ = await service.ask(CARA, ANNA)
        await _back_out(people, how)
        assert (await people.introductions.get_request(asked_her.id)).status != "pending"
    assert (await people.introductions.get_request(asked.id)).status != "pending"


async def test_the_asker_never_learns_the_target_blocked_them(people: Store, clock):
    service = IntroductionService(people, clock)
    await service.ask(ANNA, BEN)
    await service.block(BEN, ANNA)
    (request,) = (await people.introductions.export_member(ANNA))["requests"]
    assert request["status"] == "pending"


# --- 4. a block and the ladder outlive the blocked member's forget ---------------------


async def test_a_block_survives_the_blocked_members_forget_and_their_return(people: Store,
                                                                            clock):
    await IntroductionService(people, clock).block(ANNA, BEN)
    await privacy_of(people).forget(BEN)

    async with people.database.session() as session:
        rows = list(await session.scalars(select(MatchExclusionRow)))
    assert [(row.member_id, row.other_id, row.kind) for row in rows] == [(ANNA, None, "block")]
    assert rows[0].other_hash and str(BEN) not in rows[0].other_hash

    await add(people, BEN)  # BEN comes back with a new profile
    assert await people.match_exclusions.kept_apart(ANNA, BEN)
    assert BEN not in await suggested(people, clock, ANNA)
    assert ANNA not in await suggested(people, clock, BEN)
    with pytest.raises(IntroductionError):
        await IntroductionService(people, clock).ask(BEN, ANNA)
    (block,) = await people.match_exclusions.of_member(ANNA)
    assert block.kind == "block" and block.other_id is None


async def test_forgetting_the_member_row_alone_keeps_the_blocks_against_them(people: Store,
                                                                             clock):
    await people.match_exclusions.add(ANNA, BEN, "avoid")
    await people.members.forget(BEN)
    await add(people, BEN)
    assert await people.match_exclusions.kept_apart(BEN, ANNA)


async def test_the_blocker_can_still_lift_a_block_on_a_member_who_came_back(people: Store,
                                                                            clock):
    await people.match_exclusions.add(ANNA, BEN, "avoid")
    await privacy_of(people).forget(BEN)
    await add(people, BEN)
    assert await RoundPreferences(people).unavoid(ANNA, BEN)
    assert not await people.match_exclusions.kept_apart(ANNA, BEN)


async def test_the_blockers_own_forget_removes_their_blocks(people: Store, clock):
    await people.match_exclusions.add(ANNA, BEN, "block")
    await privacy_of(people).forget(ANNA)
    assert not await people.match_exclusions.kept_apart(ANNA, BEN)


async def test_moderation_records_outlive_forget_under_a_hash_and_without_words(store: Store,
                                                                                clock):
    since = clock() - timedelta(days=1)
    for reason in ("flooded the channel", "posted a scam"):
        await store.infractions.add(guild_id=GUILD, member_id=ANNA, kind=InfractionKind.WARN,
                                    reason=reason, categories=["spam"])
    assert await store.infractions.active_count(ANNA, since, guild_id=GUILD) == 2

    await privacy_of(store).forget(ANNA)

    async with store.database.session() as session:
        rows = list(await session.scalars(select(InfractionRow)))
    assert len(rows) == 2
    assert all(row.member_id is None and row.reason == "" and row.member_hash for row in rows)
    assert all(str(ANNA) not in row.member_hash for row in rows)
    # Back in the server: the ladder goes on from where it was.
    assert await store.infractions.active_count(ANNA, since, guild_id=GUILD) == 2
    kept = await store.infractions.list_for(ANNA, guild_id=GUILD)
    assert [i.kind for i in kept] == [InfractionKind.WARN] * 2
    assert all(i.reason == "" for i in kept)
    assert (await store.members.export(ANNA))["infractions"] == []  # no one's, as it stands


def test_privacy_info_says_blocks_and_moderation_records_outlive_forget():
    said = WHAT_IS_KEPT.lower()
    assert "keyed hash" in said
    assert "blocks" in said and "moderation records" in said


async def test_a_target_who_paused_is_asked_to_resume_before_accepting(people: Store, clock):
    service = IntroductionService(people, clock)
    request, _ = await service.ask(ANNA, BEN)
    await RoundPreferences(people).pause(BEN)
    with pytest.raises(IntroductionError, match="resume"):
        await service.answer(request.id, BEN, accept=True)
    assert (await people.introductions.get_request(request.id)).status == "pending"
    await RoundPreferences(people).resume(BEN)
    assert (await service.answer(request.id, BEN, accept=True)).accepted
