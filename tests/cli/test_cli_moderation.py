"""`llc-bot moderation check` as a moderator types it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

CONTRACT = {"action", "categories", "crisis", "reasons"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_scam_verdict_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "moderation", "check", "free nitro! claim at "
                         "https://discord-gift.example.com", "--json")
    verdict = json.loads(out)
    assert status == 0 and set(verdict) == CONTRACT
    assert verdict["action"] == "delete" and "scam" in verdict["categories"]


def test_crisis_is_never_deleted(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "moderation", "check", "I don't want to live anymore", "--json")
    verdict = json.loads(out)
    assert verdict["crisis"] is True and verdict["action"] not in ("delete", "timeout")


def test_runner_idiom_is_allowed(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "moderation", "check", "this hill killed my legs", "--json")
    assert json.loads(out) == {"action": "allow", "categories": [], "crisis": False,
                               "reasons": []}


def test_jsonl_checks_good_lines_and_reports_bad_ones(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    batch = tmp_path / "messages.jsonl"
    batch.write_bytes(b'{"id": 1, "text": "great run today"}\nnot json\n'
                      b'{"id": 2, "text": "call me on 555-123-4567"}\n{"id": 3}\n')
    status, out, err = run(capsys, "moderation", "check", "--jsonl", str(batch))
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [line["id"] for line in lines] == [1, 2]
    assert lines[0]["action"] == "allow"
    assert "messages.jsonl:2: skipped" in err and "messages.jsonl:4: skipped" in err


def test_missing_text_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "moderation", "check")
    assert status == 2 and len(err.strip().splitlines()) == 1
