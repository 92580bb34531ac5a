"""The runtime install against today's, side by side in one run (issue 19).

Two backends of the same answer engine, each measured in fresh processes:

- `onnx`: the runtime install (`make runtime`: `pip install .`, no torch), the encoder's
  ONNX export on ONNX Runtime;
- `torch`: the full environment with sentence-transformers on torch, the encoder as it ran
  before issue 19 (`embeddings.reference`).

Prints, for each: cold start to first answer (process start to the first answer printed,
best of two), resident memory after the warm work, warm `/ask` p50 and p95 (one question at
a time), batch answering (`answer_many`, questions/s), the moderation path (each message
moderated and encoded on its own, as the understanding model will read every message:
messages/s), and the size of the environment; then whether the two backends' answers on the
evaluation sets are identical (citations, triage, abstention). Never fails on time.

Run from the repository root with the full environment: python benchmarks/bench_runtime.py
(`make runtime` first for the runtime column; without it the onnx column runs in the full
environment and says so).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported late at run time: the import is part of the cold start
    from knowledge.service import AnswerService

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data"
TARGETS = {"cold_start_s": ("<=", 2.0), "rss_mb": ("<=", 300.0), "p50_ms": ("<=", 10.0),
           "batch_qps": (">=", 300.0), "moderation_mps": (">=", 150.0)}
EVAL_FILES = sorted(DATA.glob("qa_*.jsonl")) + sorted(DATA.glob("stories_*.jsonl"))
BATCH_RUNS = 3


def read_jsonl(path: Path, field: str) -> list[str]:
    return [json.loads(line)[field] for line in path.read_text("utf-8").splitlines()
            if line.strip()]


def load_service(backend: str) -> AnswerService:
    """The answer engine over the backend's encoder, its caches in DATA_DIR."""
    from knowledge.service import AnswerService

    if backend == "torch":
        from embeddings.reference import SentenceTransformerEncoder

        encoder = SentenceTransformerEncoder()
    else:
        from bot.settings import Settings
        from embeddings.encoder import Encoder

        encoder = Encoder(**Settings(_env_file=None).encoder_options())
    return AnswerService.load(Path(os.environ["DATA_DIR"]), encoder=encoder)


def child(backend: str, cold: bool, answers_out: Path | None) -> None:
    """One measured process: first answer as soon as possible, then (unless `cold`) the
    warm figures, printed as one JSON line."""
    service = load_service(backend)
    service.answer("What is LLC?")
    print("first", flush=True)
    if cold:
        return
    import psutil

    from moderation import check_text

    questions = read_jsonl(DATA / "qa_eval.jsonl", "question") + read_jsonl(
        DATA / "qa_holdout.jsonl", "question")
    for question in questions[:20]:
        service.answer(question)
    timings = []
    for question in questions * 2:
        started = time.perf_counter()
        service.answer(question)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    batch = [f"{q} ({i})" for i, q in enumerate(questions * 6)]
    rates = []
    for _ in range(BATCH_RUNS):
        started = time.perf_counter()
        service.answer_many(batch)
        rates.append(len(batch) / (time.perf_counter() - started))
    messages = read_jsonl(DATA / "moderation_eval.jsonl", "text")
    encode = service.encoder.encode
    for message in messages[:20]:
        check_text(message)
        encode([message])
    started = time.perf_counter()
    for message in messages:
        check_text(message)
        encode([message])
    moderation = len(messages) / (time.perf_counter() - started)
    rss = psutil.Process().memory_info().rss / 2**20
    if answers_out is not None:
        with answers_out.open("w", encoding="utf-8") as out:
            for path in EVAL_FILES:
                qs = read_jsonl(path, "question")
                for q, answer in zip(qs, service.answer_many(qs), strict=True):
                    out.write(json.dumps({"file": path.name, "question": q,
                                          **answer.contract()}) + "\n")
    print(json.dumps({"p50_ms": statistics.median(timings),
                      "p95_ms": timings[int(len(timings) * 0.95) - 1],
                      "batch_qps": statistics.median(rates), "moderation_mps": moderation,
                      "rss_mb": rss}), flush=True)


def spawn(python: Path, backend: str, env: dict[str, str], *extra: str) -> tuple[float, str]:
    """Seconds from process start to its first answer, and what it printed after."""
    started = time.perf_counter()
    process = subprocess.Popen([str(python), __file__, "--child", backend, *extra], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    first = process.stdout.readline()
    cold = time.perf_counter() - started
    rest, errors = process.communicate()
    if first.strip() != "first" or process.returncode != 0:
        raise SystemExit(f"{backend} child failed: {errors[-2000:]}")
    return cold, rest


def site_packages_mb(python: Path) -> float:
    """Size of the environment's installed packages (the encoder export not included)."""
    found = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                            "['purelib'])"], capture_output=True, text=True, check=True)
    total = 0
    for folder, _, files in os.walk(found.stdout.strip()):
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                total += os.path.getsize(path)
    return total / 2**20


