"""Building large structures without stalling the event loop in the cyclic collector.

Python's collector scans every tracked object of the oldest generation in each full
collection, holding the interpreter as it does. While a matching pool of 100,000 profiles
is built, full collections come again and again (each time the objects made since exceed a
quarter of those kept), each scanning the pool read so far: tens of seconds in all, and
stalls of a second on the event loop, whatever thread builds it. So full collections wait
while a pool is built, and a pool that is kept joins the objects the collector never scans
(`gc.freeze`), as what start-up loaded does (`LLCBot.setup_hook`). A pool is plain data
without reference cycles, so reference counting frees it when it is replaced.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_NEVER = 1 << 30  # a gen1-collection count that is never reached


@contextlib.contextmanager
def full_collections_paused() -> Iterator[None]:
    """No full collection inside the block (the young generations are still collected)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], _NEVER)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@contextlib.contextmanager
def built_to_keep() -> Iterator[None]:
    """Build something long-lived inside the block: no full collection meanwhile, and
    afterwards everything alive is kept out of every later collection."""
    # Cheap when what start-up loaded and the previous pool are frozen already, and the
    # garbage of before the build is not frozen with it.
    gc.collect()
    with full_collections_paused():
        yield
        gc.collect(1)  # the young garbage of the build itself
        gc.freeze()
