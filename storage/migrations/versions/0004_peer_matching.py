"""Peer matching: profiles, exclusions (blocks and "don't match me with"), introduction
requests and introductions, rounds and their members.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Column types are spelt out, as in 0001: a migration is a frozen copy of its schema.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str) -> sa.Column:
    return sa.Column(name, sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _member_id(name: str = "member_id", **kwargs: object) -> sa.Column:
    return sa.Column(
        name, sa.BigInteger(), sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False,
        **kwargs,
    )


def upgrade() -> None:
    op.create_table(
        "profiles",
        _member_id(primary_key=True, autoincrement=False),
        sa.Column("side", sa.String(8), nullable=True),
        _json("muscles"),
        _json("movements"),
        _json("triggers"),
        _json("tolerated"),
        sa.Column("onset_age", sa.Integer(), nullable=True),
        sa.Column("years_since_onset", sa.Float(), nullable=True),
        sa.Column("weekly_km_before", sa.Float(), nullable=True),
        sa.Column("level_at_worst", sa.String(32), nullable=True),
        sa.Column("level_now", sa.String(32), nullable=True),
        _json("tried"),
        _json("tests_done"),
        _json("other_diagnoses"),
        sa.Column("story", sa.Text(), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.Column("wants", sa.String(16), nullable=False),
        sa.Column("rounds", sa.String(8), nullable=False),
        _json("visibility"),
        sa.Column("paused", sa.Boolean(), nullable=False),
        _timestamp("snoozed_until", nullable=True),
        sa.Column("odd_one", sa.String(16), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
    )
    op.create_table(
        "match_exclusions",
        _id(),
        _member_id(),
        _member_id("other_id"),
        sa.Column("kind", sa.String(8), nullable=False),
        _timestamp("created_at"),
        sa.UniqueConstraint("member_id", "other_id", "kind",
                            name="uq_match_exclusions_member_id"),
    )
    op.create_index("ix_match_exclusions_other_id", "match_exclusions", ["other_id"])
    op.create_table(
        "introduction_requests",
        _id(),
        _member_id("requester_id"),
        _member_id("target_id"),
        sa.Column("member_a", sa.BigInteger(), nullable=False),
        sa.Column("member_b", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _timestamp("created_at"),
        _timestamp("decided_at", nullable=True),
        sa.UniqueConstraint("member_a", "member_b", name="uq_introduction_requests_member_a"),
    )
    op.create_index("ix_introduction_requests_requester_id", "introduction_requests",
                    ["requester_id"])
    op.create_index("ix_introduction_requests_target_id", "introduction_requests",
                    ["target_id"])
    op.create_table(
        "introductions",
        _id(),
        _member_id("member_a"),
        _member_id("member_b"),
        sa.Column("source", sa.String(16), nullable=False),
        _timestamp("created_at"),
        sa.UniqueConstraint("member_a", "member_b", name="uq_introductions_member_a"),
    )
    op.create_index("ix_introductions_member_b", "introductions", ["member_b"])
    op.create_table(
        "match_rounds",
        _id(),
        _timestamp("starts_at"),
        _timestamp("ends_at"),
        _timestamp("created_at"),
        sa.UniqueConstraint("starts_at", name="uq_match_rounds_starts_at"),
    )
    op.create_table(
        "round_members",
        _id(),
        sa.Column("round_id", sa.Integer(),
                  sa.ForeignKey("match_rounds.id", ondelete="CASCADE"), nullable=False),
        _member_id(),
        sa.Column("group_no", sa.Integer(), nullable=True),
        _timestamp("due_at"),
        _timestamp("notified_at", nullable=True),
        _timestamp("checkin_due_at"),
        _timestamp("checkin_sent_at", nullable=True),
        sa.Column("connected", sa.Boolean(), nullable=True),
        sa.Column("helped", sa.Boolean(), nullable=True),
        sa.UniqueConstraint("round_id", "member_id", name="uq_round_members_round_id"),
    )
    op.create_index("ix_round_members_member_id", "round_members", ["member_id"])


def downgrade() -> None:
    for table in ("round_members", "match_rounds", "introductions", "introduction_requests",
                  "match_exclusions", "profiles"):
        op.drop_table(table)
