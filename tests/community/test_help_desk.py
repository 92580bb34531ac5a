"""The help desk on both databases: recording, context, feedback, the queue, community answers."""

from __future__ import annotations

import asyncio

import pytest
from fixtures_db import exhausted_pool

from community.questions import AlreadyShared, Asker, NotThisAnswer, NotYourQuestion, QuestionDesk
from community.saved_answers import SavedAnswers
from embeddings.executor import ModelExecutor
from knowledge.service import AnswerService
from storage import Store
from storage.records import QuestionStatus

MEMBER, OTHER, MOD, TRUSTED = 101, 102, 103, 104


@pytest.fixture
async def desk(store: Store, answer_service: AnswerService):
    executor = ModelExecutor()
    desk = QuestionDesk(answer_service, store, SavedAnswers(answer_service, store, executor),
                        executor)
    yield desk
    answer_service.set_community_answers([])
    executor.shutdown()


async def test_answer_is_recorded_with_its_citations(desk: QuestionDesk, store: Store) -> None:
    result = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "What makes LLC worse?")
    saved = await store.questions.get(result.question_id)
    assert saved.member_id == MEMBER and saved.status is QuestionStatus.ANSWERED
    assert saved.citations[0]["section"] == "what-makes-it-worse"


async def test_abstention_joins_the_unanswered_queue(desk: QuestionDesk, store: Store) -> None:
    await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Which shoes are best?")
    queue = await store.questions.stats(1)
    assert queue.unanswered == 1
    assert [topic.question for topic in queue.top_unanswered] == ["Which shoes are best?"]


async def test_follow_up_in_a_thread_uses_the_earlier_question(desk: QuestionDesk) -> None:
    asker = Asker(MEMBER, channel_id=9, guild_id=1, thread_id=9)
    await desk.ask(asker, "What did the survey of sixteen runners find?")
    follow_up = await desk.ask(asker, "and how long had they had it?")
    assert "four years" in follow_up.answer.answer


async def test_not_helpful_queues_the_question(desk: QuestionDesk, store: Store) -> None:
    result = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Is LLC rare?")
    await desk.answered_in(result.question_id, 555)
    await desk.vote(result.question_id, OTHER, helpful=False, message_id=555)
    assert (await store.questions.get(result.question_id)).status is QuestionStatus.UNANSWERED


async def test_only_the_asker_can_escalate(desk: QuestionDesk) -> None:
    result = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Is LLC rare?")
    with pytest.raises(NotYourQuestion):
        await desk.escalate(result.question_id, OTHER)


async def test_saved_community_answer_is_offered_next_time_as_community_experience(
    desk: QuestionDesk, store: Store
) -> None:
    asked = await desk.ask(Asker(MEMBER, channel_id=9, guild_id=1, thread_id=9),
                           "Does cold weather make LLC worse?")
    assert asked.answer.abstained
    await desk.save_community_answer(
        question="Does cold weather make LLC worse?",
        answer="In my experience cold mornings bring the tightness on sooner; a longer "
               "warm-up helps me.",
        author_id=TRUSTED, saved_by=MOD, jump_url="https://discord.com/channels/1/9/77",
        guild_id=1, question_id=asked.question_id)
    assert (await store.questions.get(asked.question_id)).status is QuestionStatus.RESOLVED
    again = await desk.ask(Asker(OTHER, channel_id=5, guild_id=1),
                           "does cold weather make my LLC worse?")
    community = [c for c in again.answer.citations if c.source == "community"]
    assert community and community[0].section == "https://discord.com/channels/1/9/77"
    assert all(c.source != "literature" for c in community)
    assert "Community experience, not from the literature" in again.answer.answer


async def test_a_saved_answer_is_offered_only_in_the_server_it_was_saved_in(
    desk: QuestionDesk, store: Store
) -> None:
    asked = await desk.ask(Asker(MEMBER, channel_id=9, guild_id=1, thread_id=9),
                           "Does cold weather make LLC worse?")
    await desk.save_community_answer(
        question="Does cold weather make LLC worse?",
        answer="In my experience cold mornings bring the tightness on sooner; a longer "
               "warm-up helps me.",
        author_id=TRUSTED, saved_by=MOD, jump_url="https://discord.com/channels/1/9/77",
        guild_id=1, question_id=asked.question_id)
    elsewhere = await desk.ask(Asker(OTHER, channel_id=55, guild_id=2),
                               "does cold weather make my LLC worse?")
    assert [c for c in elsewhere.answer.citations if c.source == "community"] == []
    assert "cold mornings" not in elsewhere.answer.answer
    by_dm = await desk.ask(Asker(OTHER, channel_id=56, private=True),
                           "does cold weather make my LLC worse?")
    assert [c for c in by_dm.answer.citations if c.source == "community"] == []
    home = await desk.ask(Asker(OTHER, channel_id=5, guild_id=1),
                          "does cold weather make my LLC worse?")
    assert [c.section for c in home.answer.citations if c.source == "community"] == [
        "https://discord.com/channels/1/9/77"]


async def test_a_vote_counts_only_on_the_message_that_carries_the_answer(
    desk: QuestionDesk, store: Store
) -> None:
    first = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Is LLC rare?")
    second = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Who gets LLC?")
    await desk.answered_in(first.question_id, 601)
    await desk.answered_in(second.question_id, 602)
    with pytest.raises(NotThisAnswer):  # a forged button: question 2's number on message 1
        await desk.vote(second.question_id, OTHER, helpful=False, message_id=601)
    assert (await store.questions.stats(1)).unhelpful_votes == 0


async def test_a_question_is_claimed_for_sharing_once(desk: QuestionDesk, store: Store) -> None:
    asked = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Is LLC rare?")
    claims = await asyncio.gather(*(desk.claim_share(asked.question_id, MEMBER)
                                    for _ in range(3)), return_exceptions=True)
    assert sum(not isinstance(c, BaseException) for c in claims) == 1
    assert sum(isinstance(c, AlreadyShared) for c in claims) == 2
    await desk.share_failed(asked.question_id)  # the post failed: the member may try again
    await desk.claim_share(asked.question_id, MEMBER)


async def test_retention_deletes_old_questions_but_keeps_shared_and_answered_ones(
    desk: QuestionDesk, store: Store, clock
) -> None:
    old = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Is LLC rare?")
    shared = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Who gets LLC?")
    await desk.claim_share(shared.question_id, MEMBER)
    clock.advance(days=300)
    recent = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "What is LLC?")
    assert await desk.forget_old_questions(clock.advance(days=70), retention_days=365) == 1
    assert await store.questions.get(old.question_id) is None
    assert await store.questions.get(shared.question_id) is not None
    assert await store.questions.get(recent.question_id) is not None


async def test_an_answer_is_delivered_when_the_pool_is_exhausted(
    database_url: str, database, answer_service: AnswerService
) -> None:
    executor = ModelExecutor()
    try:
        async with exhausted_pool(database_url) as busy:
            store = Store.over(busy)
            desk = QuestionDesk(answer_service, store,
                                SavedAnswers(answer_service, store, executor), executor)
            result = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1, thread_id=7),
                                    "What makes LLC worse?")
    finally:
        executor.shutdown()
    assert "flat surfaces" in result.answer.answer and result.question_id is None
