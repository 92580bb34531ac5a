"""`llc-bot db upgrade` and `llc-bot privacy export|forget` on both databases."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import discord.http
import pytest

from bot.cli import main
from knowledge.service import AnswerService
from storage import Store
from tests.discord_double import DiscordDouble


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


async def _shared_question(store: Store, member: int, channel: int, message: int) -> None:
    asked = await store.questions.record(member_id=member, channel_id=1, question="Is LLC rare?",
                                         answer="...", citations=[], triage="none",
                                         abstained=False)
    await store.questions.claim_share(asked.id, member)
    await store.questions.set_posted(asked.id, channel, message)


async def test_forget_deletes_the_members_community_posts_through_discord(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    async with DiscordDouble() as double:
        channel = double.guild.community.id
        await _shared_question(store, 42, channel, 987654321)
        monkeypatch.setenv("DISCORD_TOKEN", double.token)
        monkeypatch.setenv("DISCORD_API_BASE", double.api_base)
        assert await run_off_loop(["privacy", "forget", "42", "--json"]) == 0
        assert double.requests_matching("DELETE", f"/channels/{channel}/messages/987654321")
    report = json.loads(capsys.readouterr().out)
    assert report["deleted"]["community_posts"] == 1


async def test_forget_without_a_token_refuses_rather_than_orphan_a_post(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _shared_question(store, 42, 5, 6)
    monkeypatch.setenv("DISCORD_TOKEN", "")
    assert await run_off_loop(["privacy", "forget", "42"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "DISCORD_TOKEN" in err
    assert (await store.members.export(42))["questions"]  # nothing was deleted
