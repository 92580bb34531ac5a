"""200 concurrent `/ask` interactions through the local Discord double.

Times are from the moment the 200 interactions are sent until each reply reaches the double.

Prints the time to acknowledge (Discord's deadline is 3 s), the time to answer, and the
event loop's worst lag while the bot works. Never fails on time.
Run from the repository root: python benchmarks/bench_discord.py
"""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cogs.questions import SLOW_NOTE  # noqa: E402
from knowledge.service import AnswerService  # noqa: E402
from tests.discord_double import DiscordDouble  # noqa: E402
from tests.e2e.bot_harness import llc_bot_running  # noqa: E402

CONCURRENT = 200
LAG_TICK = 0.005


async def watch_lag(stop: asyncio.Event, lags: list[float]) -> None:
    """How late the loop wakes a task that asked to sleep LAG_TICK."""
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(LAG_TICK)
        lags.append(time.perf_counter() - started - LAG_TICK)


async def send_all(double: DiscordDouble, payloads: list[dict]) -> None:
    """Every member presses enter at once."""
    await asyncio.gather(*(double.send_interaction(p) for p in payloads))


async def answer_of(double: DiscordDouble, payload: dict) -> None:
    """The answer: a follow-up, or (when the member was told it would be slow) the edit of
    the original response that replaces the note."""
    webhook = re.escape(f"/webhooks/{double.guild.application_id}/{payload['token']}")
    await double.wait_for_request(("POST", "PATCH"), re.compile(webhook + "(/messages/@original)?"),
                                  body=lambda body: bool(body.get("embeds")), within=300)


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="llc-bench-discord-"))
    answers = await asyncio.to_thread(AnswerService.load, data_dir / "index")
    questions = [json.loads(line)["question"]
                 for line in (ROOT / "tests/data/qa_eval.jsonl").read_text().splitlines()]
    with pytest.MonkeyPatch.context() as monkeypatch:
        async with DiscordDouble() as double, llc_bot_running(double, answers, data_dir,
                                                               monkeypatch):
            payloads = [double.interaction_slash("ask", {"question": questions[i % len(questions)]})
                        for i in range(CONCURRENT)]
            stop, lags = asyncio.Event(), []
            watcher = asyncio.create_task(watch_lag(stop, lags))
            # One reader in send order: many concurrent waiters would each rescan the
            # double's request log on every request and measure the double, not the bot.
            started = time.perf_counter()
            sender = asyncio.create_task(send_all(double, payloads))
            acks, answered = [], []
            for payload in payloads:
                await double.wait_for_callback(payload, within=120)
                acks.append(time.perf_counter() - started)
            for payload in payloads:
                await answer_of(double, payload)
                answered.append(time.perf_counter() - started)
            slow = len(double.requests_matching(
                "PATCH", re.compile(r"/webhooks/\d+/[^/]+/messages/@original"),
                body=lambda body: SLOW_NOTE in (body.get("content") or "")))
            await sender
            wall = time.perf_counter() - started
            stop.set()
            await watcher
    print(f"{CONCURRENT} concurrent /ask through the Discord double, wall {wall:.2f} s "
          f"({CONCURRENT / wall:.0f} answers/s)")
    print(f"  acknowledge: p50 {statistics.median(acks) * 1000:7.1f} ms  p95 "
          f"{pct(acks, 0.95) * 1000:7.1f} ms  max {max(acks) * 1000:7.1f} ms  (deadline 3000 ms)")
    print(f"  answer:      p50 {statistics.median(answered):7.2f} s   p95 "
          f"{pct(answered, 0.95):7.2f} s   max {max(answered):7.2f} s")
    print(f"  told their answer would be slow (questions queueing): {slow}")
    print(f"  event loop lag: worst {max(lags) * 1000:.1f} ms, p99 {pct(lags, 0.99) * 1000:.1f} ms")


if __name__ == "__main__":
    asyncio.run(main())
