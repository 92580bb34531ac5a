"""Verdicts: what moderation decided about a message, and how findings combine into one.

Each check reports findings; the verdict takes the most severe action among them. Crisis
language changes how, never whether, harm is handled: a member in distress is answered warmly
and moderators are alerted, and the crisis words are never a reason to remove, warn or mute.
But crisis words are no shield either ("I want to die lol FREE NITRO @everyone"): harm to
others (a scam, an invite or outside link, a mass mention, personal data, advertising) still
comes down, by delete and never by timeout. Everything else is held up for a moderator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.understanding import Reading
from moderation.config import Action

Category = Literal[
    "crisis", "scam", "spam", "mention_spam", "link", "personal_data", "abuse", "misinformation"
]

SEVERITY: dict[Action, int] = {"allow": 0, "flag": 1, "delete": 2, "timeout": 3}
_CATEGORY_ORDER: tuple[Category, ...] = (
    "crisis", "scam", "spam", "mention_spam", "link", "personal_data", "abuse", "misinformation"
)
_CONTRACT_FIELDS = {"action", "categories", "crisis", "reasons", "check_in", "risk"}
NO_RISK = {"crisis": 0.0, "low_mood": 0.0, "red_flag": 0.0}


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that matched: the reason is read by moderators and by the author, so it names
    the rule, never the personal data or words that triggered it."""

    category: Category
    action: Action
    reason: str
    advice: str  # what the author can do instead
    timeout_seconds: int | None = None
    # Harm to others that comes down even beside crisis language (see the module docstring);
    # the pace and shape of a message (bursts, walls of text) and abuse are held instead.
    harm: bool = False


@dataclass(frozen=True, slots=True)
class CrisisOutcome:
    """Crisis language was found; `imminent`: it mentions a plan, a means or a time. Pacing
    the moderators' alert is the desk's job (`moderation.pacing`), not the verdict's."""

    imminent: bool = False


class Verdict(BaseModel):
    """The decision on one message, for the adapter to apply.

    `action` is cumulative: "timeout" also deletes the message. `notify_author` is the text of
    the private message to send the author when their message is removed; `warm_reply` asks the
    adapter for its supportive crisis reply (with crisis resources).

    With crisis language the action is "flag" (kept, `warm_reply` and `alert_moderators`), or
    "delete" when the message also carries harm to others; never "timeout". Whether the alert
    is sent now or was sent recently is decided by the desk's `CrisisAlertPacer`; the warm
    reply is due every time.
    """

    model_config = ConfigDict(frozen=True)

    action: Action
    categories: list[Category]
    crisis: bool
    reasons: list[str]
    notify_author: str | None = None
    alert_moderators: bool = False
    warm_reply: bool = False
    timeout_seconds: int | None = None
    crisis_imminent: bool = False  # a plan, a means or a time: alert whatever came before
    # Uncertain risk from the understanding model: a quiet moderator check-in, nothing said
    # to the member, no action on the message.
    check_in: bool = False
    risk: dict[str, float] = Field(default_factory=lambda: dict(NO_RISK))

    def summary(self) -> dict[str, Any]:
        """The fields of the `llc-bot moderation check --json` contract."""
        return self.model_dump(include=_CONTRACT_FIELDS)


ALLOW = Verdict(action="allow", categories=[], crisis=False, reasons=[])


def build_verdict(findings: list[Finding], crisis: CrisisOutcome | None = None) -> Verdict:
    """Combine findings into one verdict; with crisis language, see `_crisis_verdict`."""
    if crisis is not None:
        return _crisis_verdict(findings, crisis)
    if not findings:
        return ALLOW
    categories = {finding.category for finding in findings}
    reasons = list(dict.fromkeys(finding.reason for finding in findings))
    worst = max(findings, key=lambda finding: SEVERITY[finding.action])
    removed = SEVERITY[worst.action] >= SEVERITY["delete"]
    timeout = max((f.timeout_seconds or 0 for f in findings if f.action == "timeout"), default=0)
    return Verdict(
        action=worst.action,
        categories=_ordered(categories),
        crisis=False,
        reasons=reasons,
        notify_author=_author_notice(findings, timeout) if removed else None,
        alert_moderators=True,
        timeout_seconds=timeout or None,
    )


