"""The survey scheduler: plan a wave's sends, claim them in small batches, send, record.

A plain service, free of Discord: the clock and the sender are injected, so the bot's
`discord.ext.tasks` loop calls `tick()` every few seconds and the tests drive it with a fake
clock. Why a tasks loop over the database rows and not APScheduler: APScheduler 4 (the
version whose SQL data store lets several schedulers share jobs) is still a pre-release
with open bugs in that store, and 3.x does not support several schedulers on one job
store. The rows already are the schedule (one per member, survey and wave, unique), so a
loop that claims due rows with `FOR UPDATE SKIP LOCKED` needs nothing more and survives
restarts and extra processes by construction.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from community.delivery import DmClosed, SendFailed
from community.surveys.definitions import SurveyBook
from community.surveys.waves import current_wave, invited
from storage import Store
from storage.records import PlannedSend, SurveySend
from storage.repositories import SurveyRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Invitation:
    """What the adapter turns into a DM with a button that opens the form."""

    send_id: int
    member_id: int
    survey: str
    wave: str
    title: str
    reminder: bool


Sender = Callable[[Invitation], Awaitable[None]]
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    """How fast and how persistently surveys go out."""

    batch_size: int = 10  # sends claimed per claim: small, so other processes get a share
    per_tick: int = 30  # sends per tick at most; with a tick every 60 s, 30 DMs a minute
    spread_seconds: float = 2.0  # a wave's first sends are this far apart
    max_attempts: int = 3
    backoff: timedelta = timedelta(minutes=5)  # doubled after each failed attempt
    remind_after: timedelta | None = timedelta(days=3)  # None: no reminder
    claim_lease: timedelta = timedelta(minutes=10)  # a claim older than this was abandoned


@dataclass
class TickReport:
    """What one tick did, in numbers and ids (never message text)."""

    planned: int = 0
    recovered: int = 0
    sent: int = 0
    reminded: int = 0
    retried: int = 0
    failed: int = 0
    dm_closed: list[int] = field(default_factory=list)  # members found with DMs closed

    @property
    def handled(self) -> int:
        """Sends this tick took care of, whatever came of them."""
        return self.sent + self.reminded + self.retried + self.failed + len(self.dm_closed)


class SurveyScheduler:
    """Sends due surveys and reminders; many of these may run against one PostgreSQL."""

    def __init__(self, store: Store, surveys: SurveyBook, sender: Sender, *, clock: Clock,
                 settings: ScheduleSettings | None = None, worker: str | None = None) -> None:
        # The schedule's times (claims, sends, reminders) are this scheduler's clock's.
        self._repo = SurveyRepository(store.database, clock=clock)
        self._surveys = surveys
        self._sender = sender
        self._clock = clock
        self.settings = settings or ScheduleSettings()
        self.worker = worker or f"scheduler-{uuid.uuid4().hex[:12]}"

    async def planned_sends(self, now: datetime | None = None) -> list[PlannedSend]:
        """The sends the current waves call for that do not exist yet, spread over time."""
        now = now or self._clock()
        members = await self._repo.active_members()
        planned: list[PlannedSend] = []
        for survey in self._surveys:
            if survey.kind == "triggered":
                continue  # only its triggers create its sends
            wave = current_wave(survey, now)
            if wave.closes_at is not None and wave.closes_at <= now:
                continue
            have = await self._repo.planned_members(
                survey.id, None if survey.kind == "once" else wave.id)
            start = max(now, wave.opens_at)
            for member, cadence in members:
                if member in have or (survey.kind == "periodic" and not invited(cadence, wave)):
                    continue
                due = start + timedelta(seconds=len(planned) * self.settings.spread_seconds)
                planned.append(PlannedSend(member, survey.id, wave.id, due, wave.closes_at))
        return planned

    async def plan(self) -> int:
        """Create the sends of the current waves; running it again creates nothing new."""
        return await self._repo.plan(await self.planned_sends())

    async def due(self) -> list[Invitation]:
        """What would be sent now, planned or not yet planned, without sending anything."""
        now = self._clock()
        existing = await self._repo.due(remind_sent_before=self._remind_before(now))
        due = [self._invitation(send) for send in existing]
        due += [Invitation(0, p.member_id, p.survey, p.wave, self._title(p.survey), False)
                for p in await self.planned_sends(now) if p.due_at <= now]
        return due

    async def tick(self) -> TickReport:
        """One round: settle abandoned claims, plan, then claim and send up to `per_tick`."""
        now = self._clock()
        report = TickReport()
        report.recovered = await self._repo.recover_stale(now - self.settings.claim_lease)
        report.planned = await self.plan()
        while report.handled < self.settings.per_tick:
            claimed = await self._repo.claim(
                self.worker, limit=min(self.settings.batch_size,
                                       self.settings.per_tick - report.handled),
                remind_sent_before=self._remind_before(self._clock()))
            if not claimed:
                break
            for send in claimed:
                await self._deliver(send, report)
        if report.sent or report.reminded or report.dm_closed or report.failed:
            log.info("surveys: worker=%s sent=%d reminded=%d retried=%d failed=%d dm_closed=%d",
                     self.worker, report.sent, report.reminded, report.retried, report.failed,
                     len(report.dm_closed))
        return report

    async def members_to_tell_dm_closed(self) -> list[int]:
        """Members whose DMs are closed and who were not yet told in the server (once each)."""
        return await self._repo.dm_closed_to_tell()

    async def told_dm_closed(self, member_id: int) -> bool:
        """Record that the adapter told the member in the server; False if already recorded."""
        return await self._repo.mark_told_dm_closed(member_id)

    async def _deliver(self, send: SurveySend, report: TickReport) -> None:
        repo = self._repo
        try:
            await self._sender(self._invitation(send))
        except DmClosed:
            await repo.mark_dm_closed(send.id, self.worker)
            report.dm_closed.append(send.member_id)
        except Exception as error:  # SendFailed, or a bug in the adapter: retry either way
            if not isinstance(error, SendFailed):
                log.exception("surveys: sending send %d failed unexpectedly", send.id)
            retry_at = None
            if not send.is_reminder and send.attempts < self.settings.max_attempts:
                retry_at = self._clock() + self.settings.backoff * 2 ** (send.attempts - 1)
            await repo.mark_failed(send.id, self.worker, type(error).__name__, retry_at)
            if retry_at is None:
                report.failed += 1
            else:
                report.retried += 1
        else:
            await repo.mark_sent(send.id, self.worker)
            if send.is_reminder:
                report.reminded += 1
            else:
                report.sent += 1

    def _remind_before(self, now: datetime) -> datetime | None:
        remind_after = self.settings.remind_after
        return None if remind_after is None else now - remind_after

    def _invitation(self, send: SurveySend) -> Invitation:
        return Invitation(send.id, send.member_id, send.survey, send.wave,
                          self._title(send.survey), send.is_reminder)

    def _title(self, survey_id: str) -> str:
        return self._surveys.get(survey_id).title
