"""Answers as Discord embeds, within Discord's limits (4096 description, 25 fields of 1024,
6000 characters in all), coloured by triage so a red flag stands out."""

from __future__ import annotations

import discord

from knowledge.models import MORE_HEADER, Answer, Citation

COLOURS = {
    "none": discord.Colour.blurple(),
    "support": discord.Colour.teal(),
    "see_doctor": discord.Colour.orange(),
    "urgent": discord.Colour.red(),
    "crisis": discord.Colour.purple(),
}
TITLES = {
    "none": "What the LLC summary says",
    "support": "This sounds hard, and you're not alone",
    "see_doctor": "Please see a clinician about this",
    "urgent": "Please get medical help today",
    "crisis": "You're not alone",
}
_SOURCE = {"summary": "Summary", "literature": "Paper", "community": "Community experience"}
MAX_FIELDS = 6
EMBED_BUDGET = 5800


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _field_name(number: int, citation: Citation) -> str:
    where = citation.section if citation.source != "community" else "saved member answer"
    return clip(f"[{number}] {_SOURCE[citation.source]}: {citation.title} ({where})", 256)


def answer_embed(answer: Answer) -> discord.Embed:
    """The answer, one field per citation with its quote, and the screening note."""
    title = "I can't answer that from the summary" if answer.abstained else TITLES[answer.triage]
    if answer.abstained and answer.triage != "none":
        title = TITLES[answer.triage]
    embed = discord.Embed(title=title, colour=COLOURS[answer.triage],
                          description=clip(answer.answer, 3000))
    used = len(embed.title or "") + len(embed.description or "")
    screening = clip(answer.screening, 1024)
    used += len(screening) + 20
    for number, citation in enumerate(answer.citations[:MAX_FIELDS], start=1):
        name = _field_name(number, citation)
        room = min(1024, EMBED_BUDGET - used - len(name))
        if room < 80:
            break
        value = clip(f"\u201c{citation.quote}\u201d", min(room, 400))
        embed.add_field(name=name, value=value, inline=False)
        used += len(name) + len(value)
    embed.add_field(name="Please note", value=screening, inline=False)
    if any(c.source == "community" for c in answer.citations):
        embed.set_footer(text="Community answers are members' experience, not medical literature.")
    return embed


def more_embed(more: list[Citation]) -> discord.Embed:
    """The passages behind "More from the summary", one field each, verbatim."""
    embed = discord.Embed(title=MORE_HEADER.rstrip(":"), colour=COLOURS["none"])
    for number, citation in enumerate(more[:MAX_FIELDS], start=1):
        embed.add_field(name=_field_name(number, citation),
                        value=clip(f"\u201c{citation.quote}\u201d", 1024), inline=False)
    return embed
