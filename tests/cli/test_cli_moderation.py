"""`llc-bot moderation check` as a moderator types it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import RunCli

CONTRACT = {"action", "categories", "crisis", "reasons", "check_in", "risk"}



def test_scam_verdict_follows_the_contract(run_cli: RunCli) -> None:
    status, out, _ = run_cli("moderation", "check", "free nitro! claim at "
                         "https://discord-gift.example.com", "--json")
    verdict = json.loads(out)
    assert status == 0 and set(verdict) == CONTRACT
    assert verdict["action"] == "delete" and "scam" in verdict["categories"]


def test_crisis_is_never_deleted(run_cli: RunCli) -> None:
    _, out, _ = run_cli("moderation", "check", "I don't want to live anymore", "--json")
    verdict = json.loads(out)
    assert verdict["crisis"] is True and verdict["action"] not in ("delete", "timeout")


def test_runner_idiom_is_allowed(run_cli: RunCli) -> None:
    _, out, _ = run_cli("moderation", "check", "this hill killed my legs", "--json")
    verdict = json.loads(out)
    assert {k: verdict[k] for k in ("action", "categories", "crisis", "reasons", "check_in")
            } == {"action": "allow", "categories": [], "crisis": False, "reasons": [],
                  "check_in": False}


def test_jsonl_checks_good_lines_and_reports_bad_ones(run_cli: RunCli,
                                                      tmp_path: Path) -> None:
    batch = tmp_path / "messages.jsonl"
    batch.write_bytes(b'{"id": 1, "text": "great run today"}\nnot json\n'
                      b'{"id": 2, "text": "call me on 555-123-4567"}\n{"id": 3}\n')
    status, out, err = run_cli("moderation", "check", "--jsonl", str(batch))
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [line["id"] for line in lines] == [1, 2]
    assert lines[0]["action"] == "allow"
    assert "messages.jsonl:2: skipped" in err and "messages.jsonl:4: skipped" in err


def test_missing_text_is_exit_2(run_cli: RunCli) -> None:
    status, _, err = run_cli("moderation", "check")
    assert status == 2 and len(err.strip().splitlines()) == 1
