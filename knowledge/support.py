"""Low mood without risk language: the `support` level of triage.

Losing running hurts. Members write that they feel depressed, cry every day, cannot get off
the sofa or sleep, grieve the runner they were, or are worn out by their own body and the
round of appointments. That is not a crisis (crisis language is `knowledge/crisis.py`'s job,
and outranks this), and it is not a question the summary answers: it calls for a warm reply,
where to find support, and an invitation to connect with peers. Moderators are not alerted.

The understanding model (`knowledge/understanding`) reads low mood in the member's own words;
the patterns here are a floor for plain statements, negation-aware ("not depressed, just
curious" is not low mood), that also name the kind of low mood the reply speaks to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.expand import normalise
from knowledge.negation import negated


@dataclass(frozen=True)
class Mood:
    reason: str
    pattern: re.Pattern[str]


def _mood(reason: str, pattern: str) -> Mood:
    return Mood(reason, re.compile(pattern))


LOW_MOOD = "low mood"

# The floor: low mood said in so many words. Low mood in members' own wording is the
# understanding model's job; these name the reason a warm reply gives.
MOODS: tuple[Mood, ...] = (
    _mood(LOW_MOOD, r"\b(?:depress(?:ed|ion|ing)|feel(?:ing|s)?\s+(?:so\s+|really\s+|very\s+)?"
          r"(?:low|down|hopeless|empty|miserable|worthless)|heartbroken|devastated|"
          r"in\s+a\s+(?:dark|bad)\s+place|lost\s+(?:all\s+)?(?:interest|hope)|lonely|"
          r"crying\s+every\s+day)\b"),
    _mood("grief over running", r"\b(?:griev(?:e|ing)|grief|mourn(?:ing)?|lost\s+my\s+identity|"
          r"miss\s+(?:running|racing)\s+so\s+much)\b"),
    _mood("exhaustion with your body", r"\b(?:can'?t\s+sleep|not\s+sleeping|insomnia|"
          r"(?:emotionally|mentally)\s+(?:exhausted|drained)|can'?t\s+cope|not\s+coping)\b"),
)


REASONS = frozenset(mood.reason for mood in MOODS)


def support_reasons(text: str) -> list[str]:
    """Every kind of low mood the message tells of (none when the member rules it out)."""
    normal = normalise(text)
    reasons = []
    for mood in MOODS:
        if any(not negated(normal, m.start()) for m in mood.pattern.finditer(normal)):
            reasons.append(mood.reason)
    return reasons
