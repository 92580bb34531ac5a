"""The bot's posts that carry a member's words (their questions shared in the community
channel), as a holder of member data: forgetting the member deletes them through Discord.

Discord can refuse a deletion (403: the bot lost Manage Messages in that channel; or it is
down). One refused post must not keep the rest of the member's data, so it is noted by its
ids in `undeleted_posts`, reported (`left_behind`), and tried again later
(`retry_due`, from the running bot's loop) until it is gone.

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
from storage.repositories.base import Clock
from storage.repositories.undeleted_posts import UndeletedPostRepository
from storage.timestamps import utc_now

log = logging.getLogger(__name__)

DeleteMessage = Callable[[int, int], Awaitable[object]]


class PostsNotDeletable(RuntimeError):
    """The member has community posts and there is no way to delete them from here."""


class CommunityPosts:
    """Finds the posts through the questions they shared; deletes them before the database
    forgets where they are (the privacy service runs this holder first)."""

    name = "community_posts"

    def __init__(self, store: Store, delete_message: DeleteMessage | None, *,
                 clock: Clock = utc_now) -> None:
        self._store = store
        self._delete = delete_message
        # The retries' times are this clock's (the bot's, which tests move).
        self._undeleted = UndeletedPostRepository(store.database, clock=clock)
        self._left: dict[int, list[str]] = {}

    async def export_member(self, member_id: int) -> list[dict[str, int]]:
        """Where the member's community posts are."""
        return [{"channel_id": channel, "message_id": message}
                for channel, message in await self._store.questions.posts_of(member_id)]

    async def forget_member(self, member_id: int) -> int:
        """Delete every post through Discord; a post Discord refuses is kept for a retry."""
        posts = await self._store.questions.posts_of(member_id)
        if posts and self._delete is None:
            raise PostsNotDeletable(
                f"member {member_id} has {len(posts)} community post(s) that only the bot can "
                "delete: set DISCORD_TOKEN, or use /privacy forget in Discord")
        refused = [post for post in posts if not await self._try_delete(*post)]
        await self._undeleted.add(refused)
        if refused:
            self._left[member_id] = [f"channel {c} message {m}" for c, m in refused]
        log.info("community posts deleted: count=%s refused=%s", len(posts) - len(refused),
                 len(refused))
        return len(posts) - len(refused)

    def left_behind(self, member_id: int) -> list[str]:
        """The posts the last forget of the member could not delete (ids), to report."""
        return self._left.pop(member_id, [])

    async def retry_due(self) -> int:
        """Try again the posts whose time has come; the number now gone."""
        if self._delete is None:
            return 0
        gone = 0
        for channel_id, message_id, attempts in await self._undeleted.due():
            if await self._try_delete(channel_id, message_id):
                await self._undeleted.deleted(message_id)
                gone += 1
            else:
                await self._undeleted.refused_again(message_id, attempts)
        return gone

    async def _try_delete(self, channel_id: int, message_id: int) -> bool:
        """Whether the post is gone now (one already deleted, by a moderator or the member,
        counts as gone)."""
        try:
            await self._delete(channel_id, message_id)  # type: ignore[misc]
        except discord.NotFound:
            return True
        except discord.HTTPException as error:
            log.warning("community post not deleted: channel=%s message=%s status=%s",
                        channel_id, message_id, error.status)
            return False
        return True


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
