"""The saved community answers the answer engine holds in memory, as a holder of member data.

The engine offers saved answers from memory, so forgetting a member in the database alone
would leave their words quotable until the next restart. This keeps the list the engine was
given and drops a member's answers (and answers to their questions) from it at once. A
forget made elsewhere (`llc-bot privacy forget`, another bot process) never reaches this
memory, so an answer about to be offered is first checked against the database
(`still_saved`): when it is gone, the list is loaded again and the question answered anew.
"""

from __future__ import annotations

from collections.abc import Sequence

from embeddings.executor import ModelExecutor
from knowledge.models import Answer
from knowledge.service import AnswerService
from knowledge.service import CommunityAnswer as RetrievableAnswer
from storage import Store
from storage.records import CommunityAnswer


class SavedAnswers:
    """The engine's copy of the saved community answers."""

    name = "saved_answers_in_memory"

    def __init__(self, answers: AnswerService, store: Store, executor: ModelExecutor) -> None:
        self._answers = answers
        self._store = store
        self._executor = executor
        self._saved: list[CommunityAnswer] = []

    async def refresh(self) -> None:
        """Load every saved community answer into the answer engine."""
        await self._publish(await self._store.community_answers.list_all())

    async def _publish(self, saved: Sequence[CommunityAnswer]) -> None:
        self._saved = list(saved)
        retrievable = [RetrievableAnswer(id=a.id, question=a.question, text=a.answer,
                                         link=a.jump_url, guild_id=a.guild_id)
                       for a in self._saved]
        await self._executor.run(self._answers.set_community_answers, retrievable)

    async def still_saved(self, answer: Answer) -> bool:
        """Whether every saved answer `answer` offers is still in the database; when one is
        not (forgotten by another process), the engine's list is loaded again."""
        offered = {c.section for c in answer.citations if c.source == "community"}
        if not offered:
            return True
        ids = {a.id for a in self._saved if a.jump_url in offered}
        if ids and ids <= await self._store.community_answers.existing(ids):
            return True
        await self.refresh()
        return False

    async def _theirs(self, member_id: int) -> list[CommunityAnswer]:
        asked = set(await self._store.questions.ids_of_member(member_id))
        return [a for a in self._saved if a.author_id == member_id or a.question_id in asked]

    async def export_member(self, member_id: int) -> list[int]:
        """The ids of the member's saved answers the engine holds (their text is in the
        database export)."""
        return [a.id for a in await self._theirs(member_id)]

    async def forget_member(self, member_id: int) -> int:
        """Stop offering the member's words now, before the database forgets them."""
        doomed = {a.id for a in await self._theirs(member_id)}
        if doomed:
            await self._publish([a for a in self._saved if a.id not in doomed])
        return len(doomed)
