"""Survey storage on both databases: enrolment with consent, responses, privacy."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.member_data import MemberDataHolder
from community.surveys.definitions import AnswerError, default_surveys
from community.surveys.service import NotEnrolled, SurveyService, WaveClosed
from storage import Database, Store
from storage.models import SurveyAnonymousAnswerRow
from storage.records import EnrolmentStatus, PlannedSend, SurveyCadence

MONTHLY = {"severity_easy": 2, "severity_fast": 6, "severity_flat": 5, "pgic": 3,
           "weekly_km": 40, "changes": "started hip strength work"}


def service(store: Store, clock) -> SurveyService:
    return SurveyService(store, default_surveys(), clock=clock)


async def joined(store: Store, clock, *members: int) -> SurveyService:
    """The service, with `members` (default: member 1) enrolled: answers need that."""
    surveys = service(store, clock)
    for member in members or (1,):
        await surveys.join(member, SurveyCadence.MONTHLY)
    return surveys


async def test_joining_records_the_surveys_consent_and_leaving_withdraws_it(store: Store,
                                                                            clock):
    surveys = service(store, clock)
    enrolment = await surveys.join(1, SurveyCadence.QUARTERLY)
    assert (enrolment.status, enrolment.cadence) == (EnrolmentStatus.ACTIVE,
                                                    SurveyCadence.QUARTERLY)
    assert (await store.consents.active(1, "surveys")) is not None
    await surveys.pause(1)
    assert (await store.consents.active(1, "surveys")) is not None  # paused, still consented
    await surveys.leave(1)
    assert (await store.consents.active(1, "surveys")) is None
    rejoined = await surveys.join(1, SurveyCadence.MONTHLY)
    assert rejoined.status is EnrolmentStatus.ACTIVE
    assert len(await store.consents.history(1, "surveys")) == 2


async def test_resuming_without_joining_is_a_kind_error(store: Store, clock):
    with pytest.raises(NotEnrolled):
        await service(store, clock).resume(5)


async def test_partial_answers_are_kept_and_resumed_in_steps(store: Store, clock):
    surveys = await joined(store, clock)
    await surveys.answer(1, "monthly", "2026-03", {"severity_easy": 2}, submit=False)
    partial = await surveys.resume_answers(1, "monthly", "2026-03")
    assert partial.answers == {"severity_easy": 2} and partial.submitted_at is None
    with pytest.raises(AnswerError, match="severity_fast: is required"):
        await surveys.answer(1, "monthly", "2026-03", {}, submit=True)
    done = await surveys.answer(1, "monthly", "2026-03",
                                {"severity_fast": 6, "severity_flat": 5, "pgic": 3},
                                submit=True)
    assert done.answers["severity_easy"] == 2 and done.submitted_at == clock.now


async def test_a_submitted_response_can_be_corrected_until_the_wave_closes(store: Store, clock):
    surveys = await joined(store, clock)
    await surveys.answer(1, "monthly", "2026-03", MONTHLY, submit=True)
    clock.advance(days=10)
    corrected = await surveys.answer(1, "monthly", "2026-03", {"pgic": 2}, submit=False)
    assert corrected.answers["pgic"] == 2 and corrected.submitted_at is not None
    clock.advance(days=30)  # March's wave closed on the 29th
    with pytest.raises(WaveClosed):
        await surveys.answer(1, "monthly", "2026-03", {"pgic": 1}, submit=False)


async def test_branching_drops_answers_to_hidden_questions(store: Store, clock):
    surveys = await joined(store, clock)
    response = await surveys.answer(
        1, "change_followup", "after_change:2026-03",
        {"strategy": "surgery", "outcome": "worse", "still_doing": "yes"}, submit=True)
    assert "still_doing" not in response.answers


async def test_anonymous_answers_are_stored_without_the_member(database: Database,
                                                               store: Store, clock):
    surveys = await joined(store, clock)
    response = await surveys.answer(
        1, "change_followup", "after_change:2026-03",
        {"strategy": "physical_therapy", "outcome": "helped", "checkins_useful": 4},
        submit=True)
    assert "checkins_useful" not in response.answers
    await surveys.aclose()  # one submission waits for others until the service closes
    assert await store.surveys.anonymous_answers("change_followup") == [
        ("after_change:2026-03", "checkins_useful", 4)]
    columns = set(SurveyAnonymousAnswerRow.__table__.columns.keys())
    assert columns == {"id", "survey", "wave", "question", "value", "guild_id"}  # no member
    # A correction cannot add a second anonymous answer.
    await surveys.answer(1, "change_followup", "after_change:2026-03",
                         {"checkins_useful": 1}, submit=False)
    await surveys.aclose()
    assert len(await store.surveys.anonymous_answers("change_followup")) == 1


async def test_the_repository_is_a_member_data_holder(store: Store):
    assert isinstance(store.surveys, MemberDataHolder)
    assert store.surveys.name == "surveys"


async def test_export_includes_every_response_and_forget_deletes_them_all(
        database: Database, store: Store, clock):
    surveys = service(store, clock)
    await surveys.join(1, SurveyCadence.MONTHLY)
    await surveys.join(2, SurveyCadence.MONTHLY)
    await store.surveys.plan([PlannedSend(1, "monthly", "2026-03", clock.now, None)])
    await surveys.answer(1, "monthly", "2026-03", MONTHLY, submit=True)
    await surveys.answer(1, "monthly", "2026-04", {"severity_easy": 1}, submit=False)
    await surveys.answer(1, "change_followup", "after_change:2026-03",
                         {"strategy": "surgery", "outcome": "helped", "checkins_useful": 5},
                         submit=True)
    await surveys.answer(2, "monthly", "2026-03", MONTHLY, submit=True)

    exported = await store.surveys.export_member(1)
    assert exported["enrolment"]["cadence"] == "monthly"
    assert {(r["survey"], r["wave"]) for r in exported["responses"]} == {
        ("monthly", "2026-03"), ("monthly", "2026-04"),
        ("change_followup", "after_change:2026-03")}
    assert any(s["survey"] == "change_followup" for s in exported["sends"])  # the trigger

    deleted = await store.surveys.forget_member(1)
    assert deleted >= 5
    assert await store.surveys.export_member(1) == {"enrolment": None, "sends": [],
                                                    "responses": []}
    assert len(await store.surveys.responses("monthly")) == 1  # member 2's stays
    await surveys.aclose()
    async with database.session() as session:
        assert len(list(await session.scalars(select(SurveyAnonymousAnswerRow)))) == 1


async def test_forgetting_the_member_row_cascades_to_every_survey_record(store: Store, clock):
    surveys = service(store, clock)
    await surveys.join(1, SurveyCadence.MONTHLY)
    await surveys.answer(1, "monthly", "2026-03", MONTHLY, submit=True)
    await store.members.forget(1)
    assert await store.surveys.export_member(1) == {"enrolment": None, "sends": [],
                                                    "responses": []}


async def test_importing_the_same_lines_again_replaces_instead_of_adding(store: Store, clock):
    rows = [(1, "2026-03", clock.now, {**MONTHLY, "pgic": 4}),
            (1, "2026-03", clock.now, {**MONTHLY, "pgic": 2})]
    assert await store.surveys.import_submitted("monthly", 1, rows) == 1
    await store.surveys.import_submitted("monthly", 1, rows)
    (response,) = await store.surveys.responses("monthly")
    assert response.answers["pgic"] == 2


async def test_the_privacy_service_exports_and_forgets_survey_responses(
        database: Database, store: Store, clock):
    from community.privacy import PrivacyService

    privacy = PrivacyService()
    privacy.register(store.members)
    privacy.register(store.surveys)
    surveys = service(store, clock)
    await surveys.join(1, SurveyCadence.MONTHLY)
    await surveys.answer(1, "monthly", "2026-03", MONTHLY, submit=True)
    await surveys.answer(1, "monthly", "2026-04", {"pgic": 5}, submit=False)
    await surveys.answer(1, "change_followup", "after_change:2026-03",
                         {"strategy": "surgery", "outcome": "helped", "checkins_useful": 5},
                         submit=True)
    exported = await privacy.export(1)
    assert len(exported["surveys"]["responses"]) == 3
    report = await privacy.forget(1)
    assert report.deleted["surveys"] >= 4
    assert (await privacy.export(1))["surveys"]["responses"] == []
    await surveys.aclose()
    assert len(await store.surveys.anonymous_answers("change_followup")) == 1
