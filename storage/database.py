"""The database handle: one engine, sessions per unit of work, and one failure type.

Every repository call runs inside `Database.session()`, which is also where the many ways a
database can be gone (refused connection, server shutting down, unreadable SQLite file) are
turned into `StorageUnavailable`, so front ends need a single `except` for a kind reply.
"""

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.engine import create_engine_for
from storage.errors import StorageUnavailable

log = logging.getLogger(__name__)

SQLITE_FILE_NAME = "llc-bot.sqlite3"
# SQLSTATE classes that mean "no usable connection": connection exception, insufficient
# resources (too many connections), operator intervention (shutdown, starting up) and
# invalid authorization (the configured role does not exist or may not log in).
_UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "53", "57P", "28")


def default_sqlite_url(data_dir: Path) -> str:
    """The URL of the SQLite file in `data_dir`, creating the folder on first start."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{(data_dir / SQLITE_FILE_NAME).resolve()}"


def _is_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached, as opposed to a bad query."""
    # PoolTimeout: every pooled connection is busy (exhausted pool); TimeoutError: a
    # statement outlived the command timeout.
    if isinstance(error, OSError | TimeoutError | PoolTimeout | OperationalError
                  | InterfaceError):
        return True
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        sqlstate = getattr(error.orig, "sqlstate", None) or ""
        return sqlstate.startswith(_UNAVAILABLE_SQLSTATE_PREFIXES)
    return False


@contextmanager
def unavailable_as_storage_error() -> Iterator[None]:
    """Inside this block, a database that cannot be reached raises StorageUnavailable."""
    try:
        yield
    except Exception as error:
        if not _is_unavailable(error):
            raise
        # The driver's own message (host, role, file): an SQLAlchemy error's text would add
        # the statement's parameters, which can be personal data.
        cause = getattr(error, "orig", None) or error
        log.warning("database unavailable: %s: %s", type(cause).__name__, cause)
        raise StorageUnavailable() from error


class Database:
    """An async engine and the sessions made from it."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str) -> "Database":
        """A database for a DATABASE_URL (see `storage.engine` for the accepted forms)."""
        return cls(create_engine_for(url))

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with unavailable_as_storage_error():
            async with self._sessions() as session, session.begin():
                yield session

    async def dispose(self) -> None:
        """Close pooled connections; call once when the application stops."""
        await self.engine.dispose()
