"""`/privacy info`, `/privacy export` and `/privacy forget`: a member's own data, on request.

Both go through the one privacy service, which asks every holder of member data (the
database, the answer engine's saved answers, the bot's community posts). A post Discord
would not let the bot delete is reported by its ids (to the member and the moderators) and
tried again by a loop here until it is gone.
"""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.alerts import ModAlerts
from bot.community_posts import CommunityPosts
from bot.errors import on_interaction_error
from bot.loop_guard import LoopGuard
from community.privacy import WHAT_IS_KEPT, ForgetReport, PrivacyService
from storage import StorageUnavailable

log = logging.getLogger("llc_bot.privacy")


def left_behind_lines(report: ForgetReport) -> list[str]:
    """What a forget could not remove yet, by ids (never the member's words)."""
    return [item for items in report.left_behind.values() for item in items]


class ConfirmForget(discord.ui.View):
    """Deleting everything is final, so it takes a second click by the same member."""

    def __init__(self, privacy: PrivacyService, member_id: int, alerts: ModAlerts) -> None:
        super().__init__(timeout=120)
        self.privacy = privacy
        self.member_id = member_id
        self.alerts = alerts

    @discord.ui.button(label="Delete my data", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        if interaction.user.id != self.member_id:
            await interaction.response.send_message("This button isn't for you.", ephemeral=True)
            return
        self.stop()
        await interaction.response.defer()
        try:
            report = await self.privacy.forget(self.member_id)
        except Exception as error:
            await on_interaction_error(interaction, error)
            return
        text = f"Done: I deleted everything I kept about you ({report.total} records)."
        left = left_behind_lines(report)
        if left:
            text += ("\nDiscord would not let me delete these posts of mine yet: "
                     f"{'; '.join(left)}. I'll try again until they are gone, and the "
                     "moderators know, so they can remove them by hand.")
            await self.alerts.send("\N{WASTEBASKET} After a member deleted their data, these "
                                   f"community posts could not be removed yet: "
                                   f"{'; '.join(left)}. The bot tries again; please delete "
                                   "them by hand if you can.")
        await interaction.edit_original_response(content=text, view=None)

    @discord.ui.button(label="Keep it", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.edit_message(content="Nothing was deleted.", view=None)


class PrivacyCog(commands.GroupCog, group_name="privacy",
                 group_description="Your data: what is kept, see it or delete it"):
    def __init__(self, bot: commands.Bot, privacy: PrivacyService, retention_days: int,
                 posts: CommunityPosts, alerts: ModAlerts) -> None:
        self.bot = bot
        self.privacy = privacy
        self.retention_days = retention_days
        self.posts = posts
        self.alerts = alerts
        self.guard = LoopGuard()
        super().__init__()

    async def cog_load(self) -> None:
        self.retry_deletions.start()

    async def cog_unload(self) -> None:
        await self.guard.stop(self.retry_deletions)

    @tasks.loop(minutes=30)
    async def retry_deletions(self) -> None:
        """Delete the posts a forget left behind, once Discord lets the bot."""
        try:
            async with self.guard.iteration():
                gone = await self.posts.retry_due()
        except StorageUnavailable:
            log.warning("post deletions not retried: database unavailable")
            return
        except Exception:  # an error ends a tasks.loop for good: log it, try next time
            log.exception("post deletions not retried")
            return
        if gone:
            log.info("community posts left by a forget now deleted: count=%s", gone)

    @retry_deletions.before_loop
    async def _connected(self) -> None:
        await self.bot.wait_until_ready()

    @app_commands.command(name="info", description="What the bot keeps about you, why, "
                                                   "and for how long")
    async def info(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            WHAT_IS_KEPT.format(days=self.retention_days), ephemeral=True)

    @app_commands.command(name="export", description="Get everything the bot keeps about you")
    async def export(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await self.privacy.export(interaction.user.id)
        payload = json.dumps(data, indent=2, ensure_ascii=False, default=str).encode()
        await interaction.followup.send(
            "Here is everything I keep about you.", ephemeral=True,
            file=discord.File(io.BytesIO(payload), filename="llc-bot-my-data.json"))

    @app_commands.command(name="forget", description="Delete everything the bot keeps about "
                                                     "you, its posts quoting you included")
    async def forget(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "This deletes your questions, feedback, consents, my community posts of your "
            "questions and everything else I keep about you, for good, but for what protects "
            "others (your moderation records without their words, and other members' blocks "
            "of you, kept under a keyed hash: see /privacy info). Continue?",
            view=ConfirmForget(self.privacy, interaction.user.id, self.alerts),
            ephemeral=True)
