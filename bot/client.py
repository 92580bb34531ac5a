"""The Discord client: a `commands.Bot` that only translates between Discord and the core."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.alerts import ModAlerts
from bot.buttons import AnswerButton
from bot.errors import on_interaction_error
from bot.settings import Settings
from community.questions import QuestionDesk
from storage import StorageUnavailable, Store

log = logging.getLogger("llc_bot")

COGS = ("bot.cogs.questions", "bot.cogs.info", "bot.cogs.privacy", "bot.cogs.moderation")


def intents() -> discord.Intents:
    """Message content (mentions, DMs, forum posts, moderation) and members (roles, joins)."""
    chosen = discord.Intents.default()
    chosen.message_content = True
    chosen.members = True
    return chosen


class LLCBot(commands.Bot):
    def __init__(self, settings: Settings, desk: QuestionDesk, store: Store,
                 **options: object) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=intents(),
                         allowed_mentions=discord.AllowedMentions.none(), help_command=None,
                         **options)
        self.settings = settings
        self.desk = desk
        self.store = store
        self.alerts = ModAlerts(self, settings.mod_log_channel_id)
        self.tree.on_error = on_interaction_error  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        for cog in COGS:
            await self.load_extension(cog)
        self.add_dynamic_items(AnswerButton)
        try:
            await self.desk.refresh_community_answers()
        except StorageUnavailable:
            log.warning("community answers not loaded: database unavailable")
        await self.sync_commands()

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
        if message.author.bot:
            return
        moderation = self.get_cog("ModerationCog")
        kept = await moderation.moderate(message) if moderation is not None else True
        questions = self.get_cog("QuestionsCog")
        if kept and questions is not None:
            await questions.answer_message(message)

    async def on_ready(self) -> None:
        log.info("connected: user=%s guilds=%d", self.user.id if self.user else None,
                 len(self.guilds))

    async def share_with_community(self, question_id: int, member_id: int, *,
                                   anonymous: bool) -> bool:
        """Post a member's question to the community channel; False when none is set."""
        channel_id = self.settings.community_channel_id
        if channel_id is None:
            return False
        question = await self.desk.escalate(question_id, member_id)
        who = "A member" if anonymous else f"<@{member_id}>"
        await self.get_partial_messageable(channel_id).send(
            f"{who} asked a question the bot couldn't fully answer. Can anyone share their "
            f"experience?\n> {question.question[:1500]}",
            allowed_mentions=discord.AllowedMentions.none())
        return True
