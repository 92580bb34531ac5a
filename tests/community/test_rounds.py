"""Matching rounds with a fake clock: planned once, sent once across restarts, at a local
hour, history left out, odd members placed as they chose, check-ins and a suppressed report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from community.delivery import DmClosed
from community.profile_import import import_profile
from community.profiles import parse_profile
from community.rounds import (
    ROUND_LENGTH,
    RoundService,
    local_time_at,
    round_start,
)
from storage import Store
from storage.records import RoundMember

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a round starts that day (epoch + 8 weeks)


@pytest.fixture
def monday(clock):
    clock.now = MONDAY
    return clock


async def add(store: Store, member: int, *, rounds: str = "2w",
              timezone: str = "Europe/Berlin", side: str = "right") -> None:
    await import_profile(store, parse_profile({
        "member": str(member), "side": side, "muscles": ["calves"], "rounds": rounds,
        "timezone": timezone, "consent": {"profile": True, "matching": True}}))


class Outbox:
    """Records what a round would send, like the Discord layer's sender."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, list[int]]] = []

    async def __call__(self, member: RoundMember, peers: list[int]) -> None:
        self.sent.append((member.member_id, peers))


def test_rounds_start_every_two_weeks_on_a_monday():
    assert round_start(MONDAY) == MONDAY.replace(hour=0)
    assert round_start(MONDAY + timedelta(days=13)) == MONDAY.replace(hour=0)
    assert round_start(MONDAY + ROUND_LENGTH) == MONDAY.replace(hour=0) + ROUND_LENGTH


def test_messages_are_due_at_ten_in_the_members_own_time_zone():
    start = MONDAY.replace(hour=0)
    assert local_time_at(start, "Europe/Berlin") == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert local_time_at(start, "America/New_York") == datetime(2026, 3, 2, 15, tzinfo=UTC)
    assert local_time_at(start, "Australia/Sydney") == datetime(2026, 3, 2, 23, tzinfo=UTC)
    assert local_time_at(start, None) == datetime(2026, 3, 2, 10, tzinfo=UTC)
    late = datetime(2026, 3, 2, 20, tzinfo=UTC)  # 21:00 in Berlin: tomorrow at ten
    assert local_time_at(late, "Europe/Berlin") == datetime(2026, 3, 3, 9, tzinfo=UTC)


async def test_a_restart_mid_round_sends_nothing_twice_and_misses_nothing(store: Store, monday):
    for member, zone in ((1, "Europe/Berlin"), (2, "Europe/Berlin"),
                         (3, "America/New_York"), (4, "America/New_York")):
        await add(store, member, timezone=zone)
    outbox = Outbox()
    _, plan = await RoundService(store, clock=monday).plan()
    assert sorted(m for group in plan.groups for m in group) == [1, 2, 3, 4]
    assert await RoundService(store, clock=monday).send_due(outbox) == 2  # Berlin at 10:00

    restarted = RoundService(store, clock=monday)  # a new process: same plan, nothing resent
    assert (await restarted.plan())[1] == plan
    assert await restarted.send_due(outbox) == 0
    monday.advance(hours=6)  # 10:00 in New York
    assert await restarted.send_due(outbox) == 2
    assert await RoundService(store, clock=monday).send_due(outbox) == 0
    assert sorted(member for member, _ in outbox.sent) == [1, 2, 3, 4]
    for member, peers in outbox.sent:
        group = next(g for g in plan.groups if member in g)
        assert sorted([member, *peers]) == group


async def test_a_failed_send_is_tried_again_on_the_next_pass(store: Store, monday):
    await add(store, 1)
    await add(store, 2)
    await RoundService(store, clock=monday).plan()

    async def broken(member: RoundMember, peers: list[int]) -> None:
        raise ConnectionError("gateway gone")

    assert await RoundService(store, clock=monday).send_due(broken) == 0
    outbox = Outbox()
    assert await RoundService(store, clock=monday).send_due(outbox) == 2


async def test_each_send_fails_alone_and_a_closed_dm_is_recorded_not_retried(store: Store,
                                                                             monday):
    for member in (1, 2, 3, 4):
        await add(store, member)
    await RoundService(store, clock=monday).plan()
    told: list[int] = []
    outbox = Outbox()

    async def send(member: RoundMember, peers: list[int]) -> None:
        if member.member_id == 1:
            raise DmClosed()
        if member.member_id == 2:
            raise RuntimeError("a bug in the sender")
        await outbox(member, peers)

    async def tell(member: int) -> None:
        told.append(member)

    service = RoundService(store, clock=monday)
    assert await service.send_due(send, tell) == 2  # 1 is done with: its DMs are closed
    assert sorted(m for m, _ in outbox.sent) == [3, 4] and told == [1]
    assert await service.send_due(outbox, tell) == 1  # 2 again, 1 never again
    recorded = {m.member_id: m for m in (await store.rounds.latest()).members}
    assert recorded[1].dm_closed_at is not None and recorded[2].dm_closed_at is None


