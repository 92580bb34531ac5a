"""Moderation in the server: every message checked, verdicts applied, moderators told.

The checks and the ladder live in `moderation/`; this cog only reads a message into plain
data and carries out the decision: delete, time out, DM the author why, reply warmly to a
member in distress, and post to the mod log (ids and a jump link, never the message text).
"""

from __future__ import annotations

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
from knowledge.crisis import detect_crisis
from knowledge.crisis_semantic import worth_checking
from knowledge.messages import CRISIS_REPLY
from moderation import JoinEvent, MentionCounts, MessageContext
from moderation.config import ModerationConfigError
from moderation.desk import Decision, ModerationDesk
from moderation.verdict import Verdict
from storage import RecordNotFound
from storage.errors import AppealAlreadyOpen

if TYPE_CHECKING:
    from bot.cogs.questions import QuestionsCog
    from bot.services import Services

log = logging.getLogger("llc_bot.moderation")

APPEAL_HINT = ("If you think this was a mistake, use `/appeal` in the server with the "
               "infraction number, and a moderator will look at it.")
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
    )


class ModerationCog(commands.Cog):
    def __init__(self, services: Services, alerts: ModAlerts, questions: QuestionsCog) -> None:
        self.settings = services.settings
        self.desk = services.moderation
        self.answers = services.answers
        self.executor = services.executor
        self.alerts = alerts
        self.questions = questions

    def _answered_elsewhere(self, message: discord.Message) -> bool:
        """Messages the questions cog answers get its crisis reply (with resources)."""
        return self.questions.question_in(message) is not None

    async def moderate(self, message: discord.Message, *, edited: bool = False) -> bool:
        """Judge a guild message (new or `edited`) and act on it; False when it was removed."""
        if (message.author.bot or message.guild is None or message.webhook_id is not None
                or is_moderator(message.author, self.settings.moderator_role_id)):
            return True
        try:
            decision = await self.desk.judge(message_context(message))
            crisis = decision.verdict.crisis or bool(detect_crisis(message.content))
            # The net is skipped for a message that is being removed anyway.
            removing = decision.enforcement.step in ("delete", "timeout")
            if crisis or (not removing and await self._crisis_by_meaning(message.content)):
                # A member in crisis is never removed or muted, whatever the settings say.
                if decision.verdict.warm_reply or not decision.verdict.crisis:
                    await self._answer_crisis(message, answered=not edited)
                return True
            return not await self._apply(message, decision)
        except Exception:
            # Moderation failing must never take the conversation down with it.
            log.exception("moderation failed: message=%s channel=%s", message.id,
                          message.channel.id)
            return True

    async def _crisis_by_meaning(self, text: str) -> bool:
        """The semantic net, for distress the patterns did not recognise. It runs on the
        model's executor only when there is room: when the model is saturated it is the
        first work shed (the crisis patterns still ran)."""
        if not worth_checking(text):
            return False
        found = await self.executor.run_if_room(self.answers.seems_in_crisis, text)
        return found is True

    async def _answer_crisis(self, message: discord.Message, *, answered: bool) -> None:
        """Alert first (a failed reply must not hide a crisis), then reply warmly unless the
        questions cog is `answered`-ing this message with its own crisis reply."""
        await self.alerts.crisis(message.author.id, message.channel.id, message.jump_url)
        if answered and self._answered_elsewhere(message):
            return
        try:
            await message.reply(CRISIS_REPLY, mention_author=False)
        except discord.HTTPException as error:
            log.warning("crisis reply failed: message=%s status=%s", message.id, error.status)

    async def _apply(self, message: discord.Message, decision: Decision) -> bool:
        """Carry out the decision; True when the message was removed."""
        verdict, enforcement = decision.verdict, decision.enforcement
        if verdict.action == "allow" and not decision.lockdown:
            return False
        failures: list[str] = []
        removed = enforcement.step in ("delete", "timeout")
        if removed:
            try:
                await message.delete()
            except discord.NotFound:
                pass  # already gone: nothing to undo
            except discord.HTTPException:
                removed = False
                failures.append("could not delete it (missing Manage Messages?)")
        if enforcement.step == "timeout" and isinstance(message.author, discord.Member):
            failures += await self._time_out(message.author, enforcement.timeout_seconds
                                             or verdict.timeout_seconds or 600, verdict)
        if enforcement.dm_author or removed:
            await self._tell_author(message, decision)
        if verdict.alert_moderators or decision.lockdown or failures:
            await self._log(message, decision, removed, failures)
        return removed

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

    async def _tell_author(self, message: discord.Message, decision: Decision) -> None:
        verdict = decision.verdict
        text = verdict.notify_author or (
            "A moderator will review your message in "
            f"#{getattr(message.channel, 'name', 'a channel')}: " + " ".join(verdict.reasons))
        if decision.infraction is not None:
            text += f"\n\nInfraction #{decision.infraction.id}. {APPEAL_HINT}"
        try:
            await message.author.send(text[:1900])
        except discord.HTTPException:
            log.info("could not DM the author: member=%s", message.author.id)

    async def _log(self, message: discord.Message, decision: Decision, removed: bool,
                   failures: list[str]) -> None:
        verdict, step = decision.verdict, decision.enforcement.step
        what = {"delete": "Removed a message", "timeout": "Removed a message and timed out",
                "warn": "Warned", "note": "Flagged for review"}.get(step, "Flagged")
        where = f"<#{message.channel.id}>"
        link = "" if removed else f"\nJump to it: {message.jump_url}"
        case = f" (infraction #{decision.infraction.id})" if decision.infraction else ""
        await self.alerts.send(
            f"\N{SHIELD} **{what}** by <@{message.author.id}> in {where}{case}.\n"
            f"Categories: {', '.join(verdict.categories)}.\n"
            f"Why: {' '.join(verdict.reasons)[:1200]}{link}"
            + (f"\n\N{WARNING SIGN} The bot {'; '.join(failures)}." if failures else ""))

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

    def __init__(self, desk: ModerationDesk, alerts: ModAlerts) -> None:
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
    @app_commands.command(name="pardon", description="Pardon an infraction")
    async def pardon(self, interaction: discord.Interaction,
                     infraction: app_commands.Range[int, 1, 2**53]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            pardoned = await self.desk.pardon(infraction)
        except RecordNotFound:
            await reply_privately(interaction, f"There is no infraction #{infraction}.")
            return
        await reply_privately(interaction, f"Infraction #{pardoned.id} of <@{pardoned.member_id}> "
                                           "is pardoned.")

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
        self.desk.set_lockdown(interaction.guild_id or 0, enabled)
        state = "on: new accounts can't post" if enabled else "off"
        await reply_privately(interaction, f"Lockdown is {state}.")
        await self.alerts.send(f"\N{LOCK} Lockdown {state} (by <@{interaction.user.id}>).")

