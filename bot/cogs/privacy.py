"""`/privacy info`, `/privacy export` and `/privacy forget`: a member's own data, on request.

Both go through the one privacy service, which asks every holder of member data (the
database, the answer engine's saved answers, the bot's community posts).
"""

from __future__ import annotations

import io
import json
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import on_interaction_error
from community.privacy import WHAT_IS_KEPT, PrivacyService


class ConfirmForget(discord.ui.View):
    """Deleting everything is final, so it takes a second click by the same member."""

    def __init__(self, privacy: PrivacyService, member_id: int) -> None:
        super().__init__(timeout=120)
        self.privacy = privacy
        self.member_id = member_id

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
        await interaction.edit_original_response(
            content=f"Done: I deleted everything I kept about you ({report.total} records).",
            view=None)

    @discord.ui.button(label="Keep it", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.edit_message(content="Nothing was deleted.", view=None)


class PrivacyCog(commands.GroupCog, group_name="privacy",
                 group_description="Your data: what is kept, see it or delete it"):
    def __init__(self, privacy: PrivacyService, retention_days: int) -> None:
        self.privacy = privacy
        self.retention_days = retention_days
        super().__init__()

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
            view=ConfirmForget(self.privacy, interaction.user.id), ephemeral=True)
