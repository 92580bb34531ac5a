"""Every repository over one database, so a front end carries one object around."""

from dataclasses import dataclass
from typing import TypeVar

from storage.changes import MatchingChanges
from storage.database import Database
from storage.member_hash import MemberHash
from storage.repositories import (
    CommunityAnswerRepository,
    ConsentRepository,
    FeedbackRepository,
    GuildSettingsRepository,
    InfractionRepository,
    MemberRepository,
    QuestionRepository,
    SurveyRepository,
)
from storage.repositories.base import Clock, Repository
from storage.repositories.introductions import IntroductionRepository
from storage.repositories.match_exclusions import MatchExclusionRepository
from storage.repositories.profiles import ProfileRepository
from storage.repositories.rounds import RoundRepository
from storage.repositories.undeleted_posts import UndeletedPostRepository
from storage.timestamps import utc_now

R = TypeVar("R", bound=Repository)


@dataclass(frozen=True, slots=True)
class Store:
    """Every repository over one database, sharing one clock, one keyed hash and one record
    of matching changes: what the services are given instead of sessions."""

    database: Database
    members: MemberRepository
    consents: ConsentRepository
    questions: QuestionRepository
    feedback: FeedbackRepository
    community_answers: CommunityAnswerRepository
    guild_settings: GuildSettingsRepository
    infractions: InfractionRepository
    profiles: ProfileRepository
    match_exclusions: MatchExclusionRepository
    introductions: IntroductionRepository
    rounds: RoundRepository
    surveys: SurveyRepository
    undeleted_posts: UndeletedPostRepository
    member_hash: MemberHash
    changes: MatchingChanges

    @classmethod
    def over(cls, database: Database, *, clock: Clock = utc_now,
             member_hash: MemberHash | None = None,
             changes: MatchingChanges | None = None) -> "Store":
        """The repositories on `database`; tests pass a `clock` to control timestamps.

        The bot and the CLI pass the deployment's `member_hash` (`Settings.member_hash()`);
        without one, records kept after a forget are hashed under a key of this process only.
        """
        member_hash = member_hash or MemberHash.ephemeral()
        changes = changes or MatchingChanges()

        def repository(kind: type[R]) -> R:
            return kind(database, clock=clock, member_hash=member_hash, changes=changes)

        return cls(
            database=database,
            members=repository(MemberRepository),
            consents=repository(ConsentRepository),
            questions=repository(QuestionRepository),
            feedback=repository(FeedbackRepository),
            community_answers=repository(CommunityAnswerRepository),
            guild_settings=repository(GuildSettingsRepository),
            infractions=repository(InfractionRepository),
            profiles=repository(ProfileRepository),
            match_exclusions=repository(MatchExclusionRepository),
            introductions=repository(IntroductionRepository),
            rounds=repository(RoundRepository),
            surveys=repository(SurveyRepository),
            undeleted_posts=repository(UndeletedPostRepository),
            member_hash=member_hash,
            changes=changes,
        )

    def with_clock(self, clock: Clock) -> "Store":
        """The same database, hash and change counters, on another clock."""
        return Store.over(self.database, clock=clock, member_hash=self.member_hash,
                          changes=self.changes)
