"""Spam visible in a single message: mention walls, emoji walls, newline walls, held-down keys,
and advertising (follower sales, adult content, discount codes)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from moderation.config import AntiSpamSettings, CategorySettings, MessageLimit
from moderation.message import MentionCounts
from moderation.phrases import PhraseRule, phrase_findings, rule
from moderation.verdict import Category, Finding

_EMOJI = re.compile(
    r"<a?:\w{2,32}:\d{15,21}>|[\U0001F300-\U0001FAFF\u2600-\u27BF\U0001F1E6-\U0001F1FF]"
)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
# Dividers ("-----", "=====") and spacing are layout, not spam.
_REPEATABLE = r"([^\s\-=_~*.#])"
# A long message that is a few words over and over ("buy buy buy ...").
_MIN_WORDS_FOR_DIVERSITY, _MIN_DISTINCT_RATIO = 20, 0.2
_MIN_CHARS_FOR_DIVERSITY = 2 * _MIN_WORDS_FOR_DIVERSITY

_SPACING = "Write one message in plain sentences; mention only the people you are talking to."
_HEALTH_PRODUCT = re.compile(
    r"\b(?:supplements?|capsules?|formula|tinctures?|gummies|powders?|protocol|treatments?|cure"
    r"|pills?|oils?|vitamins?|magnesium|cbd)\b"
)

ADVERTISING_RULES: tuple[PhraseRule, ...] = (
    rule(
        r"""
        \bsubscribe\s+to\s+my\b | \blike\s+and\s+subscribe\b | \bsub4sub\b | \bf4f\b
        | \bfollow\s+for\s+follow\b
        | \bfollow\s+(?:me|my\s+page)\s+on\s+(?:instagram|insta|ig|tiktok|twitch|youtube|twitter)\b
        | \b(?:buy|cheap|get)\s+(?:\d[\d,.]*k?\s+)?(?:real\s+|active\s+|instant\s+)?
            (?:followers|likes|views|subscribers|reviews)\b
        | \bseo\s+services?\b
        | \b(?:server|discord)\s+boosts?\s+(?:for\s+sale|cheap|available)\b
        | \bcheck\s+out\s+my\s+(?:onlyfans|store|shop|merch)\b
        """,
        "The message is advertising.",
        "Advertising is not allowed; ask a moderator if you think something would help members.",
    ),
    rule(
        r"""
        \b(?:onlyfans|only\s+fans|nudes|sex\s*cams?|hot\s+singles|porn\w*|xxx)\b
        | \b18\+\s*(?:content|pics|videos|server)
        """,
        "The message advertises adult content.",
        "Adult content is not allowed anywhere in this community.",
    ),
)
_PROMOTION = rule(
    r"""
    \b(?:use|with|enter)\s+(?:my\s+)?(?:code|coupon|promo\s+code|discount\s+code)\s+
        (?:[a-z]*\d|\S+\s+(?:for|to\s+get)\s+\d{1,2}\s?%)
    """,
    "The message advertises a discount or product.",
    "Advertising is not allowed; ask a moderator if you think something would help members.",
)


@dataclass(frozen=True, slots=True)
class _Shape:
    """A per-message measure; each skips its work when the message is too small to exceed
    the limit, so ordinary messages cost almost nothing."""

    name: str  # the MessageLimit in AntiSpamSettings
    category: Category  # mass mentions are harm to others; walls of text are not
    measure: Callable[[str, MentionCounts, int], int]
    reason: str


def _emoji(text: str, mentions: MentionCounts, limit: int) -> int:
    return len(_EMOJI.findall(text)) if len(text) > limit else 0


def _blank_lines(text: str, mentions: MentionCounts, limit: int) -> int:
    if text.count("\n") <= limit:
        return 0
    runs = (match.group(0).count("\n") - 1 for match in _BLANK_LINES.finditer(text))
    return max(runs, default=0)


def _repeated_characters(text: str, mentions: MentionCounts, limit: int) -> int:
    """The first run of one character beyond the limit, else 0: measuring every short run
    ("ll", "ee") of a long message would cost more than the whole check should."""
    match = _run_longer_than(limit).search(text) if len(text) > limit else None
    return 0 if match is None else len(match.group(0))


_SHAPES: tuple[_Shape, ...] = (
    _Shape("user_mentions", "mention_spam", lambda text, mentions, limit: mentions.users,
           "The message mentions too many members at once."),
    _Shape("role_mentions", "mention_spam", lambda text, mentions, limit: mentions.roles,
           "The message mentions too many roles at once."),
    _Shape("everyone_mentions", "mention_spam",
           lambda text, mentions, limit: int(mentions.everyone),
           "The message tries to mention everyone."),
    _Shape("emoji", "spam", _emoji, "The message has too many emoji."),
    _Shape("newlines", "spam", lambda text, mentions, limit: text.count("\n"),
           "The message has too many line breaks."),
    _Shape("blank_lines", "spam", _blank_lines, "The message has too many empty lines."),
    _Shape("repeated_characters", "spam", _repeated_characters,
           "The message repeats one character over and over."),
)


def check_message_spam(
    text: str, mentions: MentionCounts, settings: AntiSpamSettings
) -> list[Finding]:
    """Findings for the size and shape of one message."""
    findings = []
    for shape in _SHAPES:
        limit: MessageLimit = getattr(settings, shape.name)
        if limit.enabled and shape.measure(text, mentions, limit.max) > limit.max:
            findings.append(
                Finding(
                    category=shape.category, action=limit.action, reason=shape.reason,
                    advice=_SPACING, harm=shape.category == "mention_spam",
                )
            )
    if settings.repeated_characters.enabled and _one_word_over_and_over(text):
        findings.append(
            Finding(
                category="spam",
                action=settings.repeated_characters.action,
                reason="The message repeats the same words over and over.",
                advice=_SPACING,
            )
        )
    return findings


def check_advertising(lower_text: str, settings: CategorySettings) -> list[Finding]:
    """Advertising and adult content; a health product's promotion is left to the
    misinformation check, which flags it for a moderator instead."""
    if not settings.enabled:
        return []
    findings = phrase_findings(
        ADVERTISING_RULES, lower_text, "spam", settings.action, harm=True
    )
    if _PROMOTION.search(lower_text) and not _HEALTH_PRODUCT.search(lower_text):
        findings += phrase_findings(
            (_PROMOTION,), lower_text, "spam", settings.action, harm=True
        )
    return findings


@lru_cache(maxsize=8)
def _run_longer_than(limit: int) -> re.Pattern[str]:
    return re.compile(_REPEATABLE + rf"\1{{{limit},}}")


def _one_word_over_and_over(text: str) -> bool:
    if len(text) < _MIN_CHARS_FOR_DIVERSITY:
        return False
    words = text.lower().split()
    return (
        len(words) >= _MIN_WORDS_FOR_DIVERSITY
        and len(set(words)) / len(words) < _MIN_DISTINCT_RATIO
    )
