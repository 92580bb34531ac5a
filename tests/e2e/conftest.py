"""Fixtures for end-to-end tests against the local Discord double."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord.gateway
import discord.http
import pytest

from tests.discord_double import DiscordDouble


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
