"""The buttons under an answer (Helpful, Not helpful, Ask the community, More from the
summary) and the share choice (anonymously or with my name).

They are persistent dynamic items routed by a strictly parsed custom id, so they keep
working after the bot restarts. The classes are made per bot by `button_types(actions)`,
which binds them to the object that carries out a click: no service locator on the client.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

import discord

from bot.errors import on_interaction_error

_QID = r"(?P<qid>[1-9][0-9]{0,17})"
MAX_MORE_IDS = 8  # passage numbers a "More" button carries (custom ids hold 100 characters)
_ANSWER_LABELS = {
    "helpful": ("Helpful", discord.ButtonStyle.success, "\N{THUMBS UP SIGN}"),
    "unhelpful": ("Not helpful", discord.ButtonStyle.secondary, "\N{THUMBS DOWN SIGN}"),
    "share": ("Ask the community", discord.ButtonStyle.primary, "\N{SPEECH BALLOON}"),
}
_SHARE_LABELS = {
    "anonymous": ("Post anonymously", discord.ButtonStyle.primary),
    "named": ("Post with my name", discord.ButtonStyle.secondary),
}


class ButtonActions(Protocol):
    """What a click does; the questions cog implements it."""

    async def on_answer_button(self, interaction: discord.Interaction, action: str,
                               question_id: int) -> None: ...

    async def on_share_choice(self, interaction: discord.Interaction, anonymous: bool,
                              question_id: int) -> None: ...

    async def on_more(self, interaction: discord.Interaction, passage_ids: list[int]) -> None:
        ...

    def serves(self, guild_id: int | None) -> bool:
        """False for a server the bot does not serve: the click is ignored."""
        ...


class ButtonTypes:
    """The dynamic item classes bound to one `ButtonActions`, and the views made of them."""

    def __init__(self, actions: ButtonActions) -> None:
        self.answer, self.share, self.more = _bound_types(actions)

    @property
    def all(self) -> tuple[type[discord.ui.DynamicItem[Any]], ...]:
        """Every dynamic item class, to register with the client."""
        return (self.answer, self.share, self.more)

    def answer_view(self, question_id: int | None, more: Sequence[int] = ()
                    ) -> discord.ui.View | None:
        """The view under an answer: the feedback buttons when the question was stored, and
        "More from the summary" when further passages were kept out of the answer."""
        if question_id is None and not more:
            return None
        view = discord.ui.View(timeout=None)
        for action in _ANSWER_LABELS if question_id is not None else ():
            view.add_item(self.answer(action, question_id))
        if more:
            view.add_item(self.more(list(more)[:MAX_MORE_IDS]))
        return view

    def share_view(self, question_id: int) -> discord.ui.View:
        """Anonymously or with my name: shared questions are anonymous unless the member
        says so."""
        view = discord.ui.View(timeout=None)
        for choice in _SHARE_LABELS:
            view.add_item(self.share(choice, question_id))
        return view


def _bound_types(actions: ButtonActions) -> tuple[type[Any], type[Any], type[Any]]:
    class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                       template=rf"llc:(?P<action>helpful|unhelpful|share):{_QID}"):
        def __init__(self, action: str, question_id: int) -> None:
            label, style, emoji = _ANSWER_LABELS[action]
            super().__init__(discord.ui.Button(label=label, style=style, emoji=emoji,
                                               custom_id=f"llc:{action}:{question_id}"))
            self.action = action
            self.question_id = question_id

        @classmethod
        async def from_custom_id(cls, interaction: discord.Interaction,
                                 item: discord.ui.Button[Any], match: re.Match[str]
                                 ) -> AnswerButton:
            return cls(match["action"], int(match["qid"]))

        async def interaction_check(self, interaction: discord.Interaction) -> bool:
            return actions.serves(interaction.guild_id)

        async def callback(self, interaction: discord.Interaction) -> None:
            try:
                await actions.on_answer_button(interaction, self.action, self.question_id)
            except Exception as error:
                await on_interaction_error(interaction, error)

    class ShareChoiceButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                            template=rf"llc:post-(?P<choice>anonymous|named):{_QID}"):
        def __init__(self, choice: str, question_id: int) -> None:
            label, style = _SHARE_LABELS[choice]
            super().__init__(discord.ui.Button(label=label, style=style,
                                               custom_id=f"llc:post-{choice}:{question_id}"))
            self.choice = choice
            self.question_id = question_id

        @classmethod
        async def from_custom_id(cls, interaction: discord.Interaction,
                                 item: discord.ui.Button[Any], match: re.Match[str]
                                 ) -> ShareChoiceButton:
            return cls(match["choice"], int(match["qid"]))

        async def interaction_check(self, interaction: discord.Interaction) -> bool:
            return actions.serves(interaction.guild_id)

        async def callback(self, interaction: discord.Interaction) -> None:
            try:
                await actions.on_share_choice(interaction, self.choice == "anonymous",
                                              self.question_id)
            except Exception as error:
                await on_interaction_error(interaction, error)

    class MoreButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                     template=r"llc:more:(?P<ids>[0-9]{1,4}(?:\.[0-9]{1,4}){0,7})"):
        def __init__(self, passage_ids: list[int]) -> None:
            custom_id = "llc:more:" + ".".join(str(i) for i in passage_ids)
            super().__init__(discord.ui.Button(label="More from the summary",
                                               style=discord.ButtonStyle.secondary,
                                               emoji="\N{OPEN BOOK}", custom_id=custom_id))
            self.passage_ids = passage_ids

        @classmethod
        async def from_custom_id(cls, interaction: discord.Interaction,
                                 item: discord.ui.Button[Any], match: re.Match[str]
                                 ) -> MoreButton:
            return cls([int(i) for i in match["ids"].split(".")])

        async def interaction_check(self, interaction: discord.Interaction) -> bool:
            return actions.serves(interaction.guild_id)

        async def callback(self, interaction: discord.Interaction) -> None:
            try:
                await actions.on_more(interaction, self.passage_ids)
            except Exception as error:
                await on_interaction_error(interaction, error)

    return AnswerButton, ShareChoiceButton, MoreButton
