"""The last question a member asked in a direct message, kept in memory only, so that a
follow-up there ("and is that permanent?") is read with it.

A DM's words are never stored (`Asker.keeps_text`), so a thread's stored history cannot give
a private conversation its context. This holds one question per member and conversation, for
`TTL` at most, in this process only; it is exported and forgotten like every other holder.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta

TTL = timedelta(minutes=30)  # a follow-up comes soon after; an old question is no context
MAX_CONVERSATIONS = 2000  # the oldest go first past this


class RecentTurns:
    """The last private question of each member and conversation, for a while."""

    name = "recent_private_questions"

    def __init__(self, clock: Callable[[], datetime], ttl: timedelta = TTL,
                 limit: int = MAX_CONVERSATIONS) -> None:
        self._clock = clock
        self._ttl = ttl
        self._limit = limit
        self._turns: OrderedDict[tuple[int, int], tuple[str, datetime]] = OrderedDict()

    def remember(self, member_id: int, channel_id: int, question: str) -> None:
        """Keep `question` as the member's last turn in this conversation."""
        key = (member_id, channel_id)
        self._turns.pop(key, None)
        self._turns[key] = (question, self._clock())
        while len(self._turns) > self._limit:
            self._turns.popitem(last=False)

    def context(self, member_id: int, channel_id: int) -> list[str]:
        """The member's previous question here, if recent enough, as answer context."""
        turn = self._turns.get((member_id, channel_id))
        if turn is None:
            return []
        question, asked = turn
        if self._clock() - asked > self._ttl:
            del self._turns[(member_id, channel_id)]
            return []
        return [question]

    async def export_member(self, member_id: int) -> list[dict[str, str]]:
        """The member's kept private questions (at most one per conversation)."""
        return [{"question": question, "asked_at": asked.isoformat()}
                for (member, _), (question, asked) in self._turns.items() if member == member_id]

    async def forget_member(self, member_id: int) -> int:
        """Drop every private question of the member."""
        keys = [key for key in self._turns if key[0] == member_id]
        for key in keys:
            del self._turns[key]
        return len(keys)
