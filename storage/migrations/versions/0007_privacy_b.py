"""Privacy, part B of issue 15: anonymous answers with no insertion order, surveys scoped to
their server, and community posts that are still to be deleted after a forget.

Revision ID: 0007
Revises: 0005 (the merger chains it after part A's 0006)
Create Date: 2026-12-06

`survey_anonymous_answers` is rebuilt, its rows shuffled on the way: on SQLite as a WITHOUT
ROWID table, so no rowid follows the order answers were written in (the rows are kept in
order of their random key). The server (`guild_id`) of an enrolment, a response and an
anonymous answer is what a moderator's report is scoped to; rows from before are of no
known server (NULL) and appear only in the command line's reports. `undeleted_posts` holds
the ids of posts a forget could not delete yet, and nothing of the member.

Column types are spelt out, as in 0001: a migration is a frozen copy of its schema.
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ANONYMOUS = "survey_anonymous_answers"


def _guild_id() -> sa.Column:
    return sa.Column("guild_id", sa.BigInteger(), nullable=True)


def _rebuild_anonymous_answers(*, with_guild: bool) -> None:
    """Create the anonymous answers' table again and copy its rows back in random order."""
    bind = op.get_bind()
    old = sa.Table(_ANONYMOUS, sa.MetaData(), autoload_with=bind)
    rows = [dict(row._mapping) for row in bind.execute(sa.select(old))]
    secrets.SystemRandom().shuffle(rows)
    op.drop_table(_ANONYMOUS)
    columns = [
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("survey", sa.String(64), nullable=False),
        sa.Column("wave", sa.String(64), nullable=False),
        sa.Column("question", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
                  nullable=False),
    ]
    table = op.create_table(_ANONYMOUS, *columns, *([_guild_id()] if with_guild else []),
                            sqlite_with_rowid=False)
    op.create_index("ix_survey_anonymous_answers_survey_wave", _ANONYMOUS, ["survey", "wave"])
    keep = {column.name for column in table.columns}
    if rows:
        op.bulk_insert(table, [{key: value for key, value in row.items() if key in keep}
                               for row in rows])


def upgrade() -> None:
    with op.batch_alter_table("survey_enrolments") as batch:
        batch.add_column(_guild_id())
    with op.batch_alter_table("survey_responses") as batch:
        batch.add_column(_guild_id())
    _rebuild_anonymous_answers(with_guild=True)
    op.create_table(
        "undeleted_posts",
        sa.Column("message_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("undeleted_posts")
    _rebuild_anonymous_answers(with_guild=False)
    with op.batch_alter_table("survey_responses") as batch:
        batch.drop_column("guild_id")
    with op.batch_alter_table("survey_enrolments") as batch:
        batch.drop_column("guild_id")
