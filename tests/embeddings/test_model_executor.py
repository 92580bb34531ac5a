"""The model's bounded executor: one worker, a bounded queue, optional work shed first."""

from __future__ import annotations

import asyncio
import threading

import pytest

from embeddings.executor import SHED, ModelExecutor


@pytest.fixture
def executor():
    executor = ModelExecutor(capacity=2)
    yield executor
    executor.shutdown()


def blocked_until(gate: threading.Event, started: threading.Event | None = None):
    def job() -> str:
        if started is not None:
            started.set()
        gate.wait(10)
        return "done"
    return job


async def test_one_worker_runs_jobs_one_at_a_time(executor: ModelExecutor) -> None:
    names: set[str] = set()
    await asyncio.gather(*(executor.run(lambda: names.add(threading.current_thread().name))
                           for _ in range(5)))
    assert len(names) == 1


async def test_when_saturated_the_optional_work_is_shed_and_questions_wait(
    executor: ModelExecutor
) -> None:
    gate, started = threading.Event(), threading.Event()
    running = asyncio.ensure_future(executor.run(blocked_until(gate, started)))
    queued = asyncio.ensure_future(executor.run(blocked_until(gate)))
    await asyncio.to_thread(started.wait, 10)
    assert executor.busy
    assert await executor.run_if_room(lambda: "net") is SHED  # the crisis net: skipped
    question = asyncio.ensure_future(executor.run(lambda: "answer"))  # waits its turn
    await asyncio.to_thread(lambda: None)  # the loop runs meanwhile: the question is parked
    assert not question.done() and executor.pending == executor.capacity
    gate.set()
    assert await question == "answer"  # late, not never
    assert await running == "done" and await queued == "done"
    assert not executor.busy and executor.shed_count == 1
    assert await executor.run_if_room(lambda: "net") == "net"


async def test_a_failing_job_frees_its_place(executor: ModelExecutor) -> None:
    def broken() -> None:
        raise RuntimeError("model failed")

    for _ in range(3):
        with pytest.raises(RuntimeError):
            await executor.run(broken)
    assert executor.pending == 0
