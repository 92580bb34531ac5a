"""`python -m bot` as an operator starts it: a separate process, configured only by its
environment, against the local Discord double."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from tests.discord_double import DiscordDouble

pytestmark = pytest.mark.e2e

STARTUP_SECONDS = 90  # loading the model and migrating the database come before Discord


async def test_started_bot_syncs_answers_and_stops_cleanly(discord_double: DiscordDouble,
                                                          tmp_path: Path) -> None:
    env = {**os.environ, **discord_double.settings_env(), "DATA_DIR": str(tmp_path),
           "DATABASE_URL": "", "LOG_LEVEL": "INFO"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await discord_double.wait_for_request(
            "PUT", "/applications/{}/guilds/{}/commands", within=STARTUP_SECONDS)
        await discord_double.wait_until_connected(within=STARTUP_SECONDS)
        result = await discord_double.run_slash("ask", {"question": "What makes LLC worse?"},
                                                within=30)
        assert "flat surfaces" in result.message.embeds[0]["description"]
    finally:
        process.terminate()
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0  # SIGTERM closes the bot cleanly
    log = stderr.decode()
    assert "Traceback" not in log
    assert discord_double.token not in log
    assert "What makes LLC worse?" not in log  # logs carry ids, never members' words
    assert (tmp_path / "llc-bot.sqlite3").exists()
