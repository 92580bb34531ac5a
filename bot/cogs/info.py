"""`/help`, `/about` and the moderators' `/stats`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import moderator_only
from storage.repositories.questions import STATS_WINDOW

if TYPE_CHECKING:
    from bot.services import Services

HELP = (
    "**Ask me about loss of leg coordination while running (LLC).**\n"
    "\N{BULLET} `/ask question:` your question in your own words. Add `private: True` if you "
    "want to be the only one who sees the answer.\n"
    "\N{BULLET} Mention me in a channel, send me a direct message, or start a post in the help "
    "forum, and I'll answer there.\n"
    "\N{BULLET} Under each answer: **Helpful** / **Not helpful** tell me how I did; **Ask the "
    "community** posts your question (anonymously if you like) for members to answer.\n"
    "\N{BULLET} `/privacy info` says what I keep and for how long; `/privacy export` sends you "
    "everything I keep about you; `/privacy forget` deletes it.\n\n"
    "I answer only from the LLC summary and its literature list, quoting it. I can't diagnose "
    "you, and I'll say so when the summary doesn't cover something. If you are struggling, "
    "please tell someone: I'll share crisis resources and the moderators will check in."
)

ABOUT = (
    "**What I know.** Everything I say comes from one source: the executive summary "
    "*\u201c{title}\u201d* by **{author}**, and the nine papers it lists as all known cases of "
    "runner's dystonia. I quote it and cite the section or paper; I never invent facts.\n\n"
    "**What I can't do.** I can't diagnose you or examine you, and I don't replace a "
    "clinician. Everyone with these symptoms should be screened for other injuries and "
    "neurological problems. Answers saved from members are labelled as community experience, "
    "never as literature.\n\n"
    "**Your data.** I keep your questions and feedback to improve answers and show moderators "
    "what's missing; private questions and DMs keep no text. `/privacy info` says what is kept "
    "and for how long; `/privacy export` and `/privacy forget` are yours to use at any time."
    "\n\n"
    "Thanks to {author} for publishing the summary freely."
)


class InfoCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.source = services.answers.corpus.summary.source
        self.desk = services.questions

    @app_commands.command(name="help", description="What this bot can do and how to use it")
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(HELP, ephemeral=True)

    @app_commands.command(name="about", description="Where the bot's knowledge comes from")
    async def about(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            ABOUT.format(title=self.source.title, author=self.source.author), ephemeral=True)

    @app_commands.command(name="stats", description="Moderators: questions, abstentions, feedback")
    @app_commands.default_permissions(manage_messages=True)
    @app_commands.guild_only()
    @moderator_only()
    async def stats(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        stats = await self.desk.stats(interaction.guild_id)
        ratio = "no votes yet" if stats.helpful_ratio is None else f"{stats.helpful_ratio:.0%}"
        lines = [
            f"**In the last {STATS_WINDOW.days} days**",
            f"**Questions:** {stats.questions}",
            f"**Abstentions:** {stats.abstentions}",
            f"**Waiting for a human answer:** {stats.unanswered}",
            f"**Helpful:** {ratio} ({stats.helpful_votes} helpful, "
            f"{stats.unhelpful_votes} not helpful)",
        ]
        if stats.top_unanswered:
            lines.append("**Most asked without an answer:**")
            lines += [f"{n}. {t.question[:150]} (\u00d7{t.count})"
                      for n, t in enumerate(stats.top_unanswered, start=1)]
        await interaction.followup.send("\n".join(lines), ephemeral=True,
                                        allowed_mentions=discord.AllowedMentions.none())

