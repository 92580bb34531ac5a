"""Who a member will not be matched with: blocks (which also stop requests) and the private
"don't match me with" list (`avoid`). Either one keeps the two apart in both directions.

An exclusion is the data of the member who made it, and it protects them: the member it
names cannot erase it. When that member is forgotten, their id in the row is replaced by its
keyed hash (`storage.member_hash`), with no foreign key to them, so that if they come back
with the same Discord account the two are still kept apart.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select, update

from storage.models import MatchExclusionRow
from storage.records import MatchExclusion
from storage.repositories.base import Repository, changed_rows, ensure_member, to_record, upsert
from storage.repositories.forgetting import forget_exclusions
from storage.repositories.introductions import close_pending
from storage.repositories.members import _jsonable

KINDS = ("block", "avoid")


class MatchExclusionRepository(Repository):
    """Blocks and "don't match me with" lists: matching and introductions read them before
    suggesting anyone."""

    name = "match_exclusions"

    async def add(self, member_id: int, other_id: int, kind: str) -> None:
        """Record that `member_id` blocks or avoids `other_id`, and close any request between
        them that waits for an answer; adding it twice is harmless."""
        if kind not in KINDS or member_id == other_id:
            raise ValueError("a member can block or avoid another member only")
        now = self._clock()
        async with self._database.session() as session:
            await ensure_member(session, member_id, now)
            await ensure_member(session, other_id, now)
            # A row kept from before the other member's forget names them again.
            await session.execute(update(MatchExclusionRow).where(
                MatchExclusionRow.member_id == member_id,
                MatchExclusionRow.other_hash == self._member_hash(other_id),
            ).values(other_id=other_id, other_hash=None))
            await session.execute(
                upsert(session, MatchExclusionRow)
                .values(member_id=member_id, other_id=other_id, kind=kind, created_at=now)
                .on_conflict_do_nothing(index_elements=["member_id", "other_id", "kind"])
            )
            await close_pending(session, member_id, now, other_id=other_id)
        self._changes.exclusion_changed(member_id, other_id)

    async def remove(self, member_id: int, other_id: int, kind: str) -> bool:
        """Lift a block or avoid; False when there was none."""
        async with self._database.session() as session:
            result = await changed_rows(session, delete(MatchExclusionRow).where(
                MatchExclusionRow.member_id == member_id, MatchExclusionRow.kind == kind,
                self._names(other_id)))
        self._changes.exclusion_changed(member_id, other_id)
        return result > 0

    async def of_member(self, member_id: int) -> list[MatchExclusion]:
        """The member's own blocks and avoids, oldest first (`other_id` None: that member
        deleted their data)."""
        async with self._database.session() as session:
            rows = await session.scalars(
                select(MatchExclusionRow).where(MatchExclusionRow.member_id == member_id)
                .order_by(MatchExclusionRow.id))
            return [to_record(row, MatchExclusion) for row in rows]

    async def kept_apart(self, member_id: int, other_id: int) -> bool:
        """Whether either one blocked or avoids the other."""
        async with self._database.session() as session:
            found = await session.scalar(select(MatchExclusionRow.id).where(
                MatchExclusionRow.kind.in_(KINDS),
                or_((MatchExclusionRow.member_id == member_id) & self._names(other_id),
                    (MatchExclusionRow.member_id == other_id) & self._names(member_id)),
            ).limit(1))
            return found is not None

    async def pairs(self, members: Iterable[int] = ()) -> set[tuple[int, int]]:
        """Every pair kept apart, smaller id first, whoever blocked or avoided whom; a row
        that names a forgotten member by hash counts for whichever of `members` it names."""
        async with self._database.session() as session:
            rows = list(await session.execute(select(
                MatchExclusionRow.member_id, MatchExclusionRow.other_id,
                MatchExclusionRow.other_hash)))
        hashed = {digest for _, other, digest in rows if other is None}
        # Hashing every member costs about a microsecond each: only when a row needs it.
        by_hash = {self._member_hash(m): m for m in members} if hashed else {}
        kept = set()
        for member, other, digest in rows:
            other = other if other is not None else by_hash.get(digest or "")
            if other is not None and other != member:
                kept.add((min(member, other), max(member, other)))
        return kept

    async def export_member(self, member_id: int) -> list[dict[str, Any]]:
        """The member's own blocks and avoids, for their privacy export."""
        # Only the member's own choices: being blocked by someone is the other one's data.
        return [_jsonable(item) for item in await self.of_member(member_id)]

    async def forget_member(self, member_id: int) -> int:
        """Delete the member's own blocks and avoids; those naming them stay, under the
        hash of their id."""
        async with self._database.session() as session:
            count = await forget_exclusions(session, member_id, self._member_hash(member_id))
        self._changes.all_rules_changed()
        return count

    def _names(self, other_id: int) -> ColumnElement[bool]:
        """The condition "this row names `other_id`", by id or, once forgotten, by hash."""
        return or_(MatchExclusionRow.other_id == other_id,
                   MatchExclusionRow.other_hash == self._member_hash(other_id))

