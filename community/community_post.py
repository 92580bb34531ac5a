"""The "ask the community" post: a member's question, checked and quoted, posted as the bot.

The bot lends its voice to the member's words, so the words are checked first (the content
checks of moderation only: a question is not spam for being sent twice, and nothing here
counts against the member), and a refusal says kindly why. A post that passes is quoted line
by line and neutralised so that nothing the member typed can ping anyone (`@everyone`, role
and user mentions), leave the quote (headings, lists, code fences, block quotes) or exceed
Discord's 2,000 characters. The adapter sends it with embeds suppressed and no mentions
allowed, as a second line of defence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.understanding import Reading
from moderation.config import ModerationConfig
from moderation.content import ContentChecker
from moderation.message import MentionCounts
from moderation.verdict import SEVERITY

DISCORD_LIMIT = 2000
ZERO_WIDTH_SPACE = "\u200b"
MAX_BLANK_LINES = 1

_TRUNCATED = "\u2026"
# Markdown that acts anywhere in a line: escaped with a backslash.
_INLINE_MARKDOWN = re.compile(r"([\\`*_~|\[\]])")
# Markdown that acts at the start of a line: headings, subtext, lists, quotes, numbered lists
# (whose full stop is the part to escape).
_LINE_START = re.compile(r"^(\s*)(#|-|\+|>)")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")
# "@" followed by a name or id pings (or looks like a ping); a zero-width space breaks it.
_AT = re.compile(r"@(?=[\w!&#])")
_CHANNEL_OR_EMOJI = re.compile(r"<(?=[#:a]|t:)")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Uncertain risk: nothing about crisis is said to the member; a moderator looks first.
_HELD_FOR_A_MODERATOR = (
    "I didn't post your question to the community yet: it reads as personal, so a moderator "
    "will look at it first and can share it for you."
)

_KIND_REASONS: dict[str, str] = {
    "crisis": (
        "It sounds like you are going through a lot right now, so I won't post this for you. "
        "The moderators know and will check in; please also reach out to someone you trust "
        "or a crisis line."
    ),
    "personal_data": (
        "It contains personal details (a phone number, an email or street address, or "
        "someone else's medical details), and the post would be public. Please take them "
        "out and try again."
    ),
    "link": (
        "It contains a link. Posts the bot makes for members carry no links: describe what "
        "you mean in words, or post the link yourself."
    ),
    "mention_spam": (
        "It mentions many people, a role or everyone. Please ask without the mentions."
    ),
    "scam": "It reads like a scam the bot is not allowed to repeat.",
    "spam": (
        "It reads like spam or advertising (repeated words, walls of lines or emoji, or an "
        "offer), which the bot does not post."
    ),
    "abuse": "It contains words aimed at people that the bot does not post. Please rephrase it.",
    "misinformation": (
        "It makes a health claim a moderator would need to check first. Please ask it as a "
        "question, or post it yourself so others can weigh it."
    ),
}


@dataclass(frozen=True, slots=True)
class CommunityPost:
    """The text to post: send it with embeds suppressed and no allowed mentions."""

    text: str


@dataclass(frozen=True, slots=True)
class PostRefused:
    """Why the question was not posted, in words meant for the member."""

    reason: str
    categories: list[str]
    crisis: bool = False  # the adapter also gives the crisis reply with resources
    check_in: bool = False  # the adapter asks moderators quietly to look (uncertain risk)


def compose_community_post(
    question: str, *, member_id: int, anonymous: bool, config: ModerationConfig | None = None,
    reading: Reading | None = None,
) -> CommunityPost | PostRefused:
    """Check a member's question and compose the community post, or refuse it kindly.
    `reading` is the understanding model's: any risk it sees, even an uncertain one, keeps a
    member's words out of a public channel."""
    text = _BIDI_CONTROLS.sub("", question).strip()
    if not text:
        return PostRefused("There is nothing to post: the question is empty.", [])
    if reading is not None and reading.crisis == "act":
        return PostRefused(f"I didn't post your question to the community. "
                           f"{_KIND_REASONS['crisis']}", ["crisis"], crisis=True)
    if reading is not None and reading.check_in:
        return PostRefused(_HELD_FOR_A_MODERATOR, [], check_in=True)
    refusal = _refusal(text, config)
    if refusal is not None:
        return refusal
    who = "A member" if anonymous else f"<@{member_id}>"
    header = f"{who} asked a question the bot couldn't fully answer. Can anyone help?"
    return CommunityPost(header + "\n" + _quoted(text, DISCORD_LIMIT - len(header) - 1))


def _refusal(text: str, config: ModerationConfig | None) -> PostRefused | None:
    checker = _default_checker() if config is None else ContentChecker(config)
    report = checker.check(text, MentionCounts.from_text(text), public=True, new_member=False)
    found = [f for f in report.findings if SEVERITY[f.action] >= SEVERITY["flag"]]
    categories = list(dict.fromkeys(
        (["crisis"] if report.crisis else []) + [f.category for f in found]
    ))
    if not categories:
        return None
    reasons = " ".join(_KIND_REASONS[category] for category in categories)
    return PostRefused(
        f"I didn't post your question to the community. {reasons}",
        categories,
        crisis=report.crisis is not None,
    )


@lru_cache(maxsize=1)
def _default_checker() -> ContentChecker:
    return ContentChecker(ModerationConfig.defaults())


def _quoted(text: str, budget: int) -> str:
    """Every line quoted and neutralised, at most `budget` characters in all."""
    lines: list[str] = []
    used = 0
    blank_run = 0
    for raw in text.splitlines():
        raw = raw.rstrip()
        blank_run = blank_run + 1 if not raw else 0
        if blank_run > MAX_BLANK_LINES:
            continue
        line = "> " + _neutralised(raw)
        room = budget - used - (1 if lines else 0)
        if len(line) > room:
            # Neutralising at most triples a character ("@" -> "@" + zero-width space, "\x"),
            # so a third of the room in raw characters always fits with the marker.
            cut = raw[: max(0, (room - 2 - len(_TRUNCATED)) // 3)]
            if cut:
                lines.append("> " + _neutralised(cut) + _TRUNCATED)
            break
        lines.append(line)
        used += len(line) + (1 if len(lines) > 1 else 0)
    return "\n".join(lines)


def _neutralised(line: str) -> str:
    """One line that cannot ping, format itself out of the quote, or start a block."""
    line = _INLINE_MARKDOWN.sub(r"\\\1", line)
    line = _AT.sub("@" + ZERO_WIDTH_SPACE, line)
    line = _CHANNEL_OR_EMOJI.sub("<" + ZERO_WIDTH_SPACE, line)
    line = _NUMBERED.sub(r"\1\\\2", line)
    return _LINE_START.sub(r"\1\\\2", line)
