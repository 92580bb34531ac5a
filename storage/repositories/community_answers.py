"""Answers from members that moderators saved, so the bot can point to them later."""

from sqlalchemy import select

from storage.models import CommunityAnswerRow, QuestionRow
from storage.records import CommunityAnswer, QuestionStatus
from storage.repositories.base import Repository, ensure_member, get_or_raise, to_record


class CommunityAnswerRepository(Repository):
    """Members' answers that moderators saved, offered to later askers in the same server."""

    async def save(
        self,
        *,
        question: str,
        answer: str,
        author_id: int,
        saved_by: int,
        jump_url: str,
        guild_id: int | None,
        question_id: int | None = None,
    ) -> CommunityAnswer:
        """Keep a member's answer; when it answers a recorded question, that question is resolved.

        RecordNotFound if `question_id` names no question.
        """
        now = self._clock()
        row = CommunityAnswerRow(
            question_id=question_id,
            question=question,
            answer=answer,
            author_id=author_id,
            saved_by=saved_by,
            jump_url=jump_url,
            guild_id=guild_id,
            created_at=now,
        )
        async with self._database.session() as session:
            if question_id is not None:
                asked = await get_or_raise(session, QuestionRow, "question", question_id)
                asked.status = QuestionStatus.RESOLVED.value
            await ensure_member(session, author_id, now)
            session.add(row)
            await session.flush()
            return to_record(row, CommunityAnswer)

    async def list_all(self) -> list[CommunityAnswer]:
        """Every saved answer, oldest first, for the retrieval index."""
        async with self._database.session() as session:
            rows = await session.scalars(select(CommunityAnswerRow).order_by(CommunityAnswerRow.id))
            return [to_record(row, CommunityAnswer) for row in rows]

    async def existing(self, answer_ids: set[int]) -> set[int]:
        """Which of these saved answers still exist."""
        if not answer_ids:
            return set()
        async with self._database.session() as session:
            return set(await session.scalars(select(CommunityAnswerRow.id).where(
                CommunityAnswerRow.id.in_(answer_ids))))

    async def delete(self, answer_id: int) -> bool:
        """Remove a saved answer; False if there was none with this id."""
        async with self._database.session() as session:
            row = await session.get(CommunityAnswerRow, answer_id)
            if row is None:
                return False
            await session.delete(row)
            return True
