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
from datetime import datetime, timedelta

from community.recent_turns import RecentTurns
from community.saved_answers import SavedAnswers
from embeddings.executor import ModelExecutor
from knowledge.models import Answer
from knowledge.service import AnswerService
from storage import RecordNotFound, StorageUnavailable, Store
from storage.records import CommunityAnswer, Question, QuestionStats, QuestionStatus
from storage.timestamps import utc_now

log = logging.getLogger(__name__)

THREAD_CONTEXT = 3
# About two seconds of answering on a busy 2-core machine: beyond it, say it will be slow.
SLOW_AFTER_WAITING = 32


class NotYourQuestion(PermissionError):
    """Only the member who asked may send their question to the community."""


class AlreadyShared(RuntimeError):
    """The question was shared already (a second click, or one after a restart)."""


class NotThisAnswer(LookupError):
    """A vote on a message that is not the bot's recorded answer to that question."""


@dataclass(frozen=True, slots=True)
class Asker:
    """Who asked, and where; ids only."""

    member_id: int
    channel_id: int
    guild_id: int | None = None
    thread_id: int | None = None
    message_id: int | None = None
    private: bool = False  # an ephemeral /ask; a direct message is private too

    @property
    def keeps_text(self) -> bool:
        """Private asks and DMs keep no question text unless the member shares it."""
        return not self.private and self.guild_id is not None


@dataclass(frozen=True, slots=True)
class AskResult:
    """An answer and the stored question it belongs to, which the vote and escalate buttons
    name."""

    answer: Answer
    question_id: int | None  # None when the database was unavailable: nothing to vote on


class QuestionDesk:
    """Answers, records and follows up members' questions."""

    def __init__(self, answers: AnswerService, store: Store, saved: SavedAnswers,
                 executor: ModelExecutor, *, home_guild_id: int | None = None,
                 recent: RecentTurns | None = None) -> None:
        self.answers = answers
        # A DM's last question, in memory only, to read a follow-up with (a privacy holder).
        self.recent = recent or RecentTurns(utc_now)
        self.store = store
        self.saved = saved
        self.executor = executor
        # The server a direct message belongs to (GUILD_ID): its saved answers are offered
        # there. Without one, a DM is of no server and is offered none.
        self.home_guild_id = home_guild_id
        self._waiting = 0  # questions asked and not yet answered

    @property
    def answers_will_be_slow(self) -> bool:
        """Questions are queueing (more than one batch waits, or the model's queue is
        full): a new one waits its turn, so tell the member."""
        return self.executor.busy or self._waiting >= SLOW_AFTER_WAITING

    async def ask(self, asker: Asker, question: str) -> AskResult:
        """Answer with the thread's earlier questions as context, then record it.

        Saved community answers come from the asker's server only, and one about to be
        offered is checked against the database first (it may have been forgotten by
        another process): if it is gone, the question is answered again without it.
        """
        private_dm = asker.guild_id is None and asker.thread_id is None
        context = (self.recent.context(asker.member_id, asker.channel_id) if private_dm
                   else await self._thread_context(asker.thread_id))
        guild_id = asker.guild_id if asker.guild_id is not None else self.home_guild_id
        self._waiting += 1
        try:
            answer = await self.answers.ask(question, context, run=self.executor.run,
                                            guild_id=guild_id)
            if not await self._saved_answers_hold(answer):
                answer = await self.answers.ask(question, context, run=self.executor.run,
                                                guild_id=guild_id)
        finally:
            self._waiting -= 1
        if private_dm:
            self.recent.remember(asker.member_id, asker.channel_id, question)
        try:
            record = await self.store.questions.record(
                member_id=asker.member_id, channel_id=asker.channel_id, guild_id=asker.guild_id,
                thread_id=asker.thread_id, message_id=asker.message_id,
                question=question if asker.keeps_text else "",
                answer=answer.answer, citations=[c.model_dump() for c in answer.citations],
                triage=answer.triage, abstained=answer.abstained,
            )
        except StorageUnavailable:
            log.warning("question not recorded: database unavailable")
            return AskResult(answer, None)
        except Exception:
            # The answer is computed: the member gets it whatever went wrong in storage.
            log.exception("question not recorded")
            return AskResult(answer, None)
        return AskResult(answer, record.id)

    async def _saved_answers_hold(self, answer: Answer) -> bool:
        """False when the answer offers a saved answer the database no longer has (the list
        is then reloaded); True when the database cannot say, since the member must get an
        answer and the engine's list was right when it was loaded."""
        try:
            return await self.saved.still_saved(answer)
        except StorageUnavailable:
            log.warning("saved answers not checked: database unavailable")
            return True

    async def _thread_context(self, thread_id: int | None) -> list[str]:
        if thread_id is None:
            return []
        try:
            earlier = await self.store.questions.recent_in_thread(thread_id, THREAD_CONTEXT)
        except StorageUnavailable:
            return []
        return [q.question for q in earlier]

    async def answered_in(self, question_id: int | None, message_id: int) -> None:
        """Remember the message that carries the answer (votes are tied to it); quietly
        skipped when storage is down, since the member already has the answer."""
        if question_id is None:
            return
        try:
            await self.store.questions.set_answer_message(question_id, message_id)
        except StorageUnavailable:
            log.warning("answer message not recorded: database unavailable (question=%s)",
                        question_id)

    async def vote(self, question_id: int, member_id: int, helpful: bool,
                   message_id: int) -> None:
        """Store feedback cast on the answer message; an unhelpful answer joins the
        unanswered queue. The question is found through the message, so a vote cannot be
        aimed at another question by editing a number."""
        question = await self.store.questions.get_by_answer_message(message_id)
        if question is None or question.id != question_id:
            raise NotThisAnswer("I couldn't find the answer this button belongs to.")
        await self.store.feedback.vote(question_id, member_id, helpful)
        if not helpful:
            await self.store.questions.set_status(question_id, QuestionStatus.UNANSWERED)

    async def escalate(self, question_id: int, member_id: int) -> Question:
        """The asker's question, queued for the community to answer."""
        question = await self.store.questions.get(question_id)
        if question is None:
            raise RecordNotFound("question", question_id)
        if question.member_id != member_id:
            raise NotYourQuestion("Only the member who asked can share this question.")
        return await self.store.questions.set_status(question_id, QuestionStatus.UNANSWERED)

    async def claim_share(self, question_id: int, member_id: int) -> Question:
        """The asker's question, claimed for one community post (AlreadyShared otherwise)."""
        question = await self.store.questions.get(question_id)
        if question is None:
            raise RecordNotFound("question", question_id)
        if question.member_id != member_id:
            raise NotYourQuestion("Only the member who asked can share this question.")
        claimed = await self.store.questions.claim_share(question_id, member_id)
        if claimed is None:
            raise AlreadyShared("You've already shared this question with the community.")
        return claimed

    async def shared(self, question_id: int, channel_id: int, message_id: int) -> None:
        """The community post went up: remember it (forget deletes it)."""
        await self.store.questions.set_posted(question_id, channel_id, message_id)

    async def share_failed(self, question_id: int) -> None:
        """The post did not go up: release the claim so the member can try again."""
        await self.store.questions.release_share(question_id)

    async def forget_old_questions(self, now: datetime, retention_days: int) -> int:
        """Delete questions older than the retention period; how many went."""
        deleted = await self.store.questions.delete_older_than(
            now - timedelta(days=retention_days))
        log.info("retention sweep: questions deleted=%s", deleted)
        return deleted

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
        """The moderators' overview of the server's questions (`/stats`)."""
        return await self.store.questions.stats(guild_id)
