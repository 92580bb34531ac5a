"""The matching pool is built once, off the event loop, and built again only when what
matching reads has changed (a profile, a consent, a pause, a block, history) or a snooze
ran out: `/match` and every round message no longer reload it (issue 15, item 14)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from community import pool_cache
from community.pool_cache import PoolCache
from community.profile_import import import_profile
from community.profiles import parse_profile
from storage import Store

ANNA, BEN, CARA = 11, 22, 33


async def add(store: Store, member: int, side: str = "left") -> None:
    await import_profile(store, parse_profile({
        "member": str(member), "side": side, "muscles": ["calves"],
        "consent": {"profile": True, "matching": True}}))


@pytest.fixture
async def people(store: Store) -> Store:
    for member in (ANNA, BEN, CARA):
        await add(store, member)
    return store


def suggested(pool, member: int) -> set[int]:
    return {int(m.member) for m in pool.index.suggest(member)}


async def test_the_pool_is_kept_until_matching_data_changes(people: Store, clock):
    cache = PoolCache(people)
    first = await cache.get(clock())
    assert await cache.get(clock()) is first
    assert suggested(first, ANNA) == {BEN, CARA}

    await people.match_exclusions.add(ANNA, BEN, "block")
    blocked = await cache.get(clock())
    assert blocked is not first and suggested(blocked, ANNA) == {CARA}

    await people.consents.withdraw(CARA, "matching")
    assert suggested(await cache.get(clock()), ANNA) == set()

    await people.profiles.save(BEN, {"side": "right", "muscles": ["calves"]})
    assert (await cache.get(clock())).index.entry(BEN).profile.side == "right"


async def test_a_snooze_ends_without_any_write(people: Store, clock):
    cache = PoolCache(people)
    await people.profiles.snooze(BEN, clock() + timedelta(days=7))
    assert suggested(await cache.get(clock()), ANNA) == {CARA}
    clock.advance(days=8)
    assert suggested(await cache.get(clock()), ANNA) == {BEN, CARA}


async def test_forget_reaches_a_pool_already_built(people: Store, clock):
    cache = PoolCache(people)
    await cache.get(clock())
    await people.members.forget(CARA)
    assert CARA not in (await cache.get(clock())).index


async def test_the_pool_is_built_off_the_event_loop(people: Store, clock, monkeypatch):
    threads: list[threading.Thread] = []
    build = pool_cache.pool_from

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return build(*args, **kwargs)

    monkeypatch.setattr(pool_cache, "pool_from", recording)
    await PoolCache(people).get(clock())
    assert threads and threading.main_thread() not in threads
