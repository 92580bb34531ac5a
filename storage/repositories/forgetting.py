"""A member's forget beyond the member's own rows.

Kept, because they protect other people from the member: the blocks and "don't match me
with" entries naming them (their blocker's data) and their infractions (the moderation
ladder). Each keeps the keyed hash of the member's id instead of the id, with no foreign key
to them; an infraction also loses its words. Scrubbed: the member's id in the cards of the
round messages their group received. Both the privacy service's holders and the members
repository's own forget use these, so neither path can miss them.
"""

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InfractionRow, MatchExclusionRow, RoundMemberRow
from storage.repositories.base import changed_rows


async def forget_exclusions(session: AsyncSession, member_id: int, member_hash: str) -> int:
    """The member's own exclusions deleted, and those naming them kept under `member_hash`;
    the number of rows either way."""
    own = await changed_rows(session,
        delete(MatchExclusionRow).where(MatchExclusionRow.member_id == member_id))
    naming = await changed_rows(session, update(MatchExclusionRow).where(
        MatchExclusionRow.other_id == member_id).values(other_id=None, other_hash=member_hash))
    return own + naming


async def forget_infractions(session: AsyncSession, member_id: int, member_hash: str) -> int:
    """The member's infractions kept under `member_hash`, without their reasons (a reason
    may quote what was removed); the number of rows."""
    result = await changed_rows(session, update(InfractionRow).where(
        InfractionRow.member_id == member_id).values(member_id=None, member_hash=member_hash,
                                                     reason=""))
    return result


async def forget_cards(session: AsyncSession, member_id: int) -> None:
    """Take the member off the cards their round groups were shown, leaving the place empty
    so that the other cards keep their numbers (before the member's own round rows go,
    which say where to look)."""
    groups = select(RoundMemberRow.round_id, RoundMemberRow.group_no).where(
        RoundMemberRow.member_id == member_id, RoundMemberRow.group_no.is_not(None))
    shown = await session.scalars(select(RoundMemberRow).where(
        tuple_(RoundMemberRow.round_id, RoundMemberRow.group_no).in_(groups),
        RoundMemberRow.member_id != member_id))
    for row in shown:
        if row.cards and member_id in row.cards:
            row.cards = [None if peer == member_id else peer for peer in row.cards]
