"""Turning a DATABASE_URL into a configured async engine.

Accepted: `sqlite+aiosqlite:///PATH` and `postgresql+asyncpg://USER@HOST:PORT/DB`; the plain
`sqlite://`, `postgresql://` and `postgres://` spellings (as in docker-compose files) get
the async driver added. A PostgreSQL URL may carry `?search_path=SCHEMA` to keep the bot's
tables in their own schema; the tests use it to give every test a fresh schema.
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from storage.errors import InvalidDatabaseUrl

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}
# Without it asyncpg waits 60 s for a host that drops packets before reporting it gone.
_POSTGRES_CONNECT_TIMEOUT_SECONDS = 10
# A statement that runs longer than this (a lock held by a stuck session, an overloaded
# server) fails as unavailable instead of holding a member's interaction forever.
POSTGRES_COMMAND_TIMEOUT_SECONDS = 30
# How long a unit of work waits for a pooled connection when every one is in use.
POSTGRES_POOL_TIMEOUT_SECONDS = 10
SQLITE_POOL_TIMEOUT_SECONDS = 60


def parse_database_url(url: str) -> URL:
    """The URL with its async driver, or InvalidDatabaseUrl saying what is wrong with it."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise InvalidDatabaseUrl("it is not a database URL") from error
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is None:
        raise InvalidDatabaseUrl(f"the driver {parsed.drivername!r} is not supported")
    if driver.startswith("sqlite") and parsed.database in (None, "", ":memory:"):
        # Every pooled connection would see its own empty in-memory database.
        raise InvalidDatabaseUrl("SQLite needs a file path")
    if driver.startswith("sqlite") and "search_path" in parsed.query:
        raise InvalidDatabaseUrl("search_path only applies to PostgreSQL")
    return parsed.set(drivername=driver)


def create_engine_for(url: str, *, single_use: bool = False, pool_size: int | None = None,
                      pool_timeout: float | None = None,
                      command_timeout: float = POSTGRES_COMMAND_TIMEOUT_SECONDS) -> AsyncEngine:
    """An engine for `url`; `single_use` skips pooling for short jobs such as migrations.
    The pool and timeout options are there for tests that exhaust them."""
    parsed = parse_database_url(url)
    options: dict[str, Any] = {}
    if single_use:
        options["poolclass"] = NullPool
    elif pool_size is not None:
        options.update(pool_size=pool_size, max_overflow=0)
    if parsed.get_backend_name() == "postgresql":
        if not single_use:
            options["pool_timeout"] = pool_timeout or POSTGRES_POOL_TIMEOUT_SECONDS
        connect_args: dict[str, Any] = {"timeout": _POSTGRES_CONNECT_TIMEOUT_SECONDS,
                                        "command_timeout": command_timeout}
        search_path = parsed.query.get("search_path")
        if search_path is not None:
            connect_args["server_settings"] = {"search_path": str(search_path)}
            parsed = parsed.difference_update_query(["search_path"])
        # A restarted server leaves dead connections in the pool; test them before use.
        return create_async_engine(parsed, connect_args=connect_args, pool_pre_ping=True,
                                   hide_parameters=True, **options)
    if not single_use:
        # SQLite takes one writer at a time: one pooled connection queues the bot's writes
        # in order instead of letting sessions race for the file lock and time out.
        options.update(pool_size=1, max_overflow=0,
                       pool_timeout=pool_timeout or SQLITE_POOL_TIMEOUT_SECONDS)
    # Parameters are members' words: keep them out of error messages and logs.
    engine = create_async_engine(parsed, hide_parameters=True, **options)
    event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """Turn on what SQLite leaves off per connection: foreign keys (for ON DELETE CASCADE),
    a write-ahead log (readers do not block the writer) and a wait instead of an instant
    "database is locked" when another process (the CLI) holds the lock."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()
