"""Crisis alerts to moderators, paced in one place for the whole bot.

A member in distress may write in a channel, in a DM and to `/ask` within minutes; moderators
need to hear once, not three times, yet must never miss a plan, a means or a time ("I have the
pills, tonight"), which always alerts. The warm reply to the member is not paced: it is cheap
and needs no model, so it goes out every time. One pacer per bot, owned by `ModerationDesk`
(`desk.crisis_pacer`), consulted by every guild's messages, DMs and the `/ask` path.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from moderation.state import LastSeen

DEFAULT_COOLDOWN_SECONDS = 1800.0


class CrisisAlertPacer:
    """At most one crisis alert per member per cooldown, unless the crisis is imminent.

    `should_alert` only asks; `record_alert` is called once the alert was actually sent, so an
    alert that failed (the mod log unreachable) does not silence the next one.
    """

    def __init__(
        self,
        cooldown_seconds: float = DEFAULT_COOLDOWN_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_members: int = 10_000,
    ) -> None:
        self._cooldown = cooldown_seconds
        self._clock = clock
        self._alerted = LastSeen(max_keys=max_members)

    def should_alert(self, member_id: int, imminent: bool) -> bool:
        """Whether moderators should be alerted about this member's crisis language now."""
        return imminent or not self._alerted.within(member_id, self._clock(), self._cooldown)

    def record_alert(self, member_id: int) -> None:
        """An alert about the member reached the moderators: start their cooldown."""
        self._alerted.mark(member_id, self._clock())
