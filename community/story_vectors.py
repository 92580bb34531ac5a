"""Story embeddings, kept in memory so that a pool loaded for every `/match` encodes only
the stories that are new or changed. It holds something of each member (a vector derived
from their story), so it is a member-data holder: forget drops it, export says it exists."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable

import numpy as np

Encode = Callable[[list[str]], np.ndarray]


class StoryVectors:
    """Story vectors by member, re-encoded only when the story changes; a member-data
    holder, so forget and export reach it."""

    name = "story_vectors"

    def __init__(self, encode: Encode) -> None:
        self._encode = encode
        self._cache: dict[int, tuple[str, np.ndarray]] = {}

    async def vectors(self, stories: dict[int, str]) -> dict[int, np.ndarray]:
        """A unit vector for each member's story, encoding (off the event loop) only what
        the cache does not hold; members no longer given are dropped from the cache."""
        digests = {m: hashlib.sha256(text.encode()).hexdigest() for m, text in stories.items()}
        stale = [m for m in stories if self._cache.get(m, ("",))[0] != digests[m]]
        if stale:
            encoded = await asyncio.to_thread(self._encode, [stories[m] for m in stale])
            for member, vector in zip(stale, encoded, strict=True):
                self._cache[member] = (digests[member], vector)
        for member in set(self._cache) - set(stories):
            del self._cache[member]
        return {m: self._cache[m][1] for m in stories}

    async def one(self, member_id: int, story: str) -> np.ndarray:
        """The vector of one member's story (encoded off the event loop unless cached);
        the other members' vectors stay cached."""
        digest = hashlib.sha256(story.encode()).hexdigest()
        cached = self._cache.get(member_id)
        if cached is None or cached[0] != digest:
            (vector,) = await asyncio.to_thread(self._encode, [story])
            self._cache[member_id] = cached = (digest, vector)
        return cached[1]

    async def export_member(self, member_id: int) -> dict[str, bool]:
        """Whether a vector of the member's story is cached; the story itself is in the
        profile export."""
        # The vector is derived from the story, which the profile export already holds.
        return {"story_vector_cached": member_id in self._cache}

    async def forget_member(self, member_id: int) -> int:
        """Drop the member's story vector; 1 if there was one."""
        return 1 if self._cache.pop(member_id, None) is not None else 0
