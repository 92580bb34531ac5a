"""Peer matching speed on this machine, against ARCHITECTURE.md's targets: top-10 peer matches
among 100,000 profiles in <= 10 ms, a matching round over 10,000 members, memory <= 800 MB.

Builds 100,000 synthetic profiles (community.synthetic, every field filled), each with a
story vector. Encoding 100,000 stories would take the model tens of minutes on two cores,
so the story vectors here are random unit vectors of the model's 384 dimensions: the index
and the re-ranking do exactly the work they do with real ones. Prints the index build time,
top-10 latency p50/p95 in both modes, a round over 10,000 members, and resident memory.
Never fails on time. Run from the repository root: python benchmarks/bench_match.py
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from community.matching import MatchIndex, PairRules, PoolEntry  # noqa: E402
from community.rounds import pair_pool  # noqa: E402
from community.synthetic import random_profile  # noqa: E402

PROFILES = 100_000
ROUND_MEMBERS = 10_000
QUERIES = 300
STORY_DIMENSION = 384
TARGET_MS = 10.0


def entries(count: int, seed: int) -> list[PoolEntry]:
    rng = random.Random(seed)
    vectors = np.random.default_rng(seed).standard_normal((count, STORY_DIMENSION),
                                                          dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return [PoolEntry(profile=random_profile(rng, member + 1, with_story=False),
                      story_vector=vectors[member]) for member in range(count)]


def resident_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    started = time.perf_counter()
    pool = entries(PROFILES, seed=1)
    print(f"generated {PROFILES:,} profiles in {time.perf_counter() - started:.1f} s")
    ids = [entry.profile.member_id for entry in pool]
    # A realistic rule set: some blocks and history, which the search has to step over.
    rng = random.Random(2)
    apart = [(rng.choice(ids), rng.choice(ids)) for _ in range(PROFILES // 10)]
    started = time.perf_counter()
    index = MatchIndex(pool, PairRules(ids, apart))
    print(f"index build (both modes): {time.perf_counter() - started:.2f} s")
    for mode in ("similar", "improved"):
        timings = []
        for member in rng.sample(ids, QUERIES):
            begin = time.perf_counter()
            index.suggest(member, mode, 10)
            timings.append((time.perf_counter() - begin) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95)]
        verdict = "meets" if p50 <= TARGET_MS else "misses"
        print(f"top-10 {mode:>8}: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
              f"({verdict} the {TARGET_MS:g} ms p50 target)")
    members = ids[:ROUND_MEMBERS]
    round_index = MatchIndex(pool[:ROUND_MEMBERS], PairRules(members, apart))
    started = time.perf_counter()
    plan = pair_pool(round_index, members, boosted=set(members[:500]),
                     wants_trio=set(members[::2]))
    seconds = time.perf_counter() - started
    trios = sum(len(group) == 3 for group in plan.groups)
    print(f"round over {ROUND_MEMBERS:,} members: {seconds:.1f} s, {len(plan.groups):,} groups "
          f"({trios} trios), {len(plan.unpaired)} unpaired")
    print(f"resident memory (peak): {resident_mb():.0f} MB")


if __name__ == "__main__":
    main()
