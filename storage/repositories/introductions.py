"""Double opt-in introductions: a request from one member to another, and the introductions
made (by an accepted request or by a round). One request per pair, whoever asked first.

Neither side learns the other's id from an export until both agreed: before that, a
request is its number and its state. A decline is never told to the asker (it stays
"pending" to them), and a request the asker backed out of is "withdrawn".
"""

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import IntroductionExists, RecordNotFound
from storage.models import IntroductionRequestRow, IntroductionRow
from storage.records import IntroductionRequest
from storage.repositories.base import (
    Repository,
    changed_rows,
    ensure_member,
    get_or_raise,
    to_record,
    upsert,
)


def pair_of(one: int, other: int) -> tuple[int, int]:
    """A pair in its stored order: smaller id first."""
    return (one, other) if one < other else (other, one)


class IntroductionRepository(Repository):
    """Requests to be introduced and the introductions made: what keeps a pair from being
    suggested, or asked, twice."""

    name = "introductions"

    async def request(self, requester_id: int, target_id: int) -> IntroductionRequest:
        """Ask for an introduction; IntroductionExists if the pair already has one."""
        now = self._clock()
        member_a, member_b = pair_of(requester_id, target_id)
        try:
            async with self._database.session() as session:
                await ensure_member(session, requester_id, now)
                await ensure_member(session, target_id, now)
                made = await session.scalar(select(IntroductionRow.id).where(
                    IntroductionRow.member_a == member_a, IntroductionRow.member_b == member_b))
                if made is not None:
                    raise IntroductionExists()
                row = IntroductionRequestRow(
                    requester_id=requester_id, target_id=target_id, member_a=member_a,
                    member_b=member_b, status="pending", created_at=now, decided_at=None)
                session.add(row)
                await session.flush()
                made_now = to_record(row, IntroductionRequest)
        except IntegrityError as error:
            raise IntroductionExists() from error
        self._changes.history_added(requester_id, target_id)
        return made_now

    async def decide(self, request_id: int, target_id: int,
                     accept: bool) -> IntroductionRequest:
        """The target's answer; an accepted request makes the introduction. Answering twice
        keeps the first answer."""
        now = self._clock()
        async with self._database.session() as session:
            row = await get_or_raise(session, IntroductionRequestRow, "introduction request",
                                     request_id)
            if row.target_id != target_id:
                raise RecordNotFound("introduction request", request_id)
            if row.status == "pending":
                row.status = "accepted" if accept else "declined"
                row.decided_at = now
                if accept:
                    await _introduce(session, row.member_a, row.member_b, "request", now)
            await session.flush()
            decided = to_record(row, IntroductionRequest)
        return decided

    async def withdraw(self, request_id: int) -> IntroductionRequest:
        """Close a waiting request because its asker can no longer be introduced (an answer
        found them gone); an answered request keeps its answer."""
        async with self._database.session() as session:
            row = await get_or_raise(session, IntroductionRequestRow, "introduction request",
                                     request_id)
            if row.status == "pending":
                row.status = "withdrawn"
                row.decided_at = self._clock()
            await session.flush()
            withdrawn = to_record(row, IntroductionRequest)
        return withdrawn

    async def get_request(self, request_id: int) -> IntroductionRequest | None:
        """The request behind a button, or None once it is gone (its asker or target forgotten)."""
        async with self._database.session() as session:
            row = await session.get(IntroductionRequestRow, request_id)
            return None if row is None else to_record(row, IntroductionRequest)

    async def requests_since(self, requester_id: int, since: datetime) -> int:
        """How many requests the member made since `since`: the rate limit counts these."""
        async with self._database.session() as session:
            return await session.scalar(select(func.count()).where(
                IntroductionRequestRow.requester_id == requester_id,
                IntroductionRequestRow.created_at >= since)) or 0

    async def history_pairs(self) -> set[tuple[int, int]]:
        """Pairs never to be suggested again: introduced, asked (waiting) or declined."""
        async with self._database.session() as session:
            asked = await session.execute(
                select(IntroductionRequestRow.member_a, IntroductionRequestRow.member_b))
            made = await session.execute(
                select(IntroductionRow.member_a, IntroductionRow.member_b))
            return {(a, b) for a, b in asked} | {(a, b) for a, b in made}

    async def export_member(self, member_id: int) -> dict[str, Any]:
        """The member's requests and introductions. A request names the other member only
        once it was accepted; a decline is never told to the asker, so the asker's declined
        request shows as still waiting."""
        async with self._database.session() as session:
            requests = await session.scalars(select(IntroductionRequestRow).where(
                _involves(member_id)).order_by(IntroductionRequestRow.id))
            made = await session.scalars(select(IntroductionRow).where(or_(
                IntroductionRow.member_a == member_id, IntroductionRow.member_b == member_id))
                .order_by(IntroductionRow.id))
            return {"requests": [request_as_seen(row, member_id) for row in requests],
                    "introductions": [{"id": row.id, "source": row.source,
                                       "created_at": row.created_at.isoformat(),
                                       "member": _other(row.member_a, row.member_b, member_id)}
                                      for row in made]}

    async def forget_member(self, member_id: int) -> int:
        """Delete every request and introduction involving the member; the rows deleted."""
        async with self._database.session() as session:
            requests = await changed_rows(session,
                delete(IntroductionRequestRow).where(_involves(member_id)))
            made = await changed_rows(session, delete(IntroductionRow).where(or_(
                IntroductionRow.member_a == member_id, IntroductionRow.member_b == member_id)))
        self._changes.all_rules_changed()
        return requests + made


