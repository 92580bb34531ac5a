"""What the repositories hand out: frozen dataclasses, never ORM rows.

A record is a snapshot: it can be passed across tasks and threads, compared in tests and
turned into JSON with `dataclasses.asdict`, and it never triggers a lazy database load.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class QuestionStatus(StrEnum):
    ANSWERED = "answered"
    UNANSWERED = "unanswered"  # waiting in the moderators' queue for a human answer
    RESOLVED = "resolved"
    REPLIED = "replied"  # a help-forum post another member replied to: no longer waiting


class InfractionKind(StrEnum):
    NOTE = "note"  # a moderator's remark; never counts towards escalation
    WARN = "warn"
    DELETE = "delete"
    TIMEOUT = "timeout"


class AppealStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Consent:
    id: int
    member_id: int
    scope: str
    granted_at: datetime
    withdrawn_at: datetime | None

    @property
    def active(self) -> bool:
        """A consent counts until it is withdrawn."""
        return self.withdrawn_at is None


@dataclass(frozen=True, slots=True)
class Question:
    id: int
    member_id: int
    guild_id: int | None  # None: asked in a direct message
    channel_id: int
    thread_id: int | None
    message_id: int | None
    question: str
    answer: str
    citations: list[dict[str, Any]]
    triage: str
    abstained: bool
    status: QuestionStatus
    created_at: datetime
    answer_message_id: int | None = None  # the bot's answer: votes are cast on it
    shared_at: datetime | None = None  # the member shared it with the community
    posted_channel_id: int | None = None  # the community post, deleted on forget
    posted_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class Feedback:
    question_id: int
    member_id: int
    helpful: bool
    created_at: datetime  # the first vote; a changed vote keeps it


@dataclass(frozen=True, slots=True)
class CommunityAnswer:
    id: int
    question_id: int | None
    question: str
    answer: str
    author_id: int
    saved_by: int
    jump_url: str
    guild_id: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Infraction:
    id: int
    guild_id: int
    member_id: int
    kind: InfractionKind
    categories: list[str]
    reason: str
    actor_id: int | None  # None: taken automatically by the bot
    created_at: datetime
    expires_at: datetime | None  # when it stops counting towards escalation
    pardoned_at: datetime | None
    pardoned_by: int | None = None  # the moderator who pardoned it


@dataclass(frozen=True, slots=True)
class Appeal:
    id: int
    infraction_id: int
    member_id: int
    text: str
    status: AppealStatus
    created_at: datetime
    reviewed_by: int | None = None  # the moderator who accepted or refused it
    reviewed_at: datetime | None = None
    note: str | None = None  # the moderator's note, sent to the member


@dataclass(frozen=True, slots=True)
class UnansweredTopic:
    question: str  # as first asked, of the questions that read the same
    count: int


@dataclass(frozen=True, slots=True)
class QuestionStats:
    questions: int
    abstentions: int
    unanswered: int  # waiting in the queue now
    helpful_votes: int
    unhelpful_votes: int
    helpful_ratio: float | None  # None until someone voted
    top_unanswered: list[UnansweredTopic]


@dataclass(frozen=True, slots=True)
class ForgetReport:
    """How many rows `MemberRepository.forget` deleted, per table."""

    members: int
    consents: int
    questions: int
    feedback: int
    community_answers: int
    infractions: int
    appeals: int

    @property
    def total(self) -> int:
        """Rows deleted in all tables; 0 means the bot held nothing about the member."""
        return (
            self.members
            + self.consents
            + self.questions
            + self.feedback
            + self.community_answers
            + self.infractions
            + self.appeals
        )
