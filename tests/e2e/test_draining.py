"""Closing waits for running handlers (bot/draining.py), for a bounded time, and for nothing
else, and stops background loops between iterations (bot/loop_guard.py): no test sleeps,
the work is released by events."""

from __future__ import annotations

import asyncio

from discord.ext import tasks

from bot.draining import drain_handlers
from bot.loop_guard import LoopGuard


async def test_a_running_handler_finishes_its_write_before_close() -> None:
    release, written = asyncio.Event(), []

    async def handler() -> None:
        await release.wait()
        written.append("answer stored")

    task = asyncio.create_task(handler(), name="discord.py: message")
    drained = asyncio.create_task(drain_handlers(within=30))
    await asyncio.sleep(0)  # let both start
    assert not drained.done()
    release.set()
    assert await drained == 0
    assert written == ["answer stored"] and task.done()


async def test_other_tasks_are_not_waited_for() -> None:
    forever = asyncio.create_task(asyncio.Event().wait(), name="gateway keep-alive")
    try:
        assert await drain_handlers(within=30) == 0
    finally:
        forever.cancel()


async def test_a_handler_that_does_not_finish_is_left_to_be_cancelled() -> None:
    stuck = asyncio.create_task(asyncio.Event().wait(), name="CommandTree-invoker")
    try:
        assert await drain_handlers(within=0.01) == 1
    finally:
        stuck.cancel()


async def test_a_loop_is_stopped_between_iterations_not_inside_one() -> None:
    guard, entered, release, written = LoopGuard(), asyncio.Event(), asyncio.Event(), []

    @tasks.loop(hours=24)
    async def sweep() -> None:
        async with guard.iteration():
            entered.set()
            await release.wait()
            written.append("swept")

    sweep.start()
    await entered.wait()
    stopping = asyncio.create_task(guard.stop(sweep))
    await asyncio.sleep(0)
    assert not stopping.done() and sweep.is_running()
    release.set()
    await stopping
    assert written == ["swept"]
