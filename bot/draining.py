"""Let the work members are waiting on finish before the bot closes.

`docker stop` (SIGTERM) closes the bot while an answer may still be being stored or a button's
write is in flight. Cancelled in the middle of a database call, such a handler leaves a
connection the pool cannot reset (SQLAlchemy logs a traceback for it) and the member's write
may be lost. discord.py runs every event handler, slash command and component callback in a
task of its own, named by kind; those are waited for, for a bounded time, and what is still
running after that is cancelled as before.
"""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)

# The names discord.py gives the tasks of event handlers, app commands and component callbacks.
HANDLER_TASKS = ("discord.py: ", "CommandTree-invoker", "discord-ui-view-dispatch-",
                 "discord-ui-dynamic-item-")
DRAIN_SECONDS = 10.0


def handlers_running() -> list[asyncio.Task[object]]:
    """Handler tasks still running, other than the one asking."""
    current = asyncio.current_task()
    return [task for task in asyncio.all_tasks()
            if task is not current and not task.done()
            and task.get_name().startswith(HANDLER_TASKS)]


async def drain_handlers(within: float = DRAIN_SECONDS) -> int:
    """Wait up to `within` seconds for running handlers; the number still running after."""
    running = handlers_running()
    if not running:
        return 0
    _, pending = await asyncio.wait(running, timeout=within)
    if pending:
        log.warning("closing with %d handlers still running after %.0f s", len(pending), within)
    return len(pending)