def with_reading(verdict: Verdict, reading: Reading | None) -> Verdict:
    """The understanding model's risk beside the verdict, and a quiet check-in when it is
    unsure: never an action on the message, never words to the member."""
    if reading is None:
        return verdict
    return verdict.model_copy(update={
        "risk": reading.risk, "check_in": reading.check_in and not verdict.crisis})


def _crisis_verdict(findings: list[Finding], crisis: CrisisOutcome) -> Verdict:
    """Crisis language: a warm reply and the moderators, always. Harm that would be removed
    without the crisis words is still removed (by delete, never timeout), and the reasons say
    what came down and why; anything else is held up for a moderator."""
    removed = [f for f in findings if f.harm and SEVERITY[f.action] >= SEVERITY["delete"]]
    reasons = [_crisis_reason(crisis)]
    for finding in findings:
        if finding in removed:
            reasons.append(f"Removed for what else it contains: {finding.reason}")
        elif SEVERITY[finding.action] >= SEVERITY["delete"]:
            reasons.append(finding.reason + _HELD_FOR_CRISIS)
        else:
            reasons.append(finding.reason)
    return Verdict(
        action="delete" if removed else "flag",
        categories=_ordered({"crisis", *(finding.category for finding in findings)}),
        crisis=True,
        reasons=list(dict.fromkeys(reasons)),
        notify_author=_crisis_removal_notice(removed) if removed else None,
        alert_moderators=True,
        warm_reply=True,
        crisis_imminent=crisis.imminent,
    )


def cap_action(verdict: Verdict, ceiling: Action, reason: str) -> Verdict:
    """The same verdict with its action lowered to `ceiling`, saying why, for places where the
    bot cannot remove anything (a DM)."""
    if SEVERITY[verdict.action] <= SEVERITY[ceiling]:
        return verdict
    return verdict.model_copy(
        update={
            "action": ceiling,
            "reasons": [*verdict.reasons, reason],
            "notify_author": None,
            "timeout_seconds": None,
        }
    )


def _ordered(categories: set[Category]) -> list[Category]:
    return [category for category in _CATEGORY_ORDER if category in categories]


def _crisis_reason(crisis: CrisisOutcome) -> str:
    if crisis.imminent:
        return (
            "The message contains crisis language that mentions a plan, a means or a time: "
            "a moderator should check in with the author now."
        )
    return (
        "The message contains crisis language: the author may be in distress and needs "
        "a moderator to check in."
    )


_HELD_FOR_CRISIS = (
    " Held for a moderator instead of removed, because the message also contains crisis "
    "language."
)


def _crisis_removal_notice(removed: list[Finding]) -> str:
    """Told privately, beside the warm reply: what came down was the harm, not the feelings."""
    why = " ".join(dict.fromkeys(f.reason for f in removed))
    instead = " ".join(dict.fromkeys(f.advice for f in removed))
    return (
        "Your message was removed because of something else it contained, not because of "
        f"what you shared about how you feel. Why: {why} What to do instead: {instead} "
        "You are welcome to write again about how you are doing; the moderators know and "
        "will check in."
    )


def _author_notice(findings: list[Finding], timeout_seconds: int) -> str:
    removed = [f for f in findings if SEVERITY[f.action] >= SEVERITY["delete"]]
    why = " ".join(dict.fromkeys(f.reason for f in removed))
    instead = " ".join(dict.fromkeys(f.advice for f in removed))
    muted = (
        f" You can post again in {_duration(timeout_seconds)}." if timeout_seconds else ""
    )
    return (
        f"Your message was removed automatically.{muted} Why: {why} What to do instead: "
        f"{instead} The moderators were alerted and will review it; reply to them if you "
        "think this was a mistake."
    )


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
