"""Matching rounds: who was grouped with whom, and which messages went out.

A round is keyed by its start, so planning the same round twice (two processes, a restart)
finds the first plan. Each message is claimed with a conditional UPDATE before it is sent:
of two senders only one sees its claim succeed, so nothing goes out twice. The claim stores
the cards the message shows, in their order: its buttons and the member's export read that
list, never the group itself, and an export names a peer only once both agreed to meet.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from storage.models import (
    IntroductionRequestRow,
    IntroductionRow,
    MatchRoundRow,
    MemberRow,
    RoundMemberRow,
)
from storage.records import MatchRound, RoundMember
from storage.repositories.base import Repository, changed_rows, to_record, upsert
from storage.repositories.forgetting import forget_cards
from storage.repositories.introductions import card_state, pair_of


@dataclass(frozen=True, slots=True)
class PlannedMember:
    """One member's place in a round that is being recorded."""

    member_id: int
    group_no: int | None
    due_at: datetime
    checkin_due_at: datetime


_BATCH = 1000  # round members read at once


class RoundRepository(Repository):
    """Matching rounds and each member's place in one, claimed message by message so that a
    restart sends nothing twice and misses nothing."""

    name = "match_rounds"

    async def record(self, starts_at: datetime, ends_at: datetime,
                     members: list[PlannedMember]) -> tuple[MatchRound, bool]:
        """Store a round's plan; if this round was recorded before, the stored plan wins.

        Returns the round and whether this call created it.
        """
        now = self._clock()
        async with self._database.session() as session:
            inserted = await session.execute(
                upsert(session, MatchRoundRow)
                .values(starts_at=starts_at, ends_at=ends_at, created_at=now)
                .on_conflict_do_nothing(index_elements=["starts_at"])
                .returning(MatchRoundRow.id))
            round_id = inserted.scalar()
            created = round_id is not None
            # One statement run for many rows, in chunks, so the loop runs between them.
            add_member = upsert(session, MemberRow).on_conflict_do_nothing(
                index_elements=["id"])
            add_round_member = upsert(session, RoundMemberRow).on_conflict_do_nothing(
                index_elements=["round_id", "member_id"])
            for start in range(0, len(members) if created else 0, _BATCH):
                chunk = members[start:start + _BATCH]
                await session.execute(add_member, [{"id": m.member_id, "created_at": now}
                                                   for m in chunk])
                await session.execute(add_round_member, [
                    {"round_id": round_id, "member_id": m.member_id, "group_no": m.group_no,
                     "due_at": m.due_at, "notified_at": None,
                     "checkin_due_at": m.checkin_due_at, "checkin_sent_at": None,
                     "connected": None, "helped": None} for m in chunk])
        found = await self.at(starts_at)
        assert found is not None
        self._changes.all_rules_changed()
        return found, created

    async def at(self, starts_at: datetime) -> MatchRound | None:
        """The round that starts at `starts_at`, if it was recorded."""
        async with self._database.session() as session:
            row = await session.scalar(
                select(MatchRoundRow).where(MatchRoundRow.starts_at == starts_at))
            return None if row is None else await _load(session, row)

    async def get(self, round_id: int) -> MatchRound | None:
        """The round behind a button or a check-in, or None when it is gone."""
        async with self._database.session() as session:
            row = await session.get(MatchRoundRow, round_id)
            return None if row is None else await _load(session, row)

    async def latest(self, before: datetime | None = None) -> MatchRound | None:
        """The most recent round (starting before `before`, if given)."""
        query = select(MatchRoundRow).order_by(MatchRoundRow.starts_at.desc()).limit(1)
        if before is not None:
            query = query.where(MatchRoundRow.starts_at < before)
        async with self._database.session() as session:
            row = await session.scalar(query)
            return None if row is None else await _load(session, row)

    async def past_pairs(self) -> set[tuple[int, int]]:
        """Every pair ever grouped together in a round, smaller id first."""
        async with self._database.session() as session:
            rows = await session.execute(
                select(RoundMemberRow.round_id, RoundMemberRow.group_no,
                       RoundMemberRow.member_id).where(RoundMemberRow.group_no.is_not(None)))
            groups: dict[tuple[int, int | None], list[int]] = {}
            for round_id, group_no, member_id in rows:
                groups.setdefault((round_id, group_no), []).append(member_id)
        return {(min(a, b), max(a, b)) for group in groups.values()
                for i, a in enumerate(group) for b in group[i + 1:]}

    async def due_notifications(self, now: datetime) -> list[RoundMember]:
        """Members whose round message is due and not yet sent."""
        return await self._due(RoundMemberRow.due_at, RoundMemberRow.notified_at, now)

    async def due_checkins(self, now: datetime) -> list[RoundMember]:
        """Members whose check-in is due and not yet sent (only those who were grouped)."""
        return [m for m in await self._due(RoundMemberRow.checkin_due_at,
                                           RoundMemberRow.checkin_sent_at, now)
                if m.group_no is not None]

    async def claim_notification(self, round_id: int, member_id: int,
                                 cards: list[int] | None = None) -> bool:
        """Mark the round message as sent, with the peers its cards show, in order; False
        if someone else already did (do not send)."""
        return await self._claim(round_id, member_id, "notified_at",
                                 cards=list(cards or []))

    async def cards(self, round_id: int, member_id: int) -> list[int | None]:
        """The peers on the cards the member's round message showed, in card order (empty
        before it was sent, or when the member was not in the round; None where that peer
        has since deleted their data)."""
        async with self._database.session() as session:
            shown = await session.scalar(select(RoundMemberRow.cards).where(
                RoundMemberRow.round_id == round_id, RoundMemberRow.member_id == member_id))
            return list(shown or [])

    async def mark_dm_closed(self, round_id: int, member_id: int) -> None:
        """The member's round message could not be sent (DMs closed): it stays claimed, so
        it is not tried again, and the failure is on record."""
        async with self._database.session() as session:
            await session.execute(update(RoundMemberRow).where(
                RoundMemberRow.round_id == round_id, RoundMemberRow.member_id == member_id)
                .values(dm_closed_at=self._clock()))

    async def claim_checkin(self, round_id: int, member_id: int) -> bool:
        """Mark the check-in as sent; False if it already was."""
        return await self._claim(round_id, member_id, "checkin_sent_at")

    async def release_notification(self, round_id: int, member_id: int) -> None:
        """Undo a claim whose send failed, so the next pass tries again."""
        async with self._database.session() as session:
            await session.execute(update(RoundMemberRow).where(
                RoundMemberRow.round_id == round_id, RoundMemberRow.member_id == member_id)
                .values(notified_at=None, cards=None))

    async def record_checkin(self, round_id: int, member_id: int, *, connected: bool,
                             helped: bool | None) -> bool:
        """The member's answer to "did you connect? did it help?"; False if not in the round."""
        async with self._database.session() as session:
            result = await changed_rows(session, update(RoundMemberRow).where(
                RoundMemberRow.round_id == round_id, RoundMemberRow.member_id == member_id)
                .values(connected=connected, helped=helped))
            return result > 0

    async def checkin_answers(self) -> list[tuple[bool | None, bool | None]]:
        """(connected, helped) of every grouped member of every round."""
        async with self._database.session() as session:
            rows = await session.execute(
                select(RoundMemberRow.connected, RoundMemberRow.helped)
                .where(RoundMemberRow.group_no.is_not(None)))
            return [(connected, helped) for connected, helped in rows]

    async def export_member(self, member_id: int) -> list[dict[str, Any]]:
        """The member's rounds: when, the cards their message showed (a number and where
        that runner stands; the runner's id only once both agreed to be introduced), and
        their check-in answers."""
        async with self._database.session() as session:
            rows = list(await session.scalars(select(RoundMemberRow).where(
                RoundMemberRow.member_id == member_id).order_by(RoundMemberRow.round_id)))
            requests = {(r.member_a, r.member_b): r for r in await session.scalars(
                select(IntroductionRequestRow).where(or_(
                    IntroductionRequestRow.requester_id == member_id,
                    IntroductionRequestRow.target_id == member_id)))}
            introduced = {(a, b) for a, b in await session.execute(
                select(IntroductionRow.member_a, IntroductionRow.member_b).where(or_(
                    IntroductionRow.member_a == member_id,
                    IntroductionRow.member_b == member_id)))}
            exported = []
            for row in rows:
                round_row = await session.get_one(MatchRoundRow, row.round_id)
                cards = []
                for number, peer in enumerate(row.cards or [], start=1):
                    if peer is None:  # that runner deleted their data
                        continue
                    pair = pair_of(member_id, peer)
                    state = ("introduced" if pair in introduced
                             else card_state(requests.get(pair), member_id))
                    card: dict[str, Any] = {"runner": number, "state": state}
                    if state == "introduced":
                        card["member"] = peer
                    cards.append(card)
                exported.append({
                    "round_id": row.round_id, "starts_at": round_row.starts_at.isoformat(),
                    "grouped": row.group_no is not None, "cards": cards,
                    **{name: None if value is None else value.isoformat() for name, value in (
                        ("due_at", row.due_at), ("notified_at", row.notified_at),
                        ("dm_closed_at", row.dm_closed_at),
                        ("checkin_due_at", row.checkin_due_at),
                        ("checkin_sent_at", row.checkin_sent_at))},
                    "connected": row.connected, "helped": row.helped})
            return exported

    async def forget_member(self, member_id: int) -> int:
        """Delete the member's places in rounds and their id from others' cards; the rows
        deleted."""
        async with self._database.session() as session:
            await forget_cards(session, member_id)
            result = await changed_rows(session,
                delete(RoundMemberRow).where(RoundMemberRow.member_id == member_id))
        self._changes.all_rules_changed()
        return result

    async def _due(self, due: Any, sent: Any, now: datetime) -> list[RoundMember]:
        async with self._database.session() as session:
            return await _members(session, select(RoundMemberRow.__table__).where(
                due <= now, sent.is_(None)).order_by(due, RoundMemberRow.id))

    async def _claim(self, round_id: int, member_id: int, column: str,
                     **also: Any) -> bool:
        sent = getattr(RoundMemberRow, column)
        async with self._database.session() as session:
            result = await changed_rows(session, update(RoundMemberRow).where(
                RoundMemberRow.round_id == round_id, RoundMemberRow.member_id == member_id,
                sent.is_(None)).values({column: self._clock(), **also}))
            return result == 1


async def _load(session: Any, row: MatchRoundRow) -> MatchRound:
    members = await _members(session, select(RoundMemberRow.__table__).where(
        RoundMemberRow.round_id == row.id).order_by(RoundMemberRow.member_id))
    return MatchRound(id=row.id, starts_at=row.starts_at, ends_at=row.ends_at,
                      members=members)


async def _members(session: Any, query: Any) -> list[RoundMember]:
    """Round members as plain rows, in batches: a round of 10,000 read as ORM objects in
    one go would hold the event loop for a second."""
    found: list[RoundMember] = []
    rows = await session.stream(query.execution_options(yield_per=_BATCH))
    async for batch in rows.partitions():
        found += [to_record(row, RoundMember) for row in batch]
    return found
