"""Direct messages from the bot, with Discord's refusals turned into the services' words.

A member who closed their DMs (Discord error 50007) is `DmClosed`: the caller records it and
does not try again. Anything else Discord or the network refuses is `SendFailed`: it may
pass, so the caller tries again later. Neither carries the message's text.
"""

from __future__ import annotations

from typing import Any

import discord

from community.delivery import DmClosed, SendFailed

DM_CLOSED_CODE = 50007  # "Cannot send messages to this user"


async def send_dm(client: discord.Client, member_id: int, content: str | None = None,
                  **options: Any) -> discord.Message:
    """Send `content` (and `options`: embeds, a view) to the member by DM."""
    try:
        channel = await client.create_dm(discord.Object(id=member_id))
        return await channel.send(content, **options)
    except discord.Forbidden as error:
        if error.code == DM_CLOSED_CODE:
            raise DmClosed() from None
        raise SendFailed() from None
    except (discord.HTTPException, OSError):
        raise SendFailed() from None
