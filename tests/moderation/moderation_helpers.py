"""Constants and the fake clock shared by the moderation tests."""

from dataclasses import dataclass
from datetime import UTC, datetime

GUILD = 4242
CHANNEL = 100
MEMBER = 7
MODERATOR_ROLE = 900
POSTED_AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class FakeClock:
    """Monotonic seconds that advance only when the test says so."""

    now: float = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
