"""The help forum, tended: the poster marks a post solved or asks people to weigh in, and a
daily digest lists the posts still waiting for a person.

A post is a forum thread; its state is the state of the questions the bot answered in it. A
post waits for a person while one of its questions is in the unanswered queue (the bot
abstained, the poster found the answer unhelpful or asked for people to weigh in) and no other
member has replied since. Only ids and times are kept and shown: the digest links to the
threads and never quotes what members wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from storage import RecordNotFound, Store
from storage.records import Question, QuestionStatus

MAX_APPLIED_TAGS = 5  # Discord's limit of tags on one post
SOLVED_TAG = "Solved"
COMMUNITY_TAG = "Community input"
FORUM_TAGS = (SOLVED_TAG, COMMUNITY_TAG)
DIGEST_HOUR_UTC = 9  # the digest goes out once a day, from this hour on
DIGEST_MAX_LINKS = 25  # a digest stays well inside one Discord message


class NotThePoster(PermissionError):
    """Only the member who opened a post can mark it solved or ask people to weigh in."""


@dataclass(frozen=True, slots=True)
class WaitingPost:
    """A help-forum post waiting for a person: where it is and since when."""

    guild_id: int
    thread_id: int
    since: datetime
    abstained: bool  # the bot had no answer at all

    @property
    def jump_url(self) -> str:
        """A link a moderator can click in the digest to open the post."""
        return f"https://discord.com/channels/{self.guild_id}/{self.thread_id}"


class HelpForum:
    """What the poster's two buttons do, and which posts still wait for a person."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def _post_of(self, question_id: int, member_id: int) -> Question:
        question = await self.store.questions.get(question_id)
        if question is None or question.thread_id is None:
            raise RecordNotFound("question", question_id)
        if question.member_id != member_id:
            raise NotThePoster("Only the poster can mark this post solved or ask people to "
                               "weigh in.")
        return question

    async def solve(self, question_id: int, member_id: int) -> bool:
        """Mark the poster's post resolved; False when it already was (nothing changed)."""
        question = await self._post_of(question_id, member_id)
        changed = await self.store.questions.set_thread_status(
            question.thread_id or 0, QuestionStatus.RESOLVED)
        return changed > 0

    async def ask_people(self, question_id: int, member_id: int) -> bool:
        """Put the post in the queue for people; False when it was waiting already."""
        question = await self._post_of(question_id, member_id)
        if question.status is QuestionStatus.UNANSWERED:
            return False
        await self.store.questions.set_status(question_id, QuestionStatus.UNANSWERED)
        return True

    async def member_replied(self, thread_id: int, member_id: int) -> None:
        """Another member answered in the post: it no longer waits for a person (the
        poster's own follow-ups do not count)."""
        await self.store.questions.mark_replied(thread_id, member_id)

    async def waiting_posts(self, guild_id: int | None) -> list[WaitingPost]:
        """Posts waiting for a person, longest waiting first."""
        waiting = await self.store.questions.waiting_forum_posts(guild_id)
        return [WaitingPost(guild_id=guild or 0, thread_id=thread, since=since,
                            abstained=abstained) for guild, thread, since, abstained in waiting]


def digest_text(posts: Sequence[WaitingPost], now: datetime) -> str | None:
    """The daily digest for moderators and trusted members, or None when nothing waits.

    Links and waiting times only: the posts' words stay in the forum."""
    if not posts:
        return None
    count = len(posts)
    lines = [f"**Help forum: {count} post{'s' if count != 1 else ''} waiting for a person**",
             "Could someone with experience reply?"]
    for post in posts[:DIGEST_MAX_LINKS]:
        days = max(0, (now - post.since).days)
        waited = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''}"
        why = " (no answer from the bot)" if post.abstained else ""
        lines.append(f"- {post.jump_url} waiting {waited}{why}")
    if count > DIGEST_MAX_LINKS:
        lines.append(f"...and {count - DIGEST_MAX_LINKS} more.")
    return "\n".join(lines)


def with_tag(applied: Sequence[int], tag_id: int, limit: int = MAX_APPLIED_TAGS) -> list[int]:
    """The post's tags plus `tag_id`, keeping the others in order within Discord's limit
    (the last of the others makes room when the post is full)."""
    if tag_id in applied:
        return list(applied)
    return [*list(applied)[: limit - 1], tag_id]


@dataclass
class DigestSchedule:
    """Once a day, from DIGEST_HOUR_UTC: the loop may tick often, the digest goes out once.

    Kept in memory: after a restart the day's digest may be sent again."""

    hour: int = DIGEST_HOUR_UTC
    _last_day: date | None = field(default=None, init=False)

    def due(self, now: datetime) -> bool:
        """True once per day at or after the hour (and records that day)."""
        today = now.date()
        if now.hour < self.hour or self._last_day == today:
            return False
        self._last_day = today
        return True
