"""Answers as plain text, for the console chat and `llc-bot ask` without --json."""

from __future__ import annotations

from knowledge.models import Answer, more_text

_SOURCE_LABEL = {"summary": "Summary", "literature": "Paper", "community": "Community experience"}


def answer_as_text(answer: Answer, everything: bool = False) -> str:
    """The answer, its sources and the screening note; `everything` adds the passages kept
    behind "More from the summary" (`ask --all`, and the console, which has no buttons)."""
    parts = [answer.answer]
    cited = list(answer.citations)
    if everything and answer.more:
        parts.append(more_text(answer.more, len(cited)))
        cited += answer.more
    if cited:
        sources = [
            f"  [{n}] {_SOURCE_LABEL[c.source]}: {c.title} ({c.section})"
            for n, c in enumerate(cited, start=1)
        ]
        parts.append("Sources:\n" + "\n".join(sources))
    parts.append(answer.screening)
    return "\n\n".join(parts)
