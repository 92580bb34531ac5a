"""Database fixtures for every test folder: a migrated database on SQLite and PostgreSQL.

tests/conftest.py registers this module with `pytest_plugins`, so a test only names a
fixture: `async def test_x(store): ...` runs twice, once per backend. Each run gets its
own database: a file in tmp_path, or a fresh PostgreSQL schema (selected through
`?search_path=`) that is dropped afterwards.

PostgreSQL is expected at POSTGRES_URL (override with LLC_TEST_POSTGRES_URL). When it is
not reachable the PostgreSQL runs are skipped, except under CI (the CI environment variable
is set), where they fail: a CI run must not pass on SQLite alone.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage import Database, Store, default_sqlite_url, upgrade_database
from storage.engine import create_engine_for
from storage.member_hash import MemberHash

POSTGRES_URL = os.environ.get(
    "LLC_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


@dataclass
class FakeClock:
    """A clock that moves only when told, so timestamps and their order are predictable."""

    now: datetime = field(default_factory=lambda: datetime(2026, 3, 1, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **duration: float) -> datetime:
        """Move forward, e.g. `clock.advance(minutes=5)`, and return the new time."""
        self.now += timedelta(**duration)
        return self.now


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    """The URL of an empty database of its own, on each backend in turn."""
    if request.param == "sqlite":
        yield default_sqlite_url(tmp_path / "data")
        return
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = await _connect_to_postgres()
    try:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
        yield f"{POSTGRES_URL}?search_path={schema}"
    finally:
        await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.close()


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """A migrated database, disposed after the test."""
    await upgrade_database(database_url)
    database = Database.from_url(database_url)
    yield database
    await database.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """The time the `store` fixture's repositories see; advance it to order records."""
    return FakeClock()


@pytest.fixture
def store(database: Database, clock: FakeClock) -> Store:
    """Every repository on the test's database, on the test's clock."""
    return Store.over(database, clock=clock, member_hash=MemberHash(b"test member hash key"))


async def _connect_to_postgres() -> asyncpg.Connection:
    plain_url = make_url(POSTGRES_URL).set(drivername="postgresql")
    try:
        return await asyncpg.connect(plain_url.render_as_string(hide_password=False), timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        reason = (
            f"PostgreSQL is not reachable at {plain_url} ({error}); start it with: {START_POSTGRES}"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@asynccontextmanager
async def exhausted_pool(database_url: str) -> AsyncIterator[Database]:
    """A database whose only pooled connection is held by another task for the whole block,
    so any session opened inside waits out the short pool timeout."""
    busy = Database(create_engine_for(database_url, pool_size=1, pool_timeout=0.2))
    started, release = asyncio.Event(), asyncio.Event()

    async def hold_the_only_connection() -> None:
        async with busy.session() as session:
            await session.execute(text("SELECT 1"))
            started.set()
            await release.wait()

    holder = asyncio.create_task(hold_the_only_connection())
    await started.wait()
    try:
        yield busy
    finally:
        release.set()
        await holder
        await busy.dispose()
