"""Alembic environment for llc-bot.

Two ways in: `upgrade_database()` hands over an open connection in
`config.attributes["connection"]`; the `alembic` command line (from the repository root,
with alembic.ini) opens its own from `-x url=...` or the DATABASE_URL environment variable.
"""

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from storage.engine import create_engine_for
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    """Run the pending migrations on `connection`, in its transaction."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_from_url(url: str) -> None:
    """Open a connection for the command line and run the migrations on it."""
    engine = create_engine_for(url, single_use=True)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


def database_url_from_command_line() -> str:
    """`alembic -x url=...` wins over DATABASE_URL; there is no silent default database."""
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("Give the database: alembic -x url=URL ... or set DATABASE_URL.")
    return url


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run them on a database.")

given_connection = config.attributes.get("connection")
if given_connection is not None:
    run_migrations(given_connection)
else:
    if config.config_file_name is not None:
        # Only the command line configures logging; the application keeps its own setup.
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    asyncio.run(run_migrations_from_url(database_url_from_command_line()))
