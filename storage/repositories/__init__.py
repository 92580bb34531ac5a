"""One repository per kind of record; each method is one unit of work."""

from storage.repositories.community_answers import CommunityAnswerRepository
from storage.repositories.consents import ConsentRepository
from storage.repositories.feedback import FeedbackRepository
from storage.repositories.guild_settings import GuildSettingsRepository
from storage.repositories.infractions import InfractionRepository
from storage.repositories.introductions import IntroductionRepository
from storage.repositories.match_exclusions import MatchExclusionRepository
from storage.repositories.members import MemberRepository
from storage.repositories.profiles import ProfileRepository
from storage.repositories.questions import QuestionRepository
from storage.repositories.rounds import RoundRepository
from storage.repositories.surveys import SurveyRepository

__all__ = [
    "CommunityAnswerRepository",
    "ConsentRepository",
    "FeedbackRepository",
    "GuildSettingsRepository",
    "InfractionRepository",
    "IntroductionRepository",
    "MatchExclusionRepository",
    "MemberRepository",
    "ProfileRepository",
    "QuestionRepository",
    "RoundRepository",
    "SurveyRepository",
]
