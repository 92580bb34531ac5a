"""`/survey join|pause|resume|leave|mine|report`, survey DMs and the loop that sends them.

The cog only translates: the schedule, answers and reports are `community.surveys`. A due
survey arrives by DM with a persistent button; a modal can only open from an interaction
and holds five components, so the button opens the survey in steps of at most five
questions, each saved as it is submitted (a member who stops resumes where they left off).
Choice questions are selects inside labels (discord.py 2.7), the rest text inputs.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.checks import moderator_only
from bot.errors import on_interaction_error
from bot.loop_guard import LoopGuard
from community.surveys.charts import member_trend_chart, report_chart, to_pdf, to_png
from community.surveys.clinician import MemberCourse, clinician_page
from community.surveys.definitions import AnswerError, Question, Survey, SurveyError
from community.surveys.report import PUBLISHED_BASELINE, build_report
from community.surveys.scheduler import DmClosed, Invitation, SendFailed, SurveyScheduler
from community.surveys.service import SurveyService, SurveyUserError
from community.surveys.waves import ONCE_WAVE
from knowledge.corpus import Corpus
from storage import StorageUnavailable
from storage.records import SurveyCadence

log = logging.getLogger("llc_bot.surveys")

STEP = 5  # components in a modal
DM_CLOSED_CODE = 50007  # "Cannot send messages to this user"


def steps_of(survey: Survey, answers: dict[str, Any]) -> list[list[Question]]:
    """The visible questions in modal-sized steps (branching can change later steps)."""
    visible = survey.visible(answers)
    return [visible[i:i + STEP] for i in range(0, len(visible), STEP)]


def _component(question: Question, current: Any) -> discord.ui.Item[Any]:
    """The input of one question, prefilled with the member's answer so far."""
    custom_id = f"q:{question.id}"
    if question.type in ("single", "multiple", "scale", "matrix"):
        options = _options(question, current)
        multiple = question.type in ("multiple", "matrix")
        return discord.ui.Select(custom_id=custom_id, options=options, min_values=0 if (
            multiple or not question.required) else 1, max_values=len(options) if multiple
            else 1, required=question.required, placeholder="Choose" + (
                " any that apply" if multiple else " one"))
    style = discord.TextStyle.long if question.type == "text" else discord.TextStyle.short
    default = "" if current is None else (f"{current:g}" if isinstance(current, float)
                                          else str(current))
    return discord.ui.TextInput(custom_id=custom_id, style=style, required=question.required,
                                default=default or None, max_length=min(question.max_length,
                                                                        4000),
                                placeholder=(question.help or "")[:100] or None)


def _options(question: Question, current: Any) -> list[discord.SelectOption]:
    if question.type == "scale":
        low, high = int(question.min or 0), int(question.max or 0)
        names = {low: question.min_label, high: question.max_label}
        return [discord.SelectOption(
            label=f"{v} {names.get(v) or ''}".strip(), value=str(v), default=current == v)
            for v in range(low, high + 1)]
    if question.type == "matrix":
        chosen = current or {}
        return [discord.SelectOption(label=f"{row.label}: {option.label}"[:100],
                                     value=f"{row.value}:{option.value}",
                                     default=chosen.get(row.value) == option.value)
                for row in question.rows or [] for option in question.options or []]
    picked = current if isinstance(current, list) else [current]
    return [discord.SelectOption(label=o.label[:100], value=o.value, default=o.value in picked)
            for o in question.options or []]


def _read(question: Question, item: discord.ui.Item[Any]) -> Any:
    """A submitted input as an answer value (None: left empty)."""
    if isinstance(item, discord.ui.TextInput):
        return item.value.strip() or None
    values = list(getattr(item, "values", []))
    if not values:
        return None
    if question.type == "single":
        return values[0]
    if question.type == "scale":
        return int(values[0])
    if question.type == "matrix":
        rows = [value.split(":", 1) for value in values]
        if len({row for row, _ in rows}) != len(rows):
            raise AnswerError(question.id, "pick one outcome per thing you tried")
        return dict(rows)
    return values


