"""`llc-bot` as a user types it: the JSON contract, batch files, and kind failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import RunCli

CONTRACT_KEYS = {"answer", "citations", "screening", "triage", "triage_reasons", "check_in",
                 "risk", "abstained"}
CITATION_KEYS = {"source", "title", "section", "quote", "score"}


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.getbasetemp() / "cli-data"
    monkeypatch.setenv("DATA_DIR", str(folder))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return folder



def test_ask_json_follows_the_contract(run_cli: RunCli) -> None:
    status, out, _ = run_cli("ask", "What makes LLC worse?", "--json")
    answer = json.loads(out)
    assert status == 0
    assert set(answer) == CONTRACT_KEYS
    assert answer["citations"] and set(answer["citations"][0]) == CITATION_KEYS
    assert answer["citations"][0]["section"] == "what-makes-it-worse"
    assert answer["triage"] == "none" and answer["abstained"] is False
    assert set(answer["risk"]) == {"crisis", "low_mood", "red_flag"}
    assert all(0.0 <= p <= 1.0 for p in answer["risk"].values())
    assert answer["check_in"] is False and answer["triage_reasons"] == []


def test_ask_and_moderation_check_agree_on_the_same_text(run_cli: RunCli) -> None:
    text = "I have the pills ready for tonight, I'm done"
    _, asked, _ = run_cli("ask", text, "--json")
    _, checked, _ = run_cli("moderation", "check", text, "--json")
    answer, verdict = json.loads(asked), json.loads(checked)
    assert answer["risk"] == verdict["risk"]
    assert (answer["triage"] == "crisis") == verdict["crisis"]
    assert answer["check_in"] == verdict["check_in"]


def test_jsonl_answers_good_lines_and_reports_bad_ones(
    run_cli: RunCli, tmp_path: Path
) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_bytes(
        b'{"id": "a", "question": "What is LLC?"}\n'
        b"this is not json\n"
        b'{"id": "b", "question": "\xff\xfe bad bytes"}\n'
        b'{"id": "c"}\n'
        b'{"id": "d", "question": "   "}\n'
        b'{"id": "e", "question": "Best shoes for a marathon?"}\n'
    )
    status, out, err = run_cli("ask", "--jsonl", str(batch))
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [line["id"] for line in lines] == ["a", "e"]
    assert lines[1]["abstained"] is True
    for number in (2, 3, 4, 5):
        assert f"questions.jsonl:{number}: skipped" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("args", "message"), [
    (["ask", "   "], "empty"),
    (["ask", "What is LLC?", "--bogus"], "No such option"),
    (["ask"], "give either a QUESTION or --jsonl FILE"),
    (["ask", "--jsonl", "/no/such/file.jsonl"], "no such file"),
    (["eval", "/no/such/eval.jsonl"], "no such file"),
    (["no-such-command"], "No such command"),
])
def test_user_mistakes_exit_2_with_one_line(run_cli: RunCli,
                                            args: list[str], message: str) -> None:
    status, _, err = run_cli(*args)
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_ten_thousand_character_question_is_answered(run_cli: RunCli) -> None:
    status, out, _ = run_cli("ask", "why does my hamstring misfire " * 340, "--json")
    assert status == 0 and json.loads(out)["screening"]


def test_corrupt_index_is_rebuilt(run_cli: RunCli, data_dir: Path) -> None:
    run_cli("index", "build", "--json")
    for file in (data_dir / "index").glob("*/vectors.faiss"):
        file.write_bytes(b"garbage")
    status, out, _ = run_cli("index", "info", "--json")
    info = json.loads(out)
    assert status == 0 and info["rebuilt"] is True and info["vectors"] > 60
    status, out, _ = run_cli("index", "info", "--json")
    assert json.loads(out)["rebuilt"] is False


def test_missing_index_is_rebuilt_on_ask(run_cli: RunCli,
                                         data_dir: Path) -> None:
    import shutil

    shutil.rmtree(data_dir / "index", ignore_errors=True)
    status, out, _ = run_cli("ask", "What is LLC?", "--json")
    assert status == 0 and json.loads(out)["citations"]


def test_eval_prints_every_metric(run_cli: RunCli) -> None:
    path = Path(__file__).parent.parent / "data" / "qa_eval.jsonl"
    status, out, _ = run_cli("eval", str(path), "--json")
    metrics = json.loads(out)
    assert status == 0
    assert {"fact_in_answer", "passage_at_3", "offtopic_abstention", "red_flag_recall",
            "crisis_recall", "screening_present"} <= set(metrics)


def test_console_chat_keeps_going_until_quit(data_dir: Path) -> None:
    """The installed console script, as a person runs it, with answers and a goodbye."""
    script = Path(sys.executable).parent / "llc-bot"
    result = subprocess.run(
        [str(script), "chat"], input="What is LLC?\n\nbest shoes?\nquit\n",
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("llc-bot>") == 2
    assert "working term" in result.stdout and "don't cover that" in result.stdout
    assert result.stdout.rstrip().endswith("Take care.")
    assert "Traceback" not in result.stderr
