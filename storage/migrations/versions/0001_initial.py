"""Initial schema: members and every record that hangs off them.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

A migration is a frozen copy of the schema at its time, so it spells the column types out
instead of importing them from storage.models, which will keep changing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str) -> sa.Column:
    return sa.Column(name, sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _member_id(name: str = "member_id") -> sa.Column:
    return sa.Column(
        name, sa.BigInteger(), sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=False),
        _timestamp("created_at"),
    )
    op.create_table(
        "consents",
        _id(),
        _member_id(),
        sa.Column("scope", sa.String(64), nullable=False),
        _timestamp("granted_at"),
        _timestamp("withdrawn_at", nullable=True),
    )
    op.create_index("ix_consents_member_scope", "consents", ["member_id", "scope"])
    op.create_index(
        "uq_consents_active_scope",
        "consents",
        ["member_id", "scope"],
        unique=True,
        sqlite_where=sa.text("withdrawn_at IS NULL"),
        postgresql_where=sa.text("withdrawn_at IS NULL"),
    )
    op.create_table(
        "questions",
        _id(),
        _member_id(),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("thread_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        _json("citations"),
        sa.Column("triage", sa.String(32), nullable=False),
        sa.Column("abstained", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _timestamp("created_at"),
    )
    op.create_index("ix_questions_member_id", "questions", ["member_id"])
    op.create_index("ix_questions_guild_status", "questions", ["guild_id", "status"])
    op.create_index("ix_questions_thread", "questions", ["thread_id"])
    op.create_index("ix_questions_message", "questions", ["message_id"])
    op.create_table(
        "feedback",
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "member_id",
            sa.BigInteger(),
            sa.ForeignKey("members.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        _timestamp("created_at"),
    )
    op.create_index("ix_feedback_member_id", "feedback", ["member_id"])
    op.create_table(
        "community_answers",
        _id(),
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        _member_id("author_id"),
        sa.Column("saved_by", sa.BigInteger(), nullable=False),
        sa.Column("jump_url", sa.Text(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        _timestamp("created_at"),
    )
    op.create_index("ix_community_answers_author_id", "community_answers", ["author_id"])
    op.create_index("ix_community_answers_question_id", "community_answers", ["question_id"])
    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("key", sa.String(100), primary_key=True),
        _json("value"),
    )
    op.create_table(
        "infractions",
        _id(),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        _member_id(),
        sa.Column("kind", sa.String(16), nullable=False),
        _json("categories"),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        _timestamp("created_at"),
        _timestamp("expires_at", nullable=True),
        _timestamp("pardoned_at", nullable=True),
    )
    op.create_index("ix_infractions_member_guild", "infractions", ["member_id", "guild_id"])
    op.create_table(
        "appeals",
        _id(),
        sa.Column(
            "infraction_id",
            sa.Integer(),
            sa.ForeignKey("infractions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _member_id(),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _timestamp("created_at"),
    )
    op.create_index("ix_appeals_infraction_id", "appeals", ["infraction_id"])
    op.create_index("ix_appeals_member_id", "appeals", ["member_id"])


def downgrade() -> None:
    for table in (
        "appeals",
        "infractions",
        "guild_settings",
        "community_answers",
        "feedback",
        "questions",
        "consents",
        "members",
    ):
        op.drop_table(table)
