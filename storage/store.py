"""Every repository over one database, so a front end carries one object around."""

from dataclasses import dataclass

from storage.database import Database
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
from storage.repositories.base import Clock
from storage.repositories.introductions import IntroductionRepository
from storage.repositories.match_exclusions import MatchExclusionRepository
from storage.repositories.profiles import ProfileRepository
from storage.repositories.rounds import RoundRepository
from storage.repositories.undeleted_posts import UndeletedPostRepository
from storage.timestamps import utc_now


@dataclass(frozen=True, slots=True)
class Store:
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

    @classmethod
    def over(cls, database: Database, *, clock: Clock = utc_now) -> "Store":
        """The repositories on `database`; tests pass a `clock` to control timestamps."""
        return cls(
            database=database,
            members=MemberRepository(database, clock=clock),
            consents=ConsentRepository(database, clock=clock),
            questions=QuestionRepository(database, clock=clock),
            feedback=FeedbackRepository(database, clock=clock),
            community_answers=CommunityAnswerRepository(database, clock=clock),
            guild_settings=GuildSettingsRepository(database, clock=clock),
            infractions=InfractionRepository(database, clock=clock),
            profiles=ProfileRepository(database, clock=clock),
            match_exclusions=MatchExclusionRepository(database, clock=clock),
            introductions=IntroductionRepository(database, clock=clock),
            rounds=RoundRepository(database, clock=clock),
            surveys=SurveyRepository(database, clock=clock),
            undeleted_posts=UndeletedPostRepository(database, clock=clock),
        )
