"""Moderation history: infractions against members, pardons and the members' appeals.

Infractions protect everyone else, so a member's forget keeps them (under the keyed hash of
the member's id, without their words: `forgetting`): a member who comes back with the same
account finds them counted again, and forget is no way to reset the ladder.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select

from storage.errors import AppealAlreadyOpen, RecordNotFound
from storage.models import AppealRow, InfractionRow
from storage.records import Appeal, AppealStatus, Infraction, InfractionKind
from storage.repositories.base import Repository, ensure_member, to_record

# A note is a moderator's remark, not a sanction, so it never makes the next one harsher.
_ESCALATING_KINDS = [kind.value for kind in InfractionKind if kind is not InfractionKind.NOTE]


class InfractionRepository(Repository):
    """The moderation record the ladder counts and appeals dispute, per server."""

    async def add(
        self,
        *,
        guild_id: int,
        member_id: int,
        kind: InfractionKind,
        reason: str,
        categories: Sequence[str] = (),
        actor_id: int | None = None,
        expires_at: datetime | None = None,
    ) -> Infraction:
        """Record an infraction and who acted: `actor_id` is the moderator, or None when the
        bot acted on its own (its automatic moderation)."""
        now = self._clock()
        row = InfractionRow(
            guild_id=guild_id,
            member_id=member_id,
            kind=InfractionKind(kind).value,
            categories=list(categories),
            reason=reason,
            actor_id=actor_id,
            created_at=now,
            expires_at=expires_at,
            pardoned_at=None,
        )
        async with self._database.session() as session:
            await ensure_member(session, member_id, now)
            session.add(row)
            await session.flush()
            return to_record(row, Infraction)

    async def list_for(self, member_id: int, *, guild_id: int | None = None) -> list[Infraction]:
        """A member's infractions, newest first, in one guild or all of them, those kept
        from before a forget of theirs included (with an empty reason)."""
        query = select(InfractionRow).where(self._of(member_id))
        if guild_id is not None:
            query = query.where(InfractionRow.guild_id == guild_id)
        async with self._database.session() as session:
            rows = await session.scalars(
                query.order_by(InfractionRow.created_at.desc(), InfractionRow.id.desc())
            )
            return [to_record(row, Infraction) for row in rows]

    async def active_count(
        self, member_id: int, since: datetime, *, guild_id: int | None = None
    ) -> int:
        """Infractions since `since` that still count towards escalation.

        Notes, pardoned infractions and those past `expires_at` do not count.
        """
        now = self._clock()
        query = select(func.count()).where(
            self._of(member_id),
            InfractionRow.created_at >= since,
            InfractionRow.kind.in_(_ESCALATING_KINDS),
            InfractionRow.pardoned_at.is_(None),
            or_(InfractionRow.expires_at.is_(None), InfractionRow.expires_at > now),
        )
        if guild_id is not None:
            query = query.where(InfractionRow.guild_id == guild_id)
        async with self._database.session() as session:
            return (await session.scalar(query)) or 0

    async def pardon(self, infraction_id: int, *, guild_id: int, actor_id: int) -> Infraction:
        """Stop an infraction of this guild from counting, recording who pardoned it.

        Another guild's infraction is RecordNotFound, as if it did not exist; pardoning twice
        keeps the first pardon's time and moderator.
        """
        async with self._database.session() as session:
            row = await session.get(InfractionRow, infraction_id)
            if row is None or row.guild_id != guild_id:
                raise RecordNotFound("infraction", infraction_id)
            _pardon(row, self._clock(), actor_id)
            await session.flush()
            return to_record(row, Infraction)

    async def add_appeal(self, infraction_id: int, member_id: int, text: str) -> Appeal:
        """A member contests one of their own infractions.

        RecordNotFound if the infraction is not theirs (without saying whose it is), and
        AppealAlreadyOpen while an earlier appeal against it waits for a moderator.
        """
        async with self._database.session() as session:
            infraction = await session.get(InfractionRow, infraction_id)
            if infraction is None or infraction.member_id != member_id:
                raise RecordNotFound("infraction", infraction_id)
            open_appeal = await session.scalar(
                select(AppealRow.id).where(
                    AppealRow.infraction_id == infraction_id,
                    AppealRow.status == AppealStatus.OPEN.value,
                )
            )
            if open_appeal is not None:
                raise AppealAlreadyOpen(infraction_id)
            row = AppealRow(
                infraction_id=infraction_id,
                member_id=member_id,
                text=text,
                status=AppealStatus.OPEN.value,
                created_at=self._clock(),
            )
            session.add(row)
            await session.flush()
            return to_record(row, Appeal)

    async def open_appeals(self, guild_id: int) -> list[Appeal]:
        """Appeals waiting for a moderator of the guild, oldest first."""
        query = (
            select(AppealRow)
            .join(InfractionRow, InfractionRow.id == AppealRow.infraction_id)
            .where(InfractionRow.guild_id == guild_id, AppealRow.status == AppealStatus.OPEN.value)
            .order_by(AppealRow.created_at, AppealRow.id)
        )
        async with self._database.session() as session:
            return [to_record(row, Appeal) for row in await session.scalars(query)]

    async def review_appeal(
        self, appeal_id: int, *, guild_id: int, actor_id: int, accept: bool, note: str
    ) -> tuple[Appeal, Infraction, bool]:
        """Accept or refuse an open appeal of this guild with a note for the member; accepting
        pardons the infraction in the same step.

        Returns the appeal, its infraction and whether this call reviewed it (False: it was
        already reviewed, and nothing changed). Another guild's appeal is RecordNotFound.
        """
        async with self._database.session() as session:
            row = await session.get(AppealRow, appeal_id)
            infraction = None if row is None else await session.get(
                InfractionRow, row.infraction_id
            )
            if row is None or infraction is None or infraction.guild_id != guild_id:
                raise RecordNotFound("appeal", appeal_id)
            reviewed_now = row.status == AppealStatus.OPEN.value
            if reviewed_now:
                now = self._clock()
                status = AppealStatus.ACCEPTED if accept else AppealStatus.REJECTED
                row.status = status.value
                row.reviewed_by = actor_id
                row.reviewed_at = now
                row.note = note
                if accept:
                    _pardon(infraction, now, actor_id)
            await session.flush()
            return to_record(row, Appeal), to_record(infraction, Infraction), reviewed_now

    def _of(self, member_id: int) -> ColumnElement[bool]:
        """The member's infractions: by id, or by hash once they were forgotten."""
        return or_(InfractionRow.member_id == member_id,
                   InfractionRow.member_hash == self._member_hash(member_id))


def _pardon(row: InfractionRow, now: datetime, actor_id: int | None) -> None:
    """The first pardon is the one on record; a later one changes nothing."""
    if row.pardoned_at is None:
        row.pardoned_at = now
        row.pardoned_by = actor_id
