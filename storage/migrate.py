"""Bringing a database's schema up to date, from the application itself.

The application calls `upgrade_database` on every start; it does nothing when the schema is
current. Alembic's commands are synchronous, so they run inside `AsyncConnection.run_sync`
on a connection we opened (Alembic's "programmatic API use with asyncio" recipe): env.py
uses that connection and never starts an event loop of its own.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.database import unavailable_as_storage_error
from storage.engine import create_engine_for

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant works: it only has to be the same for every process that migrates.
_MIGRATION_LOCK_ID = 7_150_226_001


def _alembic_config() -> Config:
    """An Alembic configuration that needs no alembic.ini, so it works from an installed package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


async def upgrade_database(url: str) -> None:
    """Apply the migrations not yet applied to the database at `url` (`alembic upgrade head`).

    Raises StorageUnavailable when the database cannot be reached.
    """
    engine = create_engine_for(url, single_use=True)
    try:
        with unavailable_as_storage_error():
            async with engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    # Two processes starting at once would otherwise both create the tables.
                    await connection.execute(
                        text("SELECT pg_advisory_xact_lock(:lock_id)"),
                        {"lock_id": _MIGRATION_LOCK_ID},
                    )
                await connection.run_sync(_upgrade_to_head)
    finally:
        await engine.dispose()


def _upgrade_to_head(connection: Connection) -> None:
    config = _alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
