"""Matching rounds, as Donut does for teams and Yelp's beans for meetings.

Every two weeks a round groups the pool: members on the "2w" cadence take part in every
round, those on "4w" whenever they sat the last one out. Pairs come from
`networkx.max_weight_matching` over a sparse graph of allowed pairs (each member's nearest
allowed peers), with integer weights from the similarity and a boost for whoever was left
unpaired last time. An odd member joins a trio or is carried over, as they chose.

A round is recorded before any message goes out, keyed by its start, so a restart finds the
same plan; each message is claimed in the database before it is sent (see
`storage.repositories.rounds`), so nothing goes out twice.

What a member's message shows is decided when it is sent, from the process's kept pool
(built once, with each change taken in: `community.pool_cache`): the group as planned, less
whoever has left the pool since and whoever either one blocked or avoids since
(`round_cards`). That list is stored with the claim, and the
message's buttons and the member's export read it, so a button asks the runner on its card
and no one else. Each send fails alone: closed DMs are recorded (the member is told once,
by the front end, and not tried again), any other failure is tried again on the next pass,
and the others are sent either way.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import networkx as nx

from community.delivery import DmClosed
from community.long_lived import full_collections_paused
from community.match_pool import Pool, load_records, pool_from
from community.matching import MatchIndex, similarity
from community.pool_cache import PoolCache
from community.story_vectors import StoryVectors
from community.surveys.suppression import protected_sums
from storage import Store
from storage.records import RoundMember, StoredProfile
from storage.repositories.rounds import PlannedMember
from storage.timestamps import utc_now

log = logging.getLogger(__name__)

ROUND_EPOCH = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday: rounds start on Mondays
ROUND_LENGTH = timedelta(days=14)
LOCAL_HOUR = 10  # messages go out at 10:00 in the member's own time zone
CHECKIN_BEFORE_END = timedelta(days=3)
NEIGHBOURS = 6  # edges per member: enough for a good matching, few enough to be fast
BLOCK = 200  # members matched at once; networkx's matching slows down steeply beyond this
WEIGHT_SCALE = 1000  # similarity in [0, 1] -> integer weight, as max_weight_matching wants
UNPAIRED_BOOST = 300  # added to every edge of someone left unpaired last round
# A grouped member's check-in: talked and it helped, talked, did not connect, or no answer.
CHECKIN_OUTCOMES = ("helped", "connected", "no", "unanswered")


@dataclass(frozen=True, slots=True)
class RoundPlan:
    """Who meets whom in a round and who waits for the next, before anything is stored or
    sent: `llc-bot match round --dry-run` prints it without recording."""

    groups: list[list[int]]
    unpaired: list[int]

    def contract(self) -> dict[str, list[list[str]] | list[str]]:
        """`{"groups": [[str, ...]], "unpaired": [str]}`, as `llc-bot match round` prints."""
        return {"groups": [[str(m) for m in group] for group in self.groups],
                "unpaired": [str(m) for m in self.unpaired]}


def round_start(now: datetime) -> datetime:
    """The start of the round `now` falls in."""
    return ROUND_EPOCH + ((now - ROUND_EPOCH) // ROUND_LENGTH) * ROUND_LENGTH


def takes_part(cadence: str, in_previous_round: bool) -> bool:
    """Whether a member on `cadence` ("off", "2w", "4w") is in this round: "2w" always,
    "4w" when they sat out the previous round (so a newcomer starts at once)."""
    return cadence == "2w" or (cadence == "4w" and not in_previous_round)


def local_time_at(day_of: datetime, zone: str | None, *, hour: int = LOCAL_HOUR) -> datetime:
    """`hour` o'clock on the member's local date of `day_of`, or the next day if that time
    has passed: a sensible hour in their own time zone (UTC when they gave none)."""
    tz = ZoneInfo(zone) if zone else UTC
    local = day_of.astimezone(tz)
    due = datetime.combine(local.date(), time(hour), tzinfo=tz)
    if due < local:
        due += timedelta(days=1)
    return due.astimezone(UTC)


def pair_pool(index: MatchIndex, members: Sequence[int], *,
              boosted: AbstractSet[int] = frozenset(),
              wants_trio: AbstractSet[int] = frozenset(), neighbours: int = NEIGHBOURS,
              block: int = BLOCK) -> RoundPlan:
    """Group `members` by maximum-weight matching over the pairs `index` allows.

    networkx's matching is cubic in the worst case, so a large pool is cut into blocks of
    alike members, each matched on its own; whoever is left over is matched once more
    among themselves before the odd ones join trios or are carried over.
    """
    weights: dict[tuple[int, int], int] = {}

    def weight(a: int, b: int) -> int:
        key = (min(a, b), max(a, b))
        if key not in weights:
            score = similarity(index.entry(a), index.entry(b))
            weights[key] = (1 + round(score * WEIGHT_SCALE)
                            + UNPAIRED_BOOST * ((a in boosted) + (b in boosted)))
        return weights[key]

    groups: list[list[int]] = []
    left: list[int] = []
    for part in index.blocks(members, block):
        matched, rest = _match(index, part, weight, neighbours)
        groups += matched
        left += rest
    for part in index.blocks(left, block) if len(left) > 1 else []:
        matched, rest = _match(index, part, weight, neighbours)
        groups += matched
    groups.sort()
    unpaired = []
    for member in sorted(set(members) - {m for group in groups for m in group}):
        trio = _best_trio(index, member, groups, weight) if member in wants_trio else None
        if trio is None:
            unpaired.append(member)
        else:
            groups[trio] = sorted([*groups[trio], member])
    return RoundPlan(groups=groups, unpaired=unpaired)


def _match(index: MatchIndex, members: list[int], weight: Callable[[int, int], int],
           neighbours: int) -> tuple[list[list[int]], list[int]]:
    """Maximum-weight matching of one block: its pairs, and who was left out."""
    graph = nx.Graph()
    graph.add_nodes_from(members)
    for member, peers in index.neighbours(members, neighbours).items():
        for peer in peers:
            graph.add_edge(member, peer, weight=weight(member, peer))
    matching = nx.max_weight_matching(graph, maxcardinality=True, weight="weight")
    pairs = [sorted(pair) for pair in matching]
    paired = {m for pair in pairs for m in pair}
    return pairs, [m for m in members if m not in paired]


def _best_trio(index: MatchIndex, member: int, groups: list[list[int]],
               weight: Callable[[int, int], int]) -> int | None:
    """The pair `member` may join with the most weight to both, or None."""
    best: tuple[int, int] | None = None
    for number, group in enumerate(groups):
        if len(group) == 2 and all(index.rules.allowed(member, m) for m in group):
            total = sum(weight(member, m) for m in group)
            if best is None or total > best[0]:
                best = (total, number)
    return None if best is None else best[1]


def round_cards(pool: Pool, member: int, group: Sequence[int]) -> list[int]:
    """The peers whose cards `member`'s round message shows, in card order: the planned
    group less anyone no longer in the pool, and anyone either one blocked or avoids."""
    rules = pool.index.rules
    return [peer for peer in sorted(group)
            if peer != member and peer in pool.index and rules.in_pool(peer)
            and not rules.excluded(member, peer)]


Send = Callable[[RoundMember, list[int]], Awaitable[None]]
Told = Callable[[int], Awaitable[None]]


class RoundService:
    """Plans, records and delivers rounds; every step is safe to repeat after a restart."""

    def __init__(self, store: Store, stories: StoryVectors | None = None,
                 clock: Callable[[], datetime] = utc_now, *,
                 pools: PoolCache | None = None) -> None:
        self._store = store
        self._stories = stories
        self._clock = clock
        self._pools = pools or PoolCache(store, stories)

    async def plan(self, *, dry_run: bool = False) -> tuple[datetime, RoundPlan]:
        """The current round: recorded already, or planned now (and recorded unless dry).

        A round of thousands is read, matched and recorded without full collections,
        which would scan its rows again and again (`community.long_lived`)."""
        with full_collections_paused():
            return await self._plan(dry_run=dry_run)

    async def _plan(self, *, dry_run: bool) -> tuple[datetime, RoundPlan]:
        now = self._clock()
        starts_at = round_start(now)
        recorded = await self._store.rounds.at(starts_at)
        if recorded is not None:
            return starts_at, RoundPlan(recorded.groups(), recorded.unpaired())

        previous = await self._store.rounds.latest(before=starts_at)
        was_in = {m.member_id for m in previous.members} if previous else set()

        def in_round(profile: StoredProfile) -> bool:
            return takes_part(profile.fields["rounds"], profile.member_id in was_in)

        # Read on the loop in batches; the pool and the matching are built in a thread.
        records = await load_records(self._store, self._stories)
        pool = await asyncio.to_thread(pool_from, records.stored, records.history, now,
                                       records.vectors, excluded=records.excluded,
                                       extra_rule=in_round)
        members = [m for m in pool.stored if pool.index.rules.in_pool(m)]
        plan = await asyncio.to_thread(
            pair_pool, pool.index, members,
            boosted=set(previous.unpaired()) if previous else set(),
            wants_trio={m for m in members if pool.stored[m].odd_one == "trio"})
        if dry_run or len(members) < 2:
            # Nothing is recorded for a pool of one or none, so members who join later in
            # the fortnight still get this round.
            return starts_at, plan
        ends_at = starts_at + ROUND_LENGTH
        group_of = {m: n for n, group in enumerate(plan.groups) for m in group}
        planned = [PlannedMember(
            member_id=m, group_no=group_of.get(m),
            due_at=local_time_at(max(starts_at, now), pool.stored[m].fields["timezone"]),
            checkin_due_at=local_time_at(ends_at - CHECKIN_BEFORE_END,
                                         pool.stored[m].fields["timezone"]))
            for m in members]
        recorded, _ = await self._store.rounds.record(starts_at, ends_at, planned)
        return starts_at, RoundPlan(recorded.groups(), recorded.unpaired())

    async def send_due(self, send: Send, dm_closed: Told | None = None) -> int:
        """Send every round message that is due and unsent; the number sent.

        A message is claimed, with its cards, before it is sent, so a crash or a second
        worker never sends it twice. A member whose DMs are closed keeps the claim (it is
        not tried again), the failure is recorded and `dm_closed(member)` called; any other
        failure releases the claim for the next pass. Either way the others are sent.
        """
        sent = 0
        with full_collections_paused():  # thousands of rows read at once
            due = await self._store.rounds.due_notifications(self._clock())
            if not due:
                return 0
            groups = await self._groups(due)
        for member in due:
            # The kept pool, with any block or departure since the last send taken in.
            pool = await self._pools.get(self._clock())
            taking_part = pool.index.rules.in_pool(member.member_id)
            cards = round_cards(pool, member.member_id, groups.get(
                (member.round_id, member.group_no), [])) if taking_part else []
            if not await self._store.rounds.claim_notification(
                    member.round_id, member.member_id, cards):
                continue
            if not taking_part:
                continue  # left, paused or snoozed since the round was planned: never sent
            outcome = await self._deliver(send, member, cards, dm_closed)
            sent += outcome == "sent"
            if outcome == "retry":
                await self._store.rounds.release_notification(member.round_id,
                                                              member.member_id)
        return sent

    async def send_checkins(self, send: Send, dm_closed: Told | None = None) -> int:
        """Ask "did you connect? did it help?" near the end of the round; the number sent.
        A check-in is claimed before it is sent and never sent twice, even if it failed."""
        sent = 0
        with full_collections_paused():
            due = await self._store.rounds.due_checkins(self._clock())
            if not due:
                return 0
            pool = await self._pools.get(self._clock())
        for member in due:
            if (await self._store.rounds.claim_checkin(member.round_id, member.member_id)
                    and pool.index.rules.in_pool(member.member_id)):
                cards = [peer for peer in member.cards or [] if peer is not None]
                sent += await self._deliver(send, member, cards, dm_closed) == "sent"
        return sent

    async def _deliver(self, send: Send, member: RoundMember, cards: list[int],
                       dm_closed: Told | None) -> Literal["sent", "dm_closed", "retry"]:
        """Send one message, which fails alone: "retry" if it may go through later."""
        try:
            await send(member, cards)
        except DmClosed:
            await self._store.rounds.mark_dm_closed(member.round_id, member.member_id)
            log.info("round message not delivered, DMs closed: round=%s member=%s",
                     member.round_id, member.member_id)
            if dm_closed is not None:
                try:
                    await dm_closed(member.member_id)
                except Exception as error:  # telling them must not stop the others either
                    log.warning("could not tell of closed DMs: member=%s error=%s",
                                member.member_id, type(error).__name__)
            return "dm_closed"
        except Exception as error:  # a rate limit, an outage, a bug: the others go on
            log.warning("round message failed, will retry: round=%s member=%s error=%s",
                        member.round_id, member.member_id, type(error).__name__)
            return "retry"
        return "sent"

    async def _groups(self, due: list[RoundMember]) -> dict[tuple[int, int | None],
                                                            list[int]]:
        """The members of every group of the rounds in `due`, by (round, group)."""
        groups: dict[tuple[int, int | None], list[int]] = {}
        for round_id in {m.round_id for m in due}:
            recorded = await self._store.rounds.get(round_id)
            for m in recorded.members if recorded else []:
                if m.group_no is not None:
                    groups.setdefault((round_id, m.group_no), []).append(m.member_id)
        return groups

    async def report(self) -> dict[str, int | None]:
        """How matching is doing, in counts, under the surveys' small-group rule: the four
        outcomes of a check-in are protected as a question's answers are, and a figure is
        shown only when it cannot give a hidden outcome away (None otherwise)."""
        outcomes = Counter(
            "unanswered" if connected is None else "helped" if helped else
            "connected" if connected else "no" for connected, helped in
            await self._store.rounds.checkin_answers())
        return protected_sums({name: outcomes[name] for name in CHECKIN_OUTCOMES}, {
            "grouped": CHECKIN_OUTCOMES, "answered": ("helped", "connected", "no"),
            "connected": ("helped", "connected"), "helped": ("helped",)})
