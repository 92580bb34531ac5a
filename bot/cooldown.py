"""Per-member cooldowns, so one member cannot flood the model or the matching pool."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

MAX_TRACKED = 10_000


class Cooldown:
    """At most `uses` uses per `seconds` per member (a sliding window); memory stays
    bounded."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic, *,
                 uses: int = 1) -> None:
        self.seconds = seconds
        self.uses = uses
        self._clock = clock
        self._last: OrderedDict[int, deque[float]] = OrderedDict()

    def retry_after(self, member_id: int) -> float:
        """Seconds the member must wait, or 0.0 and the use is counted."""
        now = self._clock()
        recent = self._last.get(member_id) or deque()
        while recent and now - recent[0] >= self.seconds:
            recent.popleft()
        if len(recent) >= self.uses:
            return self.seconds - (now - recent[0])
        recent.append(now)
        self._last[member_id] = recent
        self._last.move_to_end(member_id)
        while len(self._last) > MAX_TRACKED:
            self._last.popitem(last=False)
        return 0.0
