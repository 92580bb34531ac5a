"""Loading the matching pool from storage: profiles, consents, pauses, blocks and history,
all read once, with the stories encoded off the event loop.

A member is in the pool with matching consent and neither paused nor snoozed; a story is
used only with story consent. `load_pool` reads everything afresh (the CLI, a round being
planned); the bot keeps one pool and takes in each change before it answers
(`community.pool_cache`), so a withdrawal hides the member at once either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import numpy as np

from community.matching import MatchIndex, PairRules, PoolEntry
from community.profiles import Consent, Profile, visibility_with
from community.story_vectors import StoryVectors
from storage import Store
from storage.records import PoolStanding, StoredProfile

# Rules are read from whole profiles or, when only standings changed, from standings alone;
# a rule that narrows the pool takes whichever it is given.
_Standing = TypeVar("_Standing", StoredProfile, PoolStanding)


@dataclass(frozen=True, slots=True)
class Pool:
    """Everything matching needs, loaded at one moment."""

    index: MatchIndex
    stored: dict[int, StoredProfile]


def profile_of(stored: StoredProfile) -> Profile:
    """The contract profile of a stored row, with its consents in force."""
    fields = {name: value for name, value in stored.fields.items() if value is not None}
    consent = Consent(**{scope: scope in stored.consents for scope in Consent.model_fields})
    return Profile.model_validate({"member": str(stored.member_id), **fields,
                                   "consent": consent})


def available(stored: StoredProfile | PoolStanding, now: datetime) -> bool:
    """In the pool: matching consent, not paused, not snoozed."""
    snoozed = stored.snoozed_until is not None and stored.snoozed_until > now
    return "matching" in stored.consents and not stored.paused and not snoozed


async def load_pool(store: Store, now: datetime, stories: StoryVectors | None = None,
                    *, extra_rule: Callable[[StoredProfile], bool] | None = None) -> Pool:
    """The pool as of `now`. Without `stories`, stories are left out of the similarity.

    `extra_rule` narrows who is in the pool (rounds leave out members with rounds "off").
    """
    loaded = await load_records(store, stories)
    return pool_from(loaded.stored, loaded.history, now, loaded.vectors,
                     excluded=loaded.excluded, extra_rule=extra_rule)


@dataclass(frozen=True, slots=True)
class Records:
    """What the pool is built from, as read from storage."""

    stored: list[StoredProfile]
    excluded: set[tuple[int, int]]  # blocks and "don't match me with", either way
    history: set[tuple[int, int]]  # asked, introduced or grouped before: apart for good
    vectors: dict[int, np.ndarray]


async def load_records(store: Store, stories: StoryVectors | None = None) -> Records:
    """Every profile in force, the pairs kept apart, and the story vectors (encoded off the
    event loop, only with story consent)."""
    stored = await store.profiles.all()
    excluded, history = await load_apart(store, [p.member_id for p in stored])
    told = {p.member_id: p.fields["story"] for p in stored
            if p.fields["story"] and "story" in p.consents}
    vectors = await stories.vectors(told) if stories is not None else {}
    return Records(stored, excluded, history, vectors)


async def load_apart(store: Store, members: list[int]
                     ) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The pairs of `members` kept apart by a block or a "don't match me with", and the
    pairs with history (asked, introduced, grouped in a round)."""
    excluded = await store.match_exclusions.pairs(members)
    return excluded, (await store.introductions.history_pairs()
                      | await store.rounds.past_pairs())


def pool_from(stored: list[StoredProfile], kept_apart: set[tuple[int, int]], now: datetime,
              vectors: dict[int, np.ndarray], *,
              excluded: AbstractSet[tuple[int, int]] = frozenset(),
              extra_rule: Callable[[StoredProfile], bool] | None = None) -> Pool:
    """The pool from loaded records: who is in it, who is kept apart, and the story vectors
    (used only with story consent, whatever `vectors` holds)."""
    by_member = {p.member_id: p for p in stored}
    entries = [entry_of(p, vectors.get(m)) for m, p in by_member.items()]
    return Pool(index=MatchIndex(entries, rules_from(stored, kept_apart, now, excluded=excluded,
                                                     extra_rule=extra_rule)),
                stored=by_member)


def entry_of(stored: StoredProfile, story_vector: np.ndarray | None) -> PoolEntry:
    """A stored profile as matching sees it; the story vector is used only with story
    consent."""
    return PoolEntry(profile=profile_of(stored), visibility=visibility_with(stored.visibility),
                     story_vector=story_vector if "story" in stored.consents else None)


def rules_from(stored: Sequence[_Standing],
               kept_apart: set[tuple[int, int]], now: datetime, *,
               excluded: AbstractSet[tuple[int, int]] = frozenset(),
               extra_rule: Callable[[_Standing], bool] | None = None) -> PairRules:
    """Who is in the pool as of `now`, and who is kept apart (`extra_rule` is given
    profiles, never standings)."""
    in_pool = [p.member_id for p in stored
               if available(p, now) and (extra_rule is None or extra_rule(p))]
    return PairRules(in_pool, kept_apart, excluded)
