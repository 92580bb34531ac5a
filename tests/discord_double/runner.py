"""Run a real discord.py client against the double for the length of a test."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import discord

from .server import DiscordDouble


@contextlib.asynccontextmanager
async def running_bot(
    bot: discord.Client, double: DiscordDouble, *, wait_ready: bool = True
) -> AsyncIterator[discord.Client]:
    """Log `bot` in with the double's token, connect it, and close it cleanly afterwards.

    The client must already point at the double (`bot.endpoints.apply_endpoints`). With
    `wait_ready`, it returns once `on_ready` fired: build the bot with a small
    `guild_ready_timeout` (e.g. 0.05), since discord.py waits that long after the last
    GUILD_CREATE. A client that fails to connect fails the test instead of hanging it.
    """
    await bot.login(double.token)
    connection = asyncio.create_task(bot.connect(), name="bot-connect")
    try:
        ready = asyncio.ensure_future(
            bot.wait_until_ready() if wait_ready else double.wait_until_connected()
        )
        async with asyncio.timeout(double.timeout):
            done, _ = await asyncio.wait({connection, ready}, return_when=asyncio.FIRST_COMPLETED)
        if connection in done:
            ready.cancel()
            connection.result()
            raise AssertionError("the bot's gateway connection ended before it was ready")
        yield bot
    finally:
        await bot.close()
        await connection
