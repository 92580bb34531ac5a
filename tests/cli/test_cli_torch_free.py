"""Nothing at run time imports torch once the encoder is exported (issue 19): the CLI's
answers and moderation, the services the bot builds (answer engine, bounded executor,
matching's story vectors) run in a fresh interpreter, which then holds no torch, no
sentence-transformers, no transformers. Torch is installed in this environment, so a stray
import would show. Once the caches in DATA_DIR are warm, scikit-learn is not imported
either (a second and 100 MB). Without an export and without torch, the CLI says how to
export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("torch", "sentence_transformers", "transformers", "onnx", "onnxscript")

SCRIPT = """
import asyncio, json, sys
from bot.cli import main

statuses = [main(["ask", "What makes LLC worse?", "--json"]),
            main(["moderation", "check", "free cure, DM me https://discord.gg/x", "--json"])]

async def services():
    from bot.services import build_services
    from bot.settings import Settings

    built = await build_services(Settings(_env_file=None))
    try:
        vectors = await built.story_vectors.vectors({1: "my left calf misfires at tempo"})
        encoded = await built.executor.run(built.answers.encoder.encode, ["a message"])
        answer = await built.answers.ask("Is it a dystonia?", run=built.executor.run)
        return [len(vectors[1]), encoded.shape[1], bool(answer.citations)]
    finally:
        await built.aclose()

shapes = asyncio.run(services())
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1].split(",")))
print(json.dumps({"statuses": statuses, "shapes": shapes, "heavy": heavy}), file=sys.stderr)
"""


def run(code: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=300, env=env)


def test_the_runtime_paths_never_import_torch(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path), "LOG_LEVEL": "WARNING", "DATABASE_URL": ""}
    for heavy in (HEAVY, (*HEAVY, "sklearn")):  # a cold data folder, then a warm one
        result = run(SCRIPT, ",".join(heavy), env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        report = json.loads(result.stderr.strip().splitlines()[-1])
        assert report["statuses"] == [0, 0]
        assert report["shapes"] == [384, 384, True]
        assert report["heavy"] == [], report["heavy"]
        lines = result.stdout.strip().splitlines()
        assert json.loads(lines[0])["citations"] and json.loads(lines[1])["action"] != "allow"


def test_without_an_export_or_torch_the_cli_exits_2_with_one_line(tmp_path: Path) -> None:
    code = ("import sys, embeddings.encoder as e; e.can_export = lambda: False\n"
            "from bot.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "DATA_DIR": str(tmp_path), "ENCODER_DIR": str(tmp_path / "none"),
           "LOG_LEVEL": "WARNING"}
    result = run(code, "ask", "What is LLC?", "--json", env=env)
    assert result.returncode == 2
    assert result.stdout == ""
    line, = result.stderr.strip().splitlines()
    assert line.startswith("llc-bot: no exported encoder in ")
    assert "llc-bot model export" in line and "Traceback" not in result.stderr
