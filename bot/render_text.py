"""Answers as plain text, for the console chat and `llc-bot ask` without --json."""

from __future__ import annotations

from knowledge.models import Answer

_SOURCE_LABEL = {"summary": "Summary", "literature": "Paper", "community": "Community experience"}


def answer_as_text(answer: Answer) -> str:
    """The answer, its sources and the screening note."""
    parts = [answer.answer]
    if answer.citations:
        sources = [
            f"  [{n}] {_SOURCE_LABEL[c.source]}: {c.title} ({c.section})"
            for n, c in enumerate(answer.citations, start=1)
        ]
        parts.append("Sources:\n" + "\n".join(sources))
    parts.append(answer.screening)
    return "\n\n".join(parts)
