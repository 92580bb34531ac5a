"""The help forum, tended: the poster's two buttons, the forum's tags, replies by other members,
and the daily digest of posts waiting for a person.

What a click means and which posts wait is decided in the core (`community.help_forum`); this
cog applies tags and sends. The forum's tags are created when missing (on ready, and again on
first use); a missing permission is told to moderators once, never raised to a member.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeGuard

import discord
from discord.ext import commands, tasks

from bot.alerts import ModAlerts
from bot.checks import serves_guild
from bot.errors import reply_privately
from bot.forum_buttons import ForumButtons
from bot.loop_guard import LoopGuard
from community.help_forum import (
    COMMUNITY_TAG,
    FORUM_TAGS,
    SOLVED_TAG,
    DigestSchedule,
    digest_text,
    with_tag,
)
from storage import StorageUnavailable

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("llc_bot.help_forum")

DIGEST_TICK_MINUTES = 30  # how often the loop asks whether the day's digest is due
REPLIES = {
    ("solved", True): "Marked as solved. Thanks for letting everyone know!",
    ("solved", False): "This post is already marked as solved.",
    ("weigh-in", True): ("Done: your post is tagged for the community and on the list of posts "
                         "that moderators and trusted members see each day."),
    ("weigh-in", False): "Your post is already waiting for people to weigh in.",
}
UNTAGGED = " (I couldn't tag the post, but it is noted.)"


class HelpForumCog(commands.Cog):
    def __init__(self, bot: commands.Bot, services: Services, alerts: ModAlerts,
                 clock: Callable[[], datetime]) -> None:
        self.bot = bot
        self.settings = services.settings
        self.forum = services.help_forum
        self.alerts = alerts
        self.clock = clock
        self.buttons = ForumButtons(self)
        self.schedule = DigestSchedule()
        self._permission_reported = False
        self._tags_lock = asyncio.Lock()  # two first clicks must not create the tags twice
        self.guard = LoopGuard()
        # Tags the bot created, until the forum's CHANNEL_UPDATE reaches the cache.
        self._created: dict[str, discord.ForumTag] = {}

    @property
    def forum_id(self) -> int | None:
        return self.settings.help_forum_channel_id

    @property
    def digest_channel_id(self) -> int | None:
        return self.settings.help_digest_channel_id or self.settings.mod_log_channel_id

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(self.buttons.item)
        if self.forum_id and self.digest_channel_id:
            self.digest.start()

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(self.buttons.item)
        await self.guard.stop(self.digest)

    def serves(self, guild_id: int | None) -> bool:
        return serves_guild(self.settings.guild_id, guild_id)

    def is_post(self, channel: object) -> TypeGuard[discord.Thread]:
        """Whether `channel` is a post (thread) in the help forum."""
        return (self.forum_id is not None and isinstance(channel, discord.Thread)
                and channel.parent_id == self.forum_id)

    # -- tags ------------------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_ready(self) -> None:
        await self.ensure_tags()

    async def ensure_tags(self) -> dict[str, discord.ForumTag] | None:
        """The forum's Solved and Community input tags, created if missing (the others are
        kept); None when there is no forum or they cannot be made."""
        async with self._tags_lock:
            return await self._ensure_tags()

    async def _ensure_tags(self) -> dict[str, discord.ForumTag] | None:
        forum = self.bot.get_channel(self.forum_id) if self.forum_id else None
        if not isinstance(forum, discord.ForumChannel):
            return None
        tags = self._created | {tag.name.casefold(): tag for tag in forum.available_tags}
        missing = [name for name in FORUM_TAGS if name.casefold() not in tags]
        if missing:
            try:
                edited = await forum.edit(available_tags=[
                    *forum.available_tags, *(discord.ForumTag(name=name) for name in missing)])
            except discord.HTTPException as error:
                await self._cannot_tag(error, "create the help forum's tags")
                return None
            tags = {tag.name.casefold(): tag for tag in (edited or forum).available_tags}
            self._created = {name.casefold(): tags[name.casefold()] for name in missing
                             if name.casefold() in tags}
        return {name: tags[name.casefold()] for name in FORUM_TAGS if name.casefold() in tags}

    async def _cannot_tag(self, error: discord.HTTPException, doing: str) -> None:
        """Log every failure; tell moderators about a missing permission once."""
        log.warning("forum tags: could not %s: forum=%s status=%s", doing, self.forum_id,
                    error.status)
        if isinstance(error, discord.Forbidden) and not self._permission_reported:
            self._permission_reported = True
            await self.alerts.send(
                f"I couldn't {doing} in <#{self.forum_id}>: I need the Manage Channels and "
                f"Manage Threads permissions there. Posts are still answered; only the "
                f"{SOLVED_TAG} / {COMMUNITY_TAG} tags are missing.")

    async def _tag(self, thread: object, name: str) -> bool | None:
        """Apply the tag to the post (True), or it was there (False), or it cannot be (None)."""
        if not self.is_post(thread):
            return None
        tags = await self.ensure_tags()
        tag = (tags or {}).get(name)
        if tag is None:
            return None
        current = list(thread.applied_tags)
        if tag in current:
            return False
        by_id = {t.id: t for t in [*current, tag]}
        wanted = with_tag([t.id for t in current], tag.id)
        try:
            await thread.edit(applied_tags=[by_id[tag_id] for tag_id in wanted])
        except discord.HTTPException as error:
            await self._cannot_tag(error, "tag a post")
            return None
        return True

    # -- the poster's buttons ----------------------------------------------------------------
    async def on_forum_button(self, interaction: discord.Interaction, action: str,
                              question_id: int) -> None:
        """Mark the post solved or ask people to weigh in; a second click changes nothing."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        if action == "solved":
            changed = await self.forum.solve(question_id, interaction.user.id)
            tagged = await self._tag(interaction.channel, SOLVED_TAG)
        else:
            changed = await self.forum.ask_people(question_id, interaction.user.id)
            tagged = await self._tag(interaction.channel, COMMUNITY_TAG)
        text = REPLIES[(action, changed or bool(tagged))]
        await reply_privately(interaction, text + (UNTAGGED if tagged is None else ""))

    # -- replies by other members ----------------------------------------------------------
    async def note_reply(self, message: discord.Message) -> None:
        """A member other than the poster replied in a post: it no longer waits."""
        channel = message.channel
        if not self.is_post(channel) or message.author.bot:
            return
        if message.author.id == channel.owner_id:
            return
        try:
            await self.forum.member_replied(channel.id, message.author.id)
        except StorageUnavailable:
            log.warning("forum reply not noted: database unavailable (thread=%s)", channel.id)

    # -- the daily digest --------------------------------------------------------------------
    @tasks.loop(minutes=DIGEST_TICK_MINUTES)
    async def digest(self) -> discord.Message | None:
        """Once a day, the posts still waiting for a person; nothing (None) when none waits."""
        now = self.clock()
        channel_id = self.digest_channel_id
        if channel_id is None or not self.schedule.due(now):
            return None
        guild_id = self.settings.guild_id or self._guild_of(channel_id)
        if guild_id is None:
            log.warning("forum digest skipped: the server of channel %s is unknown", channel_id)
            return None
        try:
            async with self.guard.iteration():
                posts = await self.forum.waiting_posts(guild_id)
        except StorageUnavailable:
            log.warning("forum digest skipped: database unavailable")
            return None
        text = digest_text(posts, now)
        if text is None:
            return None
        try:
            sent = await self.bot.get_partial_messageable(channel_id).send(
                text, allowed_mentions=discord.AllowedMentions.none(), suppress_embeds=True)
        except discord.HTTPException as error:
            log.warning("forum digest not sent: channel=%s status=%s", channel_id, error.status)
            return None
        log.info("forum digest sent: posts=%d", len(posts))
        return sent

    def _guild_of(self, channel_id: int) -> int | None:
        """The server of the digest's channel: without GUILD_ID the bot may serve several,
        and the digest lists the posts of the server whose people read it, no other's."""
        channel = self.bot.get_channel(channel_id)
        guild = getattr(channel, "guild", None)
        return guild.id if guild is not None else None

    @digest.before_loop
    async def _after_ready(self) -> None:
        await self.bot.wait_until_ready()