class SurveyStepModal(discord.ui.Modal):
    """One step of a survey: up to five questions, saved when submitted."""

    def __init__(self, cog: SurveyCog, survey: Survey, wave: str, index: int, total: int,
                 questions: list[Question], answers: dict[str, Any]) -> None:
        title = f"{survey.title} ({index + 1}/{total})" if total > 1 else survey.title
        super().__init__(title=title[:45], timeout=1800)
        self.cog, self.survey, self.wave, self.index = cog, survey, wave, index
        self.inputs: list[tuple[Question, discord.ui.Item[Any]]] = []
        for question in questions:
            item = _component(question, answers.get(question.id))
            self.inputs.append((question, item))
            self.add_item(discord.ui.Label(text=question.text, component=item,
                                           description=(question.help or None)
                                           if question.type not in ("number", "date", "text")
                                           else None))

    async def on_submit(self, interaction: discord.Interaction) -> None:
        try:
            given = {q.id: _read(q, item) for q, item in self.inputs}
            await self.cog.save_step(interaction, self.survey, self.wave, self.index, given)
        except Exception as error:
            await self.cog.reply_error(interaction, error)


def survey_button_type(cog: SurveyCog) -> type[discord.ui.DynamicItem[Any]]:
    """The persistent "open / continue" button, bound to the cog that handles a click."""

    class SurveyButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                       template=r"srv:(?P<step>[0-9]{1,2}):(?P<survey>[a-z][a-z0-9_]{0,40}):"
                                r"(?P<wave>[A-Za-z0-9_:.-]{1,50})"):
        def __init__(self, survey: str, wave: str, step: int = 0, label: str = "Open the survey"
                     ) -> None:
            super().__init__(discord.ui.Button(label=label, style=discord.ButtonStyle.primary,
                                               custom_id=f"srv:{step}:{survey}:{wave}"))
            self.survey, self.wave, self.step = survey, wave, step

        @classmethod
        async def from_custom_id(cls, interaction: discord.Interaction,
                                 item: discord.ui.Button[Any], match: re.Match[str]
                                 ) -> SurveyButton:
            return cls(match["survey"], match["wave"], int(match["step"]))

        async def callback(self, interaction: discord.Interaction) -> None:
            try:
                await cog.open_step(interaction, self.survey, self.wave, self.step)
            except Exception as error:
                await cog.reply_error(interaction, error)

    return SurveyButton


