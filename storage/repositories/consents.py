"""Consent: a member says yes to one use of their data (a scope), and may take it back.

Each grant is its own row, so the history of yes and no stays visible to the member.
Withdrawing the profile or matching consent also closes the member's introduction requests
that wait for an answer, in both directions, in the same unit of work.
"""

from sqlalchemy import Select, select

from storage.models import ConsentRow
from storage.records import Consent
from storage.repositories.base import Repository, ensure_member, to_record, upsert
from storage.repositories.introductions import close_pending

# Without either one a member cannot be introduced, so a request to or from them closes.
_INTRODUCIBLE = ("profile", "matching")

_IS_ACTIVE = ConsentRow.withdrawn_at.is_(None)


class ConsentRepository(Repository):
    """Every use of member data beyond answering asks here first: a grant, a withdrawal, and
    the history of both."""

    async def grant(self, member_id: int, scope: str) -> Consent:
        """Record a yes; granting what is already granted returns the standing consent."""
        now = self._clock()
        async with self._database.session() as session:
            await ensure_member(session, member_id, now)
            await session.execute(
                upsert(session, ConsentRow)
                .values(member_id=member_id, scope=scope, granted_at=now, withdrawn_at=None)
                .on_conflict_do_nothing(
                    index_elements=["member_id", "scope"], index_where=_IS_ACTIVE
                )
            )
            row = (await session.scalars(_active_query(member_id, scope))).one()
            granted = to_record(row, Consent)
        self._changes.consent_changed(member_id, scope)
        return granted

    async def withdraw(self, member_id: int, scope: str) -> Consent | None:
        """Take a yes back; None when there was nothing to withdraw."""
        async with self._database.session() as session:
            row = await session.scalar(_active_query(member_id, scope))
            if row is None:
                return None
            row.withdrawn_at = self._clock()
            await session.flush()
            if scope in _INTRODUCIBLE:
                await close_pending(session, member_id, row.withdrawn_at)
            withdrawn = to_record(row, Consent)
        self._changes.consent_changed(member_id, scope)
        return withdrawn

    async def active(self, member_id: int, scope: str) -> Consent | None:
        """The consent in force for this scope, or None: check it before every use of the data."""
        async with self._database.session() as session:
            row = await session.scalar(_active_query(member_id, scope))
            return None if row is None else to_record(row, Consent)

    async def history(self, member_id: int, scope: str | None = None) -> list[Consent]:
        """Every grant of the member, oldest first, for one scope or all of them."""
        query = select(ConsentRow).where(ConsentRow.member_id == member_id)
        if scope is not None:
            query = query.where(ConsentRow.scope == scope)
        async with self._database.session() as session:
            rows = await session.scalars(query.order_by(ConsentRow.granted_at, ConsentRow.id))
            return [to_record(row, Consent) for row in rows]


def _active_query(member_id: int, scope: str) -> Select[ConsentRow]:
    return select(ConsentRow).where(
        ConsentRow.member_id == member_id, ConsentRow.scope == scope, _IS_ACTIVE
    )
