"""The help forum on both databases: solved and weigh-in by the poster only, which posts wait
for a person, and the digest's text and schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from community.help_forum import (
    DigestSchedule,
    HelpForum,
    NotThePoster,
    WaitingPost,
    digest_text,
    with_tag,
)
from storage import Store
from storage.records import QuestionStatus

GUILD, POSTER, HELPER = 1, 101, 102
POST, OTHER_POST, CHANNEL_THREAD = 9001, 9002, 9003


async def _post(store: Store, thread_id: int, *, abstained: bool = False,
                opening: bool = True, member_id: int = POSTER) -> int:
    question = await store.questions.record(
        member_id=member_id, channel_id=thread_id, guild_id=GUILD, thread_id=thread_id,
        message_id=thread_id if opening else thread_id + 100, question="q", answer="a",
        citations=[], triage="none", abstained=abstained)
    return question.id


async def _waiting(forum: HelpForum) -> list[int]:
    return [post.thread_id for post in await forum.waiting_posts(GUILD)]


async def test_only_the_poster_marks_a_post_solved_and_twice_changes_nothing(
        store: Store) -> None:
    forum = HelpForum(store)
    asked = await _post(store, POST, abstained=True)
    with pytest.raises(NotThePoster):
        await forum.solve(asked, HELPER)
    assert await forum.solve(asked, POSTER) is True
    assert (await store.questions.get(asked)).status is QuestionStatus.RESOLVED
    assert await forum.solve(asked, POSTER) is False
    assert await _waiting(forum) == []


async def test_weigh_in_puts_the_post_in_the_digest_until_another_member_replies(
        store: Store) -> None:
    forum = HelpForum(store)
    asked = await _post(store, POST)
    assert await _waiting(forum) == []
    assert await forum.ask_people(asked, POSTER) is True
    assert await forum.ask_people(asked, POSTER) is False
    await forum.member_replied(POST, POSTER)  # the poster's own words do not count
    assert await _waiting(forum) == [POST]
    await forum.member_replied(POST, HELPER)
    assert await _waiting(forum) == []
    assert await forum.ask_people(asked, POSTER) is True  # asked again after the reply
    assert await _waiting(forum) == [POST]


async def test_waiting_lists_forum_posts_once_each_longest_waiting_first(
        store: Store, clock) -> None:
    forum = HelpForum(store)
    await _post(store, OTHER_POST, abstained=True)
    clock.advance(minutes=5)
    await _post(store, POST, abstained=True)
    await _post(store, POST, abstained=True, opening=False)  # a follow-up, same post
    await _post(store, CHANNEL_THREAD, abstained=True, opening=False)  # not a forum post
    assert await _waiting(forum) == [OTHER_POST, POST]
    first = (await forum.waiting_posts(GUILD))[0]
    assert first.abstained and first.since == clock.now - timedelta(minutes=5)
    assert first.jump_url == f"https://discord.com/channels/{GUILD}/{OTHER_POST}"
    assert await forum.waiting_posts(GUILD + 1) == []


def test_digest_links_to_the_posts_and_is_none_when_nothing_waits() -> None:
    now = datetime(2026, 3, 5, 9, tzinfo=UTC)
    posts = [WaitingPost(GUILD, POST, now - timedelta(days=2), abstained=False),
             WaitingPost(GUILD, OTHER_POST, now, abstained=True)]
    text = digest_text(posts, now)
    assert text is not None
    assert f"https://discord.com/channels/{GUILD}/{POST} waiting 2 days" in text
    assert f"/{OTHER_POST} waiting today (no answer from the bot)" in text
    assert "2 posts" in text
    assert digest_text([], now) is None


def test_the_digest_is_due_once_a_day_from_its_hour() -> None:
    schedule = DigestSchedule(hour=9)
    day = datetime(2026, 3, 5, 8, tzinfo=UTC)
    assert not schedule.due(day)
    assert schedule.due(day + timedelta(hours=1))
    assert not schedule.due(day + timedelta(hours=5))
    assert schedule.due(day + timedelta(days=1, hours=2))


def test_a_tag_joins_the_others_within_discords_limit_of_five() -> None:
    assert with_tag([1, 2], 9) == [1, 2, 9]
    assert with_tag([1, 9], 9) == [1, 9]
    assert with_tag([1, 2, 3, 4, 5], 9) == [1, 2, 3, 4, 9]
