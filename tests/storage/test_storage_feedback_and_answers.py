"""Votes on answers, answers saved from the community, and per-guild settings."""

import pytest
from storage_helpers import ANNA, BORIS, GUILD, MODERATOR, OTHER_GUILD

from storage import RecordNotFound, Store
from storage.records import QuestionStatus


async def test_second_vote_replaces_the_first(store: Store, record_question, clock):
    question = await record_question(ANNA)
    first = await store.feedback.vote(question.id, BORIS, helpful=True)
    clock.advance(minutes=2)

    second = await store.feedback.vote(question.id, BORIS, helpful=False)

    assert (second.helpful, second.created_at) == (False, first.created_at)
    stats = await store.questions.stats(GUILD)
    assert (stats.helpful_votes, stats.unhelpful_votes) == (0, 1)


async def test_vote_on_unknown_question_raises_record_not_found(store: Store):
    with pytest.raises(RecordNotFound):
        await store.feedback.vote(404, BORIS, helpful=True)


async def test_saved_answer_resolves_its_question_and_is_listed_for_indexing(
    store: Store, record_question
):
    question = await record_question(ANNA, "Does taping help?", abstained=True)

    saved = await store.community_answers.save(
        question=question.question,
        answer="Taping did nothing for me; shorter strides did.",
        author_id=BORIS,
        saved_by=MODERATOR,
        jump_url="https://discord.com/channels/1/2/3",
        guild_id=GUILD,
        question_id=question.id,
    )

    assert await store.community_answers.list_all() == [saved]
    assert (await store.questions.get(question.id)).status is QuestionStatus.RESOLVED


async def test_deleting_a_saved_answer_removes_it_once(store: Store):
    saved = await store.community_answers.save(
        question="q",
        answer="a",
        author_id=BORIS,
        saved_by=MODERATOR,
        jump_url="https://discord.com/channels/1/2/3",
        guild_id=None,
    )

    assert await store.community_answers.delete(saved.id) is True
    assert await store.community_answers.delete(saved.id) is False
    assert await store.community_answers.list_all() == []


async def test_guild_setting_is_replaced_per_guild_and_key(store: Store):
    assert await store.guild_settings.get(GUILD, "answer_channels", default=[]) == []
    await store.guild_settings.set(GUILD, "answer_channels", [1, 2])
    await store.guild_settings.set(GUILD, "answer_channels", [3])
    await store.guild_settings.set(GUILD, "quiet_hours", {"from": 22, "to": 7})
    await store.guild_settings.set(OTHER_GUILD, "answer_channels", [9])

    assert await store.guild_settings.all(GUILD) == {
        "answer_channels": [3],
        "quiet_hours": {"from": 22, "to": 7},
    }
