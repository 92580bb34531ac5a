"""Shared by the survey tests: a sender that records, and a quick way to enrol members."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from community.surveys.scheduler import DmClosed, Invitation, SendFailed
from storage import Store
from storage.records import SurveyCadence


@dataclass
class RecordingSender:
    """Delivers by remembering; members in `closed` refuse DMs, `failing` fail `failures`
    times each before a delivery goes through."""

    closed: set[int] = field(default_factory=set)
    failing: set[int] = field(default_factory=set)
    failures: int = 1
    yield_between: bool = False  # let other tasks run mid-send (concurrency tests)
    delivered: list[Invitation] = field(default_factory=list)
    attempts: dict[int, int] = field(default_factory=dict)

    async def __call__(self, invitation: Invitation) -> None:
        if self.yield_between:
            await asyncio.sleep(0)
        member = invitation.member_id
        self.attempts[member] = self.attempts.get(member, 0) + 1
        if member in self.closed:
            raise DmClosed()
        if member in self.failing and self.attempts[member] <= self.failures:
            raise SendFailed()
        self.delivered.append(invitation)

    def invitations(self, survey: str | None = None) -> list[tuple[int, str, str]]:
        """(member, survey, wave) of the first invitations delivered, in order."""
        return [(i.member_id, i.survey, i.wave) for i in self.delivered
                if not i.reminder and (survey is None or i.survey == survey)]

    def reminders(self) -> list[int]:
        return [i.member_id for i in self.delivered if i.reminder]


async def enrol(store: Store, *members: int,
                cadence: SurveyCadence = SurveyCadence.MONTHLY) -> None:
    for member in members:
        await store.surveys.enrol(member, cadence)
