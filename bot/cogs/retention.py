"""The daily sweep that deletes stored questions older than QUESTION_RETENTION_DAYS.

`/privacy info` promises the retention period; this keeps the promise. The clock is
injected, so a test moves time instead of waiting a day.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from discord.ext import commands, tasks

from bot.loop_guard import LoopGuard
from community.questions import QuestionDesk
from storage import StorageUnavailable

log = logging.getLogger("llc_bot.retention")


class RetentionCog(commands.Cog):
    def __init__(self, desk: QuestionDesk, retention_days: int,
                 clock: Callable[[], datetime]) -> None:
        self.desk = desk
        self.retention_days = retention_days
        self.clock = clock
        self.guard = LoopGuard()

    async def cog_load(self) -> None:
        self.sweep.start()

    async def cog_unload(self) -> None:
        await self.guard.stop(self.sweep)

    @tasks.loop(hours=24)
    async def sweep(self) -> None:
        """Delete what is past the retention period; a database that is down is tried
        again tomorrow."""
        try:
            async with self.guard.iteration():
                await self.desk.forget_old_questions(self.clock(), self.retention_days)
        except StorageUnavailable:
            log.warning("retention sweep skipped: database unavailable")
