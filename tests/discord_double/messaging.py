"""People talking where the bot listens: messages, DMs, forum posts, and the bot's replies."""

from __future__ import annotations

from collections.abc import Sequence

from .core import ChannelRef, DoubleCore
from .guild import FakeChannel, FakeUser
from .payloads import Json, now_iso
from .records import BotMessage, ForumPost, MessageRef, message_id_of


class Messaging(DoubleCore):
    """Inject a person's MESSAGE_CREATE / forum post; wait for what the bot posts back."""

    def message_create(
        self,
        content: str,
        *,
        author: FakeUser | None = None,
        channel: ChannelRef | None = None,
        dm: bool = False,
        mentions: Sequence[FakeUser] = (),
        reply_to: MessageRef | Json | None = None,
    ) -> Json:
        """A person's MESSAGE_CREATE payload (not sent): in `channel` (default #general), or in
        the author's DM with the bot when `dm=True`."""
        author = author or self.member
        channel_id = self._channel_for(author, channel, dm=dm)
        return self._events.message_create(
            content,
            author=author,
            channel_id=channel_id,
            mentions=mentions,
            reply_to=message_id_of(reply_to) if reply_to is not None else None,
        )

    async def send_message(
        self,
        content: str,
        *,
        author: FakeUser | None = None,
        channel: ChannelRef | None = None,
        dm: bool = False,
        mentions: Sequence[FakeUser] = (),
        reply_to: MessageRef | Json | None = None,
    ) -> Json:
        """A person says `content`; returns the MESSAGE_CREATE payload sent."""
        message = self.message_create(
            content, author=author, channel=channel, dm=dm, mentions=mentions, reply_to=reply_to
        )
        await self.send_dispatch("MESSAGE_CREATE", message)
        return message

    async def edit_message(self, message: Json, content: str) -> Json:
        """The author edits their message: MESSAGE_UPDATE with the whole message, as Discord
        sends it (the double's copy changes too)."""
        edited = {**message, "content": content, "edited_timestamp": now_iso()}
        self._state.messages[int(message["id"])] = edited
        await self.send_dispatch("MESSAGE_UPDATE", edited)
        return edited

    async def send_dm(self, content: str, *, author: FakeUser | None = None) -> Json:
        return await self.send_message(content, author=author, dm=True)

    def thread_create(
        self,
        title: str,
        content: str,
        *,
        author: FakeUser | None = None,
        forum: FakeChannel | None = None,
        tags: Sequence[str] = (),
    ) -> ForumPost:
        """A forum post's THREAD_CREATE and starter MESSAGE_CREATE payloads (not sent)."""
        forum = forum or self.guild.help_forum
        tag_ids = {tag["name"]: int(tag["id"]) for tag in self.available_tags(forum)}
        thread, message = self._events.thread_create(
            title,
            content,
            author=author or self.member,
            forum_id=forum.id,
            tag_ids=[tag_ids[tag] for tag in tags],
        )
        return ForumPost(thread, message)

    def available_tags(self, forum: FakeChannel | None = None) -> list[Json]:
        """The forum's tags as they are now (the bot may have added some)."""
        channel = self._state.channels[(forum or self.guild.help_forum).id]
        return list(channel.get("available_tags", []))

    def applied_tag_names(self, thread: ChannelRef) -> list[str]:
        """The names of the tags on a forum post, in their order."""
        post = self._state.channels[self._channel_id(thread)]
        names = {tag["id"]: tag["name"]
                 for tag in self._state.channels[int(post["parent_id"])]["available_tags"]}
        return [names[tag_id] for tag_id in post["applied_tags"]]

    async def forum_post(
        self,
        title: str,
        content: str,
        *,
        author: FakeUser | None = None,
        forum: FakeChannel | None = None,
        tags: Sequence[str] = (),
    ) -> ForumPost:
        """A person opens a post in the help forum (by tag names): THREAD_CREATE, then the
        starter message, in Discord's order."""
        post = self.thread_create(title, content, author=author, forum=forum, tags=tags)
        await self.send_dispatch("THREAD_CREATE", post.thread)
        await self.send_dispatch("MESSAGE_CREATE", post.message)
        return post

    async def next_bot_message(
        self, channel: ChannelRef | None = None, *, within: float | None = None
    ) -> BotMessage:
        """The bot's next message posted with POST /channels/{id}/messages (in `channel`, or
        anywhere when None), e.g. a reply, a thread answer, a mod-log alert."""
        where = self._channel_id(channel) if channel else "{}"
        path = f"/channels/{where}/messages"
        request = await self._log.wait_for(
            "POST", path, within=within or self.timeout, successful=True
        )
        return BotMessage(request.response, request)

    async def next_dm(
        self, user: FakeUser | None = None, *, within: float | None = None
    ) -> BotMessage:
        """The bot's next direct message to `user` (default: the member)."""
        return await self.next_bot_message(self.dm_channel_id(user), within=within)
