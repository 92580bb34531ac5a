"""`/rounds ...`: a member's say over the matching rounds, each answered privately.

The rules live in `community/round_preferences.py`; this cog reads the options and replies.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import reply_privately
from community.round_preferences import PreferenceError, RoundPreferences
from storage.timestamps import utc_now


class RoundsCog(commands.GroupCog, group_name="rounds",
                group_description="Peer-matching rounds: pause, snooze, how often, who not"):
    def __init__(self, preferences: RoundPreferences) -> None:
        self.preferences = preferences
        super().__init__()

    async def _do(self, interaction: discord.Interaction, change: Awaitable[object],
                  done: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            await change
        except PreferenceError as error:
            await reply_privately(interaction, str(error))
            return
        await reply_privately(interaction, done)

    @app_commands.command(name="pause", description="No suggestions or rounds until you resume")
    async def pause(self, interaction: discord.Interaction) -> None:
        await self._do(interaction, self.preferences.pause(interaction.user.id),
                       "Paused: no suggestions and no rounds until `/rounds resume`.")

    @app_commands.command(name="resume", description="Back in the rounds (ends a pause or snooze)")
    async def resume(self, interaction: discord.Interaction) -> None:
        await self._do(interaction, self.preferences.resume(interaction.user.id),
                       "Welcome back: you're in the next round.")

    @app_commands.command(name="snooze", description="No suggestions before a date")
    @app_commands.describe(until="The date to start again, as YYYY-MM-DD")
    async def snooze(self, interaction: discord.Interaction,
                     until: app_commands.Range[str, 8, 10]) -> None:
        try:
            day = date.fromisoformat(until.strip())
        except ValueError:
            await reply_privately(interaction, "Please give the date as YYYY-MM-DD, for "
                                               "example 2027-01-15.")
            return
        await self._do(interaction,
                       self.preferences.snooze(interaction.user.id, day, utc_now().date()),
                       f"Snoozed: no suggestions before {day:%d %B %Y}.")

    @app_commands.command(name="leave", description="Leave the matching pool (your profile stays)")
    async def leave(self, interaction: discord.Interaction) -> None:
        await self._do(interaction, self.preferences.leave(interaction.user.id),
                       "You've left the matching pool: no one will be suggested to you or you "
                       "to them. `/start` lets you come back; `/profile delete` removes your "
                       "profile.")

    @app_commands.command(name="cadence", description="How often rounds suggest someone")
    @app_commands.choices(every=[app_commands.Choice(name="every 2 weeks", value="2w"),
                                 app_commands.Choice(name="every 4 weeks", value="4w"),
                                 app_commands.Choice(name="no rounds", value="off")])
    async def cadence(self, interaction: discord.Interaction,
                      every: app_commands.Choice[str]) -> None:
        await self._do(interaction,
                       self.preferences.set_cadence(interaction.user.id, every.value),
                       f"Rounds: {every.name}.")

    @app_commands.command(name="odd", description="If the pool is odd: join a trio, or wait")
    @app_commands.choices(choice=[app_commands.Choice(name="join a trio", value="trio"),
                                  app_commands.Choice(name="wait for the next round",
                                                      value="carry_over")])
    async def odd(self, interaction: discord.Interaction,
                  choice: app_commands.Choice[str]) -> None:
        await self._do(interaction,
                       self.preferences.set_odd_one(interaction.user.id, choice.value),
                       f"When you're the odd one out, you'll {choice.name}.")

    @app_commands.command(name="avoid", description="Never match me with this member (private)")
    async def avoid(self, interaction: discord.Interaction, member: discord.User) -> None:
        await self._do(interaction, self.preferences.avoid(interaction.user.id, member.id),
                       f"<@{member.id}> won't be suggested to you, or you to them. They "
                       "are not told.")

    @app_commands.command(name="unavoid", description="Take a member off your private list")
    async def unavoid(self, interaction: discord.Interaction, member: discord.User) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        removed = await self.preferences.unavoid(interaction.user.id, member.id)
        await reply_privately(interaction, f"<@{member.id}> is off your list." if removed else
                              f"<@{member.id}> wasn't on your list.")
