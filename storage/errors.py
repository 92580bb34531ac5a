"""Errors of the storage layer, with messages a person can read.

Front ends catch these by type and show the message as is: a member sees a kind reply and a
command line user a one-line error, never a traceback.
"""


class StorageError(Exception):
    """Base of every error the storage layer raises on purpose."""


class StorageUnavailable(StorageError):
    """The database cannot be reached (stopped, unreachable, file gone).

    Raised instead of the many driver-specific exceptions so that a caller needs one
    `except` clause to answer "try again later".
    """

    def __init__(
        self,
        message: str = (
            "The bot's database cannot be reached right now, so nothing could be saved "
            "or looked up. Please try again in a few minutes."
        ),
    ) -> None:
        super().__init__(message)


class InvalidDatabaseUrl(StorageError, ValueError):
    """DATABASE_URL names a database this bot cannot use."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"DATABASE_URL is not usable: {reason}. Use sqlite+aiosqlite:///PATH or "
            "postgresql+asyncpg://USER@HOST:PORT/DATABASE."
        )


class RecordNotFound(StorageError, LookupError):
    """A record asked for by id (an infraction, an appeal, a question) does not exist."""

    def __init__(self, kind: str, record_id: int) -> None:
        super().__init__(f"There is no {kind} #{record_id}.")
        self.kind = kind
        self.record_id = record_id


class AppealAlreadyOpen(StorageError):
    """A member appealed an infraction whose earlier appeal is still waiting."""

    def __init__(self, infraction_id: int) -> None:
        super().__init__(
            f"You already appealed infraction #{infraction_id}; a moderator will answer it."
        )
        self.infraction_id = infraction_id


class ConsentRequired(StorageError):
    """Something would be stored about a member who has not said yes to it."""

    def __init__(self, scope: str) -> None:
        super().__init__(
            f"Nothing was saved: this needs your {scope} consent first (see /start)."
        )
        self.scope = scope


class IntroductionExists(StorageError):
    """An introduction between these two members was already asked for or made."""

    def __init__(self) -> None:
        super().__init__("An introduction between you two was already asked for.")


class MemberHashKeyError(StorageError):
    """The member hash key kept in DATA_DIR is unreadable or not a key."""

    def __init__(self, path: object) -> None:
        super().__init__(
            f"{path} does not hold a member hash key. Restore it from a backup, or set "
            "MEMBER_HASH_KEY; delete the file only if no record was ever hashed with it."
        )
