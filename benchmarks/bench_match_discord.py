"""`/match` and a matching round through the real bot and the local Discord double, with the
event loop's lag, at the sizes of issue 15 (item 14).

For 10,000 and 100,000 synthetic profiles (community.synthetic, stored in SQLite, without
stories: encoding 100,000 stories would take the model tens of minutes), it prints the first
`/match` (which builds the pool, as the background rebuild does every ten minutes), then the
p50 and p95 of `/match` with the pool kept, the `/match` after a block (that pair's rule
changes) and after a profile edit (that member's entry is read again), each with the worst
event-loop lag while it ran. Then a round of 10,000
members end to end: planning, and every suggestion sent by DM to the double. The /match
cooldown is lifted for the run (one member asks many times). Never fails on time.
Run from the repository root: python benchmarks/bench_match_discord.py
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cooldown import Cooldown  # noqa: E402
from community.synthetic import random_fields  # noqa: E402
from knowledge.service import AnswerService  # noqa: E402
from storage import Database, default_sqlite_url, upgrade_database  # noqa: E402
from storage.models import ConsentRow, MemberRow, ProfileRow  # noqa: E402
from tests.discord_double import DiscordDouble, FakeUser  # noqa: E402
from tests.e2e.bot_harness import llc_bot_running  # noqa: E402
from tests.fixtures_db import FakeClock  # noqa: E402

POOLS = (10_000, 100_000)
ROUND_MEMBERS = 10_000
QUERIES = 100
LAG_TICK = 0.005
ROUND_DAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a round starts; 10:00 UTC
FIRST_ID = 10**15  # synthetic members' ids, far from the double's


class LagWatch:
    """How late the loop wakes a task that asked to sleep LAG_TICK, while it runs."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(LAG_TICK)
            self.lags.append(time.perf_counter() - started - LAG_TICK)

    async def __aenter__(self) -> LagWatch:
        self._task = asyncio.create_task(self._watch())
        return self

    async def __aexit__(self, *_: object) -> None:
        self._stop.set()
        assert self._task is not None
        await self._task

    @property
    def worst_ms(self) -> float:
        return max(self.lags, default=0.0) * 1000


async def seed(url: str, ids: list[int], *, rounds: str, zone: str | None) -> None:
    """Profiles with profile and matching consent for `ids`, written in bulk."""
    await upgrade_database(url)
    database = Database.from_url(url)
    rng, now = random.Random(15), datetime.now(UTC)
    try:
        for start in range(0, len(ids), 2000):
            chunk = ids[start:start + 2000]
            async with database.session() as session:
                await session.execute(insert(MemberRow), [{"id": m, "created_at": now}
                                                          for m in chunk])
                await session.execute(insert(ConsentRow), [
                    {"member_id": m, "scope": scope, "granted_at": now}
                    for m in chunk for scope in ("profile", "matching")])
                await session.execute(insert(ProfileRow), [{
                    "member_id": m, **random_fields(rng), "other_diagnoses": [],
                    "story": None, "timezone": zone, "wants": "either", "rounds": rounds,
                    "visibility": {}, "paused": False, "snoozed_until": None,
                    "odd_one": "trio", "created_at": now, "updated_at": now}
                    for m in chunk])
    finally:
        await database.dispose()


async def timed_match(double: DiscordDouble) -> tuple[float, float]:
    """One /match by the member: seconds until they see the cards, and the worst lag."""
    async with LagWatch() as watch:
        started = time.perf_counter()
        shown = await double.run_slash("match", within=600)
        seconds = time.perf_counter() - started
    assert "Runner 1" in shown.message.text, shown.message.text
    return seconds, watch.worst_ms


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


