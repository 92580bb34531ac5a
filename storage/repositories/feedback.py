"""Helpful / not helpful votes on the bot's answers: one per member and question."""

from storage.models import FeedbackRow, QuestionRow
from storage.records import Feedback
from storage.repositories.base import (
    Repository,
    ensure_member,
    get_or_raise,
    to_record,
    upsert,
)


class FeedbackRepository(Repository):
    """Votes on answers: how the moderators learn whether the bot helps."""

    async def vote(self, question_id: int, member_id: int, helpful: bool) -> Feedback:
        """Record a vote; voting again changes it. RecordNotFound if the question is gone."""
        now = self._clock()
        async with self._database.session() as session:
            await get_or_raise(session, QuestionRow, "question", question_id)
            await ensure_member(session, member_id, now)
            insert = upsert(session, FeedbackRow).values(
                question_id=question_id, member_id=member_id, helpful=helpful, created_at=now
            )
            await session.execute(
                insert.on_conflict_do_update(
                    index_elements=["question_id", "member_id"],
                    set_={"helpful": insert.excluded.helpful},
                )
            )
            row = await session.get_one(FeedbackRow, (question_id, member_id))
            return to_record(row, Feedback)
