"""The Discord client: a `commands.Bot` that only translates between Discord and the core."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from datetime import datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot.alerts import ModAlerts
from bot.checks import serves_guild
from bot.cogs.help_forum import HelpForumCog
from bot.cogs.info import InfoCog
from bot.cogs.matching import MatchingCog
from bot.cogs.moderation import ModCommands, ModerationCog
from bot.cogs.prefill import PrefillCog
from bot.cogs.privacy import PrivacyCog
from bot.cogs.profile import ProfileCog, StartCog
from bot.cogs.questions import QuestionsCog
from bot.cogs.retention import RetentionCog
from bot.cogs.rounds import RoundsCog
from bot.cogs.surveys import SurveyCog
from bot.community_posts import CommunityPosts
from bot.draining import drain_handlers
from bot.errors import on_interaction_error
from bot.services import Services
from community.round_preferences import RoundPreferences
from storage import StorageUnavailable
from storage.timestamps import utc_now

log = logging.getLogger("llc_bot")


def intents() -> discord.Intents:
    """Message content (mentions, DMs, forum posts, moderation) and members (roles, joins)."""
    chosen = discord.Intents.default()
    chosen.message_content = True
    chosen.members = True
    return chosen


class HomeTree(app_commands.CommandTree):
    """Ignores interactions from servers other than GUILD_ID."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return serves_guild(self.client.settings.guild_id, interaction.guild_id)


class LLCBot(commands.Bot):
    """Holds the services and the cogs built from them; each cog gets what it needs."""

    def __init__(self, services: Services, *, clock: Callable[[], datetime] = utc_now,
                 **options: object) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=intents(),
                         allowed_mentions=discord.AllowedMentions.none(), help_command=None,
                         tree_cls=HomeTree, **options)
        self.services = services
        self.clock = clock  # tests pass a fake one to move time for the daily tasks
        self.settings = services.settings
        self.alerts = ModAlerts(self, services.settings.mod_log_channel_id)
        self.help_forum = HelpForumCog(self, services, self.alerts, clock)
        self.profiles = ProfileCog(services)
        self.prefill = PrefillCog(self, services, self.profiles)
        self.questions = QuestionsCog(self, services, self.alerts, self.prefill,
                                      forum_buttons=self.help_forum.buttons)
        self.moderation = ModerationCog(services, self.alerts, self.questions)
        self.community_posts = CommunityPosts(services.store, self.http.delete_message,
                                              clock=clock)
        self.tree.on_error = on_interaction_error  # type: ignore[method-assign]

    def cogs_to_load(self) -> list[commands.Cog]:
        """Every cog, built with the services it uses (one line per cog)."""
        services = self.services
        return [
            self.questions,
            self.moderation,
            ModCommands(self, services.moderation, self.alerts),
            InfoCog(services),
            PrivacyCog(self, services.privacy, services.settings.question_retention_days,
                       self.community_posts, self.alerts),
            RetentionCog(services.questions, services.settings.question_retention_days,
                         self.clock),
            MatchingCog(self, services, self.alerts),
            RoundsCog(RoundPreferences(services.store)),
            self.profiles,
            StartCog(self.profiles, services.settings.guild_id),
            self.prefill,
            SurveyCog(self, services.surveys, services.answers.corpus,
                      services.settings.community_channel_id, self.clock,
                      services.settings.guild_id),
            self.help_forum,
        ]

    async def setup_hook(self) -> None:
        self.services.privacy.register(self.community_posts)
        for cog in self.cogs_to_load():
            await self.add_cog(cog)
        try:
            await self.services.saved_answers.refresh()
        except StorageUnavailable:
            log.warning("community answers not loaded: database unavailable")
        await self.sync_commands()
        # Everything loaded so far (the model, the indexes) lives as long as the process:
        # out of the collector's sight, a full collection no longer stalls the event loop
        # for hundreds of milliseconds each time a large pool is read.
        gc.collect()
        gc.freeze()

    async def close(self) -> None:
        """Let running handlers finish their writes (bounded), then close as discord.py does."""
        await drain_handlers()
        await super().close()

    async def sync_commands(self) -> None:
        """Guild sync is immediate; global sync can take an hour to reach members."""
        if self.settings.guild_id:
            guild = discord.Object(self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("application commands synced: %d", len(synced))

    async def on_message(self, message: discord.Message) -> None:
        """One pipeline instead of text commands: moderate first, then answer what was kept.

        Overriding this also keeps discord.py's prefix-command handling (and its log line
        quoting a member's first word) out of every mention.
        """
        if message.author.bot or not self.serves(message):
            return
        if await self.moderation.moderate(message):
            await self.help_forum.note_reply(message)
            await self.questions.answer_message(message)

    async def on_raw_message_edit(self, event: discord.RawMessageUpdateEvent) -> None:
        """An edited message is moderated like a new one (a harmless message edited into a
        scam comes down), but never answered again."""
        message = event.message
        before = event.cached_message
        if message.author.bot or not self.serves(message):
            return
        if before is not None and before.content == message.content:
            return  # Discord also sends edits for link previews and pins
        await self.moderation.moderate(message, edited=True)

    def serves(self, message: discord.Message) -> bool:
        """A message from GUILD_ID's server or a direct message (a server the bot has not
        cached still names itself on the channel)."""
        guild_id = message.guild.id if message.guild else getattr(message.channel, "guild_id",
                                                                  None)
        return serves_guild(self.settings.guild_id, guild_id)

    async def on_ready(self) -> None:
        log.info("connected: user=%s guilds=%d", self.user.id if self.user else None,
                 len(self.guilds))
        for guild in self.guilds:
            await self._leave_if_foreign(guild)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._leave_if_foreign(guild)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self._leave_if_foreign(guild)

    async def _leave_if_foreign(self, guild: discord.Guild) -> None:
        """With GUILD_ID set, the bot serves that server only and leaves any other."""
        if serves_guild(self.settings.guild_id, guild.id):
            return
        log.warning("leaving a server other than GUILD_ID: guild=%s", guild.id)
        try:
            await guild.leave()
        except discord.HTTPException as error:
            log.warning("could not leave: guild=%s status=%s", guild.id, error.status)
