"""Surveys: enrolments, the schedule of sends, responses and anonymous answers (issue 11).

Revision ID: 0005
Revises: 0003 (the merger chains it after 0004)
Create Date: 2026-11-29

Column types are spelt out, as in 0001: a migration is a frozen copy of the schema.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str) -> sa.Column:
    return sa.Column(name, sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False)


def _member_id(*, primary_key: bool = False) -> sa.Column:
    return sa.Column("member_id", sa.BigInteger(),
                     sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False,
                     primary_key=primary_key)


def _name(column: str) -> sa.Column:
    return sa.Column(column, sa.String(64), nullable=False)


def upgrade() -> None:
    op.create_table(
        "survey_enrolments",
        _member_id(primary_key=True),
        sa.Column("cadence", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _timestamp("joined_at"),
        _timestamp("updated_at"),
        _timestamp("dm_closed_told_at", nullable=True),
    )
    op.create_table(
        "survey_sends",
        sa.Column("id", sa.Integer(), primary_key=True),
        _member_id(),
        _name("survey"),
        _name("wave"),
        sa.Column("trigger", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _timestamp("next_attempt_at"),
        _timestamp("closes_at", nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        _timestamp("claimed_at", nullable=True),
        _timestamp("sent_at", nullable=True),
        _timestamp("reminded_at", nullable=True),
        _timestamp("completed_at", nullable=True),
        _timestamp("dm_closed_at", nullable=True),
        sa.Column("last_error", sa.String(64), nullable=True),
        sa.UniqueConstraint("member_id", "survey", "wave",
                            name="uq_survey_sends_member_survey_wave"),
    )
    op.create_index("ix_survey_sends_status_next_attempt_at", "survey_sends",
                    ["status", "next_attempt_at", "id"])
    op.create_index("ix_survey_sends_status_sent_at", "survey_sends", ["status", "sent_at", "id"])
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), primary_key=True),
        _member_id(),
        _name("survey"),
        sa.Column("survey_version", sa.Integer(), nullable=False),
        _name("wave"),
        _json("answers"),
        _timestamp("started_at"),
        _timestamp("updated_at"),
        _timestamp("submitted_at", nullable=True),
        sa.UniqueConstraint("member_id", "survey", "wave",
                            name="uq_survey_responses_member_survey_wave"),
    )
    op.create_index("ix_survey_responses_survey_wave", "survey_responses", ["survey", "wave"])
    op.create_table(
        "survey_anonymous_answers",
        sa.Column("id", sa.String(32), primary_key=True),
        _name("survey"),
        _name("wave"),
        _name("question"),
        _json("value"),
    )
    op.create_index("ix_survey_anonymous_answers_survey_wave", "survey_anonymous_answers",
                    ["survey", "wave"])


def downgrade() -> None:
    op.drop_table("survey_anonymous_answers")
    op.drop_table("survey_responses")
    op.drop_table("survey_sends")
    op.drop_table("survey_enrolments")
