"""The matching pool, built once and kept up to date, for `/match` and the round messages.

Loading and indexing the pool costs seconds at 10,000 profiles, so it is no longer built
per call. It is built off the event loop (the records are read in batches; validating
profiles and building the index run in a worker thread, with full collections paused, and
the kept pool is frozen out of the cyclic collector: `community.long_lived`) and kept.

The storage layer counts this process's writes to what the pool reads (`storage.changes`),
and the next call takes them in before it answers: a member's changed profile (fields,
visibility, story consent, deleted, forgotten) replaces that member's entry at once, and a
change of who may meet whom (a consent, a pause, a block, a request, a round) or a snooze
that ends reads the rules again. The search index itself is built afresh every `MAX_AGE`,
in the background while the kept pool goes on answering: until then a new or changed
profile is found by the fields it was indexed with (its card, reasons and score are always
current), and another process's writes (an import from the command line) wait for it.

It holds profiles in memory, so it is a member-data holder: forget drops the member's entry.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from community.long_lived import built_to_keep
from community.match_pool import (
    Pool,
    available,
    entry_of,
    load_apart,
    load_records,
    pool_from,
    rules_from,
)
from community.matching import PoolEntry
from community.story_vectors import StoryVectors
from storage import Store
from storage.changes import Changed
from storage.records import PoolStanding, StoredProfile

log = logging.getLogger(__name__)

MAX_AGE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class _Kept:
    pool: Pool
    count: int  # the number of the last change (`storage.changes`) the pool has taken in
    rebuild_at: datetime  # the index is built afresh from then on
    rules_until: datetime  # the first snooze to end: the rules are read again


class PoolCache:
    """One pool for the process; concurrent callers share each build and update."""

    name = "matching_pool"

    def __init__(self, store: Store, stories: StoryVectors | None = None, *,
                 max_age: timedelta = MAX_AGE) -> None:
        self._store = store
        self._stories = stories
        self._max_age = max_age
        self._kept: _Kept | None = None
        self._lock = asyncio.Lock()
        self._rebuilding: asyncio.Task[None] | None = None

    async def get(self, now: datetime) -> Pool:
        """The pool as of `now`, with every change this process made taken in."""
        kept = self._kept
        if (kept is not None and kept.count == self._store.changes.count
                and now < kept.rebuild_at and now < kept.rules_until):
            return kept.pool  # nothing changed: what most calls find, at no cost
        async with self._lock:
            if self._kept is None or self._store.changes.since(self._kept.count).all_profiles:
                self._kept = await self._build(now)
            elif now >= self._kept.rebuild_at and self._rebuilding is None:
                self._rebuilding = asyncio.create_task(self._rebuild(now))
            self._kept = await self._take_in(self._kept, now)
            return self._kept.pool

    async def close(self) -> None:
        """Wait for a background build, if one runs (the process is stopping)."""
        if self._rebuilding is not None:
            await self._rebuilding

    async def export_member(self, member_id: int) -> dict[str, bool]:
        """Whether the cached pool holds the member: their privacy export says so."""
        # What the pool holds of a member is their profile, which the profile export shows.
        kept = self._kept
        return {"in_matching_pool": kept is not None and member_id in kept.pool.index}

    async def forget_member(self, member_id: int) -> int:
        """Drop the member from the cached pool at once, not at its next rebuild."""
        async with self._lock:
            kept = self._kept
            if kept is None or member_id not in kept.pool.index:
                return 0
            stored = {m: p for m, p in kept.pool.stored.items() if m != member_id}
            self._kept = replace(kept, pool=Pool(
                index=kept.pool.index.with_entries({member_id: None}), stored=stored))
        return 1

    async def _build(self, now: datetime) -> _Kept:
        count = self._store.changes.count
        started = time.perf_counter()
        with built_to_keep():
            records = await load_records(self._store, self._stories)
            pool = await asyncio.to_thread(pool_from, records.stored, records.history, now,
                                           records.vectors, excluded=records.excluded)
        log.info("matching pool built: profiles=%d seconds=%.2f", len(records.stored),
                 time.perf_counter() - started)
        return _Kept(pool, count, now + self._max_age, _first_wake(records.stored, now))

    async def _rebuild(self, now: datetime) -> None:
        """A fresh index in the background; the changes made meanwhile are taken in by
        the next call, as for any kept pool."""
        try:
            built = await self._build(now)
            async with self._lock:
                if self._kept is not None:
                    self._kept = built
        except Exception as error:  # the kept pool goes on answering; try at the next call
            log.warning("matching pool rebuild failed: %s", type(error).__name__)
            async with self._lock:
                if self._kept is not None:
                    self._kept = replace(self._kept, rebuild_at=now + self._max_age)
        finally:
            self._rebuilding = None

    async def _take_in(self, kept: _Kept, now: datetime) -> _Kept:
        """The changes made since `kept` was read: the changed members' entries read
        again, and the rules changed as they were (or read again, after a write that
        touched many, or when a snooze ends)."""
        count = self._store.changes.count
        changed = self._store.changes.since(kept.count)
        if changed.profiles:
            kept = await self._take_in_profiles(kept, changed.profiles)
        if changed.all_rules or now >= kept.rules_until:
            kept = await self._read_rules(kept, now)
        elif changed.rules:
            kept = await self._change_rules(kept, changed, now)
        return replace(kept, count=count)

    async def _take_in_profiles(self, kept: _Kept, members: frozenset[int]) -> _Kept:
        updated: dict[int, PoolEntry | None] = {}
        stored = dict(kept.pool.stored)
        for member in members:
            found = await self._store.profiles.get(member)
            if found is None:
                updated[member] = None
                stored.pop(member, None)
                continue
            story = found.fields["story"]
            vector = (await self._stories.one(member, story)
                      if self._stories is not None and story and "story" in found.consents
                      else None)
            updated[member] = entry_of(found, vector)
            stored[member] = found
        return replace(kept, pool=Pool(index=kept.pool.index.with_entries(updated),
                                       stored=stored))

    async def _change_rules(self, kept: _Kept, changed: Changed, now: datetime) -> _Kept:
        """The rules with only what changed read again: a few queries, not the pool."""
        in_pool: dict[int, bool] = {}
        wakes = [kept.rules_until]
        for member in changed.standings | changed.profiles:
            standing = await self._store.profiles.standing(member)
            in_pool[member] = standing is not None and available(standing, now)
            if standing is not None:
                wakes.append(_first_wake([standing], now))
        excluded = {pair: await self._store.match_exclusions.kept_apart(*pair)
                    for pair in changed.exclusions}
        rules = kept.pool.index.rules.changed(in_pool=in_pool, excluded=excluded,
                                              history=changed.history)
        return replace(kept, pool=Pool(index=kept.pool.index.with_rules(rules),
                                       stored=kept.pool.stored), rules_until=min(wakes))

    async def _read_rules(self, kept: _Kept, now: datetime) -> _Kept:
        standings = await self._store.profiles.standings()
        excluded, history = await load_apart(self._store, [s.member_id for s in standings])
        rules = await asyncio.to_thread(rules_from, standings, history, now,
                                        excluded=excluded)
        return replace(kept, pool=Pool(index=kept.pool.index.with_rules(rules),
                                       stored=kept.pool.stored),
                       rules_until=_first_wake(standings, now))


def _first_wake(standings: Sequence[StoredProfile | PoolStanding], now: datetime) -> datetime:
    """When the first snooze in force ends (far away when there is none)."""
    ends = [s.snoozed_until for s in standings
            if s.snoozed_until is not None and s.snoozed_until > now]
    return min(ends, default=datetime.max.replace(tzinfo=now.tzinfo))
