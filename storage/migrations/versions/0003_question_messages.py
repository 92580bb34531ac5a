"""The messages a question lives in: the bot's answer (votes are tied to it) and the
community post made when the member shared it (posted once, deleted on forget).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

`shared_at` is the claim on sharing: one conditional UPDATE sets it, so two clicks, or a
click after a restart, cannot both post.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("questions", sa.Column("answer_message_id", sa.BigInteger(), nullable=True))
    op.add_column("questions", sa.Column("shared_at", sa.DateTime(timezone=True),
                                         nullable=True))
    op.add_column("questions", sa.Column("posted_channel_id", sa.BigInteger(), nullable=True))
    op.add_column("questions", sa.Column("posted_message_id", sa.BigInteger(), nullable=True))
    op.create_index("ix_questions_answer_message", "questions", ["answer_message_id"])
    op.create_index("ix_questions_created_at", "questions", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_questions_created_at", table_name="questions")
    op.drop_index("ix_questions_answer_message", table_name="questions")
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("posted_message_id")
        batch.drop_column("posted_channel_id")
        batch.drop_column("shared_at")
        batch.drop_column("answer_message_id")
