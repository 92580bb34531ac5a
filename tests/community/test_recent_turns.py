"""A direct message's last question, held in memory for a follow-up, exported and forgotten
like every other holder of member data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from community.recent_turns import TTL, RecentTurns


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_a_follow_up_is_read_with_the_last_question_of_the_same_conversation() -> None:
    turns = RecentTurns(Clock())
    turns.remember(1, 10, "my hamstring misfires on tempo runs")
    assert turns.context(1, 10) == ["my hamstring misfires on tempo runs"]
    assert turns.context(1, 11) == [] and turns.context(2, 10) == []


def test_an_old_question_is_no_context() -> None:
    clock = Clock()
    turns = RecentTurns(clock)
    turns.remember(1, 10, "what is llc?")
    clock.now += TTL + timedelta(seconds=1)
    assert turns.context(1, 10) == []


async def test_the_member_can_export_and_forget_what_is_held() -> None:
    turns = RecentTurns(Clock())
    turns.remember(1, 10, "what is llc?")
    turns.remember(2, 20, "someone else's question")
    assert [t["question"] for t in await turns.export_member(1)] == ["what is llc?"]
    assert await turns.forget_member(1) == 1
    assert turns.context(1, 10) == [] and await turns.export_member(1) == []
    assert turns.context(2, 20) == ["someone else's question"]


def test_only_the_most_recent_conversations_are_held() -> None:
    turns = RecentTurns(Clock(), limit=2)
    for member in (1, 2, 3):
        turns.remember(member, member, f"question {member}")
    assert turns.context(1, 1) == [] and turns.context(3, 3) == ["question 3"]
