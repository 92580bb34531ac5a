"""Members, and the two privacy rights over everything kept about them: export and forget."""

from dataclasses import asdict
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from storage.models import (
    AppealRow,
    Base,
    CommunityAnswerRow,
    ConsentRow,
    FeedbackRow,
    InfractionRow,
    MemberRow,
    QuestionRow,
)
from storage.records import (
    Appeal,
    CommunityAnswer,
    Consent,
    Feedback,
    ForgetReport,
    Infraction,
    Member,
    Question,
)
from storage.repositories.base import Repository, changed_rows, to_record
from storage.repositories.forgetting import (
    forget_cards,
    forget_exclusions,
    forget_infractions,
)

EXPORT_FORMAT_VERSION = 1


class MemberRepository(Repository):
    """Also the database's `MemberDataHolder` (community/member_data.py): every personal
    table hangs off the member, so one export and one cascading forget cover them all."""

    name = "database"

    async def export_member(self, member_id: int) -> dict[str, Any]:
        """`export`, for the privacy service."""
        return await self.export(member_id)

    async def forget_member(self, member_id: int) -> int:
        """`forget`, for the privacy service: the number of rows deleted."""
        return (await self.forget(member_id)).total

    async def get(self, member_id: int) -> Member | None:
        """The member, or None if the bot holds nothing about them."""
        async with self._database.session() as session:
            row = await session.get(MemberRow, member_id)
            return None if row is None else to_record(row, Member)

    async def forget(self, member_id: int) -> ForgetReport:
        """Delete every record of the member, in one transaction, and say what went.

        Also deleted: other members' votes on this member's questions and saved answers to
        them, because those carry the member's question. The foreign keys cascade the same
        way; deleting table by table is what yields the counts. Kept, because they protect
        others (`forgetting`): the member's infractions and the blocks naming them, under
        the keyed hash of their id, the infractions without their words.
        """
        own_questions = select(QuestionRow.id).where(QuestionRow.member_id == member_id)
        own_infractions = select(InfractionRow.id).where(InfractionRow.member_id == member_id)
        # Children before parents, so that each count is of rows this statement deleted.
        doomed: list[tuple[str, type[Base], ColumnElement[bool]]] = [
            (
                "feedback",
                FeedbackRow,
                or_(FeedbackRow.member_id == member_id, FeedbackRow.question_id.in_(own_questions)),
            ),
            (
                "community_answers",
                CommunityAnswerRow,
                or_(
                    CommunityAnswerRow.author_id == member_id,
                    CommunityAnswerRow.question_id.in_(own_questions),
                ),
            ),
            ("questions", QuestionRow, QuestionRow.member_id == member_id),
            ("consents", ConsentRow, ConsentRow.member_id == member_id),
            ("members", MemberRow, MemberRow.id == member_id),
        ]
        counts: dict[str, int] = {}
        member_hash = self._member_hash(member_id)
        async with self._database.session() as session:
            # Appeals hold the member's words: they go, before their infractions are kept.
            appeals = await changed_rows(session, delete(AppealRow).where(or_(
                AppealRow.member_id == member_id, AppealRow.infraction_id.in_(own_infractions))))
            counts["appeals"] = appeals
            counts["infractions"] = await forget_infractions(session, member_id, member_hash)
            counts["match_exclusions"] = await forget_exclusions(session, member_id,
                                                                 member_hash)
            await forget_cards(session, member_id)
            for table, model, condition in doomed:
                result = await changed_rows(session, delete(model).where(condition))
                counts[table] = result
        self._changes.profile_changed(member_id)
        self._changes.all_rules_changed()
        return ForgetReport(**counts)

    async def export(self, member_id: int) -> dict[str, Any]:
        """Everything kept about the member, as JSON-ready data (times in ISO 8601, UTC).

        Lists are empty and `member` is None when the bot holds nothing about them.
        """
        export: dict[str, Any] = {
            "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": self._clock().isoformat(),
            "member_id": member_id,
        }
        async with self._database.session() as session:
            member = await session.get(MemberRow, member_id)
            export["member"] = None if member is None else _jsonable(to_record(member, Member))
            for name, owner_column, record_type in _EXPORTED:
                model = owner_column.class_
                rows = await session.scalars(
                    select(model)
                    .where(owner_column == member_id)
                    .order_by(*model.__mapper__.primary_key)
                )
                export[name] = [_jsonable(to_record(row, record_type)) for row in rows]
        return export


# What a member gets in an export: their own records, found by the column naming them.
_EXPORTED: list[tuple[str, InstrumentedAttribute[int] | InstrumentedAttribute[int | None],
                     type[Any]]] = [
    ("consents", ConsentRow.member_id, Consent),
    ("questions", QuestionRow.member_id, Question),
    ("feedback", FeedbackRow.member_id, Feedback),
    ("community_answers", CommunityAnswerRow.author_id, CommunityAnswer),
    ("infractions", InfractionRow.member_id, Infraction),
    ("appeals", AppealRow.member_id, Appeal),
]


def _jsonable(record: Any) -> dict[str, Any]:
    return {key: _json_value(value) for key, value in asdict(record).items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value
