"""Volume rules over a member's recent messages: bursts, floods, duplicates, and too many
characters, attachments, mentions or links in a rolling window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from moderation.config import AntiSpamSettings, WindowLimit
from moderation.verdict import Category, Finding


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """What the volume rules remember of one message: sizes and a fingerprint, never text."""

    at: float
    fingerprint: int | None
    chars: int
    mentions: int
    attachments: int
    links: int


@dataclass(frozen=True, slots=True)
class _WindowRule:
    name: str
    category: Category
    measure: Callable[[MessageRecord], int]
    reason: str
    advice: str


_SLOW_DOWN = "Slow down and put what you want to say in one message."
_RULES: tuple[_WindowRule, ...] = (
    _WindowRule("burst", "spam", lambda r: 1,
                "The member sent many messages in a few seconds.", _SLOW_DOWN),
    _WindowRule("flood", "spam", lambda r: 1,
                "The member sent too many messages in a short time.", _SLOW_DOWN),
    _WindowRule("characters", "spam", lambda r: r.chars,
                "The member posted a very large amount of text in a short time.", _SLOW_DOWN),
    _WindowRule("attachments", "spam", lambda r: r.attachments,
                "The member posted too many attachments in a short time.",
                "Share a few files at a time, or put them in one album link."),
    _WindowRule("mentions", "mention_spam", lambda r: r.mentions,
                "The member mentioned too many people in a short time.",
                "Mention only the people you are talking to."),
    _WindowRule("links", "link", lambda r: r.links,
                "The member posted too many links in a short time.",
                "Share a few links at a time, with a sentence about why each helps."),
)


def horizon_seconds(settings: AntiSpamSettings) -> float:
    """How far back the rules look: the longest enabled interval."""
    limits: list[WindowLimit] = [getattr(settings, rule.name) for rule in _RULES]
    limits.append(settings.duplicates)
    return max(limit.interval_seconds for limit in limits)


def check_window(
    window: Sequence[MessageRecord], now: float, settings: AntiSpamSettings
) -> list[Finding]:
    """Findings for the member's window, which ends with the message being checked."""
    findings = []
    for rule in _RULES:
        limit: WindowLimit = getattr(settings, rule.name)
        if limit.enabled and _total(window, now, limit, rule.measure) > limit.max:
            findings.append(_finding(rule.category, limit, rule.reason, rule.advice))
    duplicates = settings.duplicates
    newest = window[-1].fingerprint
    if duplicates.enabled and newest is not None:
        repeats = _total(window, now, duplicates, lambda r: int(r.fingerprint == newest))
        if repeats > duplicates.max:
            findings.append(
                _finding(
                    "spam",
                    duplicates,
                    "The member posted the same message several times.",
                    "Post a message once, in the channel where it fits best.",
                )
            )
    return findings


def _total(
    window: Sequence[MessageRecord],
    now: float,
    limit: WindowLimit,
    measure: Callable[[MessageRecord], int],
) -> int:
    since = now - limit.interval_seconds
    return sum(measure(record) for record in window if record.at >= since)


def _finding(category: Category, limit: WindowLimit, reason: str, advice: str) -> Finding:
    return Finding(
        category=category,
        action=limit.action,
        reason=reason,
        advice=advice,
        timeout_seconds=limit.timeout_seconds if limit.action == "timeout" else None,
    )
