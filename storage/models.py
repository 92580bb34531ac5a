"""The tables, as typed SQLAlchemy models.

Every personal record points at `members` with ON DELETE CASCADE, so deleting a member row
deletes everything of that member even if a caller forgets a table. Two kinds of record
protect other people from a member, and so outlive that member's forget: an infraction (the
ladder counts it) and a block or "don't match me with" naming them (the blocker's data).
They name that member with no foreign key, and forget replaces the id with its keyed hash
(`storage.member_hash`) and drops the infraction's words. Moderator ids
(`community_answers.saved_by`, `infractions.actor_id`, `infractions.pardoned_by`,
`appeals.reviewed_by`) are plain columns: they record who
acted, and are not the moderator's own data.
Rows stay inside this package: repositories turn them into the dataclasses of `records`.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.timestamps import UTCDateTime

# Named constraints let later migrations alter them on SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSON_VALUE = JSON().with_variant(JSONB(), "postgresql")


def _member_fk() -> ForeignKey:
    """The link every personal record has: deleting the member deletes the record."""
    return ForeignKey("members.id", ondelete="CASCADE")


class Base(DeclarativeBase):
    """Every table's base: one naming convention, so migrations name constraints the same
    on SQLite and PostgreSQL, and Python types mapped once to their columns."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Discord ids are 64-bit, hence BigInteger for every plain int (surrogate keys say Integer).
    type_annotation_map = {  # noqa: RUF012
        datetime: UTCDateTime(),
        int: BigInteger(),
        str: Text(),
        bool: Boolean(),
    }


class MemberRow(Base):
    """The member every personal row points at (`_member_fk`): deleting it cascades to them."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    created_at: Mapped[datetime]


class ConsentRow(Base):
    """Each grant and withdrawal kept as its own row: the history of what a member allowed."""

    __tablename__ = "consents"
    __table_args__ = (
        Index("ix_consents_member_scope", "member_id", "scope"),
        # At most one active consent per member and scope, even when two grants race.
        Index(
            "uq_consents_active_scope",
            "member_id",
            "scope",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk())
    scope: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]


class QuestionRow(Base):
    """A question and its answer, kept for `QUESTION_RETENTION_DAYS`: the queue, the votes
    and the follow-ups of a thread read it."""

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_guild_status", "guild_id", "status"),
        Index("ix_questions_thread", "thread_id"),
        Index("ix_questions_message", "message_id"),
        Index("ix_questions_answer_message", "answer_message_id"),
        Index("ix_questions_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    guild_id: Mapped[int | None]
    channel_id: Mapped[int]
    thread_id: Mapped[int | None]
    message_id: Mapped[int | None]
    question: Mapped[str]
    answer: Mapped[str]
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON_VALUE)
    triage: Mapped[str] = mapped_column(String(32))
    abstained: Mapped[bool]
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    # Migration 0003: the bot's answer message, and the community post once shared.
    answer_message_id: Mapped[int | None]
    shared_at: Mapped[datetime | None]
    posted_channel_id: Mapped[int | None]
    posted_message_id: Mapped[int | None]


class FeedbackRow(Base):
    """Keyed by question and member, so a second vote changes the first instead of counting
    twice."""

    __tablename__ = "feedback"

    question_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True, index=True)
    helpful: Mapped[bool]
    created_at: Mapped[datetime]


class CommunityAnswerRow(Base):
    """A saved member answer; it goes with its author's forget, and with the asker's too
    (it quotes their question)."""

    __tablename__ = "community_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The asker's words are copied into `question`, so the answer goes with the asker too.
    question_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str]
    answer: Mapped[str]
    author_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    saved_by: Mapped[int]
    jump_url: Mapped[str]
    guild_id: Mapped[int | None]
    created_at: Mapped[datetime]


class GuildSettingRow(Base):
    """A server's override of one setting, as JSON: a server stores only what it changed."""

    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON_VALUE)