def identical(onnx: Path, torch: Path) -> str:
    a = [json.loads(line) for line in onnx.read_text("utf-8").splitlines()]
    b = [json.loads(line) for line in torch.read_text("utf-8").splitlines()]
    keys = ("triage", "abstained", "answer", "screening")
    cites = sum(1 for x, y in zip(a, b, strict=True) if [
        (c["source"], c["section"], c["quote"]) for c in x["citations"]] != [
        (c["source"], c["section"], c["quote"]) for c in y["citations"]])
    other = sum(1 for x, y in zip(a, b, strict=True) if any(x[k] != y[k] for k in keys))
    scores = sum(1 for x, y in zip(a, b, strict=True) if x != y)
    return (f"{len(a)} answers over {len(EVAL_FILES)} evaluation files: citations differ in "
            f"{cites}, triage/abstention/answer text in {other}, anything at all "
            f"(scores to 4 decimals included) in {scores}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=("onnx", "torch"))
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--answers", type=Path)
    parser.add_argument("--runtime-venv", type=Path, default=ROOT / ".venv-runtime")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.cold, args.answers)
        return

    from embeddings.encoder import Encoder

    data_dir = Path(tempfile.mkdtemp(prefix="llc-bench-runtime-"))
    encoder_dir = Path(os.environ.get("ENCODER_DIR") or Path(sys.prefix) / "llc-bot-encoder")
    Encoder(encoder_dir=encoder_dir)  # export first if need be: not part of any figure
    env = {**os.environ, "DATA_DIR": str(data_dir), "ENCODER_DIR": str(encoder_dir),
           "LOG_LEVEL": "WARNING", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    runtime = args.runtime_venv / "bin" / "python"
    if not runtime.exists():
        print(f"no runtime install at {args.runtime_venv} (make runtime): the onnx column "
              "runs in the full environment")
        runtime = Path(sys.executable)
    full = Path(sys.executable)
    spawn(full, "torch", env, "--cold")  # builds the caches both backends then read
    columns = {"onnx": runtime, "torch": full}
    figures: dict[str, dict[str, float]] = {}
    answers = {name: data_dir / f"answers-{name}.jsonl" for name in columns}
    colds: dict[str, list[float]] = {name: [] for name in columns}
    for _ in range(2):  # interleaved, so both columns see the same machine
        for name, python in columns.items():
            colds[name].append(spawn(python, name, env, "--cold")[0])
    for name, python in columns.items():
        _, out = spawn(python, name, env, "--answers", str(answers[name]))
        figures[name] = {"cold_start_s": min(colds[name]),
                         **json.loads(out.strip().splitlines()[-1]),
                         "env_mb": site_packages_mb(python)}
    cli = Path(columns["onnx"]).parent / "llc-bot"
    started = time.perf_counter()
    subprocess.run([str(cli), "ask", "What is LLC?", "--json"], env=env, check=True,
                   capture_output=True)
    cli_cold = time.perf_counter() - started

    print(f"runtime: {columns['onnx']}   today's: {columns['torch']}   "
          f"ENCODER_THREADS={os.environ.get('ENCODER_THREADS') or os.cpu_count()}   "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'':>16} {'runtime (onnx)':>15} {'today (torch)':>15}   target")
    for key, label in (("cold_start_s", "cold start s"), ("rss_mb", "resident MB"),
                       ("p50_ms", "warm p50 ms"), ("p95_ms", "warm p95 ms"),
                       ("batch_qps", "batch q/s"), ("moderation_mps", "moderation msg/s"),
                       ("env_mb", "environment MB")):
        onnx, torch = figures["onnx"][key], figures["torch"][key]
        target = ""
        if key in TARGETS:
            bound, value = TARGETS[key]
            meets = onnx <= value if bound == "<=" else onnx >= value
            target = f"{bound} {value:g}  {'meets' if meets else 'MISSES'}"
        print(f"{label:>16} {onnx:15.2f} {torch:15.2f}   {target}")
    print(f"`llc-bot ask --json` of the runtime install, cold: {cli_cold:.2f} s")
    print("answers:", identical(answers["onnx"], answers["torch"]))


if __name__ == "__main__":
    main()
