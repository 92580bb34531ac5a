"""The matching pool, built once and kept while nothing it reads has changed.

Loading and indexing the pool costs about 1.4 s at 10,000 profiles, so `/match` and the
round messages no longer build it per call. The pool is built off the event loop (the
records are read in small batches; validating profiles and building the index run in a
worker thread) and kept. It is built again when this process wrote what it reads: a profile
or a profile or story consent (everything again), or only who may meet whom (a matching
consent, a pause, a block, a request, a round: the rules again, the index is kept). The
storage layer counts those writes (`storage.changes`). A snooze that ends, and another
process's writes (an import from the command line), reach the pool when it expires:
`MAX_AGE` at the latest.

It holds profiles in memory, so it is a member-data holder: forget drops the kept pool.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from community.match_pool import Pool, Records, load_records, pool_from, rules_from
from community.story_vectors import StoryVectors
from storage import Store

log = logging.getLogger(__name__)

MAX_AGE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class _Built:
    pool: Pool
    profiles: int  # the change counters the pool was read at
    rules: int
    rebuild_at: datetime  # expiry: everything is read again
    rules_until: datetime  # the first snooze to end: the rules are read again


class PoolCache:
    """One pool for the process; concurrent callers wait for the same build."""

    name = "matching_pool"

    def __init__(self, store: Store, stories: StoryVectors | None = None, *,
                 max_age: timedelta = MAX_AGE) -> None:
        self._store = store
        self._stories = stories
        self._max_age = max_age
        self._built: _Built | None = None
        self._lock = asyncio.Lock()

    async def get(self, now: datetime) -> Pool:
        """The pool as of `now`, built or brought up to date only if it has to be."""
        async with self._lock:
            built = self._built
            changes = self._store.changes
            if built is None or built.profiles != changes.profiles or now >= built.rebuild_at:
                built = await self._build(now)
            elif built.rules != changes.rules or now >= built.rules_until:
                built = await self._refresh_rules(built, now)
            self._built = built
            return built.pool

    async def export_member(self, member_id: int) -> dict[str, bool]:
        # What the pool holds of a member is their profile, which the profile export shows.
        built = self._built
        return {"in_matching_pool": built is not None and member_id in built.pool.index}

    async def forget_member(self, member_id: int) -> int:
        async with self._lock:
            held = self._built is not None and member_id in self._built.pool.index
            self._built = None
        return int(held)

    async def _build(self, now: datetime) -> _Built:
        profiles, rules = self._store.changes.profiles, self._store.changes.rules
        started = time.perf_counter()
        records = await load_records(self._store, self._stories)
        pool = await asyncio.to_thread(pool_from, records.stored, records.kept_apart, now,
                                       records.vectors, excluded=records.excluded)
        log.info("matching pool built: profiles=%d seconds=%.2f", len(records.stored),
                 time.perf_counter() - started)
        return _Built(pool, profiles, rules, now + self._max_age, _first_wake(records, now))

    async def _refresh_rules(self, built: _Built, now: datetime) -> _Built:
        rules = self._store.changes.rules
        records = await load_records(self._store)
        pair_rules = await asyncio.to_thread(rules_from, records.stored, records.kept_apart,
                                             now, excluded=records.excluded)
        pool = Pool(index=built.pool.index.with_rules(pair_rules),
                    stored={p.member_id: p for p in records.stored})
        return _Built(pool, built.profiles, rules, built.rebuild_at, _first_wake(records, now))


def _first_wake(records: Records, now: datetime) -> datetime:
    """When the first snooze in force ends (far away when there is none)."""
    ends = [p.snoozed_until for p in records.stored
            if p.snoozed_until is not None and p.snoozed_until > now]
    return min(ends, default=datetime.max.replace(tzinfo=now.tzinfo))
