"""What the adapter tells moderation about a message or a join: plain data, no Discord objects."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

_USER_MENTION = re.compile(r"<@!?\d+>")
_ROLE_MENTION = re.compile(r"<@&\d+>")
_EVERYONE = re.compile(r"@(?:everyone|here)\b")


class MentionCounts(BaseModel):
    """Mentions in one message; the adapter passes Discord's own counts."""

    model_config = ConfigDict(frozen=True)

    users: int = Field(default=0, ge=0)
    roles: int = Field(default=0, ge=0)
    everyone: bool = False

    @classmethod
    def from_text(cls, text: str) -> MentionCounts:
        """Count mentions written in raw Discord markup, for text without a message behind it."""
        return cls(
            users=len(_USER_MENTION.findall(text)),
            roles=len(_ROLE_MENTION.findall(text)),
            everyone=_EVERYONE.search(text) is not None,
        )


class MessageContext(BaseModel):
    """One message and what is known about its author, as the adapter saw it."""

    model_config = ConfigDict(frozen=True)

    text: str
    author_id: int
    channel_id: int
    guild_id: int | None  # None: a DM with the bot
    author_role_ids: frozenset[int] = frozenset()
    account_created_at: datetime
    joined_at: datetime | None = None  # when the author joined the guild
    mentions: MentionCounts = MentionCounts()
    attachments: int = Field(default=0, ge=0)
    timestamp: datetime
    message_id: int | None = None  # for the moderators' jump link; None outside Discord

    @property
    def is_dm(self) -> bool:
        """A DM has no guild; derived so the two can never disagree."""
        return self.guild_id is None


class JoinEvent(BaseModel):
    """A member joining a guild, for raid detection."""

    model_config = ConfigDict(frozen=True)

    member_id: int
    guild_id: int
    account_created_at: datetime
    joined_at: datetime
