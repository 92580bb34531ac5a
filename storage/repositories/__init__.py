"""One repository per kind of record; each method is one unit of work."""

from storage.repositories.community_answers import CommunityAnswerRepository
from storage.repositories.consents import ConsentRepository
from storage.repositories.feedback import FeedbackRepository
from storage.repositories.guild_settings import GuildSettingsRepository
from storage.repositories.infractions import InfractionRepository
from storage.repositories.members import MemberRepository
from storage.repositories.questions import QuestionRepository
from storage.repositories.surveys import SurveyRepository

__all__ = [
    "CommunityAnswerRepository",
    "ConsentRepository",
    "FeedbackRepository",
    "GuildSettingsRepository",
    "InfractionRepository",
    "MemberRepository",
    "QuestionRepository",
    "SurveyRepository",
]
