"""Peer matching: planted near-twins are found, the reason reads well, modes and rules hold.

The property tests build random cohorts (consents, pauses, snoozes, blocks, "don't match me
with" lists, history) and check that no suggestion and no round pair ever breaks a rule.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.match_pool import available, pool_from
from community.matching import MatchError, MatchIndex, PairRules, PoolEntry, similarity
from community.profiles import Profile
from community.rounds import pair_pool
from community.synthetic import near_twin, random_profile
from embeddings.encoder import Encoder
from storage.records import StoredProfile

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder()


def planted_cohort(size: int, twins: int, seed: int, with_story: bool):
    rng = random.Random(seed)
    profiles = [random_profile(rng, member, with_story=with_story)
                for member in range(1, size + 1)]
    pairs = []
    for number in range(twins):
        twin = near_twin(rng, profiles[number], 1_000_000 + number)
        profiles.append(twin)
        pairs.append((profiles[number].member_id, twin.member_id))
    return profiles, pairs


def recall_at_10(index: MatchIndex, pairs: list[tuple[int, int]]) -> float:
    found = sum(str(twin) in [m.member for m in index.suggest(original, "similar", 10)]
                for original, twin in pairs)
    return found / len(pairs)


def test_planted_near_twins_are_found_with_stories(encoder: Encoder):
    profiles, pairs = planted_cohort(400, 40, seed=7, with_story=True)
    vectors = encoder.encode([p.story or "" for p in profiles])
    entries = [PoolEntry(profile=p, story_vector=v)
               for p, v in zip(profiles, vectors, strict=True)]
    index = MatchIndex(entries, PairRules([p.member_id for p in profiles], []))
    assert recall_at_10(index, pairs) >= 0.95


def test_planted_near_twins_are_found_among_thousands_without_stories():
    profiles, pairs = planted_cohort(3000, 60, seed=11, with_story=False)
    index = MatchIndex([PoolEntry(profile=p) for p in profiles],
                       PairRules([p.member_id for p in profiles], []))
    assert recall_at_10(index, pairs) >= 0.95


def test_the_reason_names_what_both_share_and_what_helped_the_peer():
    seeker = Profile(member="1", side="right", muscles=["hamstrings", "glutes"],
                     triggers=["flat_surfaces", "faster_pace"])
    peer = Profile(member="2", side="right", muscles=["hamstrings", "glutes", "calves"],
                   triggers=["faster_pace", "flat_surfaces", "races"],
                   level_at_worst="stopped", level_now="some_restrictions",
                   tried={"hip_thigh_strength": "helped", "extended_break": "helped",
                          "surgery": "no_change"})
    index = MatchIndex([PoolEntry(profile=seeker), PoolEntry(profile=peer)],
                       PairRules([1, 2], []))
    [match] = index.suggest("1")
    assert match.why == ("both right leg, hamstrings and glutes, worse on flat fast runs; "
                         "they improved with hip strength work and a long break")
    assert 0 < match.score < 1


def test_similarity_is_one_for_identical_profiles_and_symmetric():
    rng = random.Random(3)
    a, b = (PoolEntry(profile=random_profile(rng, n, with_story=False)) for n in (1, 2))
    assert similarity(a, a) == pytest.approx(1.0)
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert 0 <= similarity(a, b) <= 1


def test_improved_mode_suggests_only_peers_who_improved():
    rng = random.Random(5)
    profiles = [random_profile(rng, n, with_story=False) for n in range(1, 300)]
    index = MatchIndex([PoolEntry(profile=p) for p in profiles],
                       PairRules([p.member_id for p in profiles], []))
    by_id = {p.member: p for p in profiles}
    matches = index.suggest("1", "improved", 20)
    assert len(matches) == 20
    assert all(by_id[m.member].improved for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_unknown_members_and_bad_modes_are_kind_errors():
    index = MatchIndex([PoolEntry(profile=Profile(member="1"))], PairRules([1], []))
    with pytest.raises(MatchError, match="no profile for member 2"):
        index.suggest("2")
    with pytest.raises(MatchError, match="no profile for member abc"):
        index.suggest("abc")
    with pytest.raises(MatchError, match="mode must be"):
        index.suggest("1", "closest")
    assert index.suggest("1") == []


def test_a_large_pool_uses_the_inverted_file_and_still_finds_near_twins():
    profiles, pairs = planted_cohort(21_000, 100, seed=5, with_story=False)
    index = MatchIndex([PoolEntry(profile=p) for p in profiles],
                       PairRules([p.member_id for p in profiles], []))
    assert recall_at_10(index, pairs) >= 0.95


# --- rules, as a property over random cohorts ---------------------------------------------

SCOPES = st.frozensets(st.sampled_from(["profile", "matching", "story"]))


@st.composite
def cohorts(draw):
    size = draw(st.integers(min_value=2, max_value=24))
    seed = draw(st.integers(min_value=0, max_value=10_000))
    rng = random.Random(seed)
    stored = []
    for member in range(1, size + 1):
        profile = random_profile(rng, member, with_story=False)
        fields = profile.model_dump(exclude={"member", "consent"})
        snooze = draw(st.sampled_from([None, NOW - timedelta(days=1), NOW + timedelta(days=3)]))
        stored.append(StoredProfile(
            member_id=member, fields=fields, visibility={}, paused=draw(st.booleans()),
            snoozed_until=snooze, odd_one=draw(st.sampled_from(["trio", "carry_over"])),
            consents=draw(SCOPES) | {"profile"}, created_at=NOW, updated_at=NOW))
    members = st.integers(min_value=1, max_value=size)
    apart = draw(st.sets(st.tuples(members, members), max_size=size * 2))
    return stored, {(min(a, b), max(a, b)) for a, b in apart if a != b}


def _allowed(stored: dict[int, StoredProfile], apart: set, a: int, b: int) -> bool:
    return (a != b and available(stored[b], NOW) and (min(a, b), max(a, b)) not in apart)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(), st.sampled_from(["similar", "improved"]))
def test_no_suggestion_breaks_consent_pause_snooze_block_or_history(cohort, mode):
    stored, apart = cohort
    pool = pool_from(stored, apart, NOW, {})
    by_id = {p.member_id: p for p in stored}
    for seeker in by_id:
        for match in pool.index.suggest(seeker, mode, 10):
            peer = int(match.member)
            assert _allowed(by_id, apart, seeker, peer)
            assert "matching" in by_id[peer].consents
            assert 0 <= match.score <= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(), st.integers(min_value=2, max_value=6))
def test_no_round_group_breaks_a_rule_and_everyone_is_placed_once(cohort, block):
    stored, apart = cohort
    pool = pool_from(stored, apart, NOW, {})
    by_id = {p.member_id: p for p in stored}
    members = [m for m in by_id if pool.index.rules.in_pool(m)]
    plan = pair_pool(pool.index, members, block=block,
                     wants_trio={m for m in members if by_id[m].odd_one == "trio"})
    placed = [m for group in plan.groups for m in group] + plan.unpaired
    assert sorted(placed) == sorted(members)
    for group in plan.groups:
        assert len(group) in (2, 3)
        for a in group:
            for b in group:
                if a != b:
                    assert _allowed(by_id, apart, a, b) and _allowed(by_id, apart, b, a)
    for member in plan.unpaired:
        assert not any(len(g) == 3 and member in g for g in plan.groups)


def test_story_vectors_are_ignored_without_story_consent():
    rng = random.Random(2)
    stored = []
    for member, scopes in ((1, {"profile", "matching", "story"}), (2, {"profile", "matching"})):
        fields = random_profile(rng, member, with_story=False).model_dump(
            exclude={"member", "consent"})
        stored.append(StoredProfile(member_id=member, fields=fields, visibility={},
                                    paused=False, snoozed_until=None, odd_one="trio",
                                    consents=frozenset(scopes), created_at=NOW,
                                    updated_at=NOW))
    vector = np.ones(4, dtype=np.float32) / 2
    pool = pool_from(stored, set(), NOW, {1: vector, 2: vector})
    assert pool.index.entry(1).story_vector is not None
    assert pool.index.entry(2).story_vector is None
