"""Double opt-in introductions: a request from one member to another, and the introductions
made (by an accepted request or by a round). One request per pair, whoever asked first."""

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from storage.errors import IntroductionExists, RecordNotFound
from storage.models import IntroductionRequestRow, IntroductionRow
from storage.records import Introduction, IntroductionRequest
from storage.repositories.base import (
    Repository,
    ensure_member,
    get_or_raise,
    to_record,
    upsert,
)
from storage.repositories.members import _jsonable


def pair_of(one: int, other: int) -> tuple[int, int]:
    """A pair in its stored order: smaller id first."""
    return (one, other) if one < other else (other, one)


class IntroductionRepository(Repository):
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
                return to_record(row, IntroductionRequest)
        except IntegrityError as error:
            raise IntroductionExists() from error

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
            return to_record(row, IntroductionRequest)

    async def introduce(self, one: int, other: int, source: str) -> None:
        """Record an introduction (a round pairs them); recording it again is harmless."""
        now = self._clock()
        async with self._database.session() as session:
            await _introduce(session, *pair_of(one, other), source, now)

    async def get_request(self, request_id: int) -> IntroductionRequest | None:
        async with self._database.session() as session:
            row = await session.get(IntroductionRequestRow, request_id)
            return None if row is None else to_record(row, IntroductionRequest)

    async def between(self, one: int, other: int) -> IntroductionRequest | None:
        """The request between two members, whoever asked."""
        member_a, member_b = pair_of(one, other)
        async with self._database.session() as session:
            row = await session.scalar(select(IntroductionRequestRow).where(
                IntroductionRequestRow.member_a == member_a,
                IntroductionRequestRow.member_b == member_b))
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
        """The member's requests and introductions. A decline is never told to the asker, so
        the asker's own declined request shows as still waiting."""
        async with self._database.session() as session:
            requests = await session.scalars(select(IntroductionRequestRow).where(or_(
                IntroductionRequestRow.requester_id == member_id,
                IntroductionRequestRow.target_id == member_id)).order_by(
                    IntroductionRequestRow.id))
            made = await session.scalars(select(IntroductionRow).where(or_(
                IntroductionRow.member_a == member_id, IntroductionRow.member_b == member_id))
                .order_by(IntroductionRow.id))
            exported = []
            for row in requests:
                item = _jsonable(to_record(row, IntroductionRequest))
                if row.requester_id == member_id and row.status == "declined":
                    item.update(status="pending", decided_at=None)
                exported.append(item)
            return {"requests": exported,
                    "introductions": [_jsonable(to_record(row, Introduction)) for row in made]}

    async def forget_member(self, member_id: int) -> int:
        async with self._database.session() as session:
            requests = await session.execute(delete(IntroductionRequestRow).where(or_(
                IntroductionRequestRow.requester_id == member_id,
                IntroductionRequestRow.target_id == member_id)))
            made = await session.execute(delete(IntroductionRow).where(or_(
                IntroductionRow.member_a == member_id, IntroductionRow.member_b == member_id)))
            return requests.rowcount + made.rowcount


async def _introduce(session: Any, member_a: int, member_b: int, source: str,
                     now: datetime) -> None:
    await ensure_member(session, member_a, now)
    await ensure_member(session, member_b, now)
    await session.execute(
        upsert(session, IntroductionRow)
        .values(member_a=member_a, member_b=member_b, source=source, created_at=now)
        .on_conflict_do_nothing(index_elements=["member_a", "member_b"]))
