"""CLI smoke tests of the runtime install (`pip install .`, no torch), run by .ci/run.

    python .ci/runtime_smoke.py RUNTIME_VENV FULL_VENV ENCODER_DIR

The export in ENCODER_DIR was made by the full environment. The runtime must answer and
moderate with it exactly as the full environment does, import no torch, and without an
export say in one line (exit 2) how to make one. Prints one line per check; exits 1 on the
first failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

QUESTION = "my hammy goes haywire on tempo runs, and lately my foot goes numb"
MESSAGE = "free miracle cure for LLC, DM me https://discord.gg/abc @everyone"


def run(venv: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / "llc-bot"), *args], capture_output=True,
                          text=True, timeout=600, env=env)


def check(ok: bool, what: str, detail: str = "") -> None:
    print(f"{'ok' if ok else 'FAILED'}: {what}" + (f" ({detail})" if detail and not ok else ""))
    if not ok:
        sys.exit(1)


def main() -> None:
    runtime, full, encoder_dir = (Path(arg).resolve() for arg in sys.argv[1:4])
    data = Path(tempfile.mkdtemp(prefix="llc-runtime-"))
    # The runtime trains the understanding model itself (no torch needed), once for both.
    base = {**os.environ, "LOG_LEVEL": "WARNING", "DATABASE_URL": "",
            "ENCODER_DIR": str(encoder_dir), "UNDERSTANDING_DIR": str(data / "understanding")}

    torch = subprocess.run([str(runtime / "bin" / "python"), "-c", "import torch"],
                           capture_output=True, text=True)
    check(torch.returncode != 0, "the runtime environment cannot import torch")

    answers = {}
    for name, venv in (("runtime", runtime), ("full", full)):
        env = {**base, "DATA_DIR": str(data / name)}
        result = run(venv, "ask", QUESTION, "--json", env=env)
        check(result.returncode == 0, f"{name}: llc-bot ask --json", result.stderr[-500:])
        answers[name] = json.loads(result.stdout)
    answer = answers["runtime"]
    check(bool(answer["citations"]) and answer["triage"] in {"see_doctor", "urgent"},
          "runtime: the answer cites the summary and sees the red flag", json.dumps(answer))
    check(answers["runtime"] == answers["full"], "runtime and full answers are identical")
    check(set(answer) >= {"check_in", "risk", "triage_reasons"},
          "runtime: the answer carries check_in, risk and triage_reasons", json.dumps(answer))

    env = {**base, "DATA_DIR": str(data / "runtime")}
    result = run(runtime, "moderation", "check", MESSAGE, "--json", env=env)
    check(result.returncode == 0, "runtime: llc-bot moderation check --json", result.stderr)
    verdict = json.loads(result.stdout)
    check(verdict["action"] != "allow" and "link" in verdict["categories"],
          "runtime: the scam with an invite is not allowed", result.stdout)

    jsonl = data / "questions.jsonl"
    jsonl.write_text("".join(json.dumps({"id": i, "question": q}) + "\n" for i, q in
                             enumerate(["What is LLC?", "Which paper is the PT case report?",
                                        "best shoes for a marathon?"])), "utf-8")
    result = run(runtime, "ask", "--jsonl", str(jsonl), env=env)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    check(result.returncode == 0 and [line["id"] for line in lines] == [0, 1, 2]
          and lines[2]["abstained"], "runtime: llc-bot ask --jsonl", result.stderr[-500:])

    missing = {**env, "ENCODER_DIR": str(data / "no-export")}
    result = run(runtime, "ask", "What is LLC?", "--json", env=missing)
    lines = result.stderr.strip().splitlines()
    check(result.returncode == 2 and len(lines) == 1 and "llc-bot model export" in lines[0]
          and not result.stdout, "runtime without an export: one line, exit 2", result.stderr)

    result = run(runtime, "model", "export", str(data / "no-export"), env=missing)
    check(result.returncode == 2 and "[model]" in result.stderr
          and "Traceback" not in result.stderr, "runtime: model export asks for the extra",
          result.stderr)


if __name__ == "__main__":
    main()
