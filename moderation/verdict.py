"""Verdicts: what moderation decided about a message, and how findings combine into one.

Each check reports findings; the verdict takes the most severe action among them. Crisis
overrides everything: a member in distress is answered warmly and moderators are alerted, but
the message is never removed and the member never muted, whatever else it contains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from moderation.config import Action

Category = Literal[
    "crisis", "scam", "spam", "mention_spam", "link", "personal_data", "abuse", "misinformation"
]

SEVERITY: dict[Action, int] = {"allow": 0, "flag": 1, "delete": 2, "timeout": 3}
_CATEGORY_ORDER: tuple[Category, ...] = (
    "crisis", "scam", "spam", "mention_spam", "link", "personal_data", "abuse", "misinformation"
)
_CONTRACT_FIELDS = {"action", "categories", "crisis", "reasons"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that matched: the reason is read by moderators and by the author, so it names
    the rule, never the personal data or words that triggered it."""

    category: Category
    action: Action
    reason: str
    advice: str  # what the author can do instead
    timeout_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class CrisisOutcome:
    """Crisis language and whether this message should alert moderators and get a warm reply
    (both are paced per member by the caller)."""

    alert: bool
    imminent: bool


class Verdict(BaseModel):
    """The decision on one message, for the adapter to apply.

    `action` is cumulative: "timeout" also deletes the message. `notify_author` is the text of
    the private message to send the author when their message is removed; `warm_reply` asks the
    adapter for its supportive crisis reply (with crisis resources) instead.

    Crisis language is never removed: the first time it is "flag" with `alert_moderators` and
    `warm_reply`; while that member's alert cooldown runs, more of it is "allow" with
    `crisis=True` (moderators already know), unless it mentions a plan, a means or a time,
    which always alerts again.
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

    def summary(self) -> dict[str, Any]:
        """The fields of the `llc-bot moderation check --json` contract."""
        return self.model_dump(include=_CONTRACT_FIELDS)


ALLOW = Verdict(action="allow", categories=[], crisis=False, reasons=[])


def build_verdict(findings: list[Finding], crisis: CrisisOutcome | None = None) -> Verdict:
    """Combine findings into one verdict; with crisis language, never remove or mute."""
    if not findings and crisis is None:
        return ALLOW
    categories = {finding.category for finding in findings}
    reasons = list(dict.fromkeys(finding.reason for finding in findings))
    if crisis is not None:
        categories.add("crisis")
        reasons.insert(0, _crisis_reason(crisis))
        return Verdict(
            action="flag" if crisis.alert or findings else "allow",
            categories=_ordered(categories),
            crisis=True,
            reasons=reasons,
            alert_moderators=crisis.alert or bool(findings),
            warm_reply=crisis.alert,
        )
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
    if crisis.alert:
        return (
            "The message contains crisis language: the author may be in distress and needs "
            "a moderator to check in."
        )
    return "Crisis language again from a member the moderators were alerted about recently."


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
