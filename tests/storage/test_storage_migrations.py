"""The Alembic migrations: they build the schema the models describe, and rerun harmlessly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection

from storage import Database, Store, upgrade_database
from storage.models import Base, MemberRow

EXPECTED_TABLES = {
    "alembic_version",
    "appeals",
    "community_answers",
    "consents",
    "feedback",
    "guild_settings",
    "infractions",
    "introduction_requests",
    "introductions",
    "match_exclusions",
    "match_rounds",
    "members",
    "profiles",
    "questions",
    "round_members",
    "survey_anonymous_answers",
    "survey_enrolments",
    "survey_responses",
    "survey_sends",
    "undeleted_posts",
}


async def test_upgrade_creates_every_table(database: Database):
    async with database.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert tables == EXPECTED_TABLES


async def test_upgrade_again_keeps_data_and_changes_nothing(
    database_url: str, database: Database, store: Store
):
    await store.consents.grant(42, "matching")

    await upgrade_database(database_url)
    await upgrade_database(database_url)

    async with database.session() as session:
        assert list(await session.scalars(select(MemberRow.id))) == [42]


async def test_migrated_schema_matches_the_models(database: Database):
    def differences(connection: Connection) -> list:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    async with database.engine.connect() as connection:
        assert await connection.run_sync(differences) == []