def request_as_seen(row: IntroductionRequestRow, member_id: int) -> dict[str, Any]:
    """A request as `member_id` may see it: its number, who asked, its state, and the other
    member's id only when both agreed."""
    asked = row.requester_id == member_id
    status = "pending" if asked and row.status == "declined" else row.status
    seen: dict[str, Any] = {
        "request": row.id, "asked_by_you": asked, "status": status,
        "created_at": row.created_at.isoformat(),
        "decided_at": None if status == "pending" or row.decided_at is None
        else row.decided_at.isoformat()}
    if row.status == "accepted":
        seen["member"] = _other(row.requester_id, row.target_id, member_id)
    return seen


def card_state(row: IntroductionRequestRow | None, member_id: int) -> str:
    """Where a suggested runner stands for `member_id`: "suggested" (no request), "asked"
    (by the member, waiting: a decline is never told), "asking_you", "declined" (by the
    member), "withdrawn" or "introduced"."""
    if row is None:
        return "suggested"
    if row.status == "accepted":
        return "introduced"
    if row.status == "withdrawn":
        return "withdrawn"
    if row.requester_id == member_id:
        return "asked"
    return "asking_you" if row.status == "pending" else "declined"


async def close_pending(session: AsyncSession, member_id: int, now: datetime, *,
                        other_id: int | None = None) -> None:
    """Close the requests to or from `member_id` (and `other_id` only, if given) that wait
    for an answer: the member's own are withdrawn, those to them declined (which their
    askers are never told). Blocking, leaving the pool and deleting a profile call this, in
    their own unit of work, so no answer arriving later can introduce anyone."""
    waiting = IntroductionRequestRow.status == "pending"
    if other_id is not None:
        member_a, member_b = pair_of(member_id, other_id)
        waiting = waiting & (IntroductionRequestRow.member_a == member_a) & (
            IntroductionRequestRow.member_b == member_b)
    for side, status in ((IntroductionRequestRow.requester_id, "withdrawn"),
                         (IntroductionRequestRow.target_id, "declined")):
        await session.execute(update(IntroductionRequestRow).where(
            waiting, side == member_id).values(status=status, decided_at=now))


def _involves(member_id: int) -> ColumnElement[bool]:
    return or_(IntroductionRequestRow.requester_id == member_id,
               IntroductionRequestRow.target_id == member_id)


def _other(one: int, other: int, member_id: int) -> int:
    return other if one == member_id else one


async def _introduce(session: Any, member_a: int, member_b: int, source: str,
                     now: datetime) -> None:
    await ensure_member(session, member_a, now)
    await ensure_member(session, member_b, now)
    await session.execute(
        upsert(session, IntroductionRow)
        .values(member_a=member_a, member_b=member_b, source=source, created_at=now)
        .on_conflict_do_nothing(index_elements=["member_a", "member_b"]))
