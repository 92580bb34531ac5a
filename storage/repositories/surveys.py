"""Surveys: enrolments, the schedule of sends, responses and anonymous answers.

The schedule is rows, not timers: a send exists once per member, survey and wave (a unique
constraint), and is claimed before it is sent. On PostgreSQL a claim takes its rows with
`FOR UPDATE SKIP LOCKED`, so several bot processes share a wave without sending anything
twice; SQLite has a single writer, which serialises claims by itself.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Text, and_, cast, delete, exists, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import ConsentRequired
from storage.models import (
    ConsentRow,
    MemberRow,
    SurveyAnonymousAnswerRow,
    SurveyEnrolmentRow,
    SurveyResponseRow,
    SurveySendRow,
)
from storage.records import (
    AnonymousAnswer,
    EnrolmentStatus,
    PlannedSend,
    SendStatus,
    SurveyCadence,
    SurveyEnrolment,
    SurveyResponse,
    SurveySend,
)
from storage.repositories.base import Repository, changed_rows, ensure_member, to_record, upsert
from storage.repositories.members import _jsonable

SURVEYS_CONSENT = "surveys"
_ANALYZE_AFTER = 500  # sends planned at once that make PostgreSQL's statistics stale

_SEND = SurveySendRow
_ENROLMENT = SurveyEnrolmentRow
_RESPONSE = SurveyResponseRow


def _eligible() -> Any:
    """The member of a send is enrolled, active, and their survey consent is in force."""
    consented = exists().where(ConsentRow.member_id == _SEND.member_id,
                               ConsentRow.scope == SURVEYS_CONSENT,
                               ConsentRow.withdrawn_at.is_(None))
    active = exists().where(_ENROLMENT.member_id == _SEND.member_id,
                            _ENROLMENT.status == EnrolmentStatus.ACTIVE.value)
    # Already answered this wave (e.g. imported), or, for a conditional invitation, the
    # survey at all: REDCap's rule, never invite someone who completed it.
    answered = exists().where(
        _RESPONSE.member_id == _SEND.member_id, _RESPONSE.survey == _SEND.survey,
        _RESPONSE.submitted_at.is_not(None),
        or_(_RESPONSE.wave == _SEND.wave, _SEND.trigger.is_not(None)))
    return and_(consented, active, ~answered)


def _due_invitations(now: datetime) -> Any:
    """Invitations whose time has come (first tries and retries), in an open wave."""
    return and_(_SEND.status == SendStatus.PENDING.value, _SEND.next_attempt_at <= now,
                or_(_SEND.closes_at.is_(None), _SEND.closes_at > now), _eligible())


def _due_reminders(now: datetime, sent_before: datetime) -> Any:
    """Delivered, unanswered invitations of an open wave that have waited long enough."""
    return and_(_SEND.status == SendStatus.SENT.value, _SEND.reminded_at.is_(None),
                _SEND.completed_at.is_(None), _SEND.sent_at <= sent_before,
                or_(_SEND.closes_at.is_(None), _SEND.closes_at > now), _eligible())


def _due_queries(now: datetime, remind_sent_before: datetime | None) -> list[Any]:
    """The queries of what is due, each ordered as its index is (status, time, id), so that
    a small claim reads a few index entries instead of sorting the whole wave."""
    queries = [select(_SEND).where(_due_invitations(now))
               .order_by(_SEND.next_attempt_at, _SEND.id)]
    if remind_sent_before is not None:
        queries.append(select(_SEND).where(_due_reminders(now, remind_sent_before))
                       .order_by(_SEND.sent_at, _SEND.id))
    return queries


class SurveyRepository(Repository):
    """Everything the surveys keep; a `MemberDataHolder` for export and forget."""

    name = "surveys"

    # --- enrolments ---------------------------------------------------------------------

    async def enrol(self, member_id: int, cadence: SurveyCadence,
                    guild_id: int | None = None) -> SurveyEnrolment:
        """Join (or rejoin, or change cadence): active, with the consent recorded; in
        `guild_id` when given (a rejoin elsewhere moves the member there)."""
        now = self._clock()
        async with self._database.session() as session:
            await ensure_member(session, member_id, now)
            await session.execute(
                upsert(session, ConsentRow)
                .values(member_id=member_id, scope=SURVEYS_CONSENT, granted_at=now,
                        withdrawn_at=None)
                .on_conflict_do_nothing(index_elements=["member_id", "scope"],
                                        index_where=ConsentRow.withdrawn_at.is_(None)))
            statement = upsert(session, _ENROLMENT).values(
                member_id=member_id, cadence=cadence.value, status=EnrolmentStatus.ACTIVE.value,
                joined_at=now, updated_at=now, dm_closed_told_at=None, guild_id=guild_id)
            await session.execute(statement.on_conflict_do_update(
                index_elements=["member_id"],
                set_={"cadence": cadence.value, "updated_at": now,
                      "status": EnrolmentStatus.ACTIVE.value,
                      "guild_id": func.coalesce(statement.excluded.guild_id,
                                                _ENROLMENT.guild_id)}))
            return to_record(await session.get_one(_ENROLMENT, member_id,
                                                   populate_existing=True), SurveyEnrolment)

    async def set_status(self, member_id: int, status: EnrolmentStatus) -> SurveyEnrolment | None:
        """Pause, resume or leave; leaving withdraws the consent. None when not enrolled."""
        now = self._clock()
        async with self._database.session() as session:
            row = await session.get(_ENROLMENT, member_id)
            if row is None:
                return None
            row.status = status.value
            row.updated_at = now
            if status is EnrolmentStatus.LEFT:
                await session.execute(
                    update(ConsentRow)
                    .where(ConsentRow.member_id == member_id,
                           ConsentRow.scope == SURVEYS_CONSENT,
                           ConsentRow.withdrawn_at.is_(None))
                    .values(withdrawn_at=now))
            await session.flush()
            return to_record(row, SurveyEnrolment)

    async def enrolment(self, member_id: int) -> SurveyEnrolment | None:
        """The member's enrolment, whatever its status, or None."""
        async with self._database.session() as session:
            row = await session.get(_ENROLMENT, member_id)
            return None if row is None else to_record(row, SurveyEnrolment)

    async def active_members(self) -> list[tuple[int, SurveyCadence]]:
        """Members to invite: enrolled, active, consent in force; with their cadence."""
        consented = exists().where(ConsentRow.member_id == _ENROLMENT.member_id,
                                   ConsentRow.scope == SURVEYS_CONSENT,
                                   ConsentRow.withdrawn_at.is_(None))
        query = (select(_ENROLMENT.member_id, _ENROLMENT.cadence)
                 .where(_ENROLMENT.status == EnrolmentStatus.ACTIVE.value, consented)
                 .order_by(_ENROLMENT.member_id))
        async with self._database.session() as session:
            return [(member, SurveyCadence(cadence))
                    for member, cadence in await session.execute(query)]

    async def dm_closed_to_tell(self) -> list[int]:
        """Members whose DMs were found closed and who were not told in the server yet."""
        query = (select(_ENROLMENT.member_id)
                 .where(_ENROLMENT.dm_closed_told_at.is_(None),
                        exists().where(_SEND.member_id == _ENROLMENT.member_id,
                                       _SEND.status == SendStatus.DM_CLOSED.value))
                 .order_by(_ENROLMENT.member_id))
        async with self._database.session() as session:
            return list(await session.scalars(query))

    async def mark_told_dm_closed(self, member_id: int) -> bool:
        """Record the one server notice; False if someone (another process) already told them."""
        async with self._database.session() as session:
            result = await changed_rows(session,
                update(_ENROLMENT)
                .where(_ENROLMENT.member_id == member_id, _ENROLMENT.dm_closed_told_at.is_(None))
                .values(dm_closed_told_at=self._clock()))
            return result == 1

    # --- the schedule -------------------------------------------------------------------

    async def planned_members(self, survey: str, wave: str | None = None) -> set[int]:
        """Members who already have a send of this survey (in this wave, if given)."""
        query = select(_SEND.member_id).where(_SEND.survey == survey)
        if wave is not None:
            query = query.where(_SEND.wave == wave)
        async with self._database.session() as session:
            return set(await session.scalars(query))

    async def plan(self, sends: list[PlannedSend]) -> int:
        """Create the sends that do not exist yet; the number created. Safe to repeat."""
        if not sends:
            return 0
        now = self._clock()
        created = 0
        async with self._database.session() as session:
            for start in range(0, len(sends), 1000):
                chunk = sends[start:start + 1000]
                values = [{"member_id": s.member_id, "survey": s.survey, "wave": s.wave,
                           "trigger": s.trigger, "status": SendStatus.PENDING.value,
                           "attempts": 0, "next_attempt_at": s.due_at,
                           "closes_at": s.closes_at} for s in chunk]
                await _ensure_members(session, {s.member_id for s in chunk}, now)
                result = await changed_rows(session,
                    upsert(session, _SEND).values(values).on_conflict_do_nothing(
                        index_elements=["member_id", "survey", "wave"]))
                created += result
        if created >= _ANALYZE_AFTER and self._database.engine.dialect.name == "postgresql":
            # A wave can multiply the table before autovacuum looks at it; with stale
            # statistics PostgreSQL sorts the whole wave for every small claim.
            async with self._database.session() as session:
                await session.execute(text(
                    "ANALYZE survey_sends, survey_enrolments, consents, survey_responses"))
        return created

    async def due(self, *, remind_sent_before: datetime | None) -> list[SurveySend]:
        """What a claim would take now, without taking it (for `llc-bot survey due`)."""
        async with self._database.session() as session:
            return [to_record(row, SurveySend)
                    for query in _due_queries(self._clock(), remind_sent_before)
                    for row in await session.scalars(query)]

    async def claim(self, worker: str, *, limit: int,
                    remind_sent_before: datetime | None) -> list[SurveySend]:
        """Take up to `limit` due sends (invitations first) for `worker`; no other worker
        can take them.

        On PostgreSQL the rows are locked with SKIP LOCKED, so a concurrent claim skips
        them instead of waiting; the status change is committed before anything is sent.
        """
        now = self._clock()
        async with self._database.session() as session:
            postgres = session.get_bind().dialect.name == "postgresql"
            rows: list[SurveySendRow] = []
            for query in _due_queries(now, remind_sent_before):
                if len(rows) >= limit:
                    break
                query = query.limit(limit - len(rows))
                if postgres:
                    query = query.with_for_update(skip_locked=True, of=_SEND)
                rows += await session.scalars(query)
            for row in rows:
                if row.sent_at is None:
                    row.attempts += 1
                row.status = SendStatus.CLAIMED.value
                row.claimed_by = worker
                row.claimed_at = now
            await session.flush()
            return [to_record(row, SurveySend) for row in rows]

    async def _finish(self, session: AsyncSession, send_id: int,
                      worker: str) -> SurveySendRow | None:
        """The send if `worker` still holds its claim (a stale claim may have been recovered)."""
        row = await session.get(_SEND, send_id, with_for_update=True)
        if row is None or row.status != SendStatus.CLAIMED.value or row.claimed_by != worker:
            return None
        row.claimed_by = None
        return row

    async def mark_sent(self, send_id: int, worker: str) -> None:
        """The invitation (or its reminder) was delivered."""
        now = self._clock()
        async with self._database.session() as session:
            row = await self._finish(session, send_id, worker)
            if row is None:
                return
            if row.sent_at is None:
                row.sent_at = now
            else:
                row.reminded_at = now
            row.status = SendStatus.SENT.value
            row.last_error = None

    async def mark_failed(self, send_id: int, worker: str, error: str,
                          retry_at: datetime | None) -> None:
        """A delivery failed: retry at `retry_at`, or give up (None). A failed reminder is
        not retried: the invitation already reached the member."""
        async with self._database.session() as session:
            row = await self._finish(session, send_id, worker)
            if row is None:
                return
            row.last_error = error
            if row.sent_at is not None:
                row.status = SendStatus.SENT.value
                row.reminded_at = self._clock()
            elif retry_at is None:
                row.status = SendStatus.FAILED.value
            else:
                row.status = SendStatus.PENDING.value
                row.next_attempt_at = retry_at

    async def mark_dm_closed(self, send_id: int, worker: str) -> None:
        """The member does not accept DMs: recorded once, never retried."""
        async with self._database.session() as session:
            row = await self._finish(session, send_id, worker)
            if row is None:
                return
            row.status = SendStatus.DM_CLOSED.value
            row.dm_closed_at = self._clock()
            row.last_error = "dm_closed"

    async def recover_stale(self, claimed_before: datetime) -> int:
        """Settle claims of a process that died while sending; the number settled.

        Whether its DM went out is unknown. Counting it as delivered keeps the promise of
        never sending twice, and the reminder that follows reaches the member anyway.
        """
        async with self._database.session() as session:
            base = and_(_SEND.status == SendStatus.CLAIMED.value,
                        _SEND.claimed_at < claimed_before)
            invited = await changed_rows(session,
                update(_SEND).where(base, _SEND.sent_at.is_(None))
                .values(status=SendStatus.SENT.value, sent_at=_SEND.claimed_at,
                        claimed_by=None, last_error="unconfirmed"))
            reminded = await changed_rows(session,
                update(_SEND).where(base, _SEND.sent_at.is_not(None))
                .values(status=SendStatus.SENT.value, reminded_at=_SEND.claimed_at,
                        claimed_by=None, last_error="unconfirmed"))
            return invited + reminded

    async def send_for(self, member_id: int, survey: str, wave: str) -> SurveySend | None:
        """The member's send of this wave, if one was planned."""
        async with self._database.session() as session:
            row = await session.scalar(select(_SEND).where(
                _SEND.member_id == member_id, _SEND.survey == survey, _SEND.wave == wave))
            return None if row is None else to_record(row, SurveySend)

    # --- responses ----------------------------------------------------------------------

    async def response(self, member_id: int, survey: str, wave: str) -> SurveyResponse | None:
        """The member's answers to this wave so far, or None."""
        async with self._database.session() as session:
            row = await session.scalar(select(_RESPONSE).where(
                _RESPONSE.member_id == member_id, _RESPONSE.survey == survey,
                _RESPONSE.wave == wave))
            return None if row is None else to_record(row, SurveyResponse)

    async def save_response(self, member_id: int, survey: str, survey_version: int, wave: str,
                            answers: dict[str, Any], *, submitted_at: datetime | None
                            ) -> tuple[SurveyResponse, bool]:
        """Store the answers (replacing earlier ones); when `submitted_at` is given the
        response counts as complete and its send is marked completed. Also whether this
        was its first submission (when the caller files its anonymous answers).

        Only for a member enrolled (active or paused, not left) with the surveys consent in
        force at this moment, checked in the same transaction, with the enrolment locked on
        PostgreSQL so that a leave or a forget cannot slip in between: ConsentRequired
        otherwise (an old DM's button after `/survey leave` or `/privacy forget`).
        """
        now = self._clock()
        async with self._database.session() as session:
            enrolment = await session.scalar(
                select(_ENROLMENT)
                .where(_ENROLMENT.member_id == member_id,
                       _ENROLMENT.status != EnrolmentStatus.LEFT.value,
                       exists().where(ConsentRow.member_id == member_id,
                                      ConsentRow.scope == SURVEYS_CONSENT,
                                      ConsentRow.withdrawn_at.is_(None)))
                .with_for_update(of=_ENROLMENT))
            if enrolment is None:
                raise ConsentRequired(SURVEYS_CONSENT)
            row = await session.scalar(select(_RESPONSE).where(
                _RESPONSE.member_id == member_id, _RESPONSE.survey == survey,
                _RESPONSE.wave == wave).with_for_update())
            if row is None:
                row = _RESPONSE(member_id=member_id, survey=survey, wave=wave, started_at=now)
                session.add(row)
            first_submission = row.submitted_at is None and submitted_at is not None
            row.survey_version = survey_version
            row.answers = answers
            row.updated_at = now
            row.guild_id = enrolment.guild_id
            if submitted_at is not None:
                row.submitted_at = row.submitted_at or submitted_at
                await session.execute(
                    update(_SEND).where(_SEND.member_id == member_id, _SEND.survey == survey,
                                        _SEND.wave == wave, _SEND.completed_at.is_(None))
                    .values(completed_at=now))
            await session.flush()
            return to_record(row, SurveyResponse), first_submission

    async def add_anonymous(self, answers: Sequence[AnonymousAnswer]) -> None:
        """Store anonymous answers in a transaction of their own, in random order: nothing
        ties a row to the response it came with (not a transaction id, not a position)."""
        rows = [SurveyAnonymousAnswerRow(id=uuid.uuid4().hex, survey=a.survey, wave=a.wave,
                                         question=a.question, value=a.value,
                                         guild_id=a.guild_id) for a in answers]
        if not rows:
            return
        secrets.SystemRandom().shuffle(rows)
        async with self._database.session() as session:
            session.add_all(rows)

    async def import_submitted(self, survey: str, survey_version: int,
                               responses: list[tuple[int, str, datetime, dict[str, Any]]],
                               anonymous_questions: frozenset[str] = frozenset()) -> int:
        """Store submitted responses (member, wave, submitted_at, answers) in bulk, replacing
        earlier answers to the same wave; anonymous questions' answers go apart, once, in a
        shuffled write of their own after the responses."""
        now = self._clock()
        # A file may answer the same wave twice: the later line wins, as a correction would.
        responses = list({(r[0], r[1]): r for r in responses}.values())
        anonymous: list[AnonymousAnswer] = []
        async with self._database.session() as session:
            seen = {(member, wave) for member, wave in await session.execute(
                select(_RESPONSE.member_id, _RESPONSE.wave).where(
                    _RESPONSE.survey == survey, _RESPONSE.submitted_at.is_not(None)))}
            for start in range(0, len(responses), 500):
                chunk = responses[start:start + 500]
                await _ensure_members(session, {r[0] for r in chunk}, now)
                statement = upsert(session, _RESPONSE).values([
                    {"member_id": member, "survey": survey, "survey_version": survey_version,
                     "wave": wave, "started_at": now, "updated_at": now,
                     "submitted_at": submitted_at,
                     "answers": {k: v for k, v in answers.items()
                                 if k not in anonymous_questions}}
                    for member, wave, submitted_at, answers in chunk])
                await session.execute(statement.on_conflict_do_update(
                    index_elements=["member_id", "survey", "wave"],
                    set_={"answers": statement.excluded.answers, "updated_at": now,
                          "survey_version": statement.excluded.survey_version}))
                anonymous += [AnonymousAnswer(survey, wave, question, value)
                              for member, wave, _, answers in chunk if (member, wave) not in seen
                              for question, value in answers.items()
                              if question in anonymous_questions]
                seen.update((member, wave) for member, wave, _, _ in chunk)
        await self.add_anonymous(anonymous)
        return len(responses)

    async def responses(self, survey: str, *, member_id: int | None = None,
                        submitted_only: bool = True) -> list[SurveyResponse]:
        """Responses to a survey (of one member), oldest wave first."""
        query = select(_RESPONSE).where(_RESPONSE.survey == survey)
        if member_id is not None:
            query = query.where(_RESPONSE.member_id == member_id)
        if submitted_only:
            query = query.where(_RESPONSE.submitted_at.is_not(None))
        query = query.order_by(_RESPONSE.wave, _RESPONSE.member_id)
        async with self._database.session() as session:
            return [to_record(row, SurveyResponse) for row in await session.scalars(query)]

    async def answer_rows(self, survey: str, guild_id: int | None = None
                          ) -> list[tuple[int, str, dict[str, Any]]]:
        """(member, wave, answers) of every submitted response (made in `guild_id`, when
        given): the lean form reports read.

        The answers come as JSON text and are parsed in one call: decoding 100,000 small
        documents one by one (the JSON column's own way) takes most of a report's time.
        """
        query = (select(_RESPONSE.member_id, _RESPONSE.wave, cast(_RESPONSE.answers, Text))
                 .where(_RESPONSE.survey == survey, _RESPONSE.submitted_at.is_not(None))
                 .order_by(_RESPONSE.wave, _RESPONSE.member_id))
        if guild_id is not None:
            query = query.where(_RESPONSE.guild_id == guild_id)
        async with self._database.session() as session:
            rows = (await session.execute(query)).all()
        answers = json.loads("[" + ",".join(text for _, _, text in rows) + "]")
        return [(member, wave, parsed)
                for (member, wave, _), parsed in zip(rows, answers, strict=True)]

    async def completed(self, member_id: int, survey: str) -> bool:
        """Whether the member ever submitted this survey."""
        async with self._database.session() as session:
            count = await session.scalar(select(func.count()).select_from(_RESPONSE).where(
                _RESPONSE.member_id == member_id, _RESPONSE.survey == survey,
                _RESPONSE.submitted_at.is_not(None)))
            return bool(count)

    async def anonymous_answers(self, survey: str, guild_id: int | None = None
                                ) -> list[tuple[str, str, Any]]:
        """(wave, question, value) of the anonymous answers to a survey (given in
        `guild_id`, when given)."""
        query = (select(SurveyAnonymousAnswerRow.wave, SurveyAnonymousAnswerRow.question,
                        SurveyAnonymousAnswerRow.value)
                 .where(SurveyAnonymousAnswerRow.survey == survey)
                 .order_by(SurveyAnonymousAnswerRow.wave, SurveyAnonymousAnswerRow.id))
        if guild_id is not None:
            query = query.where(SurveyAnonymousAnswerRow.guild_id == guild_id)
        async with self._database.session() as session:
            return [(w, q, v) for w, q, v in await session.execute(query)]

    # --- member data --------------------------------------------------------------------

    async def export_member(self, member_id: int) -> dict[str, Any]:
        """The member's enrolment, every send and every response (partial ones too).

        Anonymous answers are not included: they are no one's, which is their point.
        """
        async with self._database.session() as session:
            enrolment = await session.get(_ENROLMENT, member_id)
            sends = await session.scalars(
                select(_SEND).where(_SEND.member_id == member_id).order_by(_SEND.id))
            responses = await session.scalars(
                select(_RESPONSE).where(_RESPONSE.member_id == member_id).order_by(_RESPONSE.id))
            return {
                "enrolment": None if enrolment is None
                else _jsonable(to_record(enrolment, SurveyEnrolment)),
                "sends": [_jsonable(to_record(row, SurveySend)) for row in sends],
                "responses": [_jsonable(to_record(row, SurveyResponse)) for row in responses],
            }

    async def forget_member(self, member_id: int) -> int:
        """Delete the member's enrolment, sends and responses; the number of rows deleted.
        The enrolment goes first: on PostgreSQL its lock makes a response being saved at
        the same moment wait, then find no enrolment."""
        deleted = 0
        async with self._database.session() as session:
            for model in (_ENROLMENT, _SEND, _RESPONSE):
                deleted += await changed_rows(
                    session, delete(model).where(model.member_id == member_id))
        return deleted


async def _ensure_members(session: AsyncSession, member_ids: set[int], now: datetime) -> None:
    """`ensure_member` for many members in one statement (plans and imports are bulk)."""
    if member_ids:
        await session.execute(
            upsert(session, MemberRow)
            .values([{"id": member, "created_at": now} for member in sorted(member_ids)])
            .on_conflict_do_nothing(index_elements=["id"]))
