"""What every repository shares: the database, a clock, and a few session helpers."""

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.changes import MatchingChanges
from storage.database import Database
from storage.errors import RecordNotFound
from storage.member_hash import MemberHash
from storage.models import Base, MemberRow
from storage.timestamps import utc_now

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Clock = Callable[[], datetime]
RowT = TypeVar("RowT", bound=Base)
# Records are dataclasses: `to_record` copies a row into one field by field.
RecordT = TypeVar("RecordT", bound="DataclassInstance")


class Repository:
    """Each public method is one unit of work in its own session.

    `member_hash` is the deployment's keyed hash, for records kept after a member's forget;
    `changes` counts writes to what peer matching reads (see `storage.changes`). A store
    shares one of each among its repositories.
    """

    def __init__(self, database: Database, *, clock: Clock = utc_now,
                 member_hash: MemberHash | None = None,
                 changes: MatchingChanges | None = None) -> None:
        self._database = database
        self._clock = clock
        self._member_hash = member_hash or MemberHash.ephemeral()
        self._changes = changes or MatchingChanges()


def upsert(session: AsyncSession, table: type[Base]) -> Any:
    """An INSERT that can say ON CONFLICT, in the dialect of the session's database.

    Both backends spell it the same way, which keeps "create or update" to one statement
    instead of a read-then-write that two concurrent sessions could interleave.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table)


async def ensure_member(session: AsyncSession, member_id: int, now: datetime) -> None:
    """Create the member row if it is missing; every personal record needs one."""
    await session.execute(
        upsert(session, MemberRow)
        .values(id=member_id, created_at=now)
        .on_conflict_do_nothing(index_elements=["id"])
    )


async def changed_rows(session: AsyncSession, statement: Executable) -> int:
    """How many rows an INSERT, UPDATE or DELETE changed: callers report what was removed
    and claim work with "exactly one row changed".

    `AsyncSession.execute` is typed as returning a plain `Result`; for these statements it
    is a `CursorResult`, the kind that counts rows.
    """
    return cast(CursorResult[Any], await session.execute(statement)).rowcount


async def get_or_raise(
    session: AsyncSession, row_type: type[RowT], kind: str, record_id: int
) -> RowT:
    """The row with this primary key, or RecordNotFound naming it for a person."""
    row = await session.get(row_type, record_id)
    if row is None:
        raise RecordNotFound(kind, record_id)
    return row


def to_record(row: Base, record_type: type[RecordT]) -> RecordT:
    """Copy a row into its record; the record's fields are named after the row's columns."""
    values = {}
    for field in fields(record_type):
        value = getattr(row, field.name)
        if isinstance(field.type, type) and issubclass(field.type, StrEnum):
            value = field.type(value)
        values[field.name] = value
    return record_type(**values)
