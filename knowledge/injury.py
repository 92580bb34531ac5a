"""A pain the member can put a finger on, an injury with a moment it happened, a wound or an
illness: none of these is LLC.

The summary is plain about this: runners with loss of leg coordination "cannot point to a
specific area of pain"; theirs is a vague tightness and a sense of the leg being "off" that
goes when they stop running. A member who can show the sore spot ("sore to press", "pain at
the front of my hip"), who tells of the moment it went (pulled, tweaked, rolled, felt a pop),
or whose leg swelled or bruised, describes an injury the summary does not cover, however
many words (hip flexor, hamstring, hills) the message shares with it. Unless they also tell
of coordination lost, such a message gets an honest abstention and a pointer to a clinician,
not the summary's sentences about LLC.

These are shapes of speech, not a list of injuries: the body part is any word.
"""

from __future__ import annotations

import re

from knowledge.expand import normalise
from knowledge.negation import negated

_PART = r"(?:[\w']+\s+){0,2}"
_INJURY = re.compile(
    # Pain with a character that belongs to tissue, not to a leg that misfires.
    r"\b(?:sharp|stabbing|searing|throbbing|piercing|pinpoint|localised|localized)\s+"
    r"(?:[\w']+\s+){0,2}(?:pain|ache|twinge|pinch|pang|stab)s?\b"
    # Sore to the touch: the member can press on it.
    r"|\b(?:pain\w*|ache\w*|sore\w*|tender\w*|hurts?|hurting)\s+(?:[\w']+\s+){0,3}"
    r"(?:to\s+(?:the\s+)?(?:touch|press|poke|squeeze)|when\s+(?:i|you)\s+(?:press|poke|push\s+on|"
    r"squeeze|touch))\b"
    r"|\b(?:sore|tender|painful|pinpoint)\s+(?:little\s+)?(?:spot|point|lump|knot)\b"
    r"|\b(?:in|at|on)\s+(?:one|a|this)\s+(?:specific\s+|particular\s+|tiny\s+|small\s+|single\s+)"
    r"?spot\b"
    # Pain placed on a landmark: "pain at the front of my hip", "ache on the outside of the knee".
    r"|\b(?:pain|ache|aching|soreness)\s+(?:is\s+)?(?:right\s+|just\s+)?(?:at|on|in|under|"
    r"behind|along|around|above|below)\s+(?:the\s+)?(?:front|back|outside|inside|top|bottom|"
    r"base|ball|tip|middle|bony\s+bit)\s+of\b"
    # The moment it happened.
    rf"|\b(?:pulled|tweaked|strained|tore|torn|twinged|rolled|sprained|jarred|twisted)\s+"
    rf"(?:my|a|the|an)\s+{_PART}(?:calf|calves|hamstring|hammy|quad|quads|groin|ankle|knee|hip|"
    r"glute|achilles|muscle|back|adductor|flexor|tendon|shin|foot)\b"
    r"|\bfelt\s+(?:a\s+|something\s+)?(?:pop|snap|twang|ping|tear|rip)\b|\bheard\s+a\s+(?:pop|snap)\b"
    # A spot that pings or catches, or the classic mornings of a heel or a tendon.
    r"|\b(?:pings?|pinging|pinged|twinges?|twinging)\b|\b(?:right\s+)?in\s+the\s+crease\b"
    r"|\bstanding\s+on\s+(?:a\s+)?(?:nail|glass|stone|pebble|marble|bruise)\b"
    r"|\bfirst\s+(?:few\s+)?steps\s+(?:out\s+of\s+bed|in\s+the\s+morning|of\s+the\s+day)\b"
    # Pain named by a joint or a bone, or pain that comes with ordinary movements.
    r"|\b(?:groin|knee|kneecap|heel|shin|shinbone|achilles|arch|ankle|toe|bone)\s+pain\b"
    r"|\bhurts?\s+(?:to|when\s+i)\s+(?:walk|hop|bend|put\s+weight|stand\s+on|climb|go\s+(?:up|down))"
    # A wound, or an illness the member has now: not LLC either.
    r"|\b(?:bitten|bite|nipped|punctures?|gash\w*|graze\w*|blisters?|toenails?)\b"
    r"|\b(?:have|got|caught|streaming|fighting|coming\s+down\s+with)\s+(?:a\s+|the\s+)?(?:\w+\s+)?"
    r"(?:cold|flu|fever|chest\s+infection|virus|covid)\b|\b(?:scratchy|sore)\s+throat\b"
    # Muscles battered by a race, the soreness of the days after.
    r"|\b(?:quads|calves|legs|hamstrings|glutes)\s+(?:are\s+|were\s+)?(?:absolutely\s+|completely\s+|"
    r"totally\s+|utterly\s+)?(?:wrecked|destroyed|trashed|shredded|battered)\b"
    r"|\b(?:down|up)\s+(?:the\s+)?stairs\s+(?:sideways|backwards)\b"
    # What the eye can see.
    r"|\b(?:swollen|swelling|swelled|puffy|bruis\w*|black\s+and\s+blue)\b"
)


# "I can't point to a sore spot" is the summary's own description of LLC, not an injury.
_CANNOT_PLACE = re.compile(r"\b(?:can'?t|cannot|couldn'?t|unable\s+to|not\s+able\s+to)\s+"
                           r"(?:[\w']+\s+){0,2}(?:point|pin|place|put\s+(?:a|my)\s+finger)")
LOOK_BACK = 48
# Pain that shoots, burns or runs like electricity is a nerve sign, which triage points to a
# clinician in any message; it does not make the message about an injury.
_NERVE = re.compile(r"\b(?:shoot\w*|electric\w*|radiat\w*|nerve|burn\w*|tingl\w*|zap\w*)")
LOOK_AHEAD = 30


def injury_words(question: str) -> str | None:
    """The member's words that pin their complaint to one spot or one moment, if any.

    Words the member rules out ("no swelling", "can't point to a sore spot") do not count."""
    text = normalise(question)
    for match in _INJURY.finditer(text):
        before = text[max(0, match.start() - LOOK_BACK) : match.start()]
        nerve = _NERVE.search(text, match.start(), match.end() + LOOK_AHEAD)
        if not (negated(text, match.start()) or _CANNOT_PLACE.search(before) or nerve):
            return match.group(0)
    return None
