"""Phrase rules: a compiled pattern with the sentence a moderator and the author will read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.needles import may_match, needles
from moderation.config import Action
from moderation.verdict import Category, Finding

_WORD_START = r"(?<![a-z0-9])(?=[a-z0-9$£€])"


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """One family of phrases; patterns run on lowercased text with straight quotes."""

    pattern: re.Pattern[str]
    reason: str
    advice: str
    # Words one of which every match contains (knowledge/needles.py): without any of them the
    # pattern is not run at all, which is most messages.
    needles: tuple[str, ...] | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "needles", needles(self.pattern))

    def search(self, lower_text: str) -> re.Match[str] | None:
        """The first match, skipping the engine when no needle is in the text."""
        return self.pattern.search(lower_text) if may_match(self.needles, lower_text) else None

    def finditer(self, lower_text: str) -> list[re.Match[str]]:
        """Every match, skipping the engine when no needle is in the text."""
        if not may_match(self.needles, lower_text):
            return []
        return list(self.pattern.finditer(lower_text))


def rule(pattern: str, reason: str, advice: str) -> PhraseRule:
    """Compile a verbose pattern once, at import. Every phrase starts at the start of a word,
    a number or an amount; saying so up front lets the engine skip the other positions
    instead of trying every alternative at each character, which is three times faster."""
    return PhraseRule(re.compile(_WORD_START + f"(?:{pattern})", re.VERBOSE), reason, advice)


def phrase_findings(
    rules: tuple[PhraseRule, ...],
    lower_text: str,
    category: Category,
    action: Action,
    *,
    harm: bool = False,
) -> list[Finding]:
    """A finding for every rule whose phrases occur in the text; `harm` as in `Finding`."""
    return [
        Finding(category=category, action=action, reason=r.reason, advice=r.advice, harm=harm)
        for r in rules
        if r.search(lower_text)
    ]
