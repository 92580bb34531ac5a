"""Who pardoned an infraction, and who reviewed an appeal, when, with what note.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Column types spelt out, as in 0001. Batch mode, so SQLite can alter the tables too.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("infractions") as batch:
        batch.add_column(sa.Column("pardoned_by", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("appeals") as batch:
        batch.add_column(sa.Column("reviewed_by", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("appeals") as batch:
        batch.drop_column("note")
        batch.drop_column("reviewed_at")
        batch.drop_column("reviewed_by")
    with op.batch_alter_table("infractions") as batch:
        batch.drop_column("pardoned_by")
