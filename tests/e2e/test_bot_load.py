"""A saturated model: questions are answered late, never dropped, and the member is told."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.client import LLCBot
from tests.discord_double import DiscordDouble

pytestmark = pytest.mark.e2e


async def test_a_slow_answer_is_announced_then_delivered(discord_double: DiscordDouble,
                                                         llc_bot: LLCBot) -> None:
    executor = llc_bot.services.executor
    gate = threading.Event()
    blockers = [asyncio.ensure_future(executor.run(gate.wait, 10))
                for _ in range(executor.capacity)]
    try:
        await asyncio.to_thread(lambda: None)  # let the blockers take their places
        assert executor.busy
        interaction = discord_double.interaction_slash(
            "ask", {"question": "What makes LLC worse?"})
        await discord_double.send_interaction(interaction)
        note = await discord_double.next_original_edit(interaction)
        assert "may take a little longer" in note.content
    finally:
        gate.set()
        await asyncio.gather(*blockers)
    answer = await discord_double.next_original_edit(interaction)
    assert "flat surfaces" in answer.embeds[0]["description"]
    assert "may take a little longer" not in answer.content
    assert answer.button_labels == ["Helpful", "Not helpful", "Ask the community"]


async def test_the_model_is_shed_to_the_pattern_floor_when_saturated(
    discord_double: DiscordDouble, llc_bot: LLCBot
) -> None:
    executor = llc_bot.services.executor
    gate = threading.Event()
    blockers = [asyncio.ensure_future(executor.run(gate.wait, 10))
                for _ in range(executor.capacity)]
    try:
        await asyncio.to_thread(lambda: None)
        await discord_double.send_message(
            "every day I wonder why I bother staying alive since the leg stopped working")
        await discord_double.send_message("I want to end it all")  # the patterns still work
        reply = await discord_double.next_bot_message(discord_double.guild.general)
        assert "findahelpline.com" in reply.content
        assert executor.shed_count == 1
    finally:
        gate.set()
        await asyncio.gather(*blockers)
