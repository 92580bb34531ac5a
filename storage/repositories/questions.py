"""Questions members asked the bot, its answers, and the queue of those it could not answer.

Wherever a method takes `guild_id: int | None`, None means "every guild and direct
messages" (the command line's view); a guild's moderators pass their guild's id.
"""

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, case, delete, func, select, update

from storage.models import CommunityAnswerRow, FeedbackRow, QuestionRow
from storage.records import Question, QuestionStats, QuestionStatus, UnansweredTopic
from storage.repositories.base import (
    Repository,
    changed_rows,
    ensure_member,
    get_or_raise,
    to_record,
)

_SPACES = re.compile(r"\s+")
STATS_WINDOW = timedelta(days=30)
MAX_TOPIC_ROWS = 500
# Questions in distress are counted, never quoted.
PRIVATE_TRIAGE = ("crisis", "support")


class QuestionRepository(Repository):
    """Questions and answers: the unanswered queue, thread follow-ups, community posts, the
    moderators' stats and the retention sweep."""

    async def record(
        self,
        *,
        member_id: int,
        channel_id: int,
        question: str,
        answer: str,
        citations: Sequence[Mapping[str, Any]],
        triage: str,
        abstained: bool,
        guild_id: int | None = None,
        thread_id: int | None = None,
        message_id: int | None = None,
    ) -> Question:
        """Keep a question and its answer; an abstained one joins the unanswered queue."""
        now = self._clock()
        status = QuestionStatus.UNANSWERED if abstained else QuestionStatus.ANSWERED
        row = QuestionRow(
            member_id=member_id,
            guild_id=guild_id,
            channel_id=channel_id,
            thread_id=thread_id,
            message_id=message_id,
            question=question,
            answer=answer,
            citations=[dict(citation) for citation in citations],
            triage=triage,
            abstained=abstained,
            status=status.value,
            created_at=now,
        )
        async with self._database.session() as session:
            await ensure_member(session, member_id, now)
            session.add(row)
            await session.flush()
            return to_record(row, Question)

    async def get(self, question_id: int) -> Question | None:
        """The question with this id, or None."""
        async with self._database.session() as session:
            row = await session.get(QuestionRow, question_id)
            return None if row is None else to_record(row, Question)

    async def ids_of_member(self, member_id: int) -> list[int]:
        """The ids of every question the member asked."""
        query = select(QuestionRow.id).where(QuestionRow.member_id == member_id)
        async with self._database.session() as session:
            return list(await session.scalars(query.order_by(QuestionRow.id)))

    async def set_answer_message(self, question_id: int, message_id: int) -> None:
        """Remember the bot's answer message: votes are accepted on that message only."""
        async with self._database.session() as session:
            await session.execute(update(QuestionRow).where(QuestionRow.id == question_id)
                                  .values(answer_message_id=message_id))

    async def get_by_answer_message(self, message_id: int) -> Question | None:
        """The question the bot answered with this message."""
        query = select(QuestionRow).where(QuestionRow.answer_message_id == message_id)
        async with self._database.session() as session:
            row = await session.scalar(query.limit(1))
            return None if row is None else to_record(row, Question)

    async def claim_share(self, question_id: int, member_id: int) -> Question | None:
        """Mark the member's question as being shared, in one conditional UPDATE; None when
        it was already shared (another click, another process, before a restart)."""
        claim = (update(QuestionRow)
                 .where(QuestionRow.id == question_id, QuestionRow.member_id == member_id,
                        QuestionRow.shared_at.is_(None))
                 .values(shared_at=self._clock()))
        async with self._database.session() as session:
            if await changed_rows(session, claim) != 1:
                return None
            row = await session.get_one(QuestionRow, question_id)
            return to_record(row, Question)

    async def release_share(self, question_id: int) -> None:
        """Undo a claim whose post failed, so the member can try again."""
        async with self._database.session() as session:
            await session.execute(update(QuestionRow)
                                  .where(QuestionRow.id == question_id,
                                         QuestionRow.posted_message_id.is_(None))
                                  .values(shared_at=None))

    async def set_posted(self, question_id: int, channel_id: int, message_id: int) -> None:
        """Remember the community post, so forgetting the member deletes it."""
        async with self._database.session() as session:
            await session.execute(update(QuestionRow).where(QuestionRow.id == question_id)
                                  .values(posted_channel_id=channel_id,
                                          posted_message_id=message_id))

    async def posts_of(self, member_id: int) -> list[tuple[int, int]]:
        """(channel id, message id) of every community post of the member's questions."""
        query = (select(QuestionRow.posted_channel_id, QuestionRow.posted_message_id)
                 .where(QuestionRow.member_id == member_id,
                        QuestionRow.posted_message_id.is_not(None))
                 .order_by(QuestionRow.id))
        async with self._database.session() as session:
            rows = (await session.execute(query)).all()
        return [(channel, message) for channel, message in rows
                if channel is not None and message is not None]

    async def delete_older_than(self, cutoff: datetime) -> int:
        """Delete questions asked before `cutoff`; the retention period's daily sweep.

        Kept: questions the member shared with the community (their post is theirs to
        delete with /privacy forget) and questions a saved community answer answers.
        """
        answered = select(CommunityAnswerRow.question_id).where(
            CommunityAnswerRow.question_id.is_not(None))
        doomed = delete(QuestionRow).where(QuestionRow.created_at < cutoff,
                                           QuestionRow.shared_at.is_(None),
                                           QuestionRow.id.not_in(answered))
        async with self._database.session() as session:
            return await changed_rows(session, doomed)

    async def set_status(self, question_id: int, status: QuestionStatus) -> Question:
        """Move a question in or out of the unanswered queue; RecordNotFound if it is unknown."""
        async with self._database.session() as session:
            row = await get_or_raise(session, QuestionRow, "question", question_id)
            row.status = QuestionStatus(status).value
            await session.flush()
            return to_record(row, Question)

    async def set_thread_status(self, thread_id: int, status: QuestionStatus) -> int:
        """Give every question of a thread `status`; how many changed (0: it had it)."""
        value = QuestionStatus(status).value
        change = (update(QuestionRow)
                  .where(QuestionRow.thread_id == thread_id, QuestionRow.status != value)
                  .values(status=value))
        async with self._database.session() as session:
            return await changed_rows(session, change)

    async def mark_replied(self, thread_id: int, member_id: int) -> int:
        """Another member (not `member_id`'s own questions) replied in the thread: its
        questions waiting for a person stop waiting; how many did."""
        change = (update(QuestionRow)
                  .where(QuestionRow.thread_id == thread_id,
                         QuestionRow.member_id != member_id,
                         QuestionRow.status == QuestionStatus.UNANSWERED.value)
                  .values(status=QuestionStatus.REPLIED.value))
        async with self._database.session() as session:
            return await changed_rows(session, change)

    async def waiting_forum_posts(
        self, guild_id: int | None
    ) -> list[tuple[int | None, int, datetime, bool]]:
        """Forum posts with a question in the unanswered queue, longest waiting first: (guild
        id, thread id, since, whether the bot abstained there), one per post.

        A forum post's opening message has the thread's id (Discord gives them one id), so
        threads with such a question are posts, not threads started in a channel."""
        posts = select(QuestionRow.thread_id).where(
            QuestionRow.thread_id.is_not(None), QuestionRow.message_id == QuestionRow.thread_id)
        since = func.min(QuestionRow.created_at)
        query = (
            _in_guild(select(QuestionRow.guild_id, QuestionRow.thread_id, since,
                             func.max(case((QuestionRow.abstained, 1), else_=0))), guild_id)
            .where(QuestionRow.status == QuestionStatus.UNANSWERED.value,
                   QuestionRow.thread_id.in_(posts))
            .group_by(QuestionRow.guild_id, QuestionRow.thread_id)
            .order_by(since, QuestionRow.thread_id)
        )
        async with self._database.session() as session:
            found = (await session.execute(query)).all()
        return [(guild, thread, when, bool(abstained)) for guild, thread, when, abstained in found]

    async def recent_in_thread(self, thread_id: int, limit: int = 5) -> list[Question]:
        """The last `limit` questions of a thread in the order asked, to read a follow-up in."""
        query = (
            select(QuestionRow)
            .where(QuestionRow.thread_id == thread_id)
            .order_by(QuestionRow.created_at.desc(), QuestionRow.id.desc())
            .limit(limit)
        )
        async with self._database.session() as session:
            rows = list(await session.scalars(query))
        return [to_record(row, Question) for row in reversed(rows)]

    async def stats(
        self, guild_id: int | None, *, since: datetime | None = None, top: int = 5
    ) -> QuestionStats:
        """Counts for the moderators' overview and the `top` most asked unanswered questions,
        over the last `STATS_WINDOW` unless `since` says otherwise.

        Bounded: one window, and at most `MAX_TOPIC_ROWS` texts read for the topics. Topics
        never come from private questions (they keep no text) or from messages in distress.
        """
        since = since or self._clock() - STATS_WINDOW
        questions = _in_guild(select(QuestionRow), guild_id, since).subquery()
        counts = select(
            func.count(),
            func.coalesce(func.sum(case((questions.c.abstained, 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((questions.c.status == QuestionStatus.UNANSWERED.value, 1), else_=0)),
                0,
            ),
        )
        votes = select(
            func.coalesce(func.sum(case((FeedbackRow.helpful, 1), else_=0)), 0),
            func.coalesce(func.sum(case((FeedbackRow.helpful, 0), else_=1)), 0),
        ).join(questions, questions.c.id == FeedbackRow.question_id)
        unanswered_texts = (
            select(questions.c.question)
            .where(questions.c.status == QuestionStatus.UNANSWERED.value,
                   questions.c.question != "",
                   questions.c.triage.not_in(PRIVATE_TRIAGE))
            .order_by(questions.c.created_at.desc(), questions.c.id.desc())
            .limit(MAX_TOPIC_ROWS)
        )
        async with self._database.session() as session:
            total, abstentions, unanswered = (await session.execute(counts)).one()
            helpful, unhelpful = (await session.execute(votes)).one()
            texts = list(await session.scalars(unanswered_texts))[::-1]
        return QuestionStats(
            questions=total,
            abstentions=abstentions,
            unanswered=unanswered,
            helpful_votes=helpful,
            unhelpful_votes=unhelpful,
            helpful_ratio=helpful / (helpful + unhelpful) if helpful + unhelpful else None,
            top_unanswered=_most_common(texts, top),
        )


_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])


def _in_guild(query: _Query, guild_id: int | None, since: datetime | None = None) -> _Query:
    if guild_id is not None:
        query = query.where(QuestionRow.guild_id == guild_id)
    if since is not None:
        query = query.where(QuestionRow.created_at >= since)
    return query


def _most_common(texts: list[str], top: int) -> list[UnansweredTopic]:
    """Group questions that differ only in case, spacing or end punctuation."""
    counts: Counter[str] = Counter()
    first_wording: dict[str, str] = {}
    for text in texts:
        key = _SPACES.sub(" ", text).strip().rstrip("?!. ").casefold()
        counts[key] += 1
        first_wording.setdefault(key, text.strip())
    return [UnansweredTopic(first_wording[key], count) for key, count in counts.most_common(top)]