async def test_a_dry_run_records_nothing(store: Store, monday):
    await add(store, 1)
    await add(store, 2)
    _, plan = await RoundService(store, clock=monday).plan(dry_run=True)
    assert plan.groups == [[1, 2]]
    assert await store.rounds.latest() is None


async def test_previous_pairs_are_left_out_of_the_next_round(store: Store, monday):
    for member in (1, 2, 3, 4):
        await add(store, member, side="right" if member in (1, 2) else "left")
    _, first = await RoundService(store, clock=monday).plan()
    assert first.groups == [[1, 2], [3, 4]]  # the most alike pairs first
    monday.advance(days=14)
    _, second = await RoundService(store, clock=monday).plan()
    pairs = {tuple(group) for group in second.groups}
    assert pairs and not pairs & {(1, 2), (3, 4)}


async def test_the_odd_member_joins_a_trio_or_is_carried_over_and_boosted(store: Store,
                                                                          monday):
    for member in (1, 2, 3):
        await add(store, member)
    for member in (1, 2, 3):
        await store.profiles.set_odd_one(member, "carry_over")
    _, plan = await RoundService(store, clock=monday).plan()
    assert len(plan.groups) == 1 and len(plan.unpaired) == 1
    left_out = plan.unpaired[0]
    await add(store, 4)
    await add(store, 5)
    monday.advance(days=14)
    _, second = await RoundService(store, clock=monday).plan()
    assert left_out in {m for group in second.groups for m in group}


async def test_an_odd_member_who_chose_a_trio_joins_one(store: Store, monday):
    for member in (1, 2, 3):
        await add(store, member)
    _, plan = await RoundService(store, clock=monday).plan()
    assert plan.groups == [[1, 2, 3]] and plan.unpaired == []


async def test_four_weekly_members_sit_out_every_other_round_and_off_means_never(
        store: Store, monday):
    await add(store, 1, rounds="4w")
    await add(store, 2, rounds="4w")
    await add(store, 3, rounds="2w")
    await add(store, 4, rounds="2w")
    await add(store, 5, rounds="off")
    _, first = await RoundService(store, clock=monday).plan()
    assert sorted(m for g in first.groups for m in g) == [1, 2, 3, 4]
    monday.advance(days=14)
    _, second = await RoundService(store, clock=monday).plan()
    assert sorted([m for g in second.groups for m in g] + second.unpaired) == [3, 4]
    monday.advance(days=14)
    _, third = await RoundService(store, clock=monday).plan()
    assert {1, 2} <= {m for g in third.groups for m in g} | set(third.unpaired)
    assert 5 not in {m for g in third.groups for m in g} | set(third.unpaired)


async def test_check_ins_go_out_once_near_the_end_and_the_report_hides_small_counts(
        store: Store, monday):
    for member in range(1, 9):
        await add(store, member)
    await RoundService(store, clock=monday).plan()
    outbox = Outbox()
    assert await RoundService(store, clock=monday).send_checkins(outbox) == 0
    monday.advance(days=11)
    assert await RoundService(store, clock=monday).send_checkins(outbox) == 8
    assert await RoundService(store, clock=monday).send_checkins(outbox) == 0
    recorded = await store.rounds.latest()
    for member in range(1, 7):
        await store.rounds.record_checkin(recorded.id, member, connected=True,
                                          helped=member <= 2)
    report = await RoundService(store, clock=monday).report()
    # 2 helped, 4 only talked, 2 never answered: "answered 6 of 8" would have told the 2.
    assert report == {"grouped": 8, "answered": None, "connected": None, "helped": None}


async def test_a_member_who_withdraws_after_planning_gets_nothing_and_is_shown_to_no_one(
        store: Store, monday):
    for member in (1, 2, 3, 4):
        await add(store, member)
    await RoundService(store, clock=monday).plan()
    await store.consents.withdraw(1, "matching")
    outbox = Outbox()
    await RoundService(store, clock=monday).send_due(outbox)
    assert 1 not in [member for member, _ in outbox.sent]
    assert all(1 not in peers for _, peers in outbox.sent)
    assert sorted(member for member, _ in outbox.sent) == [2, 3, 4]
