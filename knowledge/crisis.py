"""Crisis language: hopelessness, self-harm and suicidal talk.

Shared by question triage and moderation so that a member in distress is recognised the same
way wherever they write. Runner talk is full of violent idiom ("this hill killed my legs",
"I'm dying to race again", "suicide sprints"), so idioms are removed before the patterns run:
recall on real distress must be total, and runners must not be treated as in crisis for
talking like runners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Idioms that contain crisis words but are ordinary runner talk. They are blanked out
# before matching, so "I'm dying to race again" cannot match "dying".
_IDIOMS = re.compile(
    r"""
    \bdying\s+(?:to|for)\b
    | \bsuicide\s+(?:sprints?|drills?|runs?|hills?|pace|intervals?|shuttles?|workouts?)\b
    | \b(?:killed|killing|kills|kill|destroyed|murdered|wrecked|trashed)\s+(?:my|our|the|your|his|her|their)\s+
        (?:legs?|quads?|calves|calf|hamstrings?|hammies|glutes?|lungs|knees?|feet|ankles?|hips?|pace|time|splits?|workout|race|pb|pr)\b
    | \b(?:killing|killed|crushed|smashed|nailed)\s+it\b
    | \bdead\s+(?:legs?|tired|last|set|even|heat|end|weight|lift|lifts|lifting|bugs?)\b
    | \bdie\s+on\s+(?:this|that)\s+hill\b
    | \bhill\s+to\s+die\s+on\b
    | \bkill(?:ed)?\s+(?:for|the\s+(?:workout|session|race|hill|climb))\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_CRISIS = re.compile(
    r"""
    \bsuicid\w*
    | \bkill(?:ing)?\s+my\s*self\b | \bkill\s+me\b
    | \bend(?:ing)?\s+(?:it\s+all|my\s+life|my\s+own\s+life)\b
    | \b(?:take|taking)\s+my\s+(?:own\s+)?life\b
    | \b(?:want|wanna|wish|wishing|going|ready)\s+(?:to\s+)?(?:die|be\s+dead)\b
    | \bwish\s+i\s+(?:was|were)\s+(?:dead|gone|never\s+born)\b
    | \bwish\s+i\s+(?:wasn'?t|weren'?t)\s+(?:here|alive|around)\b
    | \bbetter\s+off\s+(?:dead|without\s+me|gone)\b
    | \b(?:no|not\s+(?:a|any)|nothing\s+to)\s*(?:reason|point)\s+(?:to|in|of)\s+(?:live|living|going\s+on|being\s+alive|life)\b
    | \bno\s+point\s+(?:anymore|any\s+more|in\s+anything)\b
    | \bnothing\s+(?:left\s+)?to\s+live\s+for\b
    | \bdon'?t\s+want\s+to\s+(?:live|be\s+alive|be\s+here|exist|wake\s+up)\b
    | \bcan'?t\s+(?:go\s+on|take\s+(?:it|this)\s+any\s*more|do\s+this\s+any\s*more|keep\s+going\s+like\s+this)\b
    | \bgive\s+up\s+on\s+(?:life|living|everything)\b
    | \bself[\s-]*harm\w* | \bhurt(?:ing)?\s+my\s*self\b | \bcut(?:ting)?\s+my\s*self\b | \bharm(?:ing)?\s+my\s*self\b
    | \boverdos\w*
    | \b(?:feel|feeling|felt|am|i'?m|so|completely|totally|utterly)\s+(?:so\s+|completely\s+|totally\s+|utterly\s+)?hopeless\b(?!\s+at\b)
    | \bhopelessness\b
    | \b(?:feel|feeling|am|i'?m)\s+(?:so\s+|completely\s+)?(?:worthless|empty\s+inside|trapped)\b
    | \bnot\s+worth\s+living\b | \blife\s+(?:is|isn'?t)\s+(?:not\s+)?worth\s+(?:it|living)\b
    | \bdisappear\s+forever\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class CrisisSignal:
    """What crisis language was found, for the moderators' alert (never the message text)."""

    phrase: str


def detect_crisis(text: str) -> CrisisSignal | None:
    """Return the first crisis phrase in the text once runner idioms are set aside."""
    cleaned = _IDIOMS.sub(" ", text.replace("’", "'"))
    match = _CRISIS.search(cleaned)
    return CrisisSignal(phrase=match.group(0).strip().lower()) if match else None
