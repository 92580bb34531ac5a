"""Crisis language: hopelessness, self-harm and suicidal talk.

Shared by question triage and moderation so that a member in distress is recognised the same
way wherever they write. Runner talk is full of violent idiom ("this hill killed my legs",
"I'm dying to race again", "suicide sprints"), so idioms are removed before the patterns run:
recall on real distress must be total, and runners must not be treated as in crisis for
talking like runners. Any talk of suicide outside those drill names counts, even about someone
else: the author may be affected, and a warm check-in costs little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BODY = (
    r"(?:legs?|quads?|calves|calf|hamstrings?|hammies|glutes?|lungs|knees?|feet|ankles?|hips?"
    r"|achilles|shins?|body)"
)
_SESSION = (
    r"(?:workouts?|session|race|hill|climb|intervals?|reps?|track|tempo|long\s+run|marathon"
    r"|heat|humidity|coach|speedwork|course)"
)

# Idioms that contain crisis words but are ordinary runner talk. They are blanked out
# before matching, so "I'm dying to race again" cannot match "dying".
_IDIOMS = re.compile(
    rf"""
    \b(?=[a-z])(?:
    \bdying\s+(?:to|for)\b
    | \bsuicide\s+(?:sprints?|drills?|runs?|hills?|pace|intervals?|shuttles?|workouts?|squats?)\b
    | \b(?:did|do|doing|ran|run|running)\s+suicides\b
    | \b(?:killed|killing|kills|kill|destroyed|murdered|wrecked|trashed)\s+
        (?:my|our|the|your|his|her|their)\s+
        (?:{_BODY}|pace|time|splits?|workout|race|pb|pr)\b
    | \b(?:killing|killed|crushed|smashed|nailed)\s+it\b
    | \bdead\s+(?:legs?|tired|last|set|even|heat|end|weight|lift|lifts|lifting|bugs?)\b
    | \bdie\s+on\s+(?:this|that)\s+hill\b
    | \bhill\s+to\s+die\s+on\b
    | \bkill(?:ed)?\s+(?:for|the\s+(?:workout|session|race|hill|climb))\b
    | \b(?:{_SESSION}|it|this|that)\s+(?:is\s+|was\s+)?(?:going\s+to|gonna|will|would|might|could
        |about\s+to|trying\s+to|tried\s+to|nearly|almost)\s+kill(?:ed)?\s+me\b
    | \bkilling\s+my\s*self\s+(?:on|in|at|with|doing|during)\s+(?:the|these|those|my|this|that
        |every|each|hills?|track|workouts?|intervals?|reps?|training|tempo)\b
    | \bwanted\s+to\s+die\s+(?:at|on|during|in|after|by|around)\s+(?:mile|km|lap|rep|the\s+
        (?:race|hill|climb|end|finish|last|workout|session|run|intervals?|track|reps?|start|turn))
    | \b(?:going\s+to|gonna)\s+die\s+(?:in|on|at|during|of|from)\s+(?:this|that|the|these|those
        |boredom|heat|humidity|embarrassment)\b
    | \b{_BODY}\s+(?:can'?t|cannot|couldn'?t)\s+(?:take|go\s+on)\b
    | \boverdos(?:ed|ing)\s+on\s+(?:carbs|hills?|mileage|caffeine|gels?|sugar|pasta|coffee
        |training|speedwork|hill\s+work|intervals|miles)\b
    | \bdon'?t\s+want\s+to\s+be\s+here\s+(?:at|for|on|in|doing|during|when|with|early)\b
    | \bway\s+out\s+of\s+(?:this|the|my)\s+(?:injury|cycle|rut|slump|plateau|race)\b
    | \b(?:going\s+to|gonna)\s+die\s+if\b
    )""",
    re.VERBOSE,
)

_CRISIS = re.compile(
    r"""
    \b(?=[a-z])(?:
    \bsuicid\w*
    | \bkill(?:ing)?\s+my\s*self\b | \bkill\s+me\b
    | \bend(?:ing)?\s+(?:it\s+all|it\s+tonight|everything|my\s+life|my\s+own\s+life)\b
    | \b(?:take|taking)\s+my\s+(?:own\s+)?life\b
    | \b(?:want|wanna|wish|wishing|going|ready)\s+(?:to\s+)?(?:die|be\s+dead)\b
    | \bwanted\s+to\s+die\b
    | \bwish\s+i\s+(?:was|were)\s+(?:dead|gone|never\s+born)\b
    | \bwish\s+i\s+(?:wasn'?t|weren'?t)\s+(?:here|alive|around)\b
    | \bbetter\s+off\s+(?:dead|without\s+me|gone|if\s+i\s+(?:was|were)n'?t\s+(?:here|around))\b
    | \b(?:no|not\s+(?:a|any)|nothing\s+to)\s*(?:reason|point)\s+(?:to|in|of)\s+
        (?:live|living|going\s+on|being\s+alive|life)\b
    | \bno\s+point\s+(?:anymore|any\s+more)\b(?!\s+(?:in|of|to)\b)
    | \bno\s+point\s+in\s+anything\b
    | \bwhat'?s\s+the\s+point\s+(?:of\s+(?:anything|living|life|going\s+on|it\s+all|being\s+here
        |being\s+alive)|anymore|any\s+more)\b
    | \bnothing\s+(?:left\s+)?to\s+live\s+for\b
    | \bdon'?t\s+want\s+to\s+(?:live|be\s+alive|be\s+here|exist)\b
    | \bdon'?t\s+want\s+to\s+wake\s+up\b(?!\s+(?:at|early|for|so|before|in\s+the)\b)
    | \bcan'?t\s+(?:go\s+on|take\s+(?:it|this)\s+any\s*more|do\s+this\s+any\s*more
        |keep\s+going\s+like\s+this)\b
    | \bgive\s+up\s+on\s+(?:life|living|everything)\b
    | \bself[\s-]*harm\w*
    | \b(?:want|wanted|wanting|urges?|thinking\s+(?:about|of)|thought\s+(?:about|of)|tempted|going
        |plan(?:ning)?|been|started|keep)\s+(?:to\s+)?(?:hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?)\s+my\s*self\b
    | \b(?:hurt|hurting|cut|cutting)\s+my\s*self\s+(?:on\s+purpose|again)\b
    | \bharm(?:ing)?\s+my\s*self\b
    | \boverdos\w*
    | \b(?:feel|feeling|felt|am|i'?m|so|completely|totally|utterly)\s+
        (?:so\s+|completely\s+|totally\s+|utterly\s+)?hopeless\b(?!\s+at\b)
    | \bhopelessness\b
    | \b(?:feel|feeling|am|i'?m)\s+(?:so\s+|completely\s+)?(?:worthless\b(?!\s+at\b)|empty\s+inside
        |trapped\b(?!\s+in\s+(?:a|the|this)\s+(?:cycle|loop|rut)))
    | \bnot\s+worth\s+living\b | \blife\s+(?:is|isn'?t)\s+(?:not\s+)?worth\s+(?:it|living)\b
    | \bdisappear\s+forever\b
    | \b(?:want|wish\s+i\s+could)\s+(?:to\s+)?(?:just\s+)?(?:disappear|vanish|not\s+exist
        |stop\s+existing|sleep\s+forever)\b
    | \b(?:go\s+to\s+sleep|fall\s+asleep|sleep)\s+and\s+(?:never|not)\s+wake\s+up\b
    | \b(?:i'?m|i\s+am|feel\s+like|i\s+feel\s+like)\s+(?:such\s+|just\s+|only\s+)?a\s+burden\b
    | \b(?:no\s*one|nobody)\s+would\s+(?:even\s+)?(?:miss\s+me|(?:notice|care)\s+if\s+i
        (?:\s+(?:was|were))?\s+(?:gone|dead|died|disappeared|not\s+here))\b
    | \b(?:how\s+many|enough|stockpil\w*|saving\s+up|hoard\w*)\s+(?:of\s+)?(?:my\s+)?
        (?:pills|tablets|meds|sleeping\s+pills)\b
    | \b(?:take|taking|took|swallow\w*)\s+(?:all\s+(?:of\s+)?(?:my\s+|the\s+)?(?:pills|tablets|meds)
        \s+(?:at\s+once|in\s+one\s+go|tonight|together)|(?:a\s+bunch|too\s+many|the\s+whole\s+bottle)
        \s+(?:of\s+)?(?:my\s+|the\s+)?(?:pills|tablets|meds))\b
    | \b(?:goodbye|suicide|farewell)\s+(?:letters?|notes?)\b
    | \b(?:wrote|written|writing|left)\s+(?:letters|notes)\s+(?:to|for)\s+(?:my\s+)?
        (?:family|kids|children|parents|wife|husband|partner|everyone|loved\s+ones)\b
    | \b(?:happier|better)\s+(?:off\s+)?if\s+i\s+(?:died|(?:was|were|wasn'?t|weren'?t)\s+
        (?:dead|gone|here|around|alive))\b
    | \b(?:scared|afraid|worried)\s+(?:that\s+)?i\s+(?:might|may|will|could|would)\s+
        (?:hurt|harm|kill)\s+my\s*self\b(?!\s+(?:if|on|doing|running|by|when|while|trying|at|in)\b)
    | \bwish\s+i\s*(?:'d|had)\s+never\s+been\s+born\b
    | \b(?:see|find)\s+(?:the|any|no)\s+point\s+(?:in|of)\s+(?:living|life|going\s+on
        |being\s+alive|anything)\b
    | \b(?:i'?m|i\s+am|i\s+feel\s+like)\s+(?:just\s+|such\s+)?a\s+waste\s+of\s+
        (?:space|oxygen|air|a\s+life)\b(?!\s+(?:on|at|in|during)\b)
    | \bmy\s+life\s+is\s+(?:over|pointless|meaningless|worthless)\b
    | \b(?:lost|losing|no)\s+(?:the\s+|my\s+)?will\s+to\s+live\b
    | \bgoodbye\s+(?:everyone|world|forever|all\s+of\s+you)\b
    | \bwant\s+(?:the\s+pain|it|everything|it\s+all)\s+to\s+(?:end|stop)\b[^.!?\n]{0,30}\bforever\b
    | \b(?:jump(?:ing)?|throw(?:ing)?\s+myself)\s+(?:off|from|in\s+front\s+of|under)\s+(?:a|the)\s+
        (?:bridge|building|roof|cliff|train|truck|bus|car)\b
    | \b(?:won'?t|not\s+going\s+to|not\s+gonna)\s+be\s+(?:around|here)\s+(?:much\s+)?
        (?:longer|for\s+long)\b
    | \b(?:want|need)\s+(?:it\s+all|everything)\s+to\s+(?:end|stop)\b
    | \b(?:see\s+no|don'?t\s+see\s+(?:a|any))\s+way\s+out\b
    )""",
    re.VERBOSE,
)

# A plan, a means or a time: the alert must reach moderators even if one was sent recently.
_IMMINENT = re.compile(
    r"""
    \b(?:tonight|right\s+now|this\s+weekend|have\s+a\s+plan|made\s+a\s+plan|my\s+plan
    |planned|pills|tablets|rope|bridge|gun|goodbye|last\s+message|took\s+(?:all|a\s+bunch|too\s+many)
    |written\s+(?:a\s+)?(?:letter|note)s?)\b
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class CrisisSignal:
    """What crisis language was found, for the moderators' alert (never the message text).

    `imminent` marks a plan, a means or a time, which must not wait for an alert cooldown.
    """

    phrase: str
    imminent: bool = False


def detect_crisis(text: str) -> CrisisSignal | None:
    """Return the first crisis phrase in the text once runner idioms are set aside."""
    # The patterns are lowercase: compiling them with IGNORECASE makes them four times slower.
    cleaned = _IDIOMS.sub(" ", text.lower().replace("’", "'"))
    match = _CRISIS.search(cleaned)
    if match is None:
        return None
    return CrisisSignal(
        phrase=match.group(0).strip().lower(),
        imminent=_IMMINENT.search(cleaned) is not None,
    )
