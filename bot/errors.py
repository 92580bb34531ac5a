"""One place that turns any failure of an interaction into a kind, private message.

Members never see a traceback: the error is logged with ids (never message text), and the
member gets an ephemeral reply that says what happened and what to do.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.checks import NotModerator
from community.help_forum import NotThePoster
from community.questions import AlreadyShared, NotThisAnswer, NotYourQuestion
from knowledge.service import QuestionError
from storage import RecordNotFound, StorageUnavailable

log = logging.getLogger("llc_bot.errors")

GENERIC = ("Sorry, something went wrong on my side and I couldn't finish that. The "
           "moderators can see it in the logs; please try again in a little while.")
STORAGE = ("Sorry, I can't reach my database right now, so I couldn't save that. Nothing "
           "else is affected; please try again in a few minutes.")


def message_for(error: BaseException) -> str:
    """What to tell the member about an error."""
    original = getattr(error, "original", error)
    if isinstance(original, StorageUnavailable):
        return STORAGE
    if isinstance(original, QuestionError | NotYourQuestion | AlreadyShared | NotThisAnswer
                            | NotThePoster):
        return str(original)
    if isinstance(original, RecordNotFound):
        return "I couldn't find that any more: it may have been deleted."
    if isinstance(error, app_commands.TransformerError):
        return "One of the options didn't look right. Please check it and try again."
    if isinstance(error, NotModerator):
        return "Sorry, only moderators can use this command."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Please wait {error.retry_after:.0f} seconds before asking again."
    if isinstance(error, app_commands.CheckFailure):
        return "Sorry, you can't use this here."
    return GENERIC


async def reply_privately(interaction: discord.Interaction, text: str) -> None:
    """Send `text` ephemerally, whether or not the interaction was already answered."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True,
                                            allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException:
        log.warning("could not deliver an error message (interaction=%s)", interaction.id)


async def on_interaction_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Log with ids and tell the member kindly."""
    text = message_for(error)
    expected = text != GENERIC  # a failure we can explain needs no traceback in the log
    log.log(logging.INFO if expected else logging.ERROR,
            "interaction failed: id=%s user=%s guild=%s channel=%s error=%s",
            interaction.id, interaction.user.id if interaction.user else None,
            interaction.guild_id, interaction.channel_id, type(error).__name__,
            exc_info=None if expected else error)
    await reply_privately(interaction, text)
