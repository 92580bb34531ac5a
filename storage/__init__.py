"""The storage layer of llc-bot: member data lives here and only here (see ARCHITECTURE.md).

Start-up: `await upgrade_database(url)`, then `Store.over(Database.from_url(url))`; call
`await database.dispose()` on shutdown. Every repository call may raise
`StorageUnavailable` when the database is gone.
"""

from storage.database import Database, default_sqlite_url
from storage.errors import (
    AppealAlreadyOpen,
    InvalidDatabaseUrl,
    RecordNotFound,
    StorageError,
    StorageUnavailable,
)
from storage.migrate import upgrade_database
from storage.store import Store

__all__ = [
    "AppealAlreadyOpen",
    "Database",
    "InvalidDatabaseUrl",
    "RecordNotFound",
    "StorageError",
    "StorageUnavailable",
    "Store",
    "default_sqlite_url",
    "upgrade_database",
]
