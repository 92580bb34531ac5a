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
    member_id: int | None  # None: kept after the member's forget, under their keyed hash
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
    infractions: int  # not deleted: kept under the member's keyed hash, without words
    appeals: int
    match_exclusions: int = 0  # the member's own deleted; those naming them kept, hashed

    @property
    def total(self) -> int:
        """Rows deleted or cut loose from the member in all tables; 0 means the bot held
        nothing about the member."""
        return (
            self.members
            + self.consents
            + self.questions
            + self.feedback
            + self.community_answers
            + self.infractions
            + self.appeals
            + self.match_exclusions
        )


# --- Peer matching (issue 10) --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredProfile:
    """A profile row: `fields` holds the contract's symptom fields under their own names."""

    member_id: int
    fields: dict[str, Any]
    visibility: dict[str, str]
    paused: bool
    snoozed_until: datetime | None
    odd_one: str  # "trio" | "carry_over"
    consents: frozenset[str]  # scopes in force: "profile", "matching", "story"
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PoolStanding:
    """Of a profile, only what decides whether its member is in the matching pool now."""

    member_id: int
    paused: bool
    snoozed_until: datetime | None
    consents: frozenset[str]  # scopes in force: "profile", "matching", "story"


@dataclass(frozen=True, slots=True)
class MatchExclusion:
    id: int
    member_id: int
    other_id: int | None  # None: the other member deleted their data (the block stands)
    kind: str  # "block" | "avoid"
    created_at: datetime


@dataclass(frozen=True, slots=True)
class IntroductionRequest:
    id: int
    requester_id: int
    target_id: int
    # "pending" | "accepted" | "declined" | "withdrawn" (the asker backed out before an answer)
    status: str
    created_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True, slots=True)
class Introduction:
    id: int
    member_a: int
    member_b: int
    source: str  # "request" | "round"
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RoundMember:
    round_id: int
    member_id: int
    group_no: int | None  # None: unpaired (carried over) this round
    due_at: datetime
    notified_at: datetime | None
    checkin_due_at: datetime
    checkin_sent_at: datetime | None
    connected: bool | None
    helped: bool | None
    # The peers the message showed, in card order (None: that peer deleted their data).
    cards: list[int | None] | None = None
    dm_closed_at: datetime | None = None  # the message could not be sent: DMs closed


@dataclass(frozen=True, slots=True)
class MatchRound:
    id: int
    starts_at: datetime
    ends_at: datetime
    members: list[RoundMember]

    def groups(self) -> list[list[int]]:
        """The members of each group, in group order."""
        by_group: dict[int, list[int]] = {}
        for member in self.members:
            if member.group_no is not None:
                by_group.setdefault(member.group_no, []).append(member.member_id)
        return [sorted(by_group[number]) for number in sorted(by_group)]

    def unpaired(self) -> list[int]:
        return sorted(m.member_id for m in self.members if m.group_no is None)
# --- Surveys (issue 11) ---------------------------------------------------------------------


class SurveyCadence(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class EnrolmentStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class SendStatus(StrEnum):
    PENDING = "pending"  # waiting for its time (a first try, or a retry after a failure)
    CLAIMED = "claimed"  # a scheduler took it and is sending it now
    SENT = "sent"  # delivered (the reminder, if any, is `reminded_at`)
    FAILED = "failed"  # every attempt failed; recorded, not retried
    DM_CLOSED = "dm_closed"  # the member does not accept DMs; never retried


@dataclass(frozen=True, slots=True)
class SurveyEnrolment:
    member_id: int
    cadence: SurveyCadence
    status: EnrolmentStatus
    joined_at: datetime
    updated_at: datetime
    dm_closed_told_at: datetime | None
    guild_id: int | None = None  # the server joined in: its moderators' reports count them


@dataclass(frozen=True, slots=True)
class SurveySend:
    id: int
    member_id: int
    survey: str
    wave: str
    trigger: str | None
    status: SendStatus
    attempts: int
    next_attempt_at: datetime
    closes_at: datetime | None
    claimed_by: str | None
    claimed_at: datetime | None
    sent_at: datetime | None
    reminded_at: datetime | None
    completed_at: datetime | None
    dm_closed_at: datetime | None
    last_error: str | None

    @property
    def is_reminder(self) -> bool:
        """A claimed send that was delivered before is due its reminder, not its invitation."""
        return self.sent_at is not None


@dataclass(frozen=True, slots=True)
class SurveyResponse:
    id: int
    member_id: int
    survey: str
    survey_version: int
    wave: str
    answers: dict[str, Any]
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None  # None: partial, to be resumed
    guild_id: int | None = None  # the server of the enrolment it was saved under


@dataclass(frozen=True, slots=True)
class AnonymousAnswer:
    """An answer to an anonymous question: whose it is is exactly what it does not say."""

    survey: str
    wave: str
    question: str
    value: Any
    guild_id: int | None = None


@dataclass(frozen=True, slots=True)
class PlannedSend:
    """A send to create if it does not exist yet (member, survey, wave are its identity)."""

    member_id: int
    survey: str
    wave: str
    due_at: datetime
    closes_at: datetime | None
    trigger: str | None = None
