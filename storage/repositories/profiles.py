"""Symptom profiles, one row per member, stored only with the member's profile consent.

The consent is checked inside the same unit of work as the write, so a withdrawal that
lands first wins. Reads hide a profile at once when its profile consent is withdrawn.
Deleting a profile closes the member's introduction requests that wait for an answer.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import ConsentRequired
from storage.models import ConsentRow, ProfileRow
from storage.records import PoolStanding, StoredProfile
from storage.repositories.base import Repository, changed_rows, upsert
from storage.repositories.introductions import close_pending
from storage.repositories.members import _jsonable

# The contract's fields kept in the row, with the value an absent field gets.
PROFILE_COLUMNS: dict[str, Any] = {
    "side": None, "muscles": [], "movements": [], "triggers": [], "tolerated": [],
    "onset_age": None, "years_since_onset": None, "weekly_km_before": None,
    "level_at_worst": None, "level_now": None, "tried": {}, "tests_done": [],
    "other_diagnoses": [], "story": None, "timezone": None, "wants": "either", "rounds": "4w",
}
MATCHING_SCOPES = ("profile", "matching", "story")
_BATCH = 1000  # rows read at once by `all`


class ProfileRepository(Repository):
    """Matching profiles with the consents in force, so the pool never reads a profile
    whose member withdrew."""

    name = "profiles"

    async def save(self, member_id: int, fields: dict[str, Any], *,
                   visibility: dict[str, str] | None = None) -> StoredProfile:
        """Create or replace the member's profile; ConsentRequired without profile consent."""
        now = self._clock()
        values = {column: fields.get(column, default) for column, default in
                  PROFILE_COLUMNS.items()}
        async with self._database.session() as session:
            if "profile" not in await _scopes_of(session, member_id):
                raise ConsentRequired("profile")
            changed: dict[str, Any] = {**values, "updated_at": now}
            if visibility is not None:
                changed["visibility"] = visibility
            await session.execute(
                upsert(session, ProfileRow)
                .values(member_id=member_id, **values, visibility=visibility or {},
                        paused=False, snoozed_until=None, odd_one="trio", created_at=now,
                        updated_at=now)
                .on_conflict_do_update(index_elements=["member_id"], set_=changed)
            )
            row = await session.get_one(ProfileRow, member_id, populate_existing=True)
            saved = _record(row, await _scopes_of(session, member_id))
        self._changes.profile_changed(member_id)
        return saved

    async def get(self, member_id: int) -> StoredProfile | None:
        """The profile, or None if there is none or its profile consent was withdrawn."""
        async with self._database.session() as session:
            row = await session.get(ProfileRow, member_id)
            scopes = await _scopes_of(session, member_id)
            return None if row is None or "profile" not in scopes else _record(row, scopes)

    async def all(self) -> list[StoredProfile]:
        """Every profile whose member's profile consent is in force, by member id.

        Read as plain rows in batches, so that a pool of 100,000 profiles lets the event
        loop run between batches instead of stalling it for seconds.
        """
        async with self._database.session() as session:
            scopes = await _scopes_of_all(session)
            found: list[StoredProfile] = []
            rows = await session.stream(select(ProfileRow.__table__).order_by(
                ProfileRow.member_id).execution_options(yield_per=_BATCH))
            async for batch in rows.partitions():
                found += [_record(row, scopes[row.member_id]) for row in batch
                          if "profile" in scopes.get(row.member_id, ())]
            return found

    async def standings(self) -> list[PoolStanding]:
        """Of every profile in force, only what decides whether it is in the matching pool
        now: a fraction of `all` to read, for when only pauses or consents changed."""
        async with self._database.session() as session:
            scopes = await _scopes_of_all(session)
            rows = await session.stream(select(
                ProfileRow.member_id, ProfileRow.paused, ProfileRow.snoozed_until,
            ).order_by(ProfileRow.member_id).execution_options(yield_per=_BATCH * 5))
            return [PoolStanding(member_id, paused, snoozed, frozenset(scopes[member_id]))
                    async for batch in rows.partitions()
                    for member_id, paused, snoozed in batch
                    if "profile" in scopes.get(member_id, ())]

    async def standing(self, member_id: int) -> PoolStanding | None:
        """One member's standing (None without a profile in force)."""
        stored = await self.get(member_id)
        return None if stored is None else PoolStanding(
            member_id, stored.paused, stored.snoozed_until, stored.consents)

    async def set_paused(self, member_id: int, paused: bool) -> bool:
        """Pause or resume matching; False when the member has no profile."""
        return await self._update(member_id, paused=paused)

    async def snooze(self, member_id: int, until: datetime | None) -> bool:
        """No suggestions before `until` (None: snooze off); False without a profile."""
        return await self._update(member_id, snoozed_until=until)

    async def set_odd_one(self, member_id: int, choice: str) -> bool:
        """What to do when the member is the odd one out of a round: "trio" or "carry_over"."""
        if choice not in ("trio", "carry_over"):
            raise ValueError(f"odd_one must be trio or carry_over, not {choice!r}")
        return await self._update(member_id, odd_one=choice)

    async def delete(self, member_id: int) -> bool:
        """Delete the profile (the member and their consents stay); False if there was none."""
        return await self.forget_member(member_id) > 0

    async def mark_told_dm_closed(self, member_id: int) -> bool:
        """Record that the member was told their DMs are closed to rounds; True only the
        first time (tell them then), False after that or without a profile."""
        async with self._database.session() as session:
            result = await changed_rows(session, update(ProfileRow).where(
                ProfileRow.member_id == member_id, ProfileRow.dm_closed_told_at.is_(None))
                .values(dm_closed_told_at=self._clock()))
            return result > 0

    async def export_member(self, member_id: int) -> dict[str, Any] | None:
        """The member's profile for their privacy export; None when they have none."""
        async with self._database.session() as session:
            row = await session.get(ProfileRow, member_id)
            if row is None:
                return None
            record = _jsonable(_record(row, await _scopes_of(session, member_id)))
            record["consents"] = sorted(record["consents"])
            return record

    async def forget_member(self, member_id: int) -> int:
        """Delete the member's profile and close their waiting requests; the rows deleted."""
        async with self._database.session() as session:
            result = await changed_rows(session,
                delete(ProfileRow).where(ProfileRow.member_id == member_id))
            await close_pending(session, member_id, self._clock())
        self._changes.profile_changed(member_id)
        return result

    async def _update(self, member_id: int, **values: Any) -> bool:
        async with self._database.session() as session:
            result = await changed_rows(session,
                update(ProfileRow).where(ProfileRow.member_id == member_id)
                .values(**values, updated_at=self._clock())
            )
        self._changes.standing_changed(member_id)
        return result > 0


