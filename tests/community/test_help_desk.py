"""The help desk on both databases: recording, context, feedback, the queue, community answers."""

from __future__ import annotations

import pytest

from community.questions import Asker, NotYourQuestion, QuestionDesk
from community.saved_answers import SavedAnswers
from knowledge.service import AnswerService
from storage import Store
from storage.records import QuestionStatus

MEMBER, OTHER, MOD, TRUSTED = 101, 102, 103, 104


@pytest.fixture
async def desk(store: Store, answer_service: AnswerService):
    desk = QuestionDesk(answer_service, store, SavedAnswers(answer_service, store))
    yield desk
    answer_service.set_community_answers([])


async def test_answer_is_recorded_with_its_citations(desk: QuestionDesk, store: Store) -> None:
    result = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "What makes LLC worse?")
    saved = await store.questions.get(result.question_id)
    assert saved.member_id == MEMBER and saved.status is QuestionStatus.ANSWERED
    assert saved.citations[0]["section"] == "what-makes-it-worse"


async def test_abstention_joins_the_unanswered_queue(desk: QuestionDesk, store: Store) -> None:
    await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Which shoes are best?")
    queue = await store.questions.list_unanswered(1)
    assert [q.question for q in queue] == ["Which shoes are best?"]


async def test_follow_up_in_a_thread_uses_the_earlier_question(desk: QuestionDesk) -> None:
    asker = Asker(MEMBER, channel_id=9, guild_id=1, thread_id=9)
    await desk.ask(asker, "What did the survey of sixteen runners find?")
    follow_up = await desk.ask(asker, "and how long had they had it?")
    assert "four years" in follow_up.answer.answer


async def test_not_helpful_queues_the_question(desk: QuestionDesk, store: Store) -> None:
    result = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Is LLC rare?")
    await desk.vote(result.question_id, OTHER, helpful=False)
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
