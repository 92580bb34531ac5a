"""Story vectors are encoded once per story, used only with story consent, and forgotten."""

from __future__ import annotations

import numpy as np

from community.match_pool import load_pool
from community.member_data import MemberDataHolder
from community.profile_import import import_profile
from community.profiles import parse_profile
from community.story_vectors import StoryVectors
from storage import Store


class CountingEncoder:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        return np.array([[1.0, 0.0] if "flat" in t else [0.0, 1.0] for t in texts],
                        dtype=np.float32)


async def test_only_new_or_changed_stories_are_encoded_and_forget_drops_one():
    encoder = CountingEncoder()
    stories = StoryVectors(encoder)
    assert isinstance(stories, MemberDataHolder)
    await stories.vectors({1: "flat runs", 2: "hills"})
    await stories.vectors({1: "flat runs", 2: "hills and races"})
    assert encoder.seen == ["flat runs", "hills", "hills and races"]
    assert await stories.export_member(1) == {"story_vector_cached": True}
    assert await stories.forget_member(1) == 1
    assert await stories.export_member(1) == {"story_vector_cached": False}
    assert await stories.forget_member(1) == 0


async def test_a_story_counts_only_with_story_consent(store: Store, clock):
    for member, story_consent in ((1, True), (2, True), (3, False)):
        await import_profile(store, parse_profile({
            "member": str(member), "side": "left", "story": "worse on flat runs",
            "consent": {"profile": True, "matching": True, "story": story_consent}}))
    encoder = CountingEncoder()
    pool = await load_pool(store, clock(), StoryVectors(encoder))
    assert len(encoder.seen) == 2
    [first, second] = pool.index.suggest(1)
    assert (first.member, second.member) == ("2", "3")
    assert "similar stories" in first.why and "similar stories" not in second.why
    await store.consents.withdraw(2, "story")
    pool = await load_pool(store, clock(), StoryVectors(encoder))
    assert pool.index.entry(2).story_vector is None
