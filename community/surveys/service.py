"""What a member does with surveys: join, pause, resume, leave, answer in steps, correct.

Answers given in steps are kept as a partial response and merged, so a member who stops
half way resumes where they left off. A submitted response can be corrected until its wave
closes. Submitting may set off conditional invitations (the surveys' `triggers`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from community.surveys.anonymous import AnonymousMixer
from community.surveys.definitions import Survey, SurveyBook
from community.surveys.waves import triggered_wave, wave_closes_at
from storage import Store
from storage.errors import ConsentRequired
from storage.records import (
    AnonymousAnswer,
    EnrolmentStatus,
    PlannedSend,
    SurveyCadence,
    SurveyEnrolment,
    SurveyResponse,
)


class SurveyUserError(ValueError):
    """Something a member asked that cannot be done; the message is meant for them."""


class WaveClosed(SurveyUserError):
    """Answers to a closed round stay as they were: the member is told, not silently
    ignored."""

    def __init__(self) -> None:
        super().__init__("This survey round has closed, so its answers can no longer change.")


class NotEnrolled(SurveyUserError):
    """Only members who joined are asked or kept answers of: the member is told how to join."""

    def __init__(self) -> None:
        super().__init__("You have not joined the surveys; `/survey join` opts you in.")


class NotTaking(SurveyUserError):
    """An answer from a member who left the surveys or deleted their data (an old button)."""

    def __init__(self) -> None:
        super().__init__("Nothing was saved: you are not taking part in the surveys now "
                         "(you left them, or deleted your data). `/survey join` opts you in "
                         "again.")


class SurveyService:
    """The member-facing survey actions over the store; no Discord here."""

    def __init__(self, store: Store, surveys: SurveyBook, *, clock: Callable[[], datetime],
                 anonymous: AnonymousMixer | None = None) -> None:
        self.store = store
        self.surveys = surveys
        self._clock = clock
        self.anonymous = anonymous or AnonymousMixer(store)

    def with_clock(self, clock: Callable[[], datetime]) -> SurveyService:
        """The same service on another clock (the bot's, which tests move); its records'
        times follow that clock too. Anonymous answers still gather in one place."""
        return SurveyService(self.store.with_clock(clock), self.surveys,
                             clock=clock, anonymous=self.anonymous)

    async def aclose(self) -> None:
        """Write the anonymous answers still waiting for a batch."""
        await self.anonymous.flush()

    async def join(self, member_id: int, cadence: SurveyCadence,
                   guild_id: int | None = None) -> SurveyEnrolment:
        """Opt in (recording the `surveys` consent) in `guild_id`, whose moderators' reports
        then count the member; joining again changes the cadence."""
        return await self.store.surveys.enrol(member_id, cadence, guild_id)

    async def pause(self, member_id: int) -> SurveyEnrolment:
        """Nothing is sent while paused; the consent stands."""
        return await self._set(member_id, EnrolmentStatus.PAUSED)

    async def resume(self, member_id: int) -> SurveyEnrolment:
        """Back to receiving surveys, including an open wave missed while paused."""
        enrolment = await self.store.surveys.enrolment(member_id)
        if enrolment is None or enrolment.status is EnrolmentStatus.LEFT:
            raise NotEnrolled()
        return await self._set(member_id, EnrolmentStatus.ACTIVE)

    async def leave(self, member_id: int) -> SurveyEnrolment:
        """Stop for good and withdraw the consent; answers stay until the member forgets them."""
        return await self._set(member_id, EnrolmentStatus.LEFT)

    async def _set(self, member_id: int, status: EnrolmentStatus) -> SurveyEnrolment:
        enrolment = await self.store.surveys.set_status(member_id, status)
        if enrolment is None:
            raise NotEnrolled()
        return enrolment

    async def answer(self, member_id: int, survey_id: str, wave: str, answers: dict[str, Any],
                     *, submit: bool) -> SurveyResponse:
        """Merge `answers` into the member's response to this wave; `submit` completes it.

        Raises AnswerError for a bad value (or a missing required one on submit), WaveClosed
        once the wave closed, NotTaking when the member is not enrolled with consent (left,
        or forgotten: nothing is stored then). An anonymous question is kept with the
        partial response only until submission, then handed to the mixer without the
        member; it cannot be corrected.
        """
        survey = self.surveys.get(survey_id)
        now = self._clock()
        closes_at = await self._closes_at(member_id, survey, wave)
        if closes_at is not None and now >= closes_at:
            raise WaveClosed()
        existing = await self.store.surveys.response(member_id, survey_id, wave)
        merged = {**(existing.answers if existing else {}), **answers}
        already_submitted = existing is not None and existing.submitted_at is not None
        checked = survey.check_answers(merged, complete=submit or already_submitted)
        anonymous: dict[str, Any] = {}
        if submit or already_submitted:
            anonymous = {q.id: checked.pop(q.id) for q in survey.questions
                         if q.anonymous and q.id in checked}
        try:
            response, first_submission = await self.store.surveys.save_response(
                member_id, survey_id, survey.version, wave, checked,
                submitted_at=now if submit or already_submitted else None)
        except ConsentRequired:
            raise NotTaking() from None
        if first_submission:
            await self.anonymous.add([AnonymousAnswer(survey_id, wave, question, value,
                                                      response.guild_id)
                                      for question, value in anonymous.items()])
        if submit and not already_submitted:
            await self._fire_triggers(member_id, survey, wave, checked, now)
        return response

    async def check_taking_part(self, member_id: int) -> None:
        """NotTaking unless the member is enrolled (active or paused) with consent: an old
        button is refused before the member fills in anything."""
        enrolment = await self.store.surveys.enrolment(member_id)
        if (enrolment is None or enrolment.status is EnrolmentStatus.LEFT
                or await self.store.consents.active(member_id, "surveys") is None):
            raise NotTaking()

    async def resume_answers(self, member_id: int, survey_id: str,
                             wave: str) -> SurveyResponse | None:
        """The member's response so far (partial or submitted), to continue or correct it."""
        self.surveys.get(survey_id)
        return await self.store.surveys.response(member_id, survey_id, wave)

    async def _closes_at(self, member_id: int, survey: Survey, wave: str) -> datetime | None:
        send = await self.store.surveys.send_for(member_id, survey.id, wave)
        return send.closes_at if send is not None else wave_closes_at(survey, wave)

    async def _fire_triggers(self, member_id: int, survey: Survey, wave: str,
                             answers: dict[str, Any], now: datetime) -> None:
        """Plan the conditional invitations this submission sets off (REDCap-style)."""
        planned = []
        for target, trigger in self.surveys.triggers_on(survey.id):
            if not trigger.when.holds(answers):
                continue
            if await self.store.surveys.completed(member_id, target.id):
                continue  # never to someone who already completed it
            due = now + timedelta(days=trigger.after_days)
            closes = None if target.window_days is None else due + timedelta(
                days=target.window_days)
            planned.append(PlannedSend(member_id, target.id, triggered_wave(trigger.id, wave),
                                       due, closes, trigger=trigger.id))
        await self.store.surveys.plan(planned)
