"""Moderation in the server: every message checked, verdicts applied, moderators told.

The checks and the ladder live in `moderation/`; this cog only reads a message into plain
data and carries out the decision: delete, time out, DM the author why, reply warmly to a
member in distress, and post to the mod log (ids and a jump link, never the message text).
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.alerts import ModAlerts
from bot.checks import is_moderator, moderator_only
from bot.errors import reply_privately
from embeddings.executor import Shed
from knowledge.messages import CRISIS_REPLY
from knowledge.understanding import Reading, floor_reading
from moderation import JoinEvent, MentionCounts, MessageContext
from moderation.config import ModerationConfigError
from moderation.desk import AppealNotOpen, Decision, ModerationDesk
from moderation.verdict import Verdict
from storage import RecordNotFound
from storage.errors import AppealAlreadyOpen

if TYPE_CHECKING:
    from bot.cogs.questions import QuestionsCog
    from bot.services import Services

log = logging.getLogger("llc_bot.moderation")

MAX_TIMEOUT_SECONDS = 28 * 24 * 3600  # Discord refuses longer timeouts
DISCORD_MESSAGE_LIMIT = 2000


def message_context(message: discord.Message) -> MessageContext:
    """What moderation needs to know about a Discord message."""
    author = message.author
    roles = frozenset(r.id for r in getattr(author, "roles", ()))
    return MessageContext(
        text=message.content, author_id=author.id, channel_id=message.channel.id,
        guild_id=message.guild.id if message.guild else None, author_role_ids=roles,
        account_created_at=author.created_at, joined_at=getattr(author, "joined_at", None),
        mentions=MentionCounts(users=len(message.raw_mentions),
                               roles=len(message.raw_role_mentions),
                               everyone=message.mention_everyone),
        attachments=len(message.attachments), timestamp=message.created_at,
        message_id=message.id,
    )


class ModerationCog(commands.Cog):
    """Applies the moderation desk's decisions; decides no policy of its own."""

    def __init__(self, services: Services, alerts: ModAlerts, questions: QuestionsCog) -> None:
        self.settings = services.settings
        self.desk = services.moderation
        self.answers = services.answers
        self.executor = services.executor
        self.alerts = alerts
        self.questions = questions
        self._rereads: set[asyncio.Task[None]] = set()

    async def moderate(self, message: discord.Message, *, edited: bool = False) -> bool:
        """Judge a message (in a server or a DM, new or `edited`) and apply the decision;
        False when the message was removed."""
        if (message.author.bot or message.webhook_id is not None
                or (message.guild is not None
                    and is_moderator(message.author, self.settings.moderator_role_id))):
            return True
        try:
            context = message_context(message)
            shed: list[bool] = []
            decision = await self.desk.judge(context, meaning=lambda text: self._read(text, shed))
            # The questions cog answers a question with its own crisis reply; an edit is
            # never answered again, so it gets the warm reply here.
            answered = not edited and self.questions.question_in(message) is not None
            kept = not await self.apply(message, decision, answered=answered)
            if shed and kept:
                self._read_again_later(message, edited=edited)
            return kept
        except Exception:
            # Moderation failing must never take the conversation down with it.
            log.exception("moderation failed: message=%s channel=%s", message.id,
                          message.channel.id)
            return True

    async def _read(self, text: str, shed: list[bool]) -> Reading:
        """The understanding model's reading, on the model's executor when there is room.
        When it is saturated the pattern floor reads the message now (explicit statements
        still act) and `shed` records that the model must read it again later."""
        reading = await self.answers.read_soon(text, run=self.executor.run_if_room)
        if isinstance(reading, Shed):
            shed.append(True)
            return floor_reading(text)
        return reading

    def _read_again_later(self, message: discord.Message, *, edited: bool) -> None:
        """Never skipped silently: the message waits for room on the model, then is judged
        with the model's reading (a crisis or a check-in reaches the moderators late rather
        than never)."""
        task = asyncio.create_task(self._reread(message, edited=edited))
        self._rereads.add(task)
        task.add_done_callback(self._rereads.discard)

    async def _reread(self, message: discord.Message, *, edited: bool) -> None:
        try:
            reading = await self.answers.read_soon(message.content, run=self.executor.run)
            decision = self.desk.late_reading(message_context(message), reading)
            if decision is not None:
                answered = not edited and self.questions.question_in(message) is not None
                await self.apply(message, decision, answered=answered)
        except Exception:
            log.exception("moderation re-read failed: message=%s", message.id)

    async def apply(self, message: discord.Message, decision: Decision, *,
                    answered: bool) -> bool:
        """Carry out the decision in order; True when the message was removed."""
        failures: list[str] = []
        removed = False
        if decision.remove and message.guild is not None:
            removed = True
            try:
                await message.delete()
            except discord.NotFound:
                pass  # already gone: nothing to undo
            except discord.HTTPException:
                removed = False
                failures.append("could not delete it (missing Manage Messages?)")
        if decision.timeout_seconds and isinstance(message.author, discord.Member):
            failures += await self._time_out(message.author, decision.timeout_seconds,
                                             decision.verdict)
        # Moderators first: a reply that fails must not hide a crisis from them.
        if decision.alert_moderators or failures:
            text = decision.mod_log or (f"\N{SHIELD} A message by <@{message.author.id}> in "
                                        f"<#{message.channel.id}>: {message.jump_url}")
            if failures:
                text += f"\n\N{WARNING SIGN} The bot {'; '.join(failures)}."
            sent = await self.alerts.send(text)
            if sent and decision.crisis_alert:
                self.desk.crisis_pacer.record_alert(message.author.id)
            if sent and decision.check_in:
                self.desk.check_in_pacer.record_alert(message.author.id)
        if decision.warm_reply and (removed or not answered):
            await self._warm_reply(message, privately=decision.warm_reply_privately or removed)
        if decision.author_notice:
            await self._dm(message.author, decision.author_notice)
        return removed

    async def _warm_reply(self, message: discord.Message, *, privately: bool) -> None:
        """The crisis reply with resources: by DM when asked (the message is gone, or was a
        DM), or when DMs are closed, as a reply in the channel."""
        if privately and await self._dm(message.author, CRISIS_REPLY):
            return
        try:
            # A reply even when the message is gone (then without the quote of it).
            await message.channel.send(
                CRISIS_REPLY, reference=message.to_reference(fail_if_not_exists=False),
                mention_author=False)
        except discord.HTTPException as error:
            log.warning("crisis reply failed: message=%s status=%s", message.id, error.status)

    async def _dm(self, user: discord.abc.User, text: str) -> bool:
        try:
            await user.send(text[:DISCORD_MESSAGE_LIMIT])
        except discord.HTTPException:
            log.info("could not DM a member (DMs closed?)")  # no id beside a crisis reply
            return False
        return True

    async def _time_out(self, member: discord.Member, seconds: int, verdict: Verdict
                        ) -> list[str]:
        """Time the member out once (a flood is one offence), within Discord's 28-day cap."""
        if member.is_timed_out():
            return []
        try:
            await member.timeout(timedelta(seconds=min(seconds, MAX_TIMEOUT_SECONDS)),
                                 reason="; ".join(verdict.reasons)[:400])
        except discord.HTTPException:
            return ["could not time the member out (missing Moderate Members, or their role "
                    "is above the bot's)"]
        return []

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        status = await self.desk.record_join(JoinEvent(
            member_id=member.id, guild_id=member.guild.id, account_created_at=member.created_at,
            joined_at=member.joined_at or datetime.now(UTC)))
        if status.suggest_lockdown:
            await self.alerts.send(
                f"\N{POLICE CARS REVOLVING LIGHT} **Possible raid**: "
                f"{status.new_accounts_in_window} new accounts joined in a short time. "
                "`/mod lockdown enabled:True` stops new accounts posting until you turn it off. "
                f"{' '.join(status.reasons)}")

    # -- members' appeals ---------------------------------------------------------------
    @app_commands.command(name="appeal", description="Ask moderators to review an action taken "
                          "on your message")
    @app_commands.describe(infraction="The infraction number from the bot's message",
                           why="Why you think it was a mistake")
    async def appeal(self, interaction: discord.Interaction,
                     infraction: app_commands.Range[int, 1, 2**53],
                     why: app_commands.Range[str, 1, 1000]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            appeal = await self.desk.appeal(infraction, interaction.user.id, why)
        except RecordNotFound:
            await reply_privately(interaction, "I couldn't find that infraction on your record. "
                                               "Please check the number in my message.")
            return
        except AppealAlreadyOpen:
            await reply_privately(interaction, "You already have an appeal open for that one; "
                                               "a moderator will get to it.")
            return
        await reply_privately(interaction, "Thanks. Your appeal is with the moderators.")
        await self.alerts.send(f"\N{BALLOT BOX WITH BALLOT} **Appeal #{appeal.id}** from "
                                   f"<@{interaction.user.id}> on infraction #{infraction}.")


@app_commands.default_permissions(manage_messages=True)
@app_commands.guild_only()
class ModCommands(commands.GroupCog, group_name="mod",
                  group_description="Moderator tools"):
    """Hidden from members by default permissions, and checked again here by role."""

    def __init__(self, client: discord.Client, desk: ModerationDesk, alerts: ModAlerts) -> None:
        self.client = client  # to DM a member the answer to their appeal
        self.desk = desk
        self.alerts = alerts
        super().__init__()

    @moderator_only()
    @app_commands.command(name="infractions", description="A member's infractions")
    async def infractions(self, interaction: discord.Interaction, member: discord.User) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        found = await self.desk.infractions(member.id, interaction.guild_id or 0)
        if not found:
            await reply_privately(interaction, f"<@{member.id}> has no infractions.")
            return
        lines = [f"#{i.id} {i.created_at:%Y-%m-%d} **{i.kind.value}** "
                 f"({', '.join(i.categories) or 'manual'}){' pardoned' if i.pardoned_at else ''}"
                 f": {i.reason[:120]}" for i in found]
        text = f"Infractions of <@{member.id}> (newest first):"
        for number, line in enumerate(lines):
            if len(text) + len(line) > DISCORD_MESSAGE_LIMIT - 60:
                text += f"\n\u2026 and {len(lines) - number} older ones."
                break
            text += "\n" + line
        await reply_privately(interaction, text)

    @moderator_only()
    @app_commands.command(name="pardon", description="Pardon an infraction of this server")
    async def pardon(self, interaction: discord.Interaction,
                     infraction: app_commands.Range[int, 1, 2**53]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            pardoned = await self.desk.pardon(infraction, interaction.guild_id or 0,
                                              interaction.user.id)
        except RecordNotFound:
            await reply_privately(interaction, f"There is no infraction #{infraction} in this "
                                               "server.")
            return
        await reply_privately(interaction, f"Infraction #{pardoned.id} of <@{pardoned.member_id}> "
                                           "is pardoned.")

    @moderator_only()
    @app_commands.command(name="appeals", description="Appeals waiting for a moderator")
    async def appeals(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        waiting = await self.desk.open_appeals(interaction.guild_id or 0)
        if not waiting:
            await reply_privately(interaction, "No appeals are waiting.")
            return
        text = "Open appeals (oldest first); answer with `/mod review`:"
        for number, appeal in enumerate(waiting):
            line = (f"\n**#{appeal.id}** from <@{appeal.member_id}> on infraction "
                    f"#{appeal.infraction_id}: {appeal.text[:200]}")
            if len(text) + len(line) > DISCORD_MESSAGE_LIMIT - 60:
                text += f"\n\u2026 and {len(waiting) - number} more."
                break
            text += line
        await reply_privately(interaction, text)

    @moderator_only()
    @app_commands.command(name="review", description="Accept or refuse an appeal; the member "
                                                     "gets your note by DM")
    @app_commands.describe(appeal="The appeal number from /mod appeals",
                           accept="True pardons the infraction; False keeps it",
                           note="Sent to the member with the outcome")
    async def review(self, interaction: discord.Interaction,
                     appeal: app_commands.Range[int, 1, 2**53], accept: bool,
                     note: app_commands.Range[str, 1, 1000]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            reviewed = await self.desk.review_appeal(appeal, interaction.guild_id or 0,
                                                     interaction.user.id, accept, note)
        except RecordNotFound:
            await reply_privately(interaction, f"There is no appeal #{appeal} in this server.")
            return
        except AppealNotOpen as error:
            await reply_privately(interaction, str(error))
            return
        member_id = reviewed.appeal.member_id
        try:
            member = await self.client.fetch_user(member_id)
            await member.send(reviewed.member_message[:DISCORD_MESSAGE_LIMIT])
            told = "They have your note by DM."
        except discord.HTTPException:
            told = "I couldn't DM them (their DMs are closed): please tell them yourself."
        outcome = "accepted (infraction pardoned)" if accept else "refused"
        await reply_privately(interaction, f"Appeal #{appeal} of <@{member_id}> {outcome}. {told}")
        await self.alerts.send(f"\N{BALLOT BOX WITH CHECK} Appeal #{appeal} {outcome} by "
                               f"<@{interaction.user.id}>.")

    @moderator_only()
    @app_commands.command(name="config", description="Change a moderation setting")
    @app_commands.describe(setting="e.g. antispam.burst.max or links.allowed_domains",
                           value="A JSON value, e.g. 8, true, or [\"example.org\"]")
    async def config(self, interaction: discord.Interaction,
                     setting: app_commands.Range[str, 1, 100],
                     value: app_commands.Range[str, 1, 1000]) -> None:
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            parsed = value
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            await self.desk.configure(interaction.guild_id or 0, setting, parsed)
        except ModerationConfigError as error:
            await reply_privately(interaction, f"Nothing changed. {error}")
            return
        await reply_privately(interaction, f"`{setting}` is now `{json.dumps(parsed)}`.")

    @moderator_only()
    @app_commands.command(name="lockdown", description="Stop new accounts posting (for raids)")
    async def lockdown(self, interaction: discord.Interaction, enabled: bool) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        saved = await self.desk.set_lockdown(interaction.guild_id or 0, enabled)
        state = "on: new accounts can't post" if enabled else "off"
        kept = "" if saved else (" It is not saved (the database is unavailable), so a "
                                 "restart would forget it.")
        await reply_privately(interaction, f"Lockdown is {state}.{kept}")
        await self.alerts.send(f"\N{LOCK} Lockdown {state} (by <@{interaction.user.id}>).")
