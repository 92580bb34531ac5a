"""Records that outlive a forget, and round messages as they were sent (issue 15, part A).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

An infraction and a block or "don't match me with" protect other people from the member they
name, so that member's forget keeps them under a keyed hash: their member column loses its
foreign key (which cascaded the row away) and may be empty, beside a new hash column. A
round member keeps the cards its message showed and whether its DM was closed; a profile,
whether its member was told of a closed DM.

Column types are spelt out, as in 0001. Batch mode, so SQLite can alter the tables too.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column that may lose its member, its foreign key, the hash column beside it)
_KEPT = (("infractions", "member_id", "fk_infractions_member_id_members", "member_hash"),
         ("match_exclusions", "other_id", "fk_match_exclusions_other_id_members",
          "other_hash"))


def upgrade() -> None:
    for table, column, foreign_key, hashed in _KEPT:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(foreign_key, type_="foreignkey")
            batch.alter_column(column, existing_type=sa.BigInteger(), nullable=True)
            batch.add_column(sa.Column(hashed, sa.String(64), nullable=True))
            batch.create_index(f"ix_{table}_{hashed}", [hashed])
    with op.batch_alter_table("round_members") as batch:
        batch.add_column(sa.Column(
            "cards", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True))
        batch.add_column(sa.Column("dm_closed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("dm_closed_told_at", sa.DateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("dm_closed_told_at")
    with op.batch_alter_table("round_members") as batch:
        batch.drop_column("dm_closed_at")
        batch.drop_column("cards")
    for table, column, foreign_key, hashed in _KEPT:
        # Rows of forgotten members cannot point at a member again: they go.
        op.execute(sa.text(f"DELETE FROM {table} WHERE {column} IS NULL"))
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_{hashed}")
            batch.drop_column(hashed)
            batch.alter_column(column, existing_type=sa.BigInteger(), nullable=False)
            batch.create_foreign_key(foreign_key, "members", [column], ["id"],
                                     ondelete="CASCADE")
