"""Start llc-bot as a user would (settings from the environment) against the Discord double."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest

from bot.client import LLCBot
from bot.endpoints import apply_endpoints
from bot.services import build_services
from bot.settings import Settings
from knowledge.service import AnswerService
from storage.timestamps import utc_now
from tests.discord_double import DiscordDouble, running_bot


@contextlib.asynccontextmanager
async def llc_bot_running(
    double: DiscordDouble,
    answers: AnswerService,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    clock: Callable[[], datetime] = utc_now,
    **overrides: str,
) -> AsyncIterator[LLCBot]:
    """The real bot, configured from environment variables that point at the double."""
    env = {
        **double.settings_env(),
        "DATA_DIR": str(data_dir),
        "ASK_COOLDOWN_SECONDS": "0",
        "DATABASE_URL": "",
        **overrides,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)
    apply_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    services = await build_services(settings, answers=answers)
    bot = LLCBot(services, clock=clock, guild_ready_timeout=0.05)
    try:
        async with running_bot(bot, double):
            yield bot
    finally:
        await services.aclose()