class InfractionRow(Base):
    """Kept after the member's forget (under their keyed hash, without words), so that a
    returning member does not start the ladder afresh."""

    __tablename__ = "infractions"
    __table_args__ = (Index("ix_infractions_member_guild", "member_id", "guild_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int]
    # None once the member was forgotten: `member_hash` then names them (migration 0006).
    member_id: Mapped[int | None]
    member_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    categories: Mapped[list[str]] = mapped_column(JSON_VALUE)
    reason: Mapped[str]
    actor_id: Mapped[int | None]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    pardoned_at: Mapped[datetime | None]
    pardoned_by: Mapped[int | None]  # the moderator who pardoned (migration 0002)


class AppealRow(Base):
    """An appeal holds the member's own words: it is deleted with them, unlike the infraction."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    infraction_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("infractions.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    text: Mapped[str]
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    # Who reviewed it, when, and the note the member was sent (migration 0002).
    reviewed_by: Mapped[int | None]
    reviewed_at: Mapped[datetime | None]
    note: Mapped[str | None]


# --- Peer matching (issue 10): profiles, exclusions, introductions, rounds ----------------
# A profile is one row keyed by its member, in the contract's own field names; lists and
# `tried` are JSON. A pair of members is always stored with the smaller id first (`member_a`),
# so "unique per pair" is a plain unique constraint whoever asked first.


class ProfileRow(Base):
    """A member's matching profile, one row in the contract's field names, so that the
    export and the form read the same names."""

    __tablename__ = "profiles"

    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True, autoincrement=False)
    side: Mapped[str | None] = mapped_column(String(8))
    muscles: Mapped[list[str]] = mapped_column(JSON_VALUE)
    movements: Mapped[list[str]] = mapped_column(JSON_VALUE)
    triggers: Mapped[list[str]] = mapped_column(JSON_VALUE)
    tolerated: Mapped[list[str]] = mapped_column(JSON_VALUE)
    onset_age: Mapped[int | None] = mapped_column(Integer)
    years_since_onset: Mapped[float | None] = mapped_column(Float)
    weekly_km_before: Mapped[float | None] = mapped_column(Float)
    level_at_worst: Mapped[str | None] = mapped_column(String(32))
    level_now: Mapped[str | None] = mapped_column(String(32))
    tried: Mapped[dict[str, str]] = mapped_column(JSON_VALUE)
    tests_done: Mapped[list[str]] = mapped_column(JSON_VALUE)
    other_diagnoses: Mapped[list[str]] = mapped_column(JSON_VALUE)
    story: Mapped[str | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    wants: Mapped[str] = mapped_column(String(16))
    rounds: Mapped[str] = mapped_column(String(8))
    visibility: Mapped[dict[str, str]] = mapped_column(JSON_VALUE)
    paused: Mapped[bool]
    snoozed_until: Mapped[datetime | None]
    odd_one: Mapped[str] = mapped_column(String(16))  # "trio" | "carry_over"
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # When the member was told in the server that a round's DM could not reach them: once.
    dm_closed_told_at: Mapped[datetime | None]


class MatchExclusionRow(Base):
    """A block or "don't match me with"; it stays, hashed, when the other member is
    forgotten, since it protects the one who made it."""

    __tablename__ = "match_exclusions"
    __table_args__ = (UniqueConstraint("member_id", "other_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk())
    # The member kept away: None once they were forgotten, and `other_hash` names them.
    other_id: Mapped[int | None] = mapped_column(index=True)
    other_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # "block" | "avoid" (don't match me with)
    created_at: Mapped[datetime]


class IntroductionRequestRow(Base):
    """One request per pair, whoever asked first (`member_a` is the smaller id): asking
    again cannot pester."""

    __tablename__ = "introduction_requests"
    __table_args__ = (UniqueConstraint("member_a", "member_b"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requester_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    target_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    member_a: Mapped[int]
    member_b: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))  # pending | accepted | declined
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class IntroductionRow(Base):
    """Members put in touch, one row per pair: matching never suggests them again."""

    __tablename__ = "introductions"
    __table_args__ = (UniqueConstraint("member_a", "member_b"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_a: Mapped[int] = mapped_column(_member_fk())
    member_b: Mapped[int] = mapped_column(_member_fk(), index=True)
    source: Mapped[str] = mapped_column(String(16))  # "request" | "round"
    created_at: Mapped[datetime]


class MatchRoundRow(Base):
    """A round, unique by its start, so two processes planning the same round make one."""

    __tablename__ = "match_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(unique=True)
    ends_at: Mapped[datetime]
    created_at: Mapped[datetime]


class RoundMemberRow(Base):
    """A member's group in a round and what the round still owes them (its message, its
    check-in): claimed row by row, so a restart sends nothing twice."""

    __tablename__ = "round_members"
    __table_args__ = (UniqueConstraint("round_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("match_rounds.id", ondelete="CASCADE")
    )
    member_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    group_no: Mapped[int | None] = mapped_column(Integer)  # None: unpaired this round
    due_at: Mapped[datetime]
    notified_at: Mapped[datetime | None]
    checkin_due_at: Mapped[datetime]
    checkin_sent_at: Mapped[datetime | None]
    connected: Mapped[bool | None]
    helped: Mapped[bool | None]
    # The peers whose cards the round's message showed, in card order: the buttons and the
    # export read this list, so they cannot drift from what the member saw (migration 0006).
    cards: Mapped[list[int | None] | None] = mapped_column(JSON_VALUE)
    dm_closed_at: Mapped[datetime | None]  # the message could not be sent: DMs closed
# --- Surveys (issue 11) ---------------------------------------------------------------------
# The schedule lives in these tables, so a restart mid-wave neither repeats nor misses a send.


class SurveyEnrolmentRow(Base):
    """A member's opt-in to the periodic surveys (their consent is a `consents` row too)."""

    __tablename__ = "survey_enrolments"

    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True)
    cadence: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    joined_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # When the member was told in the server that their DMs are closed: once, ever.
    dm_closed_told_at: Mapped[datetime | None]
    # Migration 0007: the server they joined in (None: unknown), whose reports count them.
    guild_id: Mapped[int | None]


