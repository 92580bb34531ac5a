"""The database handle: URLs, timestamps, ids, and one error type for a database that is gone."""

import asyncio
import shutil
import socket
import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fixtures_db import FakeClock, exhausted_pool
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage import (
    Database,
    InvalidDatabaseUrl,
    StorageUnavailable,
    Store,
    default_sqlite_url,
    upgrade_database,
)
from storage.engine import create_engine_for, parse_database_url
from storage.models import MemberRow

LARGEST_DISCORD_ID = 2**63 - 1


def closed_local_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_sqlite_file_in_removed_folder_raises_storage_unavailable(tmp_path):
    url = default_sqlite_url(tmp_path / "data")
    shutil.rmtree(tmp_path / "data")
    database = Database.from_url(url)
    threads_before = set(threading.enumerate())

    with pytest.raises(StorageUnavailable, match="try again"):
        await Store.over(database).members.get(1)

    await database.dispose()
    # aiosqlite stops the worker thread of a failed connection without waiting for it; let
    # it finish while this event loop runs, or it reports to a closed loop in a later test.
    started = set(threading.enumerate()) - threads_before
    await asyncio.gather(*(asyncio.to_thread(thread.join, 10) for thread in started))


async def test_postgres_on_closed_port_raises_storage_unavailable():
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{closed_local_port()}/test"
    database = Database.from_url(url)

    with pytest.raises(StorageUnavailable):
        await Store.over(database).consents.grant(1, "matching")
    with pytest.raises(StorageUnavailable):
        await upgrade_database(url)
    await database.dispose()


async def test_constraint_violation_is_not_reported_as_unavailable(database: Database):
    now = datetime.now(UTC)
    with pytest.raises(IntegrityError):
        async with database.session() as session:
            session.add_all([MemberRow(id=7, created_at=now), MemberRow(id=7, created_at=now)])


@pytest.mark.parametrize(
    "url",
    ["mysql+aiomysql://root@localhost/llc", "sqlite+aiosqlite://", "not a url at all"],
)
def test_unusable_url_is_refused_with_a_readable_reason(url: str):
    with pytest.raises(InvalidDatabaseUrl, match="DATABASE_URL is not usable"):
        Database.from_url(url)


def test_plain_postgres_url_gets_the_async_driver():
    assert parse_database_url("postgres://bot@db:5432/llc").drivername == "postgresql+asyncpg"


async def test_timestamps_come_back_as_aware_utc(store: Store, clock: FakeClock):
    clock.now = datetime(2026, 3, 1, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    await store.consents.grant(1, "matching")

    created_at = (await store.members.get(1)).created_at
    assert (created_at, created_at.tzinfo) == (datetime(2026, 3, 1, 9, 0, tzinfo=UTC), UTC)


async def test_largest_discord_ids_round_trip(store: Store, record_question):
    question = await record_question(
        LARGEST_DISCORD_ID, guild_id=LARGEST_DISCORD_ID, thread_id=LARGEST_DISCORD_ID
    )

    stored = await store.questions.get(question.id)
    assert (stored.member_id, stored.guild_id, stored.thread_id) == (LARGEST_DISCORD_ID,) * 3


async def test_an_exhausted_pool_raises_storage_unavailable(database_url: str, database):
    async with exhausted_pool(database_url) as busy:
        with pytest.raises(StorageUnavailable):
            await Store.over(busy).members.get(1)


@pytest.mark.postgres
async def test_a_statement_past_the_command_timeout_raises_storage_unavailable(
    database_url: str, database
):
    if not database_url.startswith("postgresql"):
        pytest.skip("the command timeout is PostgreSQL's")
    slow = Database(create_engine_for(database_url, command_timeout=0.2))
    try:
        with pytest.raises(StorageUnavailable):
            async with slow.session() as session:
                await session.execute(text("SELECT pg_sleep(5)"))
    finally:
        await slow.dispose()