async def bench_match(answers: AnswerService, count: int) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix=f"llc-bench-match-{count}-"))
    url = default_sqlite_url(data_dir)
    async with DiscordDouble() as double:
        member = double.member
        started = time.perf_counter()
        await seed(url, [member.id, *range(FIRST_ID, FIRST_ID + count - 1)], rounds="off",
                   zone=None)
        print(f"{count:,} profiles stored in {time.perf_counter() - started:.0f} s")
        with pytest.MonkeyPatch.context() as monkeypatch:
            async with llc_bot_running(double, answers, data_dir, monkeypatch,
                                       DATABASE_URL=url) as bot:
                bot.get_cog("MatchingCog").cooldown = Cooldown(0)
                cold, cold_lag = await timed_match(double)
                warm = []
                warm_lag = 0.0
                for _ in range(QUERIES):
                    seconds, lag = await timed_match(double)
                    warm.append(seconds)
                    warm_lag = max(warm_lag, lag)
                await double.run_slash("block", {"member": double.trusted})
                after_block, block_lag = await timed_match(double)
                store = bot.services.store
                edited = FIRST_ID + 7
                stored = await store.profiles.get(edited)
                await store.profiles.save(edited, {**stored.fields, "side": "both"})
                after_edit, edit_lag = await timed_match(double)
    warm.sort()
    print(f"  /match, pool built on the way (first): {ms(cold)}   worst loop lag "
          f"{cold_lag:7.1f} ms")
    print(f"  /match, pool kept:  p50 {ms(statistics.median(warm))}  p95 "
          f"{ms(warm[int(len(warm) * 0.95)])}   worst loop lag {warm_lag:7.1f} ms "
          f"({QUERIES} in a row)")
    print(f"  /match after a /block (that pair's rule changed): {ms(after_block)}   worst loop "
          f"lag {block_lag:7.1f} ms")
    print(f"  /match after a profile edit (its entry read again): {ms(after_edit)}   worst "
          f"loop lag {edit_lag:7.1f} ms")


async def bench_round(answers: AnswerService) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="llc-bench-round-"))
    url = default_sqlite_url(data_dir)
    ids = list(range(FIRST_ID, FIRST_ID + ROUND_MEMBERS))
    await seed(url, ids, rounds="2w", zone=None)
    async with DiscordDouble() as double:
        for member in ids:
            double.dm_channel_id(FakeUser(member, f"runner{member - FIRST_ID}"))
        with pytest.MonkeyPatch.context() as monkeypatch:
            async with llc_bot_running(double, answers, data_dir, monkeypatch,
                                       clock=FakeClock(ROUND_DAY), DATABASE_URL=url) as bot:
                cog = bot.get_cog("MatchingCog")
                async with LagWatch() as planning:
                    started = time.perf_counter()
                    _, plan = await cog.rounds.plan()
                    planned = time.perf_counter() - started
                async with LagWatch() as sending:
                    started = time.perf_counter()
                    await cog.tick()
                    sent = time.perf_counter() - started
                delivered = sum(1 for r in double.requests_matching(
                    "POST", "/channels/{}/messages")
                    if "This round's suggestion" in ((r.json or {}).get("content") or ""))
    grouped = sum(len(group) for group in plan.groups)
    print(f"round of {ROUND_MEMBERS:,} members, end to end through the double:")
    print(f"  planned in {planned:.1f} s ({len(plan.groups):,} groups, {grouped:,} grouped, "
          f"{len(plan.unpaired)} unpaired), worst loop lag {planning.worst_ms:.1f} ms")
    print(f"  sent in {sent:.1f} s: {delivered:,} suggestions with cards "
          f"({delivered / sent:.0f}/s), worst loop lag {sending.worst_ms:.1f} ms")
    print(f"  total {planned + sent:.1f} s")


async def main() -> None:
    answers = await asyncio.to_thread(
        AnswerService.load, Path(tempfile.mkdtemp(prefix="llc-bench-index-")))
    for count in POOLS:
        await bench_match(answers, count)
    await bench_round(answers)


if __name__ == "__main__":
    asyncio.run(main())
