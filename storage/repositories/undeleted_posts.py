"""Community posts a forget could not delete yet: their ids, until Discord lets them go.

The member is forgotten at once; what the bot posted quoting them is deleted through
Discord, which can refuse (the bot lost a permission, Discord is down). Such a post is kept
here by its ids alone, nothing of the member, and tried again later, each time a little
later, at least once a day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from storage.models import UndeletedPostRow
from storage.repositories.base import Repository, upsert

FIRST_RETRY = timedelta(hours=1)
LONGEST_WAIT = timedelta(days=1)


class UndeletedPostRepository(Repository):
    """Posts a forget could not delete in Discord yet: retried, so that a refusal on the day
    does not leave the member's words up."""

    async def add(self, posts: Sequence[tuple[int, int]]) -> None:
        """Keep (channel id, message id) posts to retry, the first time in an hour."""
        if not posts:
            return
        first = self._clock() + FIRST_RETRY
        async with self._database.session() as session:
            await session.execute(
                upsert(session, UndeletedPostRow)
                .values([{"channel_id": channel, "message_id": message, "attempts": 0,
                          "next_attempt_at": first} for channel, message in posts])
                .on_conflict_do_nothing(index_elements=["message_id"]))

    async def due(self, now: datetime | None = None,
                  limit: int = 50) -> list[tuple[int, int, int]]:
        """(channel id, message id, attempts so far) of the posts to try again by `now`
        (default: this repository's clock)."""
        now = now or self._clock()
        async with self._database.session() as session:
            rows = await session.execute(
                select(UndeletedPostRow.channel_id, UndeletedPostRow.message_id,
                       UndeletedPostRow.attempts)
                .where(UndeletedPostRow.next_attempt_at <= now)
                .order_by(UndeletedPostRow.next_attempt_at, UndeletedPostRow.message_id)
                .limit(limit))
            return [(channel, message, attempts) for channel, message, attempts in rows]

    async def deleted(self, message_id: int) -> None:
        """The post is gone: nothing more to do."""
        async with self._database.session() as session:
            await session.execute(delete(UndeletedPostRow)
                                  .where(UndeletedPostRow.message_id == message_id))

    async def refused_again(self, message_id: int, attempts: int) -> None:
        """Discord refused once more: try again later (doubling the wait, a day at most)."""
        wait = min(FIRST_RETRY * 2 ** min(attempts + 1, 10), LONGEST_WAIT)
        async with self._database.session() as session:
            await session.execute(
                update(UndeletedPostRow).where(UndeletedPostRow.message_id == message_id)
                .values(attempts=attempts + 1, next_attempt_at=self._clock() + wait))
