"""What the repositories hand out: frozen dataclasses, never ORM rows.

A record is a snapshot: it can be passed across tasks and threads, compared in tests and
turned into JSON with `dataclasses.asdict`, and it never triggers a lazy database load.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class QuestionStatus(StrEnum):
    """Where a question stands in the moderators' queue: only UNANSWERED waits for a person."""

    ANSWERED = "answered"
    UNANSWERED = "unanswered"  # waiting in the moderators' queue for a human answer
    RESOLVED = "resolved"
    REPLIED = "replied"  # a help-forum post another member replied to: no longer waiting


class InfractionKind(StrEnum):
    """The rungs of the moderation ladder a member's record climbs."""

    NOTE = "note"  # a moderator's remark; never counts towards escalation
    WARN = "warn"
    DELETE = "delete"
    TIMEOUT = "timeout"


class AppealStatus(StrEnum):
    """A member's appeal is open until one moderator decides it; the decision is final."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Member:
    """A member the bot holds anything about: every personal record hangs off one, so
    forgetting the member finds them all."""

    id: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Consent:
    """One yes to one use of a member's data; kept after withdrawal, so the history shows
    what was allowed when."""

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
    """A question asked of the bot, with its answer and citations: what the unanswered queue,
    the votes, the thread follow-ups and the retention sweep work on."""

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
    """A member's vote on an answer: one per member and question, the measure of whether the
    answers help."""

    question_id: int
    member_id: int
    helpful: bool
    created_at: datetime  # the first vote; a changed vote keeps it


@dataclass(frozen=True, slots=True)
class CommunityAnswer:
    """A member's own answer that a moderator saved, offered beside the literature to later
    askers of the same server."""

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
    """A moderation action against a member: what the ladder counts, what an appeal disputes."""

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
    """A member's request that a moderator look at an infraction again."""

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
    """A question the bot could not answer, and how often it was asked in those words: what
    the corpus should cover next."""

    question: str  # as first asked, of the questions that read the same
    count: int


@dataclass(frozen=True, slots=True)
class QuestionStats:
    """The moderators' overview: how often the bot answers, abstains and helps."""

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
    """A member's block or "don't match me with": outlasts the other's forget, since it
    protects the one who made it."""

    id: int
    member_id: int
    other_id: int | None  # None: the other member deleted their data (the block stands)
    kind: str  # "block" | "avoid"
    created_at: datetime


@dataclass(frozen=True, slots=True)
class IntroductionRequest:
    """One member asking to be introduced to another; the asker is never told a decline."""

    id: int
    requester_id: int
    target_id: int
    # "pending" | "accepted" | "declined" | "withdrawn" (the asker backed out before an answer)
    status: str
    created_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True, slots=True)
class Introduction:
    """Two members who were put in touch: never suggested to each other again."""

    id: int
    member_a: int
    member_b: int
    source: str  # "request" | "round"
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RoundMember:
    """A member's place in one matching round: their group, and the message and check-in the
    round owes them."""

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
    """One round of peer matching and everyone planned into it, so that a restart sends each
    message once."""

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
        """The members left without a group, carried over to the next round first."""
        return sorted(m.member_id for m in self.members if m.group_no is None)
# --- Surveys (issue 11) ---------------------------------------------------------------------


class SurveyCadence(StrEnum):
    """How often a member chose to be asked the check-in survey."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class EnrolmentStatus(StrEnum):
    """Whether a member's surveys are being sent: paused keeps the enrolment, left ends it."""

    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class SendStatus(StrEnum):
    """Where one survey invitation stands, so that several schedulers never send it twice."""

    PENDING = "pending"  # waiting for its time (a first try, or a retry after a failure)
    CLAIMED = "claimed"  # a scheduler took it and is sending it now
    SENT = "sent"  # delivered (the reminder, if any, is `reminded_at`)
    FAILED = "failed"  # every attempt failed; recorded, not retried
    DM_CLOSED = "dm_closed"  # the member does not accept DMs; never retried


@dataclass(frozen=True, slots=True)
class SurveyEnrolment:
    """A member's opt-in to the surveys: nothing is sent to anyone without one."""

    member_id: int
    cadence: SurveyCadence
    status: EnrolmentStatus
    joined_at: datetime
    updated_at: datetime
    dm_closed_told_at: datetime | None
    guild_id: int | None = None  # the server joined in: its moderators' reports count them


@dataclass(frozen=True, slots=True)
class SurveySend:
    """One survey invitation (and its reminder) to one member for one wave: the unit the
    scheduler claims, retries and records."""

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
    """A member's answers to one wave of a survey, saved as they go so that a closed DM or a
    restart loses nothing."""

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
