"""Questions: the unanswered queue, follow-up context from a thread, and the moderators' stats."""

import pytest
from storage_helpers import ANNA, BORIS, GUILD, OTHER_GUILD

from storage import RecordNotFound, Store
from storage.records import QuestionStats, QuestionStatus, UnansweredTopic

THREAD = 820_000_000_000_000_001


async def test_abstained_question_waits_in_the_queue_until_resolved(store: Store, record_question):
    question = await record_question(ANNA, "Does altitude make LLC worse?", abstained=True)
    assert question.status is QuestionStatus.UNANSWERED
    assert (await store.questions.stats(GUILD)).unanswered == 1

    resolved = await store.questions.set_status(question.id, QuestionStatus.RESOLVED)

    assert resolved.status is QuestionStatus.RESOLVED
    assert (await store.questions.stats(GUILD)).unanswered == 0


async def test_answered_question_keeps_its_answer_and_citations(store: Store, record_question):
    citations = [
        {"source": "literature", "section": "wu-jankovic-2006", "quote": "q", "score": 0.8},
        {"source": "summary", "section": "symptoms", "quote": "r", "score": 0.5},
    ]
    question = await record_question(ANNA, citations=citations, message_id=5, triage="see_doctor")

    stored = await store.questions.get(question.id)
    assert stored.citations == citations
    assert (stored.status, stored.triage) == (QuestionStatus.ANSWERED, "see_doctor")


async def test_unanswered_queue_is_counted_per_guild_or_across_them(
    store: Store, record_question
):
    await record_question(ANNA, "first", abstained=True)
    await record_question(BORIS, "second", abstained=True)
    await record_question(ANNA, "elsewhere", abstained=True, guild_id=OTHER_GUILD)
    await record_question(ANNA, "answered", abstained=False)

    assert (await store.questions.stats(GUILD)).unanswered == 2
    assert (await store.questions.stats(None)).unanswered == 3


async def test_thread_context_is_the_latest_questions_in_the_order_asked(
    store: Store, record_question, clock
):
    asked = []
    for text in ("one", "two", "three", "four"):
        asked.append(await record_question(ANNA, text, thread_id=THREAD))
        clock.advance(seconds=30)
    await record_question(ANNA, "other thread", thread_id=THREAD + 1)

    context = await store.questions.recent_in_thread(THREAD, limit=3)

    assert [question.question for question in context] == ["two", "three", "four"]


async def test_stats_count_questions_abstentions_votes_and_common_gaps(
    store: Store, record_question, clock
):
    answered = await record_question(ANNA, "What is LLC?")
    for voter, helpful in ((ANNA, True), (BORIS, True), (BORIS + 1, False)):
        await store.feedback.vote(answered.id, voter, helpful)
    for text in ("Is LLC hereditary?", "is llc  hereditary", "Can cycling help?"):
        clock.advance(minutes=1)
        await record_question(BORIS, text, abstained=True)
    resolved = await record_question(BORIS, "Can cycling help?", abstained=True)
    await store.questions.set_status(resolved.id, QuestionStatus.RESOLVED)
    await record_question(ANNA, "Elsewhere?", abstained=True, guild_id=OTHER_GUILD)

    stats = await store.questions.stats(GUILD, top=5)

    assert stats == QuestionStats(
        questions=5,
        abstentions=4,
        unanswered=3,
        helpful_votes=2,
        unhelpful_votes=1,
        helpful_ratio=pytest.approx(2 / 3),
        top_unanswered=[
            UnansweredTopic("Is LLC hereditary?", 2),
            UnansweredTopic("Can cycling help?", 1),
        ],
    )


async def test_stats_since_a_time_and_without_votes(store: Store, record_question, clock):
    await record_question(ANNA, "old question", abstained=True)
    since = clock.advance(days=7)
    await record_question(ANNA, "new question")

    stats = await store.questions.stats(GUILD, since=since)

    assert (stats.questions, stats.abstentions, stats.helpful_ratio) == (1, 0, None)
    assert stats.top_unanswered == []


async def test_changing_status_of_unknown_question_raises_record_not_found(store: Store):
    with pytest.raises(RecordNotFound, match="There is no question #404"):
        await store.questions.set_status(404, QuestionStatus.RESOLVED)
