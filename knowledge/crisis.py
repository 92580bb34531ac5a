"""The pattern floor for crisis: explicit statements only, precise and general.

Understanding crisis said indirectly (a place picked out, tablets saved, gear given away, a
partner writing about someone) is the understanding model's job (`knowledge/understanding`),
learnt from a labelled corpus and measured on writers it never saw. What stays here is what
must act even when the model has no room, and what no runner idiom can produce: a member who
says in so many words that they will kill themselves, are suicidal, or hurt themselves on
purpose. Each pattern below says what it catches. Text is normalised first, so a zero-width
space or a curly apostrophe hides nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.unicode_text import normalise

_CRISIS = re.compile(
    r"""\b(?:
    # Suicide or killing oneself named, in the first person or as intent.
    (?:kill|killing|hang|hanging|shoot|shooting)\s+my\s*self\b
        (?!\s+(?:on|in|at|with|doing|during|over))
    | (?:end|ending|take|taking)\s+my\s+(?:own\s+)?life\b
    | (?:want|going|gonna|ready|decided)\s+to\s+end\s+it\s+all\b
    | (?:commit|committing|attempt|attempted|attempting)\s+suicide\b
    | (?:i'?m|i\s+am|feel(?:ing)?|been|get|getting|was)\s+
        (?:so\s+|really\s+|very\s+|pretty\s+)?suicidal\b
    | suicidal\s+(?:thoughts|ideation|feelings)\b
    | (?:thinking|thought|think)\s+(?:about|of)\s+
        (?:suicide|killing\s+my\s*self|ending\s+(?:it\s+all|my\s+life))\b
    # A wish to be dead, said plainly; not "want to die after that tempo" or "at mile 20".
    | (?:i\s+)?(?:want|wanna|wish)\s+(?:to\s+)?(?:die|be\s+dead|i\s+(?:was|were)\s+dead)\b
        (?![^.!?\n]{0,30}\b(?:after|at|on|during|when|of|from|laughing|embarrassment)\b)
    | (?:don'?t|do\s+not|no\s+longer)\s+want\s+to\s+(?:live|be\s+alive|exist|wake\s+up)\b
    | better\s+off\s+(?:dead|without\s+me)\b
    # Self-harm, said plainly.
    | (?:cut|cutting|burn|burning|hurt|hurting|harm|harming)\s+my\s*self\b
        (?!\s+(?:on|in|at|during|running|doing))
    | self[\s-]?harm(?:ing|ed)?\b
    | suicide\s+(?:note|letter|plan)\b
    )""",
    re.VERBOSE,
)

# A plan, a means or a time: the alert must reach moderators even if one was sent recently.
_IMMINENT = re.compile(
    r"""\b(?:tonight|right\s+now|this\s+weekend|(?:have|made|got)\s+a\s+plan|my\s+plan
    |pills|tablets|rope|bridge|gun|goodbye|last\s+message
    |took\s+(?:all|a\s+bunch|too\s+many)|written\s+(?:a\s+)?(?:letter|note)s?)\b""",
    re.VERBOSE,
)

# Means, a plan or a time said without crisis words ("I have the pills, tonight"). Alone
# these are ordinary ("I have the pills for my hamstring"); from a member who wrote in crisis
# a little earlier they are the most urgent message of all.
_MEANS_OR_PLAN = re.compile(
    r"""\b(?:
    i(?:'ve|\s+have|\s+got|'ve\s+got|\s+bought|\s+found|\s+saved)\s+(?:the|my|a|enough|all\s+the)\s+
        (?:pills|tablets|meds|painkillers|rope|gun|knife|blade|razors?)\b
    | (?:tonight|today)\s+is\s+the\s+(?:night|day)\b
    | (?:going\s+to|gonna)\s+do\s+it\s+(?:tonight|today|now|soon)\b
    | my\s+last\s+(?:night|day|message|post)\b
    | (?:take|taking|took|swallow\w*)\s+(?:them\s+all|all\s+of\s+them|the\s+(?:whole\s+)?bottle)\b
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class CrisisSignal:
    """What crisis language was found, for the moderators' alert (never the message text).

    `imminent` marks a plan, a means or a time, which must not wait for an alert cooldown.
    """

    phrase: str
    imminent: bool = False


def _prepared(text: str) -> str:
    return normalise(text).lower()


def detect_crisis(text: str) -> CrisisSignal | None:
    """An explicit statement of suicidal intent, a wish to die or self-harm, if any."""
    cleaned = _prepared(text)
    match = _CRISIS.search(cleaned)
    if match is None:
        return None
    return CrisisSignal(phrase=match.group(0).strip(),
                        imminent=_IMMINENT.search(cleaned) is not None)


def is_imminent(text: str) -> bool:
    """A plan, a means or a time in the text: for a crisis the understanding model
    recognised without the floor, so its alert never waits for a cooldown either."""
    return _IMMINENT.search(_prepared(text)) is not None


def follow_up_crisis(text: str) -> CrisisSignal | None:
    """Means, a plan or a time, for a member known to have written in crisis recently: an
    imminent crisis even though the message has no crisis words of its own."""
    match = _MEANS_OR_PLAN.search(_prepared(text))
    if match is None:
        return None
    return CrisisSignal(phrase=match.group(0).strip(), imminent=True)
