"""One assembly of the application's core services, used by the runner, the CLI and tests.

`build_services(settings)` opens the database, loads the answer engine and builds every
service from them once; cogs are then handed the services they need. A service is one field
of `Services` whose metadata says how to build it from those declared above it, so adding one
(profiles, matching, surveys) is one line:

    surveys: SurveyDesk = field(metadata=built_by(lambda s: SurveyDesk(s.store)))
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import Field, dataclass, field, fields
from types import SimpleNamespace
from typing import Any

from bot.settings import Settings
from community.help_forum import HelpForum
from community.pool_cache import PoolCache
from community.privacy import PrivacyService
from community.questions import QuestionDesk
from community.saved_answers import SavedAnswers
from community.story_vectors import StoryVectors
from community.surveys.definitions import default_surveys
from community.surveys.service import SurveyService
from embeddings.encoder import Encoder
from embeddings.executor import ModelExecutor
from knowledge.service import AnswerService
from moderation.desk import ModerationDesk
from storage import Database, Store, upgrade_database
from storage.timestamps import utc_now


def built_by(factory: Callable[[Any], object]) -> dict[str, Any]:
    """Field metadata: the service is `factory(built)`, where `built` has every field
    declared above it."""
    return {"factory": factory}


def _privacy(built: Any) -> PrivacyService:
    """The database first (it is forgotten last: other holders find their items through
    it), then the in-memory saved answers and direct messages' last questions; the bot
    registers its posts on start."""
    privacy = PrivacyService()
    privacy.register(built.store.members)
    privacy.register(built.store.surveys)
    privacy.register(built.saved_answers)
    privacy.register(built.questions.recent)
    for holder in (built.store.profiles, built.store.match_exclusions,
                   built.store.introductions, built.store.rounds, built.story_vectors,
                   built.matching_pool):
        privacy.register(holder)
    return privacy


def _moderation(built: Any) -> ModerationDesk:
    role = built.settings.moderator_role_id
    return ModerationDesk(built.store, bypass_roles=frozenset({role} if role else ()))


@dataclass(frozen=True, slots=True)
class Services:
    """Every core service, built once per process; plain objects, no Discord."""

    settings: Settings
    database: Database
    store: Store
    answers: AnswerService
    executor: ModelExecutor = field(metadata=built_by(lambda s: ModelExecutor()))
    saved_answers: SavedAnswers = field(metadata=built_by(
        lambda s: SavedAnswers(s.answers, s.store, s.executor)))
    questions: QuestionDesk = field(metadata=built_by(
        lambda s: QuestionDesk(s.answers, s.store, s.saved_answers, s.executor,
                               home_guild_id=s.settings.guild_id)))
    moderation: ModerationDesk = field(metadata=built_by(_moderation))
    story_vectors: StoryVectors = field(metadata=built_by(
        lambda s: StoryVectors(s.answers.encoder.encode)))
    matching_pool: PoolCache = field(metadata=built_by(
        lambda s: PoolCache(s.store, s.story_vectors)))
    privacy: PrivacyService = field(metadata=built_by(_privacy))
    surveys: SurveyService = field(metadata=built_by(
        lambda s: SurveyService(s.store, default_surveys(), clock=utc_now)))
    help_forum: HelpForum = field(metadata=built_by(lambda s: HelpForum(s.store)))

    async def aclose(self) -> None:
        """Release what the services hold (anonymous answers waiting for a batch, pooled
        connections, the model's worker), once a background build of the matching pool is
        done with the database."""
        await self.matching_pool.close()
        self.executor.shutdown()
        await self.surveys.aclose()
        await self.database.dispose()


async def build_services(settings: Settings, *, answers: AnswerService | None = None
                         ) -> Services:
    """Migrate and open the database, load the answer engine (unless one is passed in, as
    the tests share theirs) and build every service on them."""
    url = settings.resolved_database_url()
    if settings.db_upgrade_on_start:
        await upgrade_database(url)
    if answers is None:
        answers = await asyncio.to_thread(_load_answers, settings)
    database = Database.from_url(url)
    try:
        store = Store.over(database, member_hash=settings.member_hash())
        built: dict[str, Any] = {"settings": settings, "database": database, "store": store,
                                 "answers": answers}
        for declared in fields(Services):
            factory = _factory(declared)
            if factory is not None:
                built[declared.name] = factory(SimpleNamespace(**built))
    except BaseException:
        await database.dispose()
        raise
    return Services(**built)


def _load_answers(settings: Settings) -> AnswerService:
    """The answer engine over the encoder the settings name (exported first if need be)."""
    return AnswerService.load(settings.data_dir, Encoder(**settings.encoder_options()),
                              understanding_dir=settings.resolved_understanding_dir())


def _factory(declared: Field[Any]) -> Callable[[Any], Any] | None:
    return declared.metadata.get("factory")
