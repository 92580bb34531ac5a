"""The buttons under an answer: Helpful, Not helpful, Ask the community.

They are dynamic items, routed by a strictly parsed custom id that carries the question's
id, so they keep working after the bot restarts.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.errors import on_interaction_error, reply_privately
from community.questions import NotYourQuestion

if TYPE_CHECKING:
    from bot.client import LLCBot

log = logging.getLogger("llc_bot.buttons")

_LABELS = {
    "helpful": ("Helpful", discord.ButtonStyle.success, "\N{THUMBS UP SIGN}"),
    "unhelpful": ("Not helpful", discord.ButtonStyle.secondary, "\N{THUMBS DOWN SIGN}"),
    "share": ("Ask the community", discord.ButtonStyle.primary, "\N{SPEECH BALLOON}"),
}


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"llc:(?P<action>helpful|unhelpful|share):(?P<qid>[1-9][0-9]{0,17})"):
    def __init__(self, action: str, question_id: int) -> None:
        label, style, emoji = _LABELS[action]
        super().__init__(discord.ui.Button(label=label, style=style, emoji=emoji,
                                           custom_id=f"llc:{action}:{question_id}"))
        self.action = action
        self.question_id = question_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> AnswerButton:
        return cls(match["action"], int(match["qid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: LLCBot = interaction.client  # type: ignore[assignment]
        # Database work can outlast Discord's 3-second deadline: acknowledge first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            if self.action == "share":
                await bot.desk.escalate(self.question_id, interaction.user.id)
                await interaction.followup.send(
                    "Share your question in the community channel so members can answer "
                    "from experience?", view=ShareChoice(self.question_id), ephemeral=True)
                return
            helpful = self.action == "helpful"
            await bot.desk.vote(self.question_id, interaction.user.id, helpful)
            await reply_privately(interaction, "Thanks, that helps me improve." if helpful else
                                  "Thanks for telling me. I've added this question to the list "
                                  "the community and moderators look at.")
        except NotYourQuestion as error:
            await reply_privately(interaction, str(error))
        except Exception as error:
            await on_interaction_error(interaction, error)


def answer_buttons(question_id: int | None) -> discord.ui.View | None:
    """The view under an answer; none when the question could not be stored."""
    if question_id is None:
        return None
    view = discord.ui.View(timeout=None)
    for action in _LABELS:
        view.add_item(AnswerButton(action, question_id))
    return view


class ShareChoice(discord.ui.View):
    """With or without the member's name: shared questions are anonymous unless they say so."""

    def __init__(self, question_id: int) -> None:
        super().__init__(timeout=300)
        self.question_id = question_id
        self.shared = False

    async def _share(self, interaction: discord.Interaction, anonymous: bool) -> None:
        bot: LLCBot = interaction.client  # type: ignore[assignment]
        self.stop()  # a double click must not post twice
        if self.shared:
            await interaction.response.defer()
            return
        self.shared = True
        await interaction.response.defer()
        try:
            posted = await bot.share_with_community(self.question_id, interaction.user.id,
                                                    anonymous=anonymous)
        except Exception as error:
            await on_interaction_error(interaction, error)
            return
        text = ("Posted in the community channel. Members will reply there." if posted else
                "There is no community channel set up here yet, but the moderators can see "
                "your question in their list.")
        await interaction.edit_original_response(content=text, view=None)

    @discord.ui.button(label="Post anonymously", style=discord.ButtonStyle.primary)
    async def anonymous(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await self._share(interaction, anonymous=True)

    @discord.ui.button(label="Post with my name", style=discord.ButtonStyle.secondary)
    async def named(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await self._share(interaction, anonymous=False)
