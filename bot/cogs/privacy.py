"""`/privacy export` and `/privacy forget`: a member's own data, on request."""

from __future__ import annotations

import io
import json
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import on_interaction_error

if TYPE_CHECKING:
    from bot.client import LLCBot

log = logging.getLogger("llc_bot.privacy")


class ConfirmForget(discord.ui.View):
    """Deleting everything is final, so it takes a second click by the same member."""

    def __init__(self, bot: LLCBot, member_id: int) -> None:
        super().__init__(timeout=120)
        self.bot = bot
        self.member_id = member_id

    @discord.ui.button(label="Delete my data", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        if interaction.user.id != self.member_id:
            await interaction.response.send_message("This button isn't for you.", ephemeral=True)
            return
        self.stop()
        await interaction.response.defer()
        try:
            report = await self.bot.store.members.forget(self.member_id)
        except Exception as error:
            await on_interaction_error(interaction, error)
            return
        log.info("member forgotten: member=%s rows=%s", self.member_id, report.total)
        await interaction.edit_original_response(
            content=f"Done: I deleted everything I kept about you ({report.total} records).",
            view=None)

    @discord.ui.button(label="Keep it", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.edit_message(content="Nothing was deleted.", view=None)


class PrivacyCog(commands.GroupCog, group_name="privacy",
                 group_description="Your data: see it or delete it"):
    def __init__(self, bot: LLCBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="export", description="Get everything the bot keeps about you")
    async def export(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await self.bot.store.members.export(interaction.user.id)
        payload = json.dumps(data, indent=2, ensure_ascii=False, default=str).encode()
        await interaction.followup.send(
            "Here is everything I keep about you.", ephemeral=True,
            file=discord.File(io.BytesIO(payload), filename="llc-bot-my-data.json"))

    @app_commands.command(name="forget", description="Delete everything the bot keeps about you")
    async def forget(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "This deletes your questions, feedback, consents and everything else I keep about "
            "you, for good. Continue?", view=ConfirmForget(self.bot, interaction.user.id),
            ephemeral=True)


async def setup(bot: LLCBot) -> None:
    await bot.add_cog(PrivacyCog(bot))
