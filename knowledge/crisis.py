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
    # Killing, hanging or hurting oneself, named: "kill myself", "cutting myself". Not the
    # runner's "killing myself on the hills" or "hurt myself during a race".
    (?:kill|hang|shoot|cut|burn|hurt|harm)\w*\s+my\s*self\b
        (?!\s+(?:on|in|at|with|over|during|running|doing))
    # Ending one's life named: "end my life", "take my own life".
    | (?:end|tak)\w*\s+my\s+(?:own\s+)?life\b
    # Ending it all as intent or thought: "I want to end it all", "thinking of ending it all".
    | (?:want|going|gonna|ready|decided|think\w*|thought)\s+(?:to|about|of)\s+end\w*\s+it\s+all\b
    # Suicide named as an act, a thought or a plan: "attempted suicide", "thinking about
    # suicide", "a suicide note".
    | (?:commit|attempt|think|thought)\w*\s+(?:about\s+|of\s+)?suicide\b
    | suicide\s+(?:note|letter|plan)\b
    # Being suicidal, said of oneself: "I'm suicidal", "feeling really suicidal"; not "a
    # suicidal pace".
    | (?:i'?m|am|feel\w*|been|get\w*|was)\s+(?:so\s+|really\s+|very\s+|pretty\s+)?suicidal\b
    | suicidal\s+(?:thoughts|ideation|feelings)\b
    # A wish to be dead, said plainly; not "want to die after that tempo", "at mile 20" or
    # "of embarrassment".
    | (?:want|wanna|wish)\s+(?:to\s+)?(?:die|be\s+dead|i\s+w\w+\s+dead)\b
        (?![^.!?\n]{0,30}\b(?:after|at|on|during|when|of|from|laughing)\b)
    # Not wanting to live: "I don't want to be alive", "no longer want to wake up".
    | (?:don'?t|do\s+not|no\s+longer)\s+want\s+to\s+(?:live|be\s+alive|exist|wake\s+up)\b
    # "Everyone would be better off without me."
    | better\s+off\s+(?:dead|without\s+me)\b
    # Self-harm named: "self-harm", "self harming".
    | self[\s-]?harm
    )""",
    re.VERBOSE,
)

# A plan, a means or a time: the alert must reach moderators even if one was sent recently.
_IMMINENT = re.compile(
    r"""\b(?:tonight|right\s+now|this\s+weekend|(?:have|made|got|my)\s+(?:a\s+)?plan|pills|tablets
    |rope|bridge|gun|goodbye|last\s+message|took\s+(?:all|a\s+bunch|too\s+many)
    |written\s+(?:a\s+)?(?:letter|note)s?)\b""",
    re.VERBOSE,
)

# Means, a plan or a time said without crisis words ("I have the pills, tonight"). Alone
# these are ordinary ("I have the pills for my hamstring"); from a member who wrote in crisis
# a little earlier they are the most urgent message of all.
_MEANS_OR_PLAN = re.compile(
    r"""\b(?:
    # Means at hand: "I have the pills", "I've saved enough tablets", "I bought a rope".
    i(?:'ve|\s+have|\s+got|\s+bought|\s+found|\s+saved)\s+(?:\w+\s+){0,2}
        (?:pills|tablets|meds|painkillers|rope|gun|knife|blades?|razors?)\b
    # A time: "tonight is the night", "going to do it today", "my last day".
    | (?:tonight|today)\s+is\s+the\s+(?:night|day)\b
    | (?:going\s+to|gonna)\s+do\s+it\s+(?:tonight|today|now|soon)\b
    | my\s+last\s+(?:night|day|message|post)\b
    # An overdose: "take them all", "swallow the whole bottle".
    | (?:tak|took|swallow)\w*\s+(?:them\s+all|all\s+of\s+them|the\s+(?:whole\s+)?bottle)\b
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
