"""Saving a trusted member's reply as a community answer, in Discord (issue 15, item 13)."""

from __future__ import annotations

import pytest

from bot.client import LLCBot
from tests.discord_double import DiscordDouble

pytestmark = pytest.mark.e2e

TITLE = "Scared my hamstring thing is MS like my mum"
REPLY = ("In my experience a longer warm-up on grass helped the hamstring settle; it took "
         "a few weeks.")


async def test_a_reply_saved_in_a_thread_without_a_recorded_question_keeps_no_askers_words(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    # A thread in #general: the bot answers nothing there, so no question is recorded,
    # and its title is the asker's own words.
    post = discord_double.thread_create(TITLE, "Anyone else?", forum=discord_double.guild.general)
    await discord_double.send_dispatch("THREAD_CREATE", post.thread)
    await discord_double.send_dispatch("MESSAGE_CREATE", post.message)
    reply = await discord_double.send_message(REPLY, author=discord_double.trusted,
                                              channel=post)
    saved = await discord_double.run_message_command(
        "Save as community answer", reply, user=discord_double.moderator)
    assert "Saved" in saved.message.content
    (answer,) = await llc_bot.services.store.community_answers.list_all()
    assert answer.answer == REPLY
    assert TITLE not in answer.question and "MS" not in answer.question
