"""Peer matching: how alike two profiles are, why, and the nearest peers among many.

The full similarity is a weighted mean over the contract's fields (ordinal distance for levels
and numbers, Jaccard for lists, agreement for `tried`) plus the story embedding when both
members consented to its use. At scale, faiss finds candidates by L2 distance over a vector
that mirrors those fields, and the full similarity re-ranks them. Every rule about who may
be suggested (consent, blocks, pause, history) is applied by `PairRules`, which rounds use too.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, get_args

import faiss
import numpy as np

from community.profiles import (
    DEFAULT_VISIBILITY,
    LEVELS,
    Movement,
    Muscle,
    Outcome,
    Profile,
    Strategy,
    Test,
    Tolerated,
    Trigger,
    Viewer,
    Visibility,
    can_see,
    join_words,
    words,
)

MODES = ("similar", "improved")

WEIGHTS: dict[str, float] = {
    "side": 2.0, "muscles": 3.0, "movements": 2.0, "triggers": 3.0, "tolerated": 1.0,
    "onset_age": 0.5, "years_since_onset": 0.5, "weekly_km_before": 0.5,
    "level_at_worst": 1.0, "level_now": 1.0, "tried": 1.5, "tests_done": 0.3, "story": 2.0,
}
# How far apart two numbers must be to count as nothing alike.
NUMBER_SCALES: dict[str, float] = {"onset_age": 20.0, "years_since_onset": 10.0,
                                   "weekly_km_before": 60.0}
NUMBER_MEANS: dict[str, float] = {"onset_age": 40.0, "years_since_onset": 4.0,
                                  "weekly_km_before": 50.0}
_LISTS: dict[str, tuple[str, ...]] = {
    "muscles": get_args(Muscle), "movements": get_args(Movement),
    "triggers": get_args(Trigger), "tolerated": get_args(Tolerated),
    "tests_done": get_args(Test),
}
_STRATEGIES: tuple[Strategy, ...] = get_args(Strategy)
_OUTCOMES: tuple[str, ...] = get_args(Outcome)
# The story takes this many dimensions of the search vector (a fixed random projection of
# the 384-dimensional embedding, which keeps cosines close); re-ranking uses the full one.
STORY_DIMENSIONS = 32
IVF_FROM = 20_000  # pools this large are searched through an inverted file (approximate)
IVF_PROBES = 32


class MatchError(ValueError):
    """A match request the user can fix (unknown member, bad mode)."""


@dataclass(frozen=True, slots=True)
class Match:
    """One suggested peer, with the score and the reason shown to the member who asked."""

    member: str
    score: float
    why: str

    def contract(self) -> dict[str, Any]:
        """The JSON object `llc-bot match` prints, the score rounded so that output is stable."""
        return {"member": self.member, "score": round(self.score, 4), "why": self.why}


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """A profile as matching sees it: who may see what, and its story vector if allowed."""

    profile: Profile
    # Shared, never mutated: a copy per entry would cost ~1 KB for each of 100,000 profiles.
    visibility: dict[str, Visibility] = field(default_factory=lambda: DEFAULT_VISIBILITY)
    story_vector: np.ndarray | None = None  # only with story consent


def _field_similarity(name: str, a: Profile, b: Profile) -> float | None:
    """How alike one field is, in [0, 1]; None when neither has it, 0 when one lacks it."""
    left, right = getattr(a, name), getattr(b, name)
    empty: tuple[object, ...] = (None, [], {})
    if left in empty and right in empty:
        return None
    if left in empty or right in empty:
        return 0.0
    if name == "side":
        return 1.0 if left == right else 0.5 if "both" in (left, right) else 0.0
    if name in _LISTS:
        return len(set(left) & set(right)) / len(set(left) | set(right))
    if name in ("level_at_worst", "level_now"):
        return 1 - abs(LEVELS.index(left) - LEVELS.index(right)) / (len(LEVELS) - 1)
    if name in NUMBER_SCALES:
        return max(0.0, 1 - abs(float(left) - float(right)) / NUMBER_SCALES[name])
    if name == "tried":
        keys = set(left) | set(right)
        return sum(1.0 if left.get(k) == right.get(k) else 0.5 if k in left and k in right
                   else 0.0 for k in keys) / len(keys)
    return None


def similarity(a: PoolEntry, b: PoolEntry) -> float:
    """How alike two members are, in [0, 1]: the weighted mean of the fields either one has."""
    total = weight_sum = 0.0
    for name, weight in WEIGHTS.items():
        if name == "story":
            score = _story_similarity(a, b)
        else:
            score = _field_similarity(name, a.profile, b.profile)
        if score is not None:
            total += weight * score
            weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def _story_similarity(a: PoolEntry, b: PoolEntry) -> float | None:
    if a.story_vector is None and b.story_vector is None:
        return None
    if a.story_vector is None or b.story_vector is None:
        return 0.0
    return float(max(0.0, min(1.0, np.dot(a.story_vector, b.story_vector))))


_TRIGGER_ADJECTIVES = {"longer_runs": "long", "flat_surfaces": "flat", "faster_pace": "fast"}
_TRIGGER_PHRASES = {"races": "in races", "long_fast_intervals": "on long fast intervals",
                    "any_running": "on any run"}
_HELPED_WORDS = {"hip_thigh_strength": "hip strength work", "extended_break": "a long break"}


def explain(seeker: PoolEntry, peer: PoolEntry) -> str:
    """Why `peer` was suggested, in words, from what both share and what helped the peer.

    Only the peer's fields that peers may see are used, so the reason leaks nothing the card
    would not show.
    """
    a = seeker.profile
    b = peer.profile

    def shared(name: str) -> Any:
        if not can_see(peer.visibility.get(name, Visibility.ME), Viewer.PEER):
            return None
        left, right = getattr(a, name), getattr(b, name)
        if isinstance(left, list):
            return [value for value in right if value in left]
        return right if left == right else None

    parts = []
    side = shared("side")
    if side:
        parts.append("both in both legs" if side == "both" else f"both {side} leg")
    muscles = shared("muscles")
    if muscles:
        parts.append(join_words([words(m) for m in muscles]))
    elif movements := shared("movements"):
        parts.append(join_words([words(m) for m in movements]))
    triggers = shared("triggers") or []
    adjectives = [_TRIGGER_ADJECTIVES[t] for t in _TRIGGER_ADJECTIVES if t in triggers]
    phrases = ([f"on {' '.join(adjectives)} runs"] if adjectives else []) + [
        _TRIGGER_PHRASES[t] for t in _TRIGGER_PHRASES if t in triggers]
    if phrases:
        parts.append(f"worse {join_words(phrases)}")
    story = _story_similarity(seeker, peer)
    if story is not None and story >= 0.5:
        parts.append("similar stories")
    reason = ", ".join(parts) if parts else "a similar overall picture"
    return f"{reason}; {gain}" if (gain := _improvement(peer)) else reason


def _improvement(peer: PoolEntry) -> str:
    """What got better for the peer, if they share it."""
    profile = peer.profile

    def visible(name: str) -> bool:
        return can_see(peer.visibility.get(name, Visibility.ME), Viewer.PEER)

    # In the vocabulary's order: a JSONB column does not keep the order of keys.
    helped = [_HELPED_WORDS.get(s, words(s)) for s in _STRATEGIES
              if profile.tried.get(s) == "helped"] if visible("tried") else []
    level_better = (visible("level_now") and visible("level_at_worst")
                    and profile.level_now is not None and profile.level_at_worst is not None
                    and LEVELS.index(profile.level_now) < LEVELS.index(profile.level_at_worst))
    if level_better and helped:
        return f"they improved with {join_words(helped)}"
    if level_better:
        return f"they improved (now {words(profile.level_now or '')})"
    if helped:
        return f"{join_words(helped)} helped them"
    return ""


def is_improved(entry: PoolEntry) -> bool:
    """Whether the peer counts for the `improved` mode (the contract's definition)."""
    return entry.profile.improved


class PairRules:
    """Who may be suggested to whom: never oneself, only members in the pool, and no pair
    that is kept apart for good (history: introduced, asked, declined, grouped in an earlier
    round) or by a choice that can be taken back (`excluded`: a block or a "don't match me
    with", either way). A round already planned still leaves the excluded out of its cards.
    """

    def __init__(self, in_pool: Iterable[int], kept_apart: Iterable[tuple[int, int]],
                 excluded: Iterable[tuple[int, int]] = ()) -> None:
        self._pool = frozenset(in_pool)
        self._history = frozenset((min(a, b), max(a, b)) for a, b in kept_apart)
        self._excluded = frozenset((min(a, b), max(a, b)) for a, b in excluded)

    def in_pool(self, member: int) -> bool:
        """Whether the member may be matched at all now: a suggestion is refused otherwise."""
        return member in self._pool

    def allowed(self, seeker: int, peer: int) -> bool:
        """Whether `peer` may be suggested to `seeker`."""
        pair = (min(seeker, peer), max(seeker, peer))
        return (seeker != peer and peer in self._pool and pair not in self._history
                and pair not in self._excluded)

    def excluded(self, one: int, other: int) -> bool:
        """Whether either one blocked or avoids the other."""
        return (min(one, other), max(one, other)) in self._excluded

    def changed(self, *, in_pool: dict[int, bool] | None = None,
                excluded: dict[tuple[int, int], bool] | None = None,
                history: Iterable[tuple[int, int]] = ()) -> PairRules:
        """These rules with some members in or out of the pool, some pairs excluded or no
        longer, and some pairs given history (which is never taken back)."""
        changed = copy.copy(self)
        if in_pool:
            changed._pool = (self._pool - {m for m, inside in in_pool.items() if not inside}
                             ) | {m for m, inside in in_pool.items() if inside}
        if excluded:
            pairs = {(min(a, b), max(a, b)): now for (a, b), now in excluded.items()}
            changed._excluded = (self._excluded - {p for p, now in pairs.items() if not now}
                                 ) | {p for p, now in pairs.items() if now}
        added = {(min(a, b), max(a, b)) for a, b in history}
        if added:
            changed._history = self._history | added
        return changed


def _projection(dimension: int) -> np.ndarray:
    rng = np.random.default_rng(20261129)
    matrix = rng.standard_normal((dimension, STORY_DIMENSIONS)).astype(np.float32)
    q, _ = np.linalg.qr(matrix)
    return np.ascontiguousarray(q * np.sqrt(dimension / STORY_DIMENSIONS), dtype=np.float32)


def _structured_row(p: Profile) -> list[float]:
    """The symptom fields of one profile as plain numbers, block by block (unweighted)."""
    half = 0.7071067811865476
    row = list({"left": (1.0, 0.0), "right": (0.0, 1.0), "both": (half, half)}.get(
        p.side or "", (0.0, 0.0)))
    for name, vocabulary in _LISTS.items():
        chosen = getattr(p, name)
        norm = 1 / len(chosen) ** 0.5 if chosen else 0.0
        row.extend(norm if value in chosen else 0.0 for value in vocabulary)
    for name in ("level_at_worst", "level_now"):
        value = getattr(p, name)
        row.append(LEVELS.index(value) / (len(LEVELS) - 1) if value else 0.5)
    for name, scale in NUMBER_SCALES.items():
        value = getattr(p, name)
        row.append((NUMBER_MEANS[name] if value is None else value) / scale)
    tried = [0.0] * (len(_STRATEGIES) * len(_OUTCOMES))
    norm = 1 / max(1, len(p.tried)) ** 0.5
    for strategy, outcome in p.tried.items():
        tried[_STRATEGIES.index(strategy) * len(_OUTCOMES) + _OUTCOMES.index(outcome)] = norm
    row.extend(tried)
    return row


def _block_weights() -> np.ndarray:
    """sqrt(weight) for every column of `_structured_row`, so squared L2 is weighted."""
    sizes = [("side", 2), *[(name, len(v)) for name, v in _LISTS.items()],
             ("level_at_worst", 1), ("level_now", 1), *[(name, 1) for name in NUMBER_SCALES],
             ("tried", len(_STRATEGIES) * len(_OUTCOMES))]
    return np.concatenate([np.full(size, np.sqrt(WEIGHTS[name]), dtype=np.float32)
                           for name, size in sizes])


_BLOCK_WEIGHTS = _block_weights()


def search_vectors(entries: Sequence[PoolEntry], projection: np.ndarray | None) -> np.ndarray:
    """The vectors faiss searches, one row per entry: squared L2 distances between two rows
    track how far apart their fields are, block by block, each block scaled by its weight."""
    width = _BLOCK_WEIGHTS.shape[0]
    stories = 0 if projection is None else projection.shape[1]
    vectors = np.zeros((len(entries), width + stories), dtype=np.float32)
    story_weight = np.float32(np.sqrt(WEIGHTS["story"]))
    # In chunks: all rows at once as Python floats, or all full story vectors stacked,
    # would take hundreds of MB for 100,000 profiles.
    for start in range(0, len(entries), 4096):
        chunk = entries[start:start + 4096]
        rows = slice(start, start + len(chunk))
        vectors[rows, :width] = np.array([_structured_row(e.profile) for e in chunk],
                                         dtype=np.float32) * _BLOCK_WEIGHTS
        if projection is None:
            continue
        told = [(n, e.story_vector) for n, e in enumerate(chunk) if e.story_vector is not None]
        if told:
            positions = [start + n for n, _ in told]
            vectors[positions, width:] = (np.stack([v for _, v in told]) @ projection
                                          ) * story_weight
    return vectors


@contextmanager
def _one_thread() -> Iterator[None]:
    """faiss on one thread: for a single query, waking OpenMP threads costs more than it
    saves, and on a busy two-core machine much more."""
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(threads)


def _flat_or_ivf(vectors: np.ndarray) -> faiss.Index:
    """Exact search for small pools; an inverted file for large ones, which looks at a few
    dozen of its cells per query instead of every profile."""
    count, dimension = vectors.shape
    if count < IVF_FROM:
        index: faiss.Index = faiss.IndexFlatL2(dimension)
    else:
        cells = int(np.sqrt(count))
        index = faiss.IndexIVFFlat(faiss.IndexFlatL2(dimension), dimension, cells)
        index.train(vectors)
        index.nprobe = IVF_PROBES
    index.add(vectors)
    return index


class MatchIndex:
    """The pool, indexed for nearest-neighbour search, with the rules of who may meet whom.

    Every profile is indexed, in the pool or not: the rules are applied to what a search
    finds, so a change of rules alone (a consent, a pause, a block) needs `with_rules`, not
    a new index.
    """

    def __init__(self, entries: Sequence[PoolEntry], rules: PairRules) -> None:
        self.rules = rules
        self._entries = {entry.profile.member_id: entry for entry in entries}
        dimensions = {e.story_vector.shape[0] for e in entries if e.story_vector is not None}
        self._projection = _projection(dimensions.pop()) if dimensions else None
        self._indexes = {
            "similar": self._build(list(entries)),
            "improved": self._build([e for e in entries if is_improved(e)]),
        }

    def with_rules(self, rules: PairRules) -> MatchIndex:
        """The same index under other rules (it shares the indexed vectors)."""
        changed = copy.copy(self)
        changed.rules = rules
        return changed

    def with_entries(self, updated: dict[int, PoolEntry | None]) -> MatchIndex:
        """The same index with some profiles changed, added or (None) gone, sharing the
        indexed vectors: cards, reasons and scores use the new profiles at once, and the
        search finds a new or changed profile by its new fields once the index is built
        again."""
        changed = copy.copy(self)
        changed._entries = dict(self._entries)
        for member, entry in updated.items():
            if entry is None:
                changed._entries.pop(member, None)
            else:
                changed._entries[member] = entry
        return changed

    def _build(self, entries: list[PoolEntry]) -> tuple[faiss.Index | None, list[int]]:
        if not entries:
            return None, []
        return _flat_or_ivf(search_vectors(entries, self._projection)), [
            e.profile.member_id for e in entries]

    def __contains__(self, member_id: int) -> bool:
        return member_id in self._entries

    def entry(self, member_id: int) -> PoolEntry:
        """The member's profile as matching sees it, to score and explain a suggestion."""
        return self._entries[member_id]

    def nearest(self, member_id: int, count: int, mode: str = "similar") -> list[int]:
        """Up to `count` allowed peers by search distance, nearest first (not re-ranked)."""
        index, ids = self._indexes[mode]
        if index is None:
            return []
        query = search_vectors([self._entries[member_id]], self._projection)
        wanted = min(len(ids), max(4 * count, 64))
        while True:
            with _one_thread():
                _, found = index.search(query, wanted)
            allowed = [ids[i] for i in found[0]
                       if i >= 0 and self._current(ids[i], mode)
                       and self.rules.allowed(member_id, ids[i])]
            if len(allowed) >= count or wanted >= len(ids):
                return allowed[:count]
            wanted = min(len(ids), wanted * 4)

    def _current(self, member_id: int, mode: str) -> bool:
        """Whether an indexed profile is still here, and still fits `mode` (a profile may
        have changed since the index was built)."""
        entry = self._entries.get(member_id)
        return entry is not None and (mode != "improved" or is_improved(entry))

    def neighbours(self, member_ids: Sequence[int], count: int) -> dict[int, list[int]]:
        """Up to `count` allowed peers of each member among `member_ids` only, nearest
        first, in one batched search (what a round needs for its part of the pool)."""
        if len(member_ids) < 2:
            return {m: [] for m in member_ids}
        vectors = search_vectors([self._entries[m] for m in member_ids], self._projection)
        local = faiss.IndexFlatL2(vectors.shape[1])
        local.add(vectors)
        _, found = local.search(vectors, min(len(member_ids), 3 * count + 1))
        return {m: [member_ids[i] for i in row
                    if i >= 0 and self.rules.allowed(m, member_ids[i])][:count]
                for m, row in zip(member_ids, found, strict=True)}

    def blocks(self, member_ids: Sequence[int], size: int) -> list[list[int]]:
        """`member_ids` cut into blocks of about `size`, alike members together (k-means
        over the search vectors), so that each block can be matched on its own."""
        if len(member_ids) <= size:
            return [list(member_ids)]
        vectors = search_vectors([self._entries[m] for m in member_ids], self._projection)
        kmeans = faiss.Kmeans(vectors.shape[1], -(-len(member_ids) // size), niter=10,
                              seed=20261129)
        kmeans.train(vectors)
        _, cells = kmeans.index.search(vectors, 1)
        ordered = [m for _, m in sorted(zip(cells[:, 0].tolist(), member_ids, strict=True))]
        return [ordered[start:start + size] for start in range(0, len(ordered), size)]

    def suggest(self, member: str | int, mode: str = "similar", top: int = 10) -> list[Match]:
        """The best `top` peers for `member`, best first, each with a score and the why."""
        if mode not in MODES:
            raise MatchError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if top < 1:
            raise MatchError("top must be at least 1")
        member_id = _member_id(member)
        if member_id not in self._entries:
            raise MatchError(f"no profile for member {member}")
        seeker = self._entries[member_id]
        candidates = self.nearest(member_id, max(3 * top, 30), mode)
        scored = sorted(((similarity(seeker, self._entries[c]), c) for c in candidates),
                        key=lambda pair: (-pair[0], pair[1]))[:top]
        return [Match(member=str(c), score=score, why=explain(seeker, self._entries[c]))
                for score, c in scored]


def _member_id(member: str | int) -> int:
    text = str(member).strip()
    if not text.isdigit():
        raise MatchError(f"no profile for member {member}")
    return int(text)
