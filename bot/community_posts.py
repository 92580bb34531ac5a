"""The bot's posts that carry a member's words (their questions shared in the community
channel), as a holder of member data: forgetting the member deletes them through Discord.

The deleter is injected: the running bot passes its own REST client, the command line one
logged in with the token only for this.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import discord
import discord.http

from bot.endpoints import apply_endpoints
from storage import Store

log = logging.getLogger(__name__)

DeleteMessage = Callable[[int, int], Awaitable[object]]


class PostsNotDeletable(RuntimeError):
    """The member has community posts and there is no way to delete them from here."""


class CommunityPosts:
    """Finds the posts through the questions they shared; deletes them before the database
    forgets where they are (the privacy service runs this holder first)."""

    name = "community_posts"

    def __init__(self, store: Store, delete_message: DeleteMessage | None) -> None:
        self._store = store
        self._delete = delete_message

    async def export_member(self, member_id: int) -> list[dict[str, int]]:
        """Where the member's community posts are."""
        return [{"channel_id": channel, "message_id": message}
                for channel, message in await self._store.questions.posts_of(member_id)]

    async def forget_member(self, member_id: int) -> int:
        """Delete every post through Discord."""
        posts = await self._store.questions.posts_of(member_id)
        if posts and self._delete is None:
            raise PostsNotDeletable(
                f"member {member_id} has {len(posts)} community post(s) that only the bot can "
                "delete: set DISCORD_TOKEN, or use /privacy forget in Discord")
        for channel_id, message_id in posts:
            # One already deleted (by a moderator, or the member) counts as gone.
            with contextlib.suppress(discord.NotFound):
                await self._delete(channel_id, message_id)  # type: ignore[misc]
        log.info("community posts deleted: count=%s", len(posts))
        return len(posts)


@contextlib.asynccontextmanager
async def rest_deleter(token: str | None, api_base: str) -> AsyncIterator[DeleteMessage | None]:
    """For the command line: a message deleter over Discord's REST API alone (no gateway),
    or None without a token."""
    if not token:
        yield None
        return
    apply_endpoints(api_base, None)
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    try:
        await http.static_login(token)
        yield http.delete_message
    finally:
        await http.close()
