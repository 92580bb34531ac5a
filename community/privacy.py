"""One privacy service: every holder of member data registers here, so export and forget
reach all of them (the database, in-memory caches, the bot's posts in Discord).

As Red-DiscordBot asks each cog for a user's data, this asks each registered
`MemberDataHolder`. `/privacy` in Discord and `llc-bot privacy` on the command line both go
through it, so the two cannot drift apart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from community.member_data import MemberDataHolder, RetriesLater

log = logging.getLogger(__name__)

EXPORT_FORMAT_VERSION = 2

#: What `/privacy info` and the README say is kept; the code below and the retention task
#: must match it.
WHAT_IS_KEPT = (
    "**What I keep, why, and for how long**\n"
    "\N{BULLET} **Questions asked in a channel** (text, my answer, where): to follow up in "
    "threads, count what is asked, and show moderators what I could not answer. Deleted after "
    "{days} days.\n"
    "\N{BULLET} **Private questions and direct messages**: no text, only that a question was "
    "asked and how I answered (for your feedback buttons and counts). The text is kept only "
    "if you choose to share it with the community. Deleted after {days} days. A DM's "
    "last question stays in memory (not stored) for 30 minutes, for follow-ups.\n"
    "\N{BULLET} **Your feedback** (helpful / not helpful): with the question it is about.\n"
    "\N{BULLET} **Community posts** you asked me to make: the post in the community channel, "
    "until you delete your data.\n"
    "\N{BULLET} **Answers of yours that moderators saved**: offered to others as community "
    "experience, until you delete your data.\n"
    "\N{BULLET} **Your profile and peer matching** (only with your consent): the profile "
    "you gave, who you blocked or would rather not meet, introductions asked for and made, "
    "and the rounds you were in with your check-in answers: until you delete them. Runners "
    "suggested to each other stay card numbers to each other until both agree to meet.\n"
    "\N{BULLET} **Moderation records** (infractions, appeals): for moderators' review. "
    "Deleting your data deletes your appeals; your infractions stay, without their words, "
    "under a keyed hash of your id, so it never resets the moderation steps. Other members' "
    "blocks of you are theirs and stay too, under the same hash.\n"
    "\N{BULLET} **Survey answers**, if you joined `/survey`: your opt-in, the invitations "
    "sent and your answers (unfinished ones too), until you delete your data. Answers to "
    "anonymous questions are stored without your id, so they are no one's: they cannot be "
    "exported or deleted.\n"
    "Logs carry ids only, never your words. `/privacy export` shows all of it; "
    "`/privacy forget` deletes all of it (but the records above that protect others), "
    "including my posts that quote you (one Discord won't let me delete yet is tried again "
    "until it is gone)."
)


@dataclass(frozen=True, slots=True)
class ForgetReport:
    """What forgetting a member removed, per holder, and what a holder could not remove
    yet and will try again (`left_behind`, ids only)."""

    member_id: int
    deleted: dict[str, int] = field(default_factory=dict)
    left_behind: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Items deleted across all holders."""
        return sum(self.deleted.values())


class PrivacyService:
    """Export and forget over every registered holder of member data."""

    def __init__(self) -> None:
        self._holders: list[MemberDataHolder] = []

    def register(self, holder: MemberDataHolder) -> None:
        """Add a holder; its `name` must be unique (it is the key in an export)."""
        if not isinstance(holder, MemberDataHolder):
            raise TypeError(f"{holder!r} does not implement MemberDataHolder")
        if any(h.name == holder.name for h in self._holders):
            raise ValueError(f"a holder named {holder.name!r} is already registered")
        self._holders.append(holder)

    @property
    def holders(self) -> tuple[str, ...]:
        """The registered holders' names, in registration order."""
        return tuple(h.name for h in self._holders)

    async def export(self, member_id: int) -> dict[str, Any]:
        """Everything every holder keeps about the member, JSON-ready, keyed by holder."""
        export: dict[str, Any] = {"format_version": EXPORT_FORMAT_VERSION,
                                  "exported_at": datetime.now(UTC).isoformat(),
                                  "member_id": member_id}
        for holder in self._holders:
            export[holder.name] = await holder.export_member(member_id)
        return export

    async def forget(self, member_id: int) -> ForgetReport:
        """Delete the member from every holder.

        Holders run in reverse order of registration: the database is registered first and
        forgotten last, because later holders (the bot's posts, caches) find what they hold
        through it. A holder that cannot remove everything now (Discord refused a post)
        says so instead of failing, so one refusal never keeps the rest.
        """
        deleted: dict[str, int] = {}
        left: dict[str, list[str]] = {}
        for holder in reversed(self._holders):
            deleted[holder.name] = await holder.forget_member(member_id)
            if isinstance(holder, RetriesLater) and (behind := holder.left_behind(member_id)):
                left[holder.name] = behind
        report = ForgetReport(member_id, deleted, left)
        log.info("member forgotten: member=%s items=%s", member_id, report.total)
        return report
