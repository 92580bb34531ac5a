"""Anonymous answers are mixed before they are written, so none can be traced to its member.

Written with its response, an anonymous answer could be joined back to it by what the
database keeps anyway: the transaction id of the row on PostgreSQL (the same as the
response's), the rowid on SQLite (which follows the order of submissions). So the answers
wait here, in memory, until at least five submissions of a survey have gathered, and are
then written together, shuffled, in a transaction of their own: what links a row to a
response is then only "one of these five or more". Closing the service writes whatever is
still waiting, so an answer is not lost on a restart; a batch written then may be smaller,
which is one reason a report never shows an anonymous question for a wave with fewer than
five answers. An answer held when the process dies is lost: that is the price of never
writing it beside its member.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence

from community.surveys.suppression import SUPPRESSED_BELOW
from storage import StorageUnavailable, Store
from storage.records import AnonymousAnswer

log = logging.getLogger(__name__)


class AnonymousMixer:
    """Holds each survey's anonymous answers until `batch` submissions can be written at once."""

    def __init__(self, store: Store, *, batch: int = SUPPRESSED_BELOW) -> None:
        self._store = store
        self._batch = batch
        self._waiting: dict[str, list[Sequence[AnonymousAnswer]]] = defaultdict(list)
        self._writing = asyncio.Lock()

    def waiting(self, survey: str) -> int:
        """Submissions of `survey` whose anonymous answers are not written yet."""
        return len(self._waiting.get(survey, ()))

    async def add(self, answers: Sequence[AnonymousAnswer]) -> None:
        """One submission's anonymous answers (all of one survey); written once enough wait."""
        if not answers:
            return
        survey = answers[0].survey
        self._waiting[survey].append(answers)
        if len(self._waiting[survey]) >= self._batch:
            await self._write(survey)

    async def flush(self) -> None:
        """Write everything still waiting (the service is closing)."""
        for survey in list(self._waiting):
            await self._write(survey)

    async def _write(self, survey: str) -> None:
        async with self._writing:
            batch = self._waiting.pop(survey, [])
            if not batch:
                return
            try:
                await self._store.surveys.add_anonymous([a for group in batch for a in group])
            except StorageUnavailable:
                # Kept for the next submission or the flush on closing.
                self._waiting[survey][:0] = batch
                log.warning("anonymous answers not written yet: database unavailable "
                            "(survey=%s, submissions=%d)", survey, len(batch))