class SurveyCog(commands.GroupCog, group_name="survey",
                group_description="Opt-in surveys: your course over time, and the community's"):
    def __init__(self, bot: commands.Bot, surveys: SurveyService, corpus: Corpus,
                 community_channel_id: int | None, clock: Callable[[], datetime],
                 home_guild_id: int | None = None) -> None:
        self.bot = bot
        self.surveys = surveys.with_clock(clock)
        self.book = surveys.surveys
        self.corpus = corpus
        self.community_channel_id = community_channel_id
        self.home_guild_id = home_guild_id  # where a join by DM counts (GUILD_ID)
        self.clock = clock
        self.scheduler = SurveyScheduler(surveys.store, self.book, self.send_invitation,
                                         clock=clock)
        self.button = survey_button_type(self)
        self.guard = LoopGuard()
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(self.button)
        self.deliver.start()

    async def cog_unload(self) -> None:
        await self.guard.stop(self.deliver)
        self.bot.remove_dynamic_items(self.button)

    # --- the loop -----------------------------------------------------------------------

    @tasks.loop(seconds=60)
    async def deliver(self) -> None:
        """Send what is due (a few a minute: the scheduler's rate), then tell members whose
        DMs are closed, once, in the community channel.

        Nothing one member's Discord does may stop the loop (an unhandled error ends a
        `tasks.loop` for good): each send fails alone in the scheduler, each notice here,
        and anything else is logged and the next iteration tries again.
        """
        try:
            async with self.guard.iteration():
                await self.scheduler.tick()
                await self.tell_dm_closed()
        except StorageUnavailable:
            log.warning("survey delivery skipped: database unavailable")
        except Exception:
            log.exception("survey delivery failed; trying again next time")

    @deliver.before_loop
    async def _connected(self) -> None:
        await self.bot.wait_until_ready()

    async def send_invitation(self, invitation: Invitation) -> None:
        """The scheduler's sender: a DM with the button that opens the survey."""
        survey = self.book.get(invitation.survey)
        lead = ("A gentle reminder: this survey is still open for you."
                if invitation.reminder else "A survey is ready for you.")
        text = (f"{lead}\n**{survey.title}**\n{survey.intro}\nYour answers are saved at each "
                "step, so you can stop and come back. `/survey pause` or `/survey leave` stop "
                "these messages.")
        view = discord.ui.View(timeout=None)
        view.add_item(self.button(invitation.survey, invitation.wave))
        try:
            channel = await self.bot.create_dm(discord.Object(invitation.member_id))
            await channel.send(text, view=view)
        except discord.Forbidden as error:
            if error.code == DM_CLOSED_CODE:
                raise DmClosed() from None
            raise SendFailed() from None
        except discord.HTTPException:
            raise SendFailed() from None

    async def tell_dm_closed(self) -> None:
        channel = (self.bot.get_channel(self.community_channel_id)
                   if self.community_channel_id else None)
        if not isinstance(channel, discord.abc.Messageable):
            return
        for member in await self.scheduler.members_to_tell_dm_closed():
            if not await self.scheduler.told_dm_closed(member):
                continue  # another process told them
            try:
                await channel.send(
                    f"<@{member}> I couldn't send you your survey by direct message. To get "
                    "it, allow direct messages from server members; `/survey pause` stops "
                    "the surveys. I won't mention this again.",
                    allowed_mentions=discord.AllowedMentions(users=[discord.Object(member)]))
            except discord.HTTPException as error:
                # Refused (the bot may not post there, the member left the server): the
                # closed DM stays recorded, the notice is not tried again, the loop goes on.
                log.warning("closed-DM notice not sent: member=%s status=%s code=%s",
                            member, error.status, error.code)

    # --- answering in steps -------------------------------------------------------------

    async def open_step(self, interaction: discord.Interaction, survey_id: str, wave: str,
                        index: int) -> None:
        """Open step `index` of the member's survey, prefilled with their answers so far."""
        survey = self.book.get(survey_id)
        await self.surveys.check_taking_part(interaction.user.id)
        response = await self.surveys.resume_answers(interaction.user.id, survey_id, wave)
        answers = dict(response.answers) if response else {}
        steps = steps_of(survey, answers)
        index = min(index, len(steps) - 1)
        await interaction.response.send_modal(SurveyStepModal(
            self, survey, wave, index, len(steps), steps[index], answers))

    async def save_step(self, interaction: discord.Interaction, survey: Survey, wave: str,
                        index: int, given: dict[str, Any]) -> None:
        """Save one step; offer the next one, or thank the member after the last."""
        member = interaction.user.id
        response = await self.surveys.resume_answers(member, survey.id, wave)
        merged = {**(response.answers if response else {}), **given}
        steps = steps_of(survey, {k: v for k, v in merged.items() if v is not None})
        last = index + 1 >= len(steps)
        # An optional answer emptied in a correction (None) is dropped, not kept from before.
        await self.surveys.answer(member, survey.id, wave, given, submit=last)
        if last:
            await interaction.response.send_message(
                "Thank you, your answers are saved. You can correct them with the same "
                "button until this round closes.")
            log.info("survey submitted: member=%s survey=%s wave=%s", member, survey.id, wave)
            return
        view = discord.ui.View(timeout=None)
        view.add_item(self.button(survey.id, wave, index + 1,
                                  label=f"Continue ({index + 2} of {len(steps)})"))
        await interaction.response.send_message(
            f"Saved step {index + 1} of {len(steps)}. Continue when you are ready:", view=view)

    async def reply_error(self, interaction: discord.Interaction, error: BaseException) -> None:
        """A member's mistake gets its own message; anything else the generic kind reply."""
        if isinstance(error, AnswerError | SurveyUserError | SurveyError):
            text = f"That didn't work: {error}"
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
            return
        await on_interaction_error(interaction, error)

    # --- commands -----------------------------------------------------------------------

    @app_commands.command(name="join", description="Opt in to the monthly or quarterly "
                                                   "check-ins (you can leave any time)")
    @app_commands.describe(cadence="How often to receive the check-in")
    async def join(self, interaction: discord.Interaction,
                   cadence: Literal["monthly", "quarterly"] = "monthly") -> None:
        await self.surveys.join(interaction.user.id, SurveyCadence(cadence),
                                interaction.guild_id or self.home_guild_id)
        await interaction.response.send_message(
            f"You're in: a short baseline survey first, then a {cadence} check-in, by direct "
            "message. Your answers build your own trend chart (`/survey mine`) and, only as "
            "counts of five or more, the community's. `/survey pause` or `/survey leave` any "
            "time; `/privacy forget` deletes your answers.", ephemeral=True)

    @app_commands.command(name="pause", description="Stop the check-ins for now")
    async def pause(self, interaction: discord.Interaction) -> None:
        await self._status(interaction, self.surveys.pause,
                           "Paused: no surveys until `/survey resume`.")

    @app_commands.command(name="resume", description="Receive the check-ins again")
    async def resume(self, interaction: discord.Interaction) -> None:
        await self._status(interaction, self.surveys.resume, "Welcome back: the check-ins "
                           "resume with this round, if it is still open.")

    @app_commands.command(name="leave", description="Stop the check-ins and withdraw consent")
    async def leave(self, interaction: discord.Interaction) -> None:
        await self._status(interaction, self.surveys.leave, "You've left the surveys and your "
                           "consent is withdrawn. Your past answers stay yours: `/privacy "
                           "forget` deletes them.")

    async def _status(self, interaction: discord.Interaction, action: Any, done: str) -> None:
        try:
            await action(interaction.user.id)
        except SurveyUserError as error:
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        await interaction.response.send_message(done, ephemeral=True)

    @app_commands.command(name="mine", description="Your answers over time as a chart, and a "
                                                   "one-page summary for a clinician")
    async def mine(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        store, member = self.surveys.store, interaction.user.id
        monthly = await store.surveys.responses("monthly", member_id=member)
        baseline = await store.surveys.response(member, "baseline", ONCE_WAVE)
        followups = await store.surveys.responses("change_followup", member_id=member)
        course = MemberCourse(baseline.answers if baseline else None,
                              [(r.wave, r.answers) for r in monthly],
                              [r.answers for r in followups])
        page = clinician_page(course, self.book, self.corpus, self.clock().date())
        files = [discord.File(io.BytesIO(to_png(member_trend_chart(course.monthly))),
                              filename="my-trend.png"),
                 discord.File(io.BytesIO(to_png(page)), filename="clinician-summary.png"),
                 discord.File(io.BytesIO(to_pdf(page)), filename="clinician-summary.pdf")]
        await interaction.followup.send(
            f"Your check-ins so far: {len(monthly)}. The summary page is yours to print or "
            "show a clinician; it is self-reported, not a diagnosis.", files=files,
            ephemeral=True)

    @app_commands.command(name="report", description="Moderators: a survey's protected "
                                                     "figures and chart")
    @app_commands.describe(survey="baseline, monthly or change_followup")
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def report(self, interaction: discord.Interaction, survey: str) -> None:
        try:
            definition = self.book.get(survey)
        except SurveyError as error:
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        # This server's answers only: without GUILD_ID the bot may serve several, and a
        # moderator of one has no business with another's members.
        store, guild = self.surveys.store, interaction.guild_id
        report = build_report(definition, await store.surveys.answer_rows(survey, guild),
                              await store.surveys.anonymous_answers(survey, guild))
        who = "fewer than 5" if report.respondents is None else str(report.respondents)
        lines = [f"**{definition.title}**: {who} respondents. Counts from 1 to 4 are hidden."]
        if report.community is not None:
            lines.append(f"Published survey of {PUBLISHED_BASELINE['respondents']} runners: "
                         f"median onset {PUBLISHED_BASELINE['median_onset_age']}, "
                         f"{PUBLISHED_BASELINE['unrestricted_now']} of 16 unrestricted.")
        chart = to_png(report_chart(report, definition))
        await interaction.followup.send("\n".join(lines), ephemeral=True, file=discord.File(
            io.BytesIO(chart), filename=f"survey-{survey}.png"))
