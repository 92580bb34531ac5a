"""The help desk: questions asked anywhere (Discord, console), remembered with their answers.

It joins the answer engine to storage: follow-up questions in a thread get the earlier
question as context, every answer is recorded for feedback and statistics, abstentions and
unhelpful answers wait in the unanswered queue, and answers that trusted members give there
can be saved as community answers the engine offers next time. The engine does not need the
database, so when storage is down a member still gets an answer; only what needs the
database (feedback, the queue) reports that it is unavailable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from community.saved_answers import SavedAnswers
from knowledge.models import Answer
from knowledge.service import AnswerService
from storage import RecordNotFound, StorageUnavailable, Store
from storage.records import CommunityAnswer, Question, QuestionStats, QuestionStatus

log = logging.getLogger(__name__)

THREAD_CONTEXT = 3


class NotYourQuestion(PermissionError):
    """Only the member who asked may send their question to the community."""


@dataclass(frozen=True, slots=True)
class Asker:
    """Who asked, and where; ids only."""

    member_id: int
    channel_id: int
    guild_id: int | None = None
    thread_id: int | None = None
    message_id: int | None = None


@dataclass(frozen=True, slots=True)
class AskResult:
    answer: Answer
    question_id: int | None  # None when the database was unavailable: nothing to vote on


class QuestionDesk:
    """Answers, records and follows up members' questions."""

    def __init__(self, answers: AnswerService, store: Store, saved: SavedAnswers) -> None:
        self.answers = answers
        self.store = store
        self.saved = saved

    async def ask(self, asker: Asker, question: str) -> AskResult:
        """Answer with the thread's earlier questions as context, then record it."""
        context = await self._thread_context(asker.thread_id)
        answer = await self.answers.ask(question, context)
        try:
            record = await self.store.questions.record(
                member_id=asker.member_id, channel_id=asker.channel_id, guild_id=asker.guild_id,
                thread_id=asker.thread_id, message_id=asker.message_id, question=question,
                answer=answer.answer, citations=[c.model_dump() for c in answer.citations],
                triage=answer.triage, abstained=answer.abstained,
            )
        except StorageUnavailable:
            log.warning("question not recorded: database unavailable (member=%s)",
                        asker.member_id)
            return AskResult(answer, None)
        return AskResult(answer, record.id)

    async def _thread_context(self, thread_id: int | None) -> list[str]:
        if thread_id is None:
            return []
        try:
            earlier = await self.store.questions.recent_in_thread(thread_id, THREAD_CONTEXT)
        except StorageUnavailable:
            return []
        return [q.question for q in earlier]

    async def vote(self, question_id: int, member_id: int, helpful: bool) -> None:
        """Store feedback; an unhelpful answer joins the unanswered queue."""
        await self.store.feedback.vote(question_id, member_id, helpful)
        if not helpful:
            await self.store.questions.set_status(question_id, QuestionStatus.UNANSWERED)

    async def escalate(self, question_id: int, member_id: int) -> Question:
        """The asker's question, queued for the community to answer."""
        question = await self.store.questions.get(question_id)
        if question is None:
            raise RecordNotFound(f"no question {question_id}")
        if question.member_id != member_id:
            raise NotYourQuestion("Only the member who asked can share this question.")
        return await self.store.questions.set_status(question_id, QuestionStatus.UNANSWERED)

    async def save_community_answer(self, *, question: str, answer: str, author_id: int,
                                    saved_by: int, jump_url: str, guild_id: int | None,
                                    question_id: int | None) -> CommunityAnswer:
        """Keep a trusted member's reply and make it retrievable at once."""
        saved = await self.store.community_answers.save(
            question=question, answer=answer, author_id=author_id, saved_by=saved_by,
            jump_url=jump_url, guild_id=guild_id, question_id=question_id,
        )
        await self.saved.refresh()
        return saved

    async def latest_in_thread(self, thread_id: int) -> Question | None:
        """The question a reply in this thread most likely answers."""
        earlier = await self.store.questions.recent_in_thread(thread_id, 1)
        return earlier[-1] if earlier else None

    async def stats(self, guild_id: int | None) -> QuestionStats:
        return await self.store.questions.stats(guild_id)
