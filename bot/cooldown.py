"""Per-member cooldown for questions, so one member cannot flood the model."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

MAX_TRACKED = 10_000


class Cooldown:
    """At most one use per `seconds` per member; memory stays bounded."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: OrderedDict[int, float] = OrderedDict()

    def retry_after(self, member_id: int) -> float:
        """Seconds the member must wait, or 0.0 and the use is counted."""
        now = self._clock()
        last = self._last.get(member_id)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        self._last[member_id] = now
        self._last.move_to_end(member_id)
        while len(self._last) > MAX_TRACKED:
            self._last.popitem(last=False)
        return 0.0
