"""Stop a background loop between its iterations, never in the middle of one.

`Loop.cancel()` cancels the task wherever it is: in the middle of a database call, that leaves
a connection the pool cannot reset and a write half done. A cog holds its guard while an
iteration runs, and unloading (the bot closing) waits for the iteration to finish before it
cancels the loop, which by then is only sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from discord.ext import tasks


class LoopGuard:
    """Held while one iteration of a loop runs."""

    def __init__(self) -> None:
        self._running = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def iteration(self) -> AsyncIterator[None]:
        async with self._running:
            yield

    async def stop(self, loop: tasks.Loop[Any]) -> None:
        """Cancel `loop` once the iteration under way, if any, has finished."""
        async with self._running:
            loop.cancel()
