"""Profile cards as Discord embeds, for `/match`, round DMs and introduction requests.

A card carries a member's own words (the story, other diagnoses) in the bot's voice, so
they are escaped: markdown, masked links and mentions show as typed, and a bare address is
no longer a link. And they are cut to fit: Discord refuses a message over 2,000 characters
of content or 6,000 of embeds, so a long story stops at a word, marked as shortened, and up
to `MAX_CARDS` cards fit in one message.
"""

from __future__ import annotations

import dataclasses
import re

import discord

from community.profiles import Card

MAX_CARDS = 3
STORY_CHARS = 900  # three cards of at most ~1,500 characters: well inside 6,000
PREVIEW_STORY_CHARS = 600  # the member's own preview shows their story twice, as text
DIAGNOSES_CHARS = 200
FIELD_LIMIT = 1024
SHORTENED = "\N{HORIZONTAL ELLIPSIS} (story shortened)"
_ADDRESS = re.compile(r"(?i)\b(https?|ftp|discord)://")
_MASKED_LINK_END = re.compile(r"\]\(")


def escaped(text: str) -> str:
    """A member's words as they typed them: no markdown, masked link, mention or link."""
    text = discord.utils.escape_markdown(text)
    text = _MASKED_LINK_END.sub(r"\\](", text)
    text = _ADDRESS.sub("\\1:\N{ZERO WIDTH SPACE}//", text)
    return discord.utils.escape_mentions(text)


def cut_at_word(text: str, limit: int) -> tuple[str, bool]:
    """`text` up to `limit` characters, ending at a whole word; and whether it was cut."""
    if len(text) <= limit:
        return text, False
    head = text[:limit + 1]
    cut = head.rsplit(None, 1)[0] if any(c.isspace() for c in head.strip()) else text[:limit]
    return cut.rstrip(" ,.;:-\N{EM DASH}"), True


def _fitted(text: str, limit: int, mark: str) -> str:
    """Escaped and cut so that the escaped text and the mark fit in `limit`."""
    budget = limit
    while True:
        cut, shortened = cut_at_word(text, budget)
        shown = escaped(cut) + (mark if shortened else "")
        if len(shown) <= limit or budget <= 50:
            return shown[:limit]
        budget -= max(50, len(shown) - limit)


def card_embed(card: Card, title: str, *, reason: str | None = None) -> discord.Embed:
    """One card as an embed titled `title` ("Runner 1"), with the reason it was suggested."""
    lines = [f"**{label}:** {value}" for label, value in card.lines]
    description = "\n".join(([f"*{reason}*"] if reason else []) + [card.title, *lines])
    embed = discord.Embed(title=title[:256], description=description[:2000],
                          colour=discord.Colour.teal())
    if card.other_diagnoses:
        embed.add_field(name="Other diagnoses", inline=False, value=_fitted(
            ", ".join(card.other_diagnoses), DIAGNOSES_CHARS, "\N{HORIZONTAL ELLIPSIS}"))
    if card.story:
        embed.add_field(name="Story", inline=False,
                        value=_fitted(card.story, STORY_CHARS, SHORTENED))
    return embed


def card_text(card: Card, *, story_chars: int = PREVIEW_STORY_CHARS) -> str:
    """A card as plain text for the member's own preview, their story cut to fit a message
    (their own words, shown to them alone, so not escaped)."""
    story, shortened = cut_at_word(card.story or "", story_chars)
    return dataclasses.replace(card, story=(story + SHORTENED if shortened else story) or None
                               ).text()
