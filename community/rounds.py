"""Matching rounds, as Donut does for teams and Yelp's beans for meetings.

Every two weeks a round groups the pool: members on the "2w" cadence take part in every
round, those on "4w" whenever they sat the last one out. Pairs come from
`networkx.max_weight_matching` over a sparse graph of allowed pairs (each member's nearest
allowed peers), with integer weights from the similarity and a boost for whoever was left
unpaired last time. An odd member joins a trio or is carried over, as they chose.

A round is recorded before any message goes out, keyed by its start, so a restart finds the
same plan; each message is claimed in the database before it is sent (see
`storage.repositories.rounds`), so nothing goes out twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import networkx as nx

from community.match_pool import load_pool
from community.matching import MatchIndex, similarity
from community.story_vectors import StoryVectors
from community.surveys.suppression import protected_sums
from storage import Store
from storage.records import RoundMember, StoredProfile
from storage.repositories.rounds import PlannedMember
from storage.timestamps import utc_now

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
    groups: list[list[int]]
    unpaired: list[int]

    def contract(self) -> dict[str, list]:
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


def pair_pool(index: MatchIndex, members: Sequence[int], *, boosted: set[int] = frozenset(),
              wants_trio: set[int] = frozenset(), neighbours: int = NEIGHBOURS,
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


Send = Callable[[RoundMember, list[int]], Awaitable[None]]


class RoundService:
    """Plans, records and delivers rounds; every step is safe to repeat after a restart."""

    def __init__(self, store: Store, stories: StoryVectors | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._store = store
        self._stories = stories
        self._clock = clock

    async def plan(self, *, dry_run: bool = False) -> tuple[datetime, RoundPlan]:
        """The current round: recorded already, or planned now (and recorded unless dry)."""
        now = self._clock()
        starts_at = round_start(now)
        recorded = await self._store.rounds.at(starts_at)
        if recorded is not None:
            return starts_at, RoundPlan(recorded.groups(), recorded.unpaired())

        previous = await self._store.rounds.latest(before=starts_at)
        was_in = {m.member_id for m in previous.members} if previous else set()

        def in_round(profile: StoredProfile) -> bool:
            return takes_part(profile.fields["rounds"], profile.member_id in was_in)

        pool = await load_pool(self._store, now, self._stories, extra_rule=in_round)
        members = [m for m in pool.stored if pool.index.rules.in_pool(m)]
        plan = pair_pool(
            pool.index, members,
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

    async def send_due(self, send: Send) -> int:
        """Send every round message that is due and unsent; the number sent.

        A message is claimed before it is sent and released if sending fails, so a crash or
        a second worker never sends it twice.
        """
        sent = 0
        for member in await self._store.rounds.due_notifications(self._clock()):
            if not await self._store.rounds.claim_notification(member.round_id,
                                                               member.member_id):
                continue
            if not await self._matching(member.member_id):
                continue  # withdrew since the round was planned: claimed, never sent
            try:
                await send(member, await self._peers(member))
            except Exception:
                await self._store.rounds.release_notification(member.round_id,
                                                              member.member_id)
                raise
            sent += 1
        return sent

    async def send_checkins(self, send: Send) -> int:
        """Ask "did you connect? did it help?" near the end of the round; the number sent."""
        sent = 0
        for member in await self._store.rounds.due_checkins(self._clock()):
            if (await self._store.rounds.claim_checkin(member.round_id, member.member_id)
                    and await self._matching(member.member_id)):
                await send(member, await self._peers(member))
                sent += 1
        return sent

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

    async def _matching(self, member_id: int) -> bool:
        return await self._store.consents.active(member_id, "matching") is not None

    async def _peers(self, member: RoundMember) -> list[int]:
        """The member's group, without anyone who withdrew matching consent since."""
        recorded = await self._store.rounds.get(member.round_id)
        if recorded is None or member.group_no is None:
            return []
        return [m.member_id for m in recorded.members
                if m.group_no == member.group_no and m.member_id != member.member_id
                and await self._matching(m.member_id)]
