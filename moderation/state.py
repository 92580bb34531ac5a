"""The small in-memory state behind the stateful rules: recent records per key, and when
something last happened per key. Both are bounded, so a raid of thousands of accounts cannot
grow memory without limit: the least recently active keys are forgotten first."""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Hashable
from typing import Generic, Protocol, TypeVar


class Timed(Protocol):
    """Anything recorded at a moment of the moderator's clock."""

    @property
    def at(self) -> float:
        """When it was recorded, in seconds of the moderator's clock: windows expire by it."""


RecordT = TypeVar("RecordT", bound=Timed)


class RollingWindows(Generic[RecordT]):
    """Per key, the records of the last `horizon_seconds` (at most `max_records` of them)."""

    def __init__(self, horizon_seconds: float, max_keys: int, max_records: int) -> None:
        self._horizon = horizon_seconds
        self._max_keys = max_keys
        self._max_records = max_records
        self._windows: OrderedDict[Hashable, deque[RecordT]] = OrderedDict()

    def add(self, key: Hashable, record: RecordT) -> deque[RecordT]:
        """Record and return the key's window, oldest first, without expired records."""
        window = self._windows.get(key)
        if window is None:
            window = deque(maxlen=self._max_records)
            self._windows[key] = window
            if len(self._windows) > self._max_keys:
                self._windows.popitem(last=False)
        else:
            self._windows.move_to_end(key)
        window.append(record)
        oldest_kept = record.at - self._horizon
        while window[0].at < oldest_kept:
            window.popleft()
        return window

    def __len__(self) -> int:
        return len(self._windows)


class LastSeen:
    """When something last happened per key (an alert sent, crisis language seen)."""

    def __init__(self, max_keys: int) -> None:
        self._max_keys = max_keys
        self._times: OrderedDict[Hashable, float] = OrderedDict()

    def mark(self, key: Hashable, now: float) -> None:
        """Remember that it happened now."""
        self._times[key] = now
        self._times.move_to_end(key)
        if len(self._times) > self._max_keys:
            self._times.popitem(last=False)

    def within(self, key: Hashable, now: float, seconds: float) -> bool:
        """Whether it happened in the last `seconds`."""
        last = self._times.get(key)
        return last is not None and now - last < seconds

    def __len__(self) -> int:
        return len(self._times)
