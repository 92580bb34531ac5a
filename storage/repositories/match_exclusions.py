"""Who a member will not be matched with: blocks (which also stop requests) and the private
"don't match me with" list (`avoid`). Either one keeps the two apart in both directions."""

from sqlalchemy import delete, or_, select

from storage.models import MatchExclusionRow
from storage.records import MatchExclusion
from storage.repositories.base import Repository, ensure_member, to_record, upsert
from storage.repositories.members import _jsonable

KINDS = ("block", "avoid")


class MatchExclusionRepository(Repository):
    name = "match_exclusions"

    async def add(self, member_id: int, other_id: int, kind: str) -> None:
        """Record that `member_id` blocks or avoids `other_id`; adding it twice is harmless."""
        if kind not in KINDS or member_id == other_id:
            raise ValueError("a member can block or avoid another member only")
        now = self._clock()
        async with self._database.session() as session:
            await ensure_member(session, member_id, now)
            await ensure_member(session, other_id, now)
            await session.execute(
                upsert(session, MatchExclusionRow)
                .values(member_id=member_id, other_id=other_id, kind=kind, created_at=now)
                .on_conflict_do_nothing(index_elements=["member_id", "other_id", "kind"])
            )

    async def remove(self, member_id: int, other_id: int, kind: str) -> bool:
        """Lift a block or avoid; False when there was none."""
        async with self._database.session() as session:
            result = await session.execute(delete(MatchExclusionRow).where(
                MatchExclusionRow.member_id == member_id,
                MatchExclusionRow.other_id == other_id, MatchExclusionRow.kind == kind))
            return result.rowcount > 0

    async def of_member(self, member_id: int) -> list[MatchExclusion]:
        """The member's own blocks and avoids, oldest first."""
        async with self._database.session() as session:
            rows = await session.scalars(
                select(MatchExclusionRow).where(MatchExclusionRow.member_id == member_id)
                .order_by(MatchExclusionRow.id))
            return [to_record(row, MatchExclusion) for row in rows]

    async def is_blocked(self, member_id: int, other_id: int) -> bool:
        """Whether either one blocked the other."""
        return await self._between(member_id, other_id, ("block",))

    async def kept_apart(self, member_id: int, other_id: int) -> bool:
        """Whether either one blocked or avoids the other."""
        return await self._between(member_id, other_id, KINDS)

    async def _between(self, member_id: int, other_id: int, kinds: tuple[str, ...]) -> bool:
        async with self._database.session() as session:
            found = await session.scalar(select(MatchExclusionRow.id).where(
                MatchExclusionRow.kind.in_(kinds),
                or_((MatchExclusionRow.member_id == member_id)
                    & (MatchExclusionRow.other_id == other_id),
                    (MatchExclusionRow.member_id == other_id)
                    & (MatchExclusionRow.other_id == member_id))).limit(1))
            return found is not None

    async def pairs(self) -> set[tuple[int, int]]:
        """Every pair kept apart, smaller id first, whoever blocked or avoided whom."""
        async with self._database.session() as session:
            rows = await session.execute(
                select(MatchExclusionRow.member_id, MatchExclusionRow.other_id))
            return {(min(a, b), max(a, b)) for a, b in rows}

    async def export_member(self, member_id: int) -> list[dict]:
        # Only the member's own choices: being blocked by someone is the other one's data.
        return [_jsonable(item) for item in await self.of_member(member_id)]

    async def forget_member(self, member_id: int) -> int:
        async with self._database.session() as session:
            result = await session.execute(delete(MatchExclusionRow).where(or_(
                MatchExclusionRow.member_id == member_id,
                MatchExclusionRow.other_id == member_id)))
            return result.rowcount
