"""The model's own executor: one worker thread and a bounded queue, shared by everything
that runs the encoder (answer batches, the semantic crisis net, saved answers).

The encoder is CPU-bound; running it in the default thread pool lets a burst of messages
start many encodes at once and stall everything else. Here work runs one job at a time, and
when `capacity` jobs are already waiting, work is shed in a stated order:

1. optional work (`run_if_room`: the semantic crisis net, a second opinion on top of the
   crisis patterns) is skipped and reported as shed;
2. required work (`run`: a member's question) waits its turn: answered late, never dropped.

`busy` says whether new work will wait, so a front end can tell the member their answer
will be slow. Callers on different event loops (tests) may share one executor.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_CAPACITY = 8


class Shed:
    """Returned by `run_if_room` when the work was skipped because the model was busy."""

    def __repr__(self) -> str:
        return "SHED"


SHED = Shed()


class ModelExecutor:
    """One worker thread; at most `capacity` jobs queued or running."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llc-model")
        self._lock = threading.Lock()
        self._admitted = 0
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self.shed_count = 0

    @property
    def busy(self) -> bool:
        """True when new work would wait for room (or be shed, if optional)."""
        with self._lock:
            return self._admitted >= self.capacity

    @property
    def pending(self) -> int:
        """Jobs queued or running on the worker."""
        with self._lock:
            return self._admitted

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run `fn(*args)` on the worker, waiting for room if the queue is full."""
        while not self._try_admit():
            waiter = asyncio.get_running_loop().create_future()
            with self._lock:
                if self._admitted < self.capacity:  # room appeared meanwhile
                    continue
                self._waiters.append((asyncio.get_running_loop(), waiter))
            await waiter
        return await self._submit(fn, *args)

    async def run_if_room(self, fn: Callable[..., T], *args: object) -> T | Shed:
        """Run `fn(*args)` on the worker, or return SHED at once if the queue is full."""
        if not self._try_admit():
            with self._lock:
                self.shed_count += 1
            log.info("model busy: optional work shed (pending=%s)", self.pending)
            return SHED
        return await self._submit(fn, *args)

    def _try_admit(self) -> bool:
        with self._lock:
            if self._admitted >= self.capacity:
                return False
            self._admitted += 1
            return True

    async def _submit(self, fn: Callable[..., T], *args: object) -> T:
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._worker, functools.partial(fn, *args))
        finally:
            self._release()

    def _release(self) -> None:
        with self._lock:
            self._admitted -= 1
            waiters, self._waiters = self._waiters, []
        # Wake every waiter; those that lose the race for the slot wait again.
        for loop, waiter in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(_wake, waiter)

    def shutdown(self) -> None:
        """Stop the worker after the job it is running; call once when the app stops."""
        self._worker.shutdown(wait=False, cancel_futures=True)


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)
