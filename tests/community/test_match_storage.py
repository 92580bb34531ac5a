"""Profiles, blocks, introductions and rounds in the database, on SQLite and PostgreSQL:
consent gates every write, a withdrawal hides a member at once, and export and forget cover
everything (profiles, requests, introductions, blocks, round history)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community.match_pool import load_pool
from community.member_data import MemberDataHolder
from community.profile_import import import_profile
from community.profiles import ProfileError, parse_profile
from storage import Store
from storage.errors import ConsentRequired, IntroductionExists
from storage.repositories.rounds import PlannedMember

ANNA, BEN, CARA, DAN = 101, 202, 303, 404
SYMPTOMS = {"side": "right", "muscles": ["hamstrings", "glutes"],
            "triggers": ["flat_surfaces", "faster_pace"]}


async def add(store: Store, member: int, **extra) -> None:
    await import_profile(store, parse_profile({
        "member": str(member), **SYMPTOMS, **extra,
        "consent": {"profile": True, "matching": True}}))


async def suggested(store: Store, clock, member: int) -> list[str]:
    pool = await load_pool(store, clock())
    return [m.member for m in pool.index.suggest(member)]


def test_every_matching_repository_is_a_member_data_holder(store: Store):
    for holder in (store.profiles, store.match_exclusions, store.introductions, store.rounds):
        assert isinstance(holder, MemberDataHolder)


async def test_a_profile_is_never_stored_without_profile_consent(store: Store):
    with pytest.raises(ConsentRequired):
        await store.profiles.save(ANNA, SYMPTOMS)
    with pytest.raises(ProfileError, match="consent"):
        await import_profile(store, parse_profile({"member": str(ANNA), **SYMPTOMS}))
    assert await store.profiles.get(ANNA) is None
    assert await store.members.get(ANNA) is None


async def test_a_saved_profile_reads_back_with_its_consents(store: Store, clock):
    await add(store, ANNA, tried={"extended_break": "helped"}, onset_age=40)
    saved = await store.profiles.get(ANNA)
    assert saved is not None
    assert saved.fields["muscles"] == ["hamstrings", "glutes"]
    assert saved.fields["tried"] == {"extended_break": "helped"}
    assert saved.fields["rounds"] == "4w"
    assert saved.consents == {"profile", "matching"}
    clock.advance(minutes=5)
    await store.profiles.save(ANNA, {**SYMPTOMS, "side": "left"})
    again = await store.profiles.get(ANNA)
    assert again.fields["side"] == "left" and again.updated_at > saved.updated_at


async def test_withdrawing_consent_hides_the_member_at_once(store: Store, clock):
    await add(store, ANNA)
    await add(store, BEN)
    assert await suggested(store, clock, ANNA) == [str(BEN)]
    await store.consents.withdraw(BEN, "matching")
    assert await suggested(store, clock, ANNA) == []
    await store.consents.grant(BEN, "matching")
    await store.consents.withdraw(BEN, "profile")
    assert await store.profiles.get(BEN) is None
    assert await suggested(store, clock, ANNA) == []


async def test_paused_and_snoozed_members_are_not_suggested(store: Store, clock):
    await add(store, ANNA)
    await add(store, BEN)
    await add(store, CARA)
    await store.profiles.set_paused(BEN, True)
    await store.profiles.snooze(CARA, clock() + timedelta(days=7))
    assert await suggested(store, clock, ANNA) == []
    clock.advance(days=8)
    assert await suggested(store, clock, ANNA) == [str(CARA)]


async def test_blocks_and_dont_match_lists_work_in_both_directions(store: Store, clock):
    for member in (ANNA, BEN, CARA, DAN):
        await add(store, member)
    await store.match_exclusions.add(BEN, ANNA, "block")
    await store.match_exclusions.add(ANNA, CARA, "avoid")
    assert await suggested(store, clock, ANNA) == [str(DAN)]
    assert str(ANNA) not in await suggested(store, clock, BEN)
    assert await store.match_exclusions.kept_apart(ANNA, BEN)
    assert await store.match_exclusions.kept_apart(CARA, ANNA)
    await store.match_exclusions.add(BEN, ANNA, "block")  # twice is harmless
    assert [e.kind for e in await store.match_exclusions.of_member(BEN)] == ["block"]


async def test_one_request_per_pair_and_declined_or_introduced_pairs_are_not_suggested(
        store: Store, clock):
    for member in (ANNA, BEN, CARA):
        await add(store, member)
    request = await store.introductions.request(ANNA, BEN)
    with pytest.raises(IntroductionExists):
        await store.introductions.request(BEN, ANNA)
    declined = await store.introductions.decide(request.id, BEN, accept=False)
    assert declined.status == "declined"
    accepted = await store.introductions.decide(
        (await store.introductions.request(ANNA, CARA)).id, CARA, accept=True)
    assert accepted.status == "accepted"
    assert await suggested(store, clock, ANNA) == []
    assert await store.introductions.requests_since(ANNA, clock() - timedelta(hours=1)) == 2


async def test_the_asker_never_learns_of_a_decline_from_an_export(store: Store):
    request = await store.introductions.request(ANNA, BEN)
    await store.introductions.decide(request.id, BEN, accept=False)
    asked = await store.introductions.export_member(ANNA)
    assert asked["requests"][0]["status"] == "pending"
    answered = await store.introductions.export_member(BEN)
    assert answered["requests"][0]["status"] == "declined"


async def test_a_round_is_recorded_once_and_each_message_is_claimed_once(store: Store, clock):
    start = clock()
    planned = [PlannedMember(ANNA, 0, start, start + timedelta(days=11)),
               PlannedMember(BEN, 0, start, start + timedelta(days=11)),
               PlannedMember(CARA, None, start, start + timedelta(days=11))]
    first, created = await store.rounds.record(start, start + timedelta(days=14), planned)
    again, created_again = await store.rounds.record(start, start + timedelta(days=14),
                                                     planned[:1])
    assert created and not created_again
    assert again == first and first.groups() == [[ANNA, BEN]] and first.unpaired() == [CARA]
    due = await store.rounds.due_notifications(clock())
    assert {m.member_id for m in due} == {ANNA, BEN, CARA}
    assert await store.rounds.claim_notification(first.id, ANNA)
    assert not await store.rounds.claim_notification(first.id, ANNA)
    assert await store.rounds.past_pairs() == {(ANNA, BEN)}


async def test_export_and_forget_cover_profiles_requests_introductions_blocks_and_rounds(
        store: Store, clock):
    for member in (ANNA, BEN, CARA):
        await add(store, member)
    await store.match_exclusions.add(ANNA, CARA, "block")
    await store.introductions.request(ANNA, BEN)
    asked = await store.introductions.request(CARA, ANNA)
    await store.introductions.decide(asked.id, ANNA, accept=True)
    start = clock()
    recorded, _ = await store.rounds.record(start, start + timedelta(days=14), [
        PlannedMember(ANNA, 0, start, start), PlannedMember(BEN, 0, start, start)])
    await store.rounds.claim_notification(recorded.id, ANNA, [BEN])
    await store.rounds.claim_notification(recorded.id, BEN, [ANNA])
    holders = (store.profiles, store.match_exclusions, store.introductions, store.rounds)

    exported = {holder.name: await holder.export_member(ANNA) for holder in holders}
    assert exported["profiles"]["fields"]["side"] == "right"
    assert exported["match_exclusions"][0]["other_id"] == CARA  # her own block
    assert len(exported["introductions"]["requests"]) == 2  # hers, and the one she accepted
    assert exported["introductions"]["introductions"][0]["member"] == CARA
    assert exported["match_rounds"][0]["cards"] == [{"runner": 1, "state": "asked"}]

    deleted = {holder.name: await holder.forget_member(ANNA) for holder in holders}
    assert deleted == {"profiles": 1, "match_exclusions": 1,
                       "introductions": 3,  # two requests and the introduction
                       "match_rounds": 1}
    for holder in holders:
        assert await holder.export_member(ANNA) in (None, [], {"requests": [],
                                                               "introductions": []})
    assert (await store.rounds.export_member(BEN))[0]["cards"] == []
    assert await store.rounds.cards(recorded.id, BEN) == [None]  # card 1 stays card 1


async def test_forgetting_the_member_row_reaches_every_matching_table(store: Store, clock):
    await add(store, ANNA)
    await add(store, BEN)
    await store.match_exclusions.add(BEN, ANNA, "avoid")
    await store.introductions.request(BEN, ANNA)
    start = clock()
    await store.rounds.record(start, start, [PlannedMember(ANNA, 0, start, start),
                                             PlannedMember(BEN, 0, start, start)])
    await store.members.forget(ANNA)
    assert await store.profiles.export_member(ANNA) is None
    # Ben's "don't match me with" is his, and stands: it names Anna by hash only.
    assert [(e.kind, e.other_id) for e in await store.match_exclusions.of_member(BEN)] == [
        ("avoid", None)]
    assert (await store.introductions.export_member(BEN))["requests"] == []
    assert [m.member_id for m in (await store.rounds.latest()).members] == [BEN]
