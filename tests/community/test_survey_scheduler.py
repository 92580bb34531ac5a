"""The survey scheduler on both databases, driven by a fake clock: no test sleeps."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from itertools import pairwise

import pytest
from survey_helpers import RecordingSender, enrol

from community.surveys.definitions import SurveyBook, default_surveys
from community.surveys.scheduler import ScheduleSettings, SurveyScheduler
from community.surveys.service import SurveyService
from storage import Database, Store
from storage.records import SendStatus, SurveyCadence

MONTHLY_ONLY = SurveyBook([default_surveys().get("monthly")])


def scheduler(store: Store, sender: RecordingSender, clock, book: SurveyBook = MONTHLY_ONLY,
              **settings) -> SurveyScheduler:
    settings.setdefault("spread_seconds", 0.0)  # tests of spreading say so
    return SurveyScheduler(store, book, sender, clock=clock,
                           settings=ScheduleSettings(**settings))


async def run_until_idle(s: SurveyScheduler, clock, *, step=timedelta(minutes=1),
                         rounds: int = 200) -> None:
    """Tick, moving the fake clock on, until a tick has nothing left to do."""
    for _ in range(rounds):
        report = await s.tick()
        if not report.handled and not report.planned:
            return
        clock.advance(seconds=step.total_seconds())


async def test_nothing_is_sent_to_members_who_did_not_opt_in(store: Store, clock):
    await store.consents.grant(1, "matching")  # known to the bot for something else
    await store.consents.grant(2, "surveys")  # consent alone is not joining
    sender = RecordingSender()
    await run_until_idle(scheduler(store, sender, clock), clock)
    assert sender.delivered == []


async def test_planning_twice_creates_each_send_once_spread_over_time(store: Store, clock):
    await enrol(store, 1, 2, 3)
    s = scheduler(store, RecordingSender(), clock, spread_seconds=2.0)
    assert await s.plan() == 3
    assert await s.plan() == 0
    sends = sorted([await store.surveys.send_for(member, "monthly", "2026-03")
                    for member in (1, 2, 3)], key=lambda send: send.next_attempt_at)
    assert [send.wave for send in sends] == ["2026-03"] * 3
    gaps = {(b.next_attempt_at - a.next_attempt_at).total_seconds()
            for a, b in pairwise(sends)}
    assert gaps == {2.0}


async def test_each_member_gets_the_baseline_once_and_every_monthly_wave(store: Store, clock):
    await enrol(store, 7)
    sender = RecordingSender()
    s = scheduler(store, sender, clock, book=default_surveys(), remind_after=None)
    await run_until_idle(s, clock)
    clock.advance(days=31)  # April
    await run_until_idle(s, clock)
    assert sorted(sender.invitations()) == [(7, "baseline", "once"), (7, "monthly", "2026-03"),
                                            (7, "monthly", "2026-04")]


async def test_quarterly_members_are_invited_in_quarter_months_only(store: Store, clock):
    await enrol(store, 1, cadence=SurveyCadence.QUARTERLY)
    await enrol(store, 2)
    sender = RecordingSender()
    s = scheduler(store, sender, clock, remind_after=None)
    await run_until_idle(s, clock)  # March: not a quarter month
    clock.advance(days=31)  # April
    await run_until_idle(s, clock)
    assert sorted(sender.invitations()) == [(1, "monthly", "2026-04"), (2, "monthly", "2026-03"),
                                            (2, "monthly", "2026-04")]


async def test_a_restart_mid_wave_sends_nothing_twice_and_misses_no_one(store: Store, clock):
    members = list(range(1, 13))
    await enrol(store, *members)
    sender = RecordingSender()
    first = scheduler(store, sender, clock, per_tick=5, batch_size=2, remind_after=None)
    await first.tick()
    assert len(sender.delivered) == 5
    # The process stops; a new one (new worker id, same database) takes over.
    second = scheduler(store, sender, clock, per_tick=5, batch_size=2, remind_after=None)
    await run_until_idle(second, clock)
    assert Counter(i.member_id for i in sender.delivered) == Counter(members)


async def test_a_process_that_died_while_sending_is_not_repeated_and_the_reminder_follows(
        store: Store, clock):
    await enrol(store, 1, 2)
    dead = scheduler(store, RecordingSender(), clock)
    await dead.plan()
    claimed = await store.surveys.claim(dead.worker, limit=1, remind_sent_before=None)
    assert [send.member_id for send in claimed] == [1]  # ... and then the process died
    sender = RecordingSender()
    alive = scheduler(store, sender, clock, remind_after=timedelta(days=3))
    await run_until_idle(alive, clock)
    assert sender.invitations() == [(2, "monthly", "2026-03")]  # 1's claim is still leased
    clock.advance(minutes=11)
    assert (await alive.tick()).recovered == 1
    assert sender.invitations() == [(2, "monthly", "2026-03")]
    clock.advance(days=3)
    await run_until_idle(alive, clock)
    assert sorted(sender.reminders()) == [1, 2]


async def test_failures_are_retried_with_backoff_then_recorded(store: Store, clock):
    await enrol(store, 1, 2)
    sender = RecordingSender(failing={1, 2}, failures=99)
    s = scheduler(store, sender, clock, max_attempts=3, backoff=timedelta(minutes=5),
                  remind_after=None)
    first = await s.tick()
    assert first.retried == 2
    send = await store.surveys.send_for(1, "monthly", "2026-03")
    assert send.status is SendStatus.PENDING
    assert send.next_attempt_at == clock.now + timedelta(minutes=5)
    clock.advance(minutes=5)
    assert (await s.tick()).retried == 2
    send = await store.surveys.send_for(1, "monthly", "2026-03")
    assert send.next_attempt_at == clock.now + timedelta(minutes=10)  # doubled
    clock.advance(minutes=10)
    assert (await s.tick()).failed == 2
    clock.advance(days=1)
    assert (await s.tick()).handled == 0
    send = await store.surveys.send_for(1, "monthly", "2026-03")
    assert (send.status, send.attempts, send.last_error) == (SendStatus.FAILED, 3, "SendFailed")


async def test_a_failure_that_passes_is_delivered_on_retry(store: Store, clock):
    await enrol(store, 1)
    sender = RecordingSender(failing={1}, failures=1)
    s = scheduler(store, sender, clock, remind_after=None)
    await run_until_idle(s, clock, step=timedelta(minutes=5))
    assert sender.invitations() == [(1, "monthly", "2026-03")]
    assert sender.attempts[1] == 2


async def test_closed_dms_are_recorded_once_never_retried_and_told_once(store: Store, clock):
    await enrol(store, 1, 2)
    sender = RecordingSender(closed={1})
    s = scheduler(store, sender, clock)
    report = await s.tick()
    assert report.dm_closed == [1]
    clock.advance(days=10)
    await run_until_idle(s, clock)
    assert sender.attempts[1] == 1
    assert (await store.surveys.send_for(1, "monthly", "2026-03")).status is SendStatus.DM_CLOSED
    assert await s.members_to_tell_dm_closed() == [1]
    assert await s.told_dm_closed(1) is True
    assert await s.told_dm_closed(1) is False
    assert await s.members_to_tell_dm_closed() == []


async def test_one_reminder_after_the_delay_and_none_once_answered(store: Store, clock):
    await enrol(store, 1, 2)
    sender = RecordingSender()
    s = scheduler(store, sender, clock, remind_after=timedelta(days=3))
    await run_until_idle(s, clock)
    service = SurveyService(store, MONTHLY_ONLY, clock=clock)
    await service.answer(2, "monthly", "2026-03", {"severity_easy": 2, "severity_fast": 5,
                                                   "severity_flat": 4, "pgic": 3}, submit=True)
    clock.advance(days=2)
    await run_until_idle(s, clock)
    assert sender.reminders() == []
    clock.advance(days=1)
    await run_until_idle(s, clock)
    clock.advance(days=5)
    await run_until_idle(s, clock)
    assert sender.reminders() == [1]


async def test_paused_members_get_nothing_until_they_resume_within_the_wave(store: Store, clock):
    await enrol(store, 1)
    service = SurveyService(store, MONTHLY_ONLY, clock=clock)
    await service.pause(1)
    sender = RecordingSender()
    s = scheduler(store, sender, clock)
    await run_until_idle(s, clock)
    assert sender.delivered == []
    await service.resume(1)
    await run_until_idle(s, clock)
    assert sender.invitations() == [(1, "monthly", "2026-03")]


async def test_members_who_left_get_nothing_and_their_consent_is_withdrawn(store: Store, clock):
    await enrol(store, 1)
    await SurveyService(store, MONTHLY_ONLY, clock=clock).leave(1)
    sender = RecordingSender()
    await run_until_idle(scheduler(store, sender, clock), clock)
    assert sender.delivered == []
    assert await store.consents.active(1, "surveys") is None


async def test_a_closed_wave_is_not_sent(store: Store, clock):
    await enrol(store, 1)
    s = scheduler(store, RecordingSender(), clock)
    await s.plan()
    clock.advance(days=30)  # March's wave closed on the 29th; April's opens on the 1st
    sender = RecordingSender()
    s2 = scheduler(store, sender, clock)
    await s2.tick()
    assert sender.invitations() == []


async def test_a_change_sets_off_a_follow_up_a_month_later_never_after_completion(
        store: Store, clock):
    book = default_surveys()
    await enrol(store, 1)
    service = SurveyService(store, book, clock=clock)
    sender = RecordingSender()
    s = scheduler(store, sender, clock, book=book, remind_after=None)
    monthly = {"severity_easy": 2, "severity_fast": 6, "severity_flat": 5, "pgic": 3,
               "changes": "started hip strength work"}
    await service.answer(1, "monthly", "2026-03", monthly, submit=True)
    await run_until_idle(s, clock)
    assert [i for i in sender.invitations() if i[1] == "change_followup"] == []
    clock.advance(days=30)
    await run_until_idle(s, clock)
    assert (1, "change_followup", "after_change:2026-03") in sender.invitations()
    await service.answer(1, "change_followup", "after_change:2026-03",
                         {"strategy": "hip_thigh_strength", "outcome": "helped"}, submit=True)
    await service.answer(1, "monthly", "2026-04", monthly, submit=True)
    clock.advance(days=31)
    await run_until_idle(s, clock)
    assert [i for i in sender.invitations() if i[1] == "change_followup"] == [
        (1, "change_followup", "after_change:2026-03")]


@pytest.mark.postgres
async def test_two_schedulers_at_once_on_postgresql_never_send_the_same_survey_twice(
        database_url: str, database: Database, clock):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has a single writer; several schedulers need PostgreSQL")
    store = Store.over(database, clock=clock)
    members = list(range(1, 81))
    await enrol(store, *members)
    other_database = Database.from_url(database_url)
    try:
        sender = RecordingSender(yield_between=True)
        settings = {"batch_size": 3, "per_tick": 1000, "remind_after": None}
        a = scheduler(store, sender, clock, **settings)
        b = scheduler(Store.over(other_database, clock=clock), sender, clock, **settings)
        await a.plan()
        clock.advance(hours=1)  # every planned send is due
        reports = await asyncio.gather(a.tick(), b.tick(), a.tick(), b.tick())
    finally:
        await other_database.dispose()
    assert Counter(i.member_id for i in sender.delivered) == Counter(members)
    assert all(report.sent > 0 for report in reports[:2])  # both took a share
