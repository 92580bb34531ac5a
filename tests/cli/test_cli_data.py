"""`llc-bot db upgrade` and `llc-bot privacy export|forget` on both databases."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.service import AnswerService
from storage import Store


@pytest.fixture(autouse=True)
def configured(database_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch,
               answer_service: AnswerService) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    # The session's index, so commands that load the answer engine need not encode it again.
    (tmp_path / "index").symlink_to(Path(answer_service.index_info.path).parent,
                                    target_is_directory=True)


def test_db_upgrade_is_safe_to_run_again(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0
    assert "up to date" in capsys.readouterr().out


async def test_privacy_export_and_forget_a_member(store: Store,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    await store.questions.record(member_id=42, channel_id=1, question="What is LLC?",
                                 answer="...", citations=[], triage="none", abstained=False)
    await store.consents.grant(42, "matching")
    assert await run_off_loop(["privacy", "export", "42"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["database"]["questions"][0]["question"] == "What is LLC?"
    assert await run_off_loop(["privacy", "forget", "42", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["deleted"]["database"] == 3  # the question, the consent, the member
    assert (await store.members.export(42))["questions"] == []


def test_unknown_database_driver_is_one_line_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://nobody@nowhere/db")
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_member_id_must_be_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["privacy", "forget", "someone"]) == 2


async def run_off_loop(argv: list[str]) -> int:
    """The CLI runs its own event loop, so a test on a loop calls it from a worker thread."""
    return await asyncio.to_thread(main, argv)