async def _scopes_of_all(session: AsyncSession) -> dict[int, set[str]]:
    """The matching scopes in force, by member (read in batches, like the profiles)."""
    consents = await session.stream(select(ConsentRow.member_id, ConsentRow.scope).where(
        ConsentRow.withdrawn_at.is_(None), ConsentRow.scope.in_(MATCHING_SCOPES))
        .execution_options(yield_per=_BATCH * 5))
    scopes: dict[int, set[str]] = {}
    async for batch in consents.partitions():
        for member_id, scope in batch:
            scopes.setdefault(member_id, set()).add(scope)
    return scopes


async def _scopes_of(session: AsyncSession, member_id: int) -> set[str]:
    rows = await session.scalars(
        select(ConsentRow.scope).where(ConsentRow.member_id == member_id,
                                       ConsentRow.withdrawn_at.is_(None))
    )
    return set(rows)


def _record(row: Any, scopes: set[str]) -> StoredProfile:
    """A record from a profile row (an ORM row, or a plain row of the table's columns)."""
    return StoredProfile(
        member_id=row.member_id,
        fields={column: getattr(row, column) for column in PROFILE_COLUMNS},
        visibility=dict(row.visibility),
        paused=row.paused,
        snoozed_until=row.snoozed_until,
        odd_one=row.odd_one,
        consents=frozenset(scopes & set(MATCHING_SCOPES)),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
