"""Run work that arrives together in one pass through the model.

On a busy server many members ask at once, and every message is read by the understanding
model; encoding them one at a time leaves the CPU doing per-call overhead. Items that arrive
while a batch is running wait for the next batch, so a lone item is served at once and a
burst is served in a few passes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

MAX_BATCH = 64

Item = TypeVar("Item")
Result = TypeVar("Result")
# How a batch reaches a thread: asyncio.to_thread, or the model's bounded executor's `run` or
# `run_if_room` (whose refusal is handed to every item of the batch).
RunInThread = Callable[..., Awaitable[Any]]


@dataclass
class _Pending(Generic[Item, Result]):
    item: Item
    future: asyncio.Future[Result]


class MicroBatcher(Generic[Item, Result]):
    """Runs `process_many` in a worker thread on whatever items are waiting."""

    def __init__(self, process_many: Callable[[Sequence[Item]], Sequence[Result]],
                 max_batch: int = MAX_BATCH, run: RunInThread = asyncio.to_thread) -> None:
        self._process_many = process_many
        self._run = run
        self._max_batch = max_batch
        self._pending: list[_Pending[Item, Result]] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        """The item's result, computed in the next batch. When `run` refuses the batch (a
        full executor's SHED), every item of it gets that refusal instead."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append(_Pending(item, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._pending:
            await asyncio.sleep(0)  # let items sent in the same tick join this batch
            batch, self._pending = (self._pending[: self._max_batch],
                                    self._pending[self._max_batch :])
            try:
                results = await self._run(self._process_many, [p.item for p in batch])
            except Exception as error:
                for pending in batch:
                    if not pending.future.done():
                        pending.future.set_exception(error)
                continue
            if not isinstance(results, Sequence):
                results = [results] * len(batch)  # refused: the same answer for each
            for pending, result in zip(batch, results, strict=True):
                if not pending.future.done():
                    pending.future.set_result(result)
