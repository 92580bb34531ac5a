"""Questions: `/ask`, mentions, direct messages and new posts in the help forum.

Every path ends in the same place: the help desk answers, the answer goes out as an embed
with feedback buttons, and crisis language also raises a quiet alert for moderators.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any, Protocol

import discord
from discord import app_commands
from discord.ext import commands

from bot.alerts import ModAlerts
from bot.buttons import ButtonTypes
from bot.checks import has_role, is_moderator, moderator_only, serves_guild
from bot.cooldown import Cooldown
from bot.embeds import answer_embed, more_embed
from bot.errors import message_for, reply_privately
from bot.forum_buttons import ForumButtons
from community.community_post import PostRefused, compose_community_post
from community.questions import AlreadyShared, Asker
from knowledge.crisis import detect_crisis
from knowledge.messages import CRISIS_REPLY
from knowledge.models import Answer
from knowledge.service import MAX_QUESTION_CHARS, MAX_READ_CHARS
from moderation import mod_log
from moderation.config import ModerationConfig

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("llc_bot.questions")

QUESTION_MAX_LENGTH = 1500
DISCORD_MESSAGE_LIMIT = 2000
SLOW_NOTE = ("Lots of questions at the moment: your answer is on its way but may take a "
             "little longer.")
SHARE_PROMPT = ("Share your question in the community channel so members can answer from "
                "experience?")


class ProfileOffer(Protocol):
    """What may go under an answer besides the feedback buttons (the prefill cog)."""

    async def offer(self, member_id: int, answer: Answer) -> discord.ui.Item[Any] | None: ...


class QuestionsCog(commands.Cog):
    """Answers /ask, DMs, mentions and help-forum posts; carries out the answer buttons."""

    def __init__(self, bot: commands.Bot, services: Services, alerts: ModAlerts,
                 profile_offer: ProfileOffer, *,
                 forum_buttons: ForumButtons | None = None) -> None:
        self.bot = bot
        self.profile_offer = profile_offer
        self.forum_buttons = forum_buttons  # the poster's buttons under help-forum answers
        self.settings = services.settings
        self.desk = services.questions
        self.moderation = services.moderation  # the crisis pacer and memory are bot-wide
        self.alerts = alerts
        self.cooldown = Cooldown(services.settings.ask_cooldown_seconds)
        self.buttons = ButtonTypes(self)
        self.save_menu = app_commands.ContextMenu(
            name="Save as community answer", callback=self.save_community_answer)
        self.save_menu.default_permissions = discord.Permissions(manage_messages=True)
        self.save_menu.guild_only = True

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.save_menu)
        self.bot.add_dynamic_items(*self.buttons.all)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.save_menu.name, type=self.save_menu.type)
        self.bot.remove_dynamic_items(*self.buttons.all)

    async def _alert_crisis(self, interaction: discord.Interaction, question: str) -> None:
        """Tell moderators about crisis language in /ask, paced by the one crisis pacer
        (messages are alerted by moderation, which judges them first)."""
        signal = detect_crisis(question)
        imminent = signal is not None and signal.imminent
        member_id = interaction.user.id
        self.moderation.note_crisis(member_id)
        pacer = self.moderation.crisis_pacer
        if not pacer.should_alert(member_id, imminent):
            return
        alert = mod_log.crisis_alert(member_id, guild_id=interaction.guild_id,
                                     channel_id=interaction.channel_id, link=None,
                                     imminent=imminent)
        if await self.alerts.send(alert):
            pacer.record_alert(member_id)

    async def _check_in(self, interaction: discord.Interaction) -> None:
        """Uncertain risk in /ask: a quiet note to moderators, paced like alerts; nothing is
        said to the member (messages get theirs from moderation, which reads them first)."""
        member_id = interaction.user.id
        pacer = self.moderation.check_in_pacer
        if not pacer.should_alert(member_id, False):
            return
        note = mod_log.check_in_note(member_id, guild_id=interaction.guild_id,
                                     channel_id=interaction.channel_id, link=None)
        if await self.alerts.send(note):
            pacer.record_alert(member_id)

    # -- /ask ----------------------------------------------------------------------------
    @app_commands.command(name="ask",
                          description="Ask about loss of leg coordination while running")
    @app_commands.describe(question="Your question, in your own words",
                           private="Only you will see the answer")
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, QUESTION_MAX_LENGTH],
                  private: bool = False) -> None:
        if not question.strip():
            await reply_privately(interaction, "Please type a question: it was empty.")
            return
        wait = self.cooldown.retry_after(interaction.user.id)
        if wait and detect_crisis(question):
            # Never told to wait, and served without the model: crisis words are no way
            # around the cooldown.
            await reply_privately(interaction, CRISIS_REPLY)
            await self._alert_crisis(interaction, question)
            return
        if wait:
            await reply_privately(interaction, f"Please wait {wait:.0f} seconds before asking "
                                               "again, so everyone gets a quick answer.")
            return
        ephemeral = private or interaction.guild_id is None
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        in_thread = isinstance(interaction.channel, discord.Thread)
        thread_id = interaction.channel_id if in_thread else None
        slow = self.desk.answers_will_be_slow
        if slow:  # shown in place of "thinking", then replaced by the answer
            await interaction.edit_original_response(content=SLOW_NOTE)
        asker = Asker(member_id=interaction.user.id, channel_id=interaction.channel_id or 0,
                      guild_id=interaction.guild_id, thread_id=thread_id, private=ephemeral)
        result = await self.desk.ask(asker, question)
        if result.answer.triage == "crisis":
            # Before the reply, so that a failed reply cannot hide a crisis from moderators.
            await self._alert_crisis(interaction, question)
        elif result.answer.check_in:
            await self._check_in(interaction)
        kwargs = {"embed": answer_embed(result.answer), "ephemeral": ephemeral,
                  "allowed_mentions": discord.AllowedMentions.none()}
        if not asker.keeps_text:
            # The only copy of a private question: the share flow reads it from here.
            kwargs["content"] = ("You asked:\n" + quoted(question))[:DISCORD_MESSAGE_LIMIT]
        view = await self._answer_view(result.question_id, interaction.user.id, result.answer)
        if view is not None:
            kwargs["view"] = view
        if slow:
            del kwargs["ephemeral"]
            kwargs.setdefault("content", None)
            sent: discord.Message = await interaction.edit_original_response(**kwargs)
        else:
            sent = await interaction.followup.send(**kwargs, wait=True)
        await self.desk.answered_in(result.question_id, sent.id)

    async def _answer_view(self, question_id: int | None, member_id: int,
                           answer: Answer) -> discord.ui.View | None:
        """The feedback buttons, and the offer of a profile prefilled from a story."""
        view = self.buttons.answer_view(question_id, self.desk.answers.passage_ids(answer.more))
        offer = await self.profile_offer.offer(member_id, answer)
        if offer is None:
            return view
        view = view or discord.ui.View(timeout=None)
        view.add_item(offer)
        return view

    # -- messages: DMs, mentions, the help forum ----------------------------------------
    def question_in(self, message: discord.Message) -> tuple[str, int | None] | None:
        """(question text, thread id) if the bot should answer this message, else None."""
        if (message.author.bot or message.webhook_id is not None
                or message.type not in (discord.MessageType.default, discord.MessageType.reply)):
            return None
        if message.guild is None:
            return message.content, None
        channel = message.channel
        thread = channel.id if isinstance(channel, discord.Thread) else None
        forum = self.settings.help_forum_channel_id
        in_help_forum = isinstance(channel, discord.Thread) and forum and channel.parent_id == forum
        if in_help_forum and message.id == channel.id:  # the post that opened the thread
            return f"{channel.name}\n{message.content}", thread
        if in_help_forum and message.author.id == channel.owner_id and message.content.strip():
            return message.content, thread  # a follow-up by the poster
        # A written mention only: replying to the bot pings it without asking anything.
        if self.bot.user is not None:
            forms = (f"<@{self.bot.user.id}>", f"<@!{self.bot.user.id}>")
            if any(form in message.content for form in forms):
                text = message.content
                for form in forms:
                    text = text.replace(form, " ")
                return text, thread
        return None

    def _is_posters_own(self, message: discord.Message) -> bool:
        """A help-forum post's opening message or its poster's follow-up."""
        channel = message.channel
        forum = self.settings.help_forum_channel_id
        return (isinstance(channel, discord.Thread) and forum is not None
                and channel.parent_id == forum and message.author.id == channel.owner_id)

    async def answer_message(self, message: discord.Message) -> None:
        """Answer a DM, a mention or a help-forum post, if the message is one."""
        if isinstance(message.channel, discord.PartialMessageable) and message.guild:
            # A thread the cache missed (e.g. a forum post whose THREAD_CREATE came late).
            with contextlib.suppress(discord.HTTPException):
                message.channel = await self.bot.fetch_channel(message.channel.id)  # type: ignore[assignment]
        found = self.question_in(message)
        if found is None:
            return
        text, thread_id = found
        text = text.strip()[:MAX_READ_CHARS]
        try:
            if not text:
                await message.reply("Ask me anything about loss of leg coordination while "
                                    "running, for example: *what makes it worse?*",
                                    mention_author=False)
                return
            if self.cooldown.retry_after(message.author.id):
                with contextlib.suppress(discord.HTTPException):
                    if detect_crisis(text):  # the warm reply, without the model
                        await message.reply(CRISIS_REPLY, mention_author=False)
                    else:
                        await message.add_reaction("\N{HOURGLASS WITH FLOWING SAND}")
                return
            with contextlib.suppress(discord.HTTPException):  # only a courtesy
                if self.desk.answers_will_be_slow:
                    await message.reply(SLOW_NOTE, mention_author=False)
                await message.channel.typing()
            result = await self.desk.ask(
                Asker(member_id=message.author.id, channel_id=message.channel.id,
                      guild_id=message.guild.id if message.guild else None,
                      thread_id=thread_id, message_id=message.id), text)
            view = await self._answer_view(result.question_id, message.author.id, result.answer)
            if view is not None and self._is_posters_own(message) and self.forum_buttons:
                self.forum_buttons.add_to(view, result.question_id or 0)
            sent = await message.reply(embed=answer_embed(result.answer), mention_author=False,
                                       **({"view": view} if view else {}))
            await self.desk.answered_in(result.question_id, sent.id)
        except Exception as error:
            log.exception("answering a message failed: message=%s channel=%s", message.id,
                          message.channel.id)
            try:
                await message.reply(message_for(error), mention_author=False)
            except discord.HTTPException:
                log.warning("could not tell the member about the failure: message=%s",
                            message.id)

    # -- learning from the community ------------------------------------------------------
    @moderator_only()
    async def save_community_answer(self, interaction: discord.Interaction,
                                    message: discord.Message) -> None:
        """A moderator saves a trusted member's reply as a community answer."""
        settings = self.settings
        author = message.author
        if not (has_role(author, settings.trusted_role_id)
                or is_moderator(author, settings.moderator_role_id)):
            await reply_privately(interaction, "Only replies by trusted members can be saved as "
                                               "community answers.")
            return
        if not message.content.strip():
            await reply_privately(interaction, "That message has no text to save.")
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        asked = None
        if isinstance(message.channel, discord.Thread):
            asked = await self.desk.latest_in_thread(message.channel.id)
        # Only a recorded question's words are kept: they are linked to their asker, whose
        # forget removes the saved answer too. A thread's title or a channel's name would be
        # someone's words linked to no one, so without a recorded question none are kept.
        question = asked.question if asked else ""
        await self.desk.save_community_answer(
            question=question[:MAX_QUESTION_CHARS], answer=message.content[:MAX_QUESTION_CHARS],
            author_id=author.id, saved_by=interaction.user.id, jump_url=message.jump_url,
            guild_id=interaction.guild_id, question_id=asked.id if asked else None)
        await interaction.followup.send(
            "Saved. I'll offer it next time, labelled as community experience, never as "
            "literature.", ephemeral=True)


    # -- the buttons under an answer ----------------------------------------------------
    def serves(self, guild_id: int | None) -> bool:
        """Whether a button click comes from a server the bot serves (GUILD_ID)."""
        return serves_guild(self.settings.guild_id, guild_id)

    async def on_more(self, interaction: discord.Interaction, passage_ids: list[int]) -> None:
        """The further passages an answer kept out of its main text, shown to the clicker
        alone (they hold no one's words, only the summary's)."""
        more = self.desk.answers.passages_by_id(passage_ids)
        if not more:
            await reply_privately(interaction, "Those passages are no longer in the summary.")
            return
        await interaction.response.send_message(embed=more_embed(more), ephemeral=True)

    async def on_answer_button(self, interaction: discord.Interaction, action: str,
                               question_id: int) -> None:
        """Helpful / Not helpful store a vote; Ask the community offers the share choice."""
        # Database work can outlast Discord's 3-second deadline: acknowledge first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        if action == "share":
            question = await self.desk.escalate(question_id, interaction.user.id)
            text = question.question or await self._private_question(interaction.message)
            if not text:
                await reply_privately(interaction, "I don't keep the words of private "
                                      "questions, and I can't find them any more. Please ask "
                                      "again with /ask and share that one.")
                return
            await interaction.followup.send(
                f"{SHARE_PROMPT}\n{quoted(text)}", view=self.buttons.share_view(question_id),
                ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
            return
        helpful = action == "helpful"
        message_id = interaction.message.id if interaction.message else 0
        await self.desk.vote(question_id, interaction.user.id, helpful, message_id)
        await reply_privately(interaction, "Thanks, that helps me improve." if helpful else
                              "Thanks for telling me. I've added this question to the list "
                              "the community and moderators look at.")

    async def _private_question(self, answer: discord.Message | None) -> str:
        """A private question's words, from the only places they are: the private answer
        (quoted there) or the member's own direct message the answer replies to."""
        if answer is None:
            return ""
        if answer.content.startswith("You asked:"):
            return unquoted(answer.content)
        reference = answer.reference
        if reference is None or reference.message_id is None:
            return ""
        try:
            asked = await answer.channel.fetch_message(reference.message_id)
        except discord.HTTPException:
            return ""
        return asked.content.strip()

    async def on_share_choice(self, interaction: discord.Interaction, anonymous: bool,
                              question_id: int) -> None:
        """Post the member's question to the community channel, once (claimed in the
        database, so neither a double click nor a click after a restart posts twice)."""
        await interaction.response.defer()
        channel_id = self.settings.community_channel_id
        if channel_id is None:
            await interaction.edit_original_response(
                content="There is no community channel set up here yet, but the moderators "
                        "can see your question in their list.", view=None)
            return
        try:
            question = await self.desk.claim_share(question_id, interaction.user.id)
        except AlreadyShared as error:
            await interaction.edit_original_response(content=str(error), view=None)
            return
        text = question.question or unquoted(interaction.message.content
                                             if interaction.message else "")
        reading = await self.desk.answers.read_soon(text, run=self.desk.executor.run)
        post = compose_community_post(text, member_id=interaction.user.id, anonymous=anonymous,
                                      config=await self._posting_config(channel_id),
                                      reading=reading)
        if isinstance(post, PostRefused):
            await self.desk.share_failed(question_id)
            reply = post.reason + (f"\n\n{CRISIS_REPLY}" if post.crisis else "")
            await interaction.edit_original_response(content=reply, view=None)
            if post.crisis:
                await self._alert_crisis(interaction, text)
            elif post.check_in:
                await self._check_in(interaction)
            return
        try:
            posted = await self.bot.get_partial_messageable(channel_id).send(
                post.text, allowed_mentions=discord.AllowedMentions.none(),
                suppress_embeds=True)
        except BaseException:
            await self.desk.share_failed(question_id)
            raise
        await self.desk.shared(question_id, channel_id, posted.id)
        await interaction.edit_original_response(
            content="Posted in the community channel. Members will reply there.", view=None)


    async def _posting_config(self, channel_id: int) -> ModerationConfig:
        """The moderation settings of the server the community channel is in: what its
        moderators set with `/mod config` holds for the posts the bot makes there too."""
        channel = self.bot.get_channel(channel_id)
        guild = getattr(channel, "guild", None)
        guild_id = guild.id if guild is not None else self.settings.guild_id
        return (await self.moderation.moderator(guild_id)).config


def quoted(text: str) -> str:
    """Every line as a Discord quote."""
    return "\n".join(f"> {line}" for line in text.strip().splitlines() or [""])


def unquoted(text: str) -> str:
    """The quoted lines of a message the bot wrote with `quoted`."""
    return "\n".join(line[2:] for line in text.splitlines() if line.startswith("> ")).strip()
