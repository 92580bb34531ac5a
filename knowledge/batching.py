"""Answer questions that arrive together in one pass through the model.

On a busy server many members ask at once; encoding them one at a time leaves the CPU
doing per-call overhead. Questions that arrive while a batch is running wait for the next
batch, so a lone question is answered at once and a burst is answered in a few passes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.models import Answer

MAX_BATCH = 64

AnswerMany = Callable[[Sequence[str], Sequence[Sequence[str]], Sequence[int | None]],
                      list[Answer]]
# How a batch reaches a thread: asyncio.to_thread, or the model's bounded executor's `run`.
RunInThread = Callable[..., Awaitable[Any]]


@dataclass
class _Pending:
    question: str
    context: Sequence[str]
    guild_id: int | None  # the server asked in: its saved community answers only
    future: asyncio.Future[Answer]


class MicroBatcher:
    """Runs `answer_many` in a worker thread on whatever questions are waiting."""

    def __init__(self, answer_many: AnswerMany, max_batch: int = MAX_BATCH,
                 run: RunInThread = asyncio.to_thread) -> None:
        self._answer_many = answer_many
        self._run = run
        self._max_batch = max_batch
        self._pending: list[_Pending] = []
        self._worker: asyncio.Task[None] | None = None

    async def answer(self, question: str, context: Sequence[str] = (),
                     guild_id: int | None = None) -> Answer:
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._pending.append(_Pending(question, context, guild_id, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._pending:
            await asyncio.sleep(0)  # let questions sent in the same tick join this batch
            batch, self._pending = (self._pending[: self._max_batch],
                                    self._pending[self._max_batch :])
            try:
                answers = await self._run(
                    self._answer_many, [p.question for p in batch], [p.context for p in batch],
                    [p.guild_id for p in batch])
            except Exception as error:
                for pending in batch:
                    if not pending.future.done():
                        pending.future.set_exception(error)
                continue
            for pending, answer in zip(batch, answers, strict=True):
                if not pending.future.done():
                    pending.future.set_result(answer)
