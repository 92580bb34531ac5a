"""The understanding model's cost on this machine (issue 16): training from nothing, and the
moderation path now that every server message is read by the model.

Prints: the time to train from the committed corpus into an empty cache (target: at most
60 s); messages/s through the bot's path (the shared micro-batcher on the bounded model
executor, `run_if_room`, as the moderation cog reads every message) at a steady 100 and 150
messages/s of mixed lengths, with event-loop lag and how many messages were shed to the
pattern floor (target: at least 100 messages/s, lag under 50 ms); and messages/s read one at
a time, for comparison. Never fails on time.
Run from the repository root: python benchmarks/bench_understanding.py
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embeddings.encoder import Encoder  # noqa: E402
from embeddings.executor import ModelExecutor, Shed  # noqa: E402
from knowledge.batching import MicroBatcher  # noqa: E402
from knowledge.understanding import Understanding  # noqa: E402

RATES = (100, 150)
SECONDS_PER_RATE = 10
SEQUENTIAL = 200
EVAL_FILE = ROOT / "tests" / "data" / "moderation_eval.jsonl"


def texts() -> list[str]:
    """Mixed messages: the moderation set, with a few long stories among them."""
    lines = [json.loads(line)["text"] for line in EVAL_FILE.read_text("utf-8").splitlines()]
    story = " ".join(lines[:40])
    return [*lines, story[:1500], story[:4000]]


async def steady(understanding: Understanding, rate: int, messages: list[str]) -> None:
    executor = ModelExecutor()
    batcher: MicroBatcher[str, object] = MicroBatcher(understanding.read_many,
                                                      run=executor.run_if_room)
    lags: list[float] = []
    shed = 0
    done = 0

    async def one(text: str) -> None:
        nonlocal shed, done
        result = await batcher.submit(text)
        shed += isinstance(result, Shed)
        done += 1

    async def watch(stop: asyncio.Event) -> None:
        while not stop.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - before - 0.01)

    stop = asyncio.Event()
    watcher = asyncio.create_task(watch(stop))
    tasks = []
    start = time.perf_counter()
    for i in range(rate * SECONDS_PER_RATE):
        tasks.append(asyncio.create_task(one(messages[i % len(messages)])))
        await asyncio.sleep(max(0.0, start + (i + 1) / rate - time.perf_counter()))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    stop.set()
    await watcher
    executor.shutdown()
    print(f"  offered {rate}/s: {done / elapsed:.0f} messages/s read, shed to the floor "
          f"{shed} of {done}, loop lag p50 {1000 * statistics.median(lags):.1f} ms, "
          f"p99 {1000 * sorted(lags)[int(0.99 * len(lags))]:.1f} ms, "
          f"max {1000 * max(lags):.1f} ms")


def main() -> None:
    encoder = Encoder()
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        understanding = Understanding.load(Path(cache), encoder)
        print(f"train from nothing: {time.perf_counter() - start:.1f} s "
              f"({understanding.trained_on.get('examples')} messages; target <= 60 s)")
    messages = texts()
    understanding.read_many(messages[:8])  # warm
    start = time.perf_counter()
    for text in messages[:SEQUENTIAL]:
        understanding.read(text)
    print(f"one at a time: {SEQUENTIAL / (time.perf_counter() - start):.0f} messages/s")
    print("through the bot's path (micro-batches on the bounded executor):")
    for rate in RATES:
        asyncio.run(steady(understanding, rate, messages))


if __name__ == "__main__":
    main()