class SurveySendRow(Base):
    """One invitation of one member to one wave of one survey, and its reminder."""

    __tablename__ = "survey_sends"
    __table_args__ = (
        UniqueConstraint("member_id", "survey", "wave", name="uq_survey_sends_member_survey_wave"),
        # What is due is read in these orders: the claim query walks an index, not the wave.
        Index("ix_survey_sends_status_next_attempt_at", "status", "next_attempt_at", "id"),
        Index("ix_survey_sends_status_sent_at", "status", "sent_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk())
    survey: Mapped[str] = mapped_column(String(64))
    wave: Mapped[str] = mapped_column(String(64))
    trigger: Mapped[str | None] = mapped_column(String(64))  # the conditional invitation
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime]
    closes_at: Mapped[datetime | None]  # None: the wave never closes
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    dm_closed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(64))  # a kind, never a message


class SurveyResponseRow(Base):
    """A member's answers to one wave: partial until submitted, correctable until it closes."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("member_id", "survey", "wave",
                         name="uq_survey_responses_member_survey_wave"),
        Index("ix_survey_responses_survey_wave", "survey", "wave"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk())
    survey: Mapped[str] = mapped_column(String(64))
    survey_version: Mapped[int] = mapped_column(Integer)
    wave: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON_VALUE)
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    guild_id: Mapped[int | None]  # migration 0007: the enrolment's server when saved


class SurveyAnonymousAnswerRow(Base):
    """An answer to an anonymous question: no member, no time, a random key, so that it
    cannot be joined back to a member or a response. Written apart from the response, in
    shuffled batches (`community.surveys.anonymous`); on SQLite without a rowid, so not even
    the order rows were written in is kept."""

    __tablename__ = "survey_anonymous_answers"
    __table_args__ = (Index("ix_survey_anonymous_answers_survey_wave", "survey", "wave"),
                      {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey: Mapped[str] = mapped_column(String(64))
    wave: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON_VALUE)
    guild_id: Mapped[int | None]  # the server of the members who answered


class UndeletedPostRow(Base):
    """A community post a forget could not delete yet (Discord refused): retried until it
    is gone. Only the message's ids: the member it quoted is already forgotten."""

    __tablename__ = "undeleted_posts"

    message_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    channel_id: Mapped[int]
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime]
