"""Question answering speed on this machine, against the targets of ARCHITECTURE.md.

Prints: cold start to first answer (a fresh `llc-bot ask` process), warm latency p50/p95
(one question at a time), batch throughput (`answer_many`), and resident memory.
Never fails on time. Run from the repository root: python benchmarks/bench_ask.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.service import AnswerService  # noqa: E402

TARGETS = {"cold_start_s": 8.0, "p50_ms": 25.0, "p95_ms": 60.0, "batch_qps": 200.0,
           "rss_mb": 800.0}
BATCH_RUNS = 3


def questions(names: tuple[str, ...] = ("qa_eval.jsonl", "qa_holdout.jsonl")) -> list[str]:
    items = []
    for name in names:
        for line in (ROOT / "tests" / "data" / name).read_text("utf-8").splitlines():
            if line.strip():
                items.append(json.loads(line)["question"])
    return items


def cold_start(data_dir: Path) -> float:
    script = Path(sys.executable).parent / "llc-bot"
    env = {**os.environ, "DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    subprocess.run([str(script), "ask", "What is LLC?", "--json"], env=env, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="llc-bench-"))
    service = AnswerService.load(data_dir)  # builds the index cache for the cold start run
    cold = min(cold_start(data_dir) for _ in range(2))
    qs = questions()
    for q in qs[:20]:
        service.answer(q)
    timings = []
    for q in qs * 2:
        started = time.perf_counter()
        service.answer(q)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    batch = [f"{q} ({i})" for i, q in enumerate(qs * 6)]
    rates = []
    for _ in range(BATCH_RUNS):  # the median of a few runs: one run is at the mercy of the CPU
        started = time.perf_counter()
        service.answer_many(batch)
        rates.append(len(batch) / (time.perf_counter() - started))
    qps = statistics.median(rates)
    rss = psutil.Process().memory_info().rss / 2**20
    figures = {"cold_start_s": cold, "p50_ms": p50, "p95_ms": p95, "batch_qps": qps,
               "rss_mb": rss}
    print(f"questions: {len(qs)} distinct, {len(timings)} warm calls, batch of {len(batch)} "
          f"(runs: {', '.join(f'{r:.0f}' for r in rates)} q/s)")
    stories = questions(("stories_dev.jsonl",))
    story_times = []
    for q in stories:  # members' stories: longer, with features and relations to compute
        started = time.perf_counter()
        service.answer(q)
        story_times.append((time.perf_counter() - started) * 1000)
    story_times.sort()
    print(f"stories: {len(stories)} warm calls, p50 {statistics.median(story_times):.1f} ms, "
          f"p95 {story_times[int(len(story_times) * 0.95) - 1]:.1f} ms (no target of their own)")
    for name, value in figures.items():
        target = TARGETS[name]
        better = value >= target if name == "batch_qps" else value <= target
        bound = ">=" if name == "batch_qps" else "<="
        print(f"{name:>13}: {value:9.1f}   target {bound} {target:g}   "
              f"{'meets' if better else 'MISSES'}")


if __name__ == "__main__":
    main()
