"""Fixtures of the storage tests; the database fixtures come from tests/fixtures_db.py."""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from storage_helpers import CHANNEL, GUILD

from storage import Store
from storage.records import Question

RecordQuestion = Callable[..., Awaitable[Question]]


@pytest.fixture
def record_question(store: Store) -> RecordQuestion:
    """Record a question with plausible defaults; a test names only what it is about."""

    async def record(
        member_id: int, question: str = "Is LLC a nerve problem?", **given: Any
    ) -> Question:
        fields: dict[str, Any] = {
            "channel_id": CHANNEL,
            "guild_id": GUILD,
            "answer": "LLC is described as a loss of coordination while running.",
            "citations": [{"source": "summary", "section": "what-is-llc", "quote": "LLC"}],
            "triage": "none",
            "abstained": False,
        }
        fields.update(given)
        return await store.questions.record(member_id=member_id, question=question, **fields)

    return record
