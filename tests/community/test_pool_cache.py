"""The matching pool is built once, off the event loop, and built again only when what
matching reads has changed (a profile, a consent, a pause, a block, history) or a snooze
ran out: `/match` and every round message no longer reload it (issue 15, item 14)."""

from __future__ import annotations

import gc
import random
import threading
from datetime import UTC, datetime, timedelta

import pytest

from community import matching, pool_cache
from community.match_pool import pool_from
from community.pool_cache import PoolCache
from community.profile_import import import_profile
from community.profiles import parse_profile
from community.synthetic import random_fields
from storage import Store
from storage.records import StoredProfile
from storage.repositories.profiles import PROFILE_COLUMNS

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


async def test_an_old_index_is_built_afresh_in_the_background_while_the_pool_answers(
        people: Store, clock):
    cache = PoolCache(people, max_age=timedelta(minutes=10))
    first = await cache.get(clock())
    clock.advance(minutes=11)
    assert await cache.get(clock()) is first  # answered at once, from the kept pool
    await cache.close()  # the fresh build is done
    fresh = await cache.get(clock())
    assert fresh is not first and suggested(fresh, ANNA) == {BEN, CARA}


async def test_a_changed_profile_is_taken_in_for_that_member_alone(people: Store, clock,
                                                                   monkeypatch):
    cache = PoolCache(people)
    await cache.get(clock())
    monkeypatch.setattr(pool_cache, "pool_from", None)  # no full build from here on
    await people.profiles.save(CARA, {"side": "both", "muscles": ["glutes"]},
                               visibility={"muscles": "me"})
    pool = await cache.get(clock())
    assert pool.index.entry(CARA).profile.side == "both"
    assert pool.index.entry(CARA).visibility["muscles"] == "me"
    await people.profiles.delete(BEN)
    assert BEN not in (await cache.get(clock())).index


@pytest.mark.parametrize("ivf_from", [20_000, 100])
def test_a_pool_has_no_reference_cycles_so_a_frozen_one_is_still_freed(monkeypatch,
                                                                        ivf_from: int):
    """A kept pool is frozen out of the cyclic collector (`community.long_lived`): only
    reference counting frees it when it is replaced, so it must hold no cycle."""
    monkeypatch.setattr(matching, "IVF_FROM", ivf_from)
    rng, now = random.Random(3), datetime(2026, 3, 1, tzinfo=UTC)
    stored = [StoredProfile(member_id=m, fields={**PROFILE_COLUMNS, **random_fields(rng)},
                            visibility={}, paused=False, snoozed_until=None, odd_one="trio",
                            consents=frozenset({"profile", "matching"}), created_at=now,
                            updated_at=now) for m in range(1, 301)]
    gc.collect()
    pool = pool_from(stored, {(1, 2)}, now, {}, excluded={(1, 2)})
    pool.index.with_rules(pool.index.rules).with_entries({1: None}).suggest(3)
    del pool
    assert gc.collect() == 0


async def test_a_block_a_request_or_a_pause_changes_the_rules_without_reading_them_all(
        people: Store, clock, monkeypatch):
    cache = PoolCache(people)
    await cache.get(clock())

    async def every_standing() -> None:
        raise AssertionError("every standing was read again")

    monkeypatch.setattr(people.profiles, "standings", every_standing)
    await people.match_exclusions.add(ANNA, BEN, "block")
    assert suggested(await cache.get(clock()), ANNA) == {CARA}
    await people.match_exclusions.remove(ANNA, BEN, "block")
    assert suggested(await cache.get(clock()), ANNA) == {BEN, CARA}
    await people.introductions.request(ANNA, CARA)
    assert suggested(await cache.get(clock()), ANNA) == {BEN}
    await people.profiles.set_paused(BEN, True)
    assert suggested(await cache.get(clock()), ANNA) == set()
    await people.profiles.set_paused(BEN, False)
    await people.consents.withdraw(BEN, "matching")
    assert suggested(await cache.get(clock()), ANNA) == set()
