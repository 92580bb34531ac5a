"""The poster's two buttons under an answer in the help forum: "This answered it" and "I'd like
people to weigh in".

Persistent dynamic items with a strictly parsed custom id, like the answer buttons
(bot/buttons.py), so they work after a restart; bound per bot to the object that carries out
a click.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from bot.errors import on_interaction_error

_QID = r"(?P<qid>[1-9][0-9]{0,17})"
FORUM_ROW = 1  # below the answer's own buttons
_LABELS = {
    "solved": ("This answered it", discord.ButtonStyle.success, "\N{WHITE HEAVY CHECK MARK}"),
    "weigh-in": ("I'd like people to weigh in", discord.ButtonStyle.primary,
                 "\N{BUSTS IN SILHOUETTE}"),
}


class ForumActions(Protocol):
    """What a click does; the help forum cog implements it."""

    async def on_forum_button(self, interaction: discord.Interaction, action: str,
                              question_id: int) -> None: ...

    def serves(self, guild_id: int | None) -> bool:
        """False for a server the bot does not serve: the click is ignored."""
        ...


class ForumButtons:
    """The dynamic item class bound to one `ForumActions`, and how to add it to a view."""

    def __init__(self, actions: ForumActions) -> None:
        self.item = _bound_type(actions)

    def add_to(self, view: discord.ui.View, question_id: int) -> None:
        """End an answer's view with the poster's two buttons."""
        for action in _LABELS:
            view.add_item(self.item(action, question_id))


def _bound_type(actions: ForumActions) -> type[Any]:
    class ForumButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                      template=rf"llc:forum-(?P<action>solved|weigh-in):{_QID}"):
        def __init__(self, action: str, question_id: int) -> None:
            label, style, emoji = _LABELS[action]
            super().__init__(discord.ui.Button(label=label, style=style, emoji=emoji, row=FORUM_ROW,
                                               custom_id=f"llc:forum-{action}:{question_id}"))
            self.action = action
            self.question_id = question_id

        @classmethod
        async def from_custom_id(cls, interaction: discord.Interaction,
                                 item: discord.ui.Button[Any], match: re.Match[str]
                                 ) -> ForumButton:
            return cls(match["action"], int(match["qid"]))

        async def interaction_check(self, interaction: discord.Interaction) -> bool:
            return actions.serves(interaction.guild_id)

        async def callback(self, interaction: discord.Interaction) -> None:
            try:
                await actions.on_forum_button(interaction, self.action, self.question_id)
            except Exception as error:
                await on_interaction_error(interaction, error)

    return ForumButton
