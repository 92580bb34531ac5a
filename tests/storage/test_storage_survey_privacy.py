"""Survey answers that keep their promises, on both databases: anonymous answers cannot be
joined back to their responses, and nothing is stored for a member who left or was
forgotten (issue 15, items 5 and 7)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from community.surveys.definitions import default_surveys
from community.surveys.service import NotTaking, SurveyService
from storage import Database, Store
from storage.engine import create_engine_for
from storage.migrate import _alembic_config, upgrade_database
from storage.models import MemberRow, SurveyAnonymousAnswerRow, SurveyResponseRow
from storage.records import SurveyCadence

WAVE = "after_change:2026-03"
MONTHLY = {"severity_easy": 2, "severity_fast": 6, "severity_flat": 5, "pgic": 3}


def followup(useful: int) -> dict:
    return {"strategy": "physical_therapy", "outcome": "helped", "checkins_useful": useful}


async def enrolled(store: Store, clock, *members: int) -> SurveyService:
    surveys = SurveyService(store, default_surveys(), clock=clock)
    for member in members:
        await surveys.join(member, SurveyCadence.MONTHLY, guild_id=77)
    return surveys


async def anonymous_rows(database: Database) -> list[int]:
    async with database.session() as session:
        return list(await session.scalars(select(SurveyAnonymousAnswerRow.value)))


async def test_anonymous_answers_wait_for_five_submissions_then_go_in_a_write_of_their_own(
        database: Database, store: Store, clock):
    surveys = await enrolled(store, clock, 1, 2, 3, 4, 5)
    for member in (1, 2, 3, 4):
        await surveys.answer(member, "change_followup", WAVE, followup(member), submit=True)
        clock.advance(minutes=1)
    assert await anonymous_rows(database) == []  # four could be told apart by their time
    await surveys.answer(5, "change_followup", WAVE, followup(5), submit=True)
    assert sorted(await anonymous_rows(database)) == [1, 2, 3, 4, 5]
    assert await store.surveys.anonymous_answers("change_followup", guild_id=77) != []

    async with database.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            # The transaction that wrote a row is readable (xmin): none is a response's.
            responses = set(await session.scalars(text("SELECT xmin::text FROM "
                                                       "survey_responses")))
            anonymous = set(await session.scalars(text("SELECT xmin::text FROM "
                                                       "survey_anonymous_answers")))
            assert len(anonymous) == 1 and not anonymous & responses
        else:
            # No rowid to follow the order of writing: rows are kept by their random key.
            with pytest.raises(OperationalError, match="rowid"):
                await session.execute(text("SELECT rowid FROM survey_anonymous_answers"))


async def test_closing_the_service_writes_the_answers_still_waiting(database: Database,
                                                                    store: Store, clock):
    surveys = await enrolled(store, clock, 1, 2)
    for member in (1, 2):
        await surveys.answer(member, "change_followup", WAVE, followup(member), submit=True)
    assert surveys.anonymous.waiting("change_followup") == 2
    await surveys.aclose()
    assert sorted(await anonymous_rows(database)) == [1, 2]


async def test_an_import_writes_its_anonymous_answers_apart_and_shuffled(database: Database,
                                                                         store: Store, clock):
    rows = [(member, WAVE, clock.now, followup(member % 5 + 1)) for member in range(1, 41)]
    await store.surveys.import_submitted("change_followup", 1, rows,
                                         frozenset({"checkins_useful"}))
    async with database.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            responses = set(await session.scalars(text("SELECT xmin::text FROM "
                                                       "survey_responses")))
            anonymous = set(await session.scalars(text("SELECT xmin::text FROM "
                                                       "survey_anonymous_answers")))
            assert not anonymous & responses
    stored = [value for _, _, value in await store.surveys.anonymous_answers("change_followup")]
    assert sorted(stored) == sorted(member % 5 + 1 for member in range(1, 41))


async def test_upgrading_keeps_the_anonymous_answers_and_drops_their_order(database_url: str):
    engine = create_engine_for(database_url, single_use=True)
    try:
        async with engine.begin() as connection:
            def to_0005(sync) -> None:
                config = _alembic_config()
                config.attributes["connection"] = sync
                command.upgrade(config, "0005")

            await connection.run_sync(to_0005)
            for number in range(30):
                await connection.execute(text(
                    "INSERT INTO survey_anonymous_answers (id, survey, wave, question, value) "
                    "VALUES (:id, 'change_followup', 'w', 'checkins_useful', :value)"),
                    {"id": f"{number:032d}", "value": str(number % 5 + 1)})
    finally:
        await engine.dispose()
    await upgrade_database(database_url)
    database = Database.from_url(database_url)
    try:
        store = Store.over(database)
        values = [v for _, _, v in await store.surveys.anonymous_answers("change_followup")]
        assert sorted(values) == sorted(number % 5 + 1 for number in range(30))
    finally:
        await database.dispose()


async def test_an_answer_after_leaving_is_refused_and_nothing_is_stored(store: Store, clock):
    surveys = await enrolled(store, clock, 1)
    await surveys.answer(1, "monthly", "2026-03", {"severity_easy": 2}, submit=False)
    await surveys.leave(1)
    with pytest.raises(NotTaking):  # the old DM's button, after /survey leave
        await surveys.answer(1, "monthly", "2026-03", MONTHLY, submit=True)
    (response,) = await store.surveys.responses("monthly", submitted_only=False)
    assert response.submitted_at is None and response.answers == {"severity_easy": 2}


async def test_an_answer_after_forgetting_stores_nothing_and_does_not_bring_the_member_back(
        database: Database, store: Store, clock):
    surveys = await enrolled(store, clock, 1)
    await store.members.forget(1)
    await store.surveys.forget_member(1)
    with pytest.raises(NotTaking):
        await surveys.answer(1, "monthly", "2026-03", MONTHLY, submit=True)
    async with database.session() as session:
        assert list(await session.scalars(select(MemberRow.id))) == []
        assert list(await session.scalars(select(SurveyResponseRow.id))) == []


async def test_a_paused_member_can_still_finish_an_open_survey(store: Store, clock):
    surveys = await enrolled(store, clock, 1)
    await surveys.pause(1)  # nothing more is sent; the consent stands
    response = await surveys.answer(1, "monthly", "2026-03", MONTHLY, submit=True)
    assert response.submitted_at is not None and response.guild_id == 77
