"""Fixtures for end-to-end tests against the local Discord double."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord.gateway
import discord.http
import pytest

from bot.client import LLCBot
from knowledge.service import AnswerService
from tests.discord_double import DiscordDouble
from tests.e2e.bot_harness import llc_bot_running


@pytest.fixture
async def discord_double() -> AsyncIterator[DiscordDouble]:
    """A started double on 127.0.0.1 (free port), stopped afterwards.

    discord.py's endpoints are class attributes, so whatever a test (or the bot's settings)
    points at the double is restored to discord.com afterwards.
    """
    api_base = discord.http.Route.BASE
    gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    double = DiscordDouble()
    await double.start()
    try:
        yield double
    finally:
        await double.stop()
        discord.http.Route.BASE = api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


@pytest.fixture
async def llc_bot(discord_double: DiscordDouble, answer_service: AnswerService, tmp_path,
                  monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[LLCBot]:
    """llc-bot itself, configured from the environment and connected to the double; its
    SQLite database lives in `tmp_path / "data"`."""
    async with llc_bot_running(discord_double, answer_service, tmp_path / "data",
                               monkeypatch) as bot:
        yield bot
