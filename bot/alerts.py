"""Quiet alerts to the moderators' log channel, rate limited per member.

An alert carries ids and a jump link, never the member's words: moderators open the link.
"""

from __future__ import annotations

import logging

import discord

from bot.cooldown import Cooldown

log = logging.getLogger("llc_bot.alerts")

CRISIS_ALERT_EVERY_SECONDS = 15 * 60


class ModAlerts:
    def __init__(self, client: discord.Client, channel_id: int | None) -> None:
        self._client = client
        self._channel_id = channel_id
        self._crisis_limit = Cooldown(CRISIS_ALERT_EVERY_SECONDS)

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

    async def crisis(self, member_id: int, channel_id: int | None, jump_url: str | None) -> bool:
        """Tell moderators a member may be in distress (at most once per member per window)."""
        if self._crisis_limit.waiting(member_id) > 0:
            return False
        where = f" in <#{channel_id}>" if channel_id else " in a direct message"
        link = f"\nJump to it: {jump_url}" if jump_url else ""
        log.info("crisis alert: channel=%s", channel_id)  # no member id beside a crisis
        sent = await self.send(
            f"\N{LARGE PURPLE CIRCLE} **A member may be in distress**: <@{member_id}>{where}. "
            f"The bot replied with crisis resources. Please check in with them gently.{link}"
        )
        if sent:  # a failed alert must not silence the next one
            self._crisis_limit.retry_after(member_id)
        return sent
