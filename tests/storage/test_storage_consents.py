"""Consent: granted and withdrawn as often as a member likes, with the history kept."""

import asyncio

from storage_helpers import ANNA

from storage import Store


async def test_withdrawing_ends_the_active_consent(store: Store, clock):
    granted = await store.consents.grant(ANNA, "matching")
    clock.advance(days=3)

    withdrawn = await store.consents.withdraw(ANNA, "matching")

    assert withdrawn.id == granted.id
    assert withdrawn.withdrawn_at == clock.now
    assert not withdrawn.active
    assert await store.consents.active(ANNA, "matching") is None


async def test_granting_again_after_withdrawing_keeps_the_history(store: Store, clock):
    await store.consents.grant(ANNA, "matching")
    clock.advance(days=1)
    await store.consents.withdraw(ANNA, "matching")
    clock.advance(days=1)
    regranted = await store.consents.grant(ANNA, "matching")
    await store.consents.grant(ANNA, "surveys")

    history = await store.consents.history(ANNA, "matching")

    assert [consent.active for consent in history] == [False, True]
    assert await store.consents.active(ANNA, "matching") == regranted
    assert len(await store.consents.history(ANNA)) == 3


async def test_granting_twice_keeps_one_active_consent(store: Store, clock):
    first = await store.consents.grant(ANNA, "matching")
    clock.advance(hours=1)

    assert await store.consents.grant(ANNA, "matching") == first
    assert len(await store.consents.history(ANNA)) == 1


async def test_simultaneous_grants_leave_one_active_consent(store: Store):
    await asyncio.gather(*(store.consents.grant(ANNA, "matching") for _ in range(5)))

    assert len(await store.consents.history(ANNA)) == 1


async def test_withdrawing_what_was_never_granted_returns_none(store: Store):
    assert await store.consents.withdraw(ANNA, "matching") is None

