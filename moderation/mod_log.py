"""The texts moderation sends: the moderators' log entry and the private note to the author.

Composed here, in the core, so every front end says the same thing and the adapter only sends
them. A log entry carries ids, mentions and a jump link, never the member's words: moderators
open the link (or read the reasons, which name rules, not content).
"""

from __future__ import annotations

from moderation.ladder import Enforcement
from moderation.message import MessageContext
from moderation.verdict import Verdict
from storage.records import Infraction

APPEAL_HINT = (
    "If you think this was a mistake, use `/appeal` in the server with the infraction number, "
    "and a moderator will look at it."
)
MAX_REASONS_CHARS = 1200
MAX_AUTHOR_NOTICE_CHARS = 1900  # under Discord's 2000, with room for the adapter

_WHAT = {
    "delete": "Removed a message",
    "timeout": "Removed a message and timed out",
    "warn": "Warned",
    "note": "Flagged for review",
}


def jump_url(guild_id: int | None, channel_id: int, message_id: int | None) -> str | None:
    """Discord's link to a message, or None when the message id is unknown."""
    if message_id is None:
        return None
    return f"https://discord.com/channels/{guild_id or '@me'}/{channel_id}/{message_id}"


def where(guild_id: int | None, channel_id: int | None) -> str:
    """The channel as a mention, or "a direct message"."""
    return "a direct message" if guild_id is None or channel_id is None else f"<#{channel_id}>"


def crisis_alert(
    member_id: int,
    *,
    guild_id: int | None,
    channel_id: int | None,
    link: str | None,
    imminent: bool,
    removed_because: list[str] | None = None,
) -> str:
    """The alert that a member may be in distress (also for the `/ask` path)."""
    urgency = (
        " They mention a plan, a means or a time: please check in **now**." if imminent else ""
    )
    removal = ""
    if removed_because:
        removal = (
            "\nThe message was removed for what else it contained (never for the crisis "
            f"language): {' '.join(removed_because)[:MAX_REASONS_CHARS]}"
        )
    jump = f"\nJump to it: {link}" if link and not removed_because else ""
    return (
        f"\N{LARGE PURPLE CIRCLE} **A member may be in distress**: <@{member_id}> in "
        f"{where(guild_id, channel_id)}.{urgency} The bot replied with crisis resources. "
        f"Please check in with them gently.{removal}{jump}"
    )


def check_in_note(member_id: int, *, guild_id: int | None, channel_id: int | None,
                  link: str | None) -> str:
    """A quiet note when the understanding model is unsure whether a member is at risk:
    nothing was said to them, and a moderator's look decides."""
    jump = f"\nJump to it: {link}" if link else ""
    return (
        f"\N{LARGE YELLOW CIRCLE} **Check-in suggested**: a message by <@{member_id}> in "
        f"{where(guild_id, channel_id)} may be from someone struggling. The bot said nothing "
        f"to them about it. Please take a look when you can.{jump}"
    )


def decision_entry(
    message: MessageContext,
    verdict: Verdict,
    enforcement: Enforcement,
    infraction: Infraction | None,
    *,
    removed: bool,
    crisis_alert_due: bool,
) -> str:
    """The log entry for one judged message."""
    link = jump_url(message.guild_id, message.channel_id, message.message_id)
    if crisis_alert_due:
        return crisis_alert(
            message.author_id,
            guild_id=message.guild_id,
            channel_id=message.channel_id,
            link=link,
            imminent=verdict.crisis_imminent,
            removed_because=verdict.reasons[1:] if removed else None,
        )
    what = _WHAT.get(enforcement.step, "Flagged")
    case = f" (infraction #{infraction.id})" if infraction else ""
    jump = f"\nJump to it: {link}" if link and not removed else ""
    return (
        f"\N{SHIELD} **{what}** by <@{message.author_id}> in "
        f"{where(message.guild_id, message.channel_id)}{case}.\n"
        f"Categories: {', '.join(verdict.categories)}.\n"
        f"Why: {' '.join(verdict.reasons)[:MAX_REASONS_CHARS]}{jump}"
    )


def author_notice(
    message: MessageContext, verdict: Verdict, infraction: Infraction | None
) -> str:
    """The private note to the author: why their message was removed or will be reviewed,
    and how to appeal."""
    text = verdict.notify_author or (
        f"A moderator will review your message in {where(message.guild_id, message.channel_id)}: "
        + " ".join(verdict.reasons)
    )
    if infraction is not None:
        text += f"\n\nInfraction #{infraction.id}. {APPEAL_HINT}"
    return text[:MAX_AUTHOR_NOTICE_CHARS]
