"""The moderators' log channel: where the bot posts what moderators should know.

Texts are composed in the core (`moderation.mod_log`), with ids and jump links, never a
member's words; pacing crisis alerts is the core's too (`ModerationDesk.crisis_pacer`).
"""

from __future__ import annotations

import logging

import discord

log = logging.getLogger("llc_bot.alerts")


class ModAlerts:
    def __init__(self, client: discord.Client, channel_id: int | None) -> None:
        self._client = client
        self._channel_id = channel_id

    async def send(self, text: str) -> bool:
        """Post to the mod log; False when no channel is configured or Discord refused."""
        if self._channel_id is None:
            return False
        channel = self._client.get_partial_messageable(self._channel_id)
        try:
            await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as error:
            log.warning("mod log alert failed: channel=%s status=%s", self._channel_id,
                        error.status)
            return False
        return True
