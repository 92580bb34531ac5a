"""Double opt-in introductions on both databases: ask, accept, decline (never told to the
asker), rate limit, blocks, and refusals that never say why."""

from __future__ import annotations

import pytest

from community.introductions import IntroductionError, IntroductionService
from community.profile_import import import_profile
from community.profiles import parse_profile
from storage import Store

ANNA, BEN, CARA = 11, 22, 33


async def add(store: Store, member: int, matching: bool = True) -> None:
    await import_profile(store, parse_profile({
        "member": str(member), "side": "left", "muscles": ["calves"], "story": "secret",
        "timezone": "Europe/Oslo", "consent": {"profile": True, "matching": matching}}))


@pytest.fixture
async def people(store: Store) -> Store:
    for member in (ANNA, BEN, CARA):
        await add(store, member)
    return store


async def test_an_accepted_request_introduces_both(people: Store, clock):
    service = IntroductionService(people, clock)
    request, asker_card = await service.ask(ANNA, BEN)
    shown = asker_card.text()
    assert "calves" in shown and "secret" not in shown and "Oslo" not in shown
    assert str(ANNA) not in shown
    decision = await service.answer(request.id, BEN, accept=True)
    assert decision.accepted
    assert (ANNA, BEN) in await people.introductions.history_pairs()
    with pytest.raises(IntroductionError, match="already"):
        await service.ask(BEN, ANNA)


async def test_a_decline_is_final_and_hidden_from_the_asker(people: Store, clock):
    service = IntroductionService(people, clock)
    request, _ = await service.ask(ANNA, BEN)
    assert not (await service.answer(request.id, BEN, accept=False)).accepted
    assert not (await service.answer(request.id, BEN, accept=True)).accepted  # first stands
    exported = await people.introductions.export_member(ANNA)
    assert exported["requests"][0]["status"] == "pending"


async def test_only_the_target_can_answer(people: Store, clock):
    service = IntroductionService(people, clock)
    request, _ = await service.ask(ANNA, BEN)
    with pytest.raises(LookupError):
        await service.answer(request.id, CARA, accept=True)


async def test_requests_are_rate_limited_per_day(store: Store, clock):
    for member in range(1, 6):
        await add(store, member)
    service = IntroductionService(store, clock, per_day=2)
    await service.ask(1, 2)
    await service.ask(1, 3)
    with pytest.raises(IntroductionError, match="2 introductions a day"):
        await service.ask(1, 4)
    clock.advance(days=1, seconds=1)
    await service.ask(1, 4)


async def test_blocked_paused_or_unconsenting_members_cannot_be_asked_and_the_reason_is_hidden(
        people: Store, clock):
    service = IntroductionService(people, clock)
    await add(people, 44, matching=False)
    await people.profiles.set_paused(CARA, True)
    await people.match_exclusions.add(BEN, ANNA, "block")
    messages = set()
    for target in (BEN, CARA, 44, 99, ANNA):
        with pytest.raises(IntroductionError) as raised:
            await service.ask(ANNA, target)
        messages.add(str(raised.value))
    assert messages == {"That runner cannot be asked for an introduction right now."}


async def test_an_asker_needs_a_profile_with_matching_consent(people: Store, clock):
    service = IntroductionService(people, clock)
    with pytest.raises(IntroductionError, match="Make a profile"):
        await service.ask(99, ANNA)


async def test_blocking_quietly_declines_a_waiting_request(people: Store, clock):
    service = IntroductionService(people, clock)
    request, _ = await service.ask(ANNA, BEN)
    await service.block(BEN, ANNA)
    assert (await people.introductions.get_request(request.id)).status == "declined"
    assert [e.kind for e in await people.match_exclusions.of_member(BEN)] == ["block"]
