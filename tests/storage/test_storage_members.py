"""Members and their privacy rights: forget deletes everything of theirs, export shows it all."""

import json

from sqlalchemy import Column, delete, func, select
from storage_helpers import ANNA, BORIS, GUILD, MODERATOR, give_member_one_of_everything

from storage import Database, Store
from storage.models import Base, ConsentRow, MemberRow, QuestionRow
from storage.records import ForgetReport

OWN_RECORDS = ("consents", "questions", "feedback", "community_answers", "infractions", "appeals")


def member_columns() -> list[tuple[str, Column]]:
    """Every column naming a member, found from the foreign keys so new tables are covered."""
    members = Base.metadata.tables["members"]
    return [("members", members.c.id)] + [
        (table.name, key.parent)
        for table in Base.metadata.sorted_tables
        for key in table.foreign_keys
        if key.column is members.c.id
    ]


async def rows_naming(database: Database, member_id: int) -> dict[str, int]:
    """How many rows of each table name the member."""
    counts: dict[str, int] = {}
    async with database.session() as session:
        for table, column in member_columns():
            query = select(func.count()).select_from(column.table).where(column == member_id)
            counts[f"{table}.{column.name}"] = await session.scalar(query)
    return counts


async def test_a_member_is_created_by_their_first_record_and_kept(store: Store, clock):
    await store.consents.grant(ANNA, "matching")
    first = await store.members.get(ANNA)
    clock.advance(days=1)
    await store.consents.grant(ANNA, "surveys")

    assert first is not None and await store.members.get(ANNA) == first
    assert await store.members.get(BORIS) is None


async def test_forget_removes_every_personal_record(store: Store, database: Database):
    anna_question = await give_member_one_of_everything(store, ANNA)
    boris_question = await give_member_one_of_everything(store, BORIS)
    await store.feedback.vote(boris_question, ANNA, helpful=False)
    await store.feedback.vote(anna_question, BORIS, helpful=True)
    await store.community_answers.save(
        question="question of anna",
        answer="Boris's reply to Anna",
        author_id=BORIS,
        saved_by=MODERATOR,
        jump_url="https://discord.com/channels/1/2/4",
        guild_id=GUILD,
        question_id=anna_question,
    )

    report = await store.members.forget(ANNA)

    # Boris's vote on and answer to Anna's question go too: they carry her question.
    assert report == ForgetReport(
        members=1,
        consents=2,
        questions=1,
        feedback=3,
        community_answers=2,
        infractions=1,
        appeals=1,
    )
    assert set((await rows_naming(database, ANNA)).values()) == {0}


async def test_forget_keeps_everything_of_other_members(store: Store, database: Database):
    await give_member_one_of_everything(store, ANNA)
    await give_member_one_of_everything(store, BORIS)
    before = await rows_naming(database, BORIS)

    await store.members.forget(ANNA)

    assert await rows_naming(database, BORIS) == before
    assert [answer.author_id for answer in await store.community_answers.list_all()] == [BORIS]


async def test_forgetting_an_unknown_member_deletes_nothing(store: Store):
    assert (await store.members.forget(ANNA)).total == 0


async def test_deleting_a_member_row_cascades_to_their_records(
    store: Store, database: Database, record_question
):
    await store.consents.grant(ANNA, "surveys")
    await record_question(ANNA)

    async with database.session() as session:
        await session.execute(delete(MemberRow).where(MemberRow.id == ANNA))

    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(ConsentRow)) == 0
        assert await session.scalar(select(func.count()).select_from(QuestionRow)) == 0


async def test_export_contains_every_record_of_the_member(store: Store):
    await give_member_one_of_everything(store, ANNA)
    await give_member_one_of_everything(store, BORIS)

    export = json.loads(json.dumps(await store.members.export(ANNA)))

    assert export["member"]["id"] == ANNA
    assert {name: len(export[name]) for name in OWN_RECORDS} == {
        "consents": 2,
        "questions": 1,
        "feedback": 1,
        "community_answers": 1,
        "infractions": 1,
        "appeals": 1,
    }
    assert export["questions"][0]["question"] == f"question of {ANNA}"
    assert export["infractions"][0]["kind"] == "warn"
    assert export["consents"][0]["withdrawn_at"].endswith("+00:00")


async def test_export_of_an_unknown_member_holds_nothing(store: Store):
    export = await store.members.export(ANNA)

    assert export["member"] is None
    assert all(export[name] == [] for name in OWN_RECORDS)
