"""Crisis language: hopelessness, self-harm and suicidal talk.

Shared by question triage and moderation so that a member in distress is recognised the same
way wherever they write. Runner talk is full of violent idiom ("this hill killed my legs",
"I'm dying to race again", "suicide sprints"), so idioms are removed before the patterns run:
missing real distress costs far more than a needless check-in, but runners must not be treated
as in crisis for talking like runners. Any talk of suicide outside those drill names counts,
even about someone else: the author may be affected, and a warm check-in costs little.

These are phrase patterns: they know the common ways distress is put into words, and a new
phrasing can slip past them (about half of unseen crisis messages did, before each round of
additions). They support moderators and the community; they cannot replace them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.needles import may_match, needles

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
    | \b(?:{_SESSION}|it|this|that)\s+(?:is\s+|are\s+|was\s+|were\s+)?(?:going\s+to|gonna|will
        |would|might|could|about\s+to|trying\s+to|tried\s+to|nearly|almost)\s+kill(?:ed)?\s+me\b
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

# Crisis language by family. Each family is a verbose pattern; all of them run as one regex.
_CRISIS_FAMILIES = (
    # Suicide, self-harm and overdose named outright.
    r"""suicid\w* | unaliv\w* | self[\s-]*harm\w* | overdos\w*
    | kill(?:ing)?\s+my\s*self\b | kill\s+me\b | harm(?:ing)?\s+my\s*self\b
    | (?:want|wanted|wanting|urges?|thinking\s+(?:about|of)|thought\s+(?:about|of)|tempted
        |going|plan(?:ning)?|been|started|keep)\s+(?:to\s+)?(?:hurt(?:ing)?|harm(?:ing)?
        |cut(?:ting)?)\s+my\s*self\b
    | (?:hurt|hurting|cut|cutting)\s+my\s*self\s+(?:on\s+purpose|again)\b
    | (?:hit(?:ting)?|punch(?:ing)?|burn(?:ing)?|scratch(?:ing)?|bit(?:e|ing)|cut(?:ting)?)\s+
        (?:my\s*self|my\s+(?:thighs?|legs?|arms?|wrists?|skin|stomach|head))\s+(?:until|till|
        so\s+(?:hard|much)|to\s+(?:feel|punish|make))
    | (?:started|been|keep|kept|back\s+to|sometimes|and)\s+(?:cutting|burning\s+my\s*self)\b
        (?!\s+(?:back|down|out|the|corners?|it\s+close|across|through|my\s+(?:mileage|miles|runs?|training|volume|sessions?)))
    | punish(?:ing)?\s+my\s*self\s+(?:by|with|physically)
    | something\s+(?:stupid|drastic|bad|dangerous)\s+to\s+my\s*self\b
    | (?:scared|afraid|worried)\s+(?:that\s+)?i'?m?\s+(?:going\s+to|gonna|might|will)\s+do\s+
        something\s+(?:stupid|drastic)\b
    | (?:scared|afraid|worried)\s+(?:that\s+)?i\s+(?:might|may|will|could|would)\s+
        (?:hurt|harm|kill)\s+my\s*self\b(?!\s+(?:if|on|doing|running|by|when|while|trying|at|in)\b)
    """,
    # Wanting to die, to end it, not to exist or not to wake up.
    r"""(?:wants?|wanna|wish(?:es|ing)?|going|ready)\s+(?:to\s+)?(?:just\s+)?(?:die|be\s+dead)\b
    | wanted\s+to\s+die\b
    | rather\s+(?:be\s+dead|die)\s+than\s+(?:live|living|go\s+on|keep\s+going|feel)
    | rather\s+(?:be\s+dead|die)\b
        (?=\s*(?:$|[.,!?;)]|(?:honestly|tbh|now|already|at\s+this\s+point)\b))
    | (?:rather|prefer\s+to)\s+(?:not|never)\s+(?:be\s+alive|be\s+around|exist|live|be\s+here\b
        (?!\s+(?:at|for|on|in|doing|during|when|with|early|for)\b))
    | (?:no\s+longer|not|never)\s+want(?:ing)?\s+to\s+(?:live|be\s+alive|exist)\b
    | (?:wouldn'?t|would\s+not)\s+mind\s+(?:if\s+i\s+)?(?:not\s+waking\s+up|never\s+waking\s+up
        |didn'?t\s+wake\s+up|dying\b(?!\s+(?:my|the|your|her|his|it|them)\b)|died
        |(?:was|were)\s+dead)\b
    | (?:isn'?t|is\s+not|wouldn'?t\s+be|won'?t\s+be|not)\s+worth\s+living\b
    | end(?:ing)?\s+(?:it\s+all|it\s+tonight|everything|my\s+life|my\s+own\s+life)\b
    | (?:take|taking)\s+my\s+(?:own\s+)?life\b
    | (?:thinking\s+(?:about|of)|think\s+about|thought\s+about|want\s+to|going\s+to
        |plan(?:ning|ned)?\s+(?:on|to|how\s+to|when\s+to))\s+(?:end|ending)\s+
        (?:things|it|it\s+all|everything|my\s+life)\b
        (?!\s+(?:with|here|there|early|at|on|and\s+walk))
    | (?:thinking|think|thought|dream\w*|fantasi\w*|obsess\w*)\s+(?:about|of)\s+
        (?:dying|death|being\s+dead|not\s+being\s+(?:here|alive|around))\b
    | ways?\s+to\s+(?:die|end\s+it|end\s+my\s+life)\b
    | wish\s+i\s+(?:was|were)\s+(?:dead|gone|never\s+born)\b
    | wish\s+i\s+(?:wasn'?t|weren'?t)\s+(?:here|alive|around)\b
    | i\s*(?:'d|had|was|were)\s+never\s+(?:been\s+)?born\b
    | don'?t\s+want\s+to\s+(?:live|be\s+alive|be\s+here|exist)\b
    | i\s+(?:just\s+)?(?:didn'?t|did\s+not|don'?t|no\s+longer)\s+exist(?:ed)?\b
    | (?:want|wish\s+i\s+could)\s+(?:to\s+)?(?:just\s+)?(?:disappear|vanish|not\s+exist
        |stop\s+existing|sleep\s+forever)\b
    | disappear\s+forever\b
    | don'?t\s+(?:really\s+|even\s+|actually\s+)?want\s+to\s+wake\s+up\b
        (?!\s+(?:at|early|for|so|before|in\s+the)\b)
    | (?:wants?\s+to|wanted\s+to|wish\s+i\s+(?:could|would|did)|hope\s+i|rather|prefer\s+to)\s+
        (?:just\s+)?(?:not|never)\s+wake\s+up\b(?!\s+(?:at|early|before|in\s+time|for)\b)
    | (?:pray|hope|wish)\s+(?:that\s+)?i\s+(?:don'?t|never|won'?t|wouldn'?t)\s+wake\s+up\b
    | (?:go\s+to\s+sleep|fall\s+asleep|sleep)\s+and\s+(?:never|not)\s+wake\s+up\b
    | (?:want|need)\s+(?:it\s+all|everything)\s+to\s+(?:end|stop)\b
    | want\s+(?:it|it\s+all|everything|all\s+of\s+it)\s+to\s+be\s+over\b
    | want\s+(?:the\s+pain|it|everything|it\s+all)\s+to\s+(?:end|stop)\b[^.!?\n]{0,30}\bforever\b
    | end\s+(?:my|the)\s+(?:suffering|pain)\s+(?:for\s+good|forever|permanently)\b
    """,
    # No reason, no point, no future, no way out.
    r"""(?:no|not\s+(?:a|any)|nothing\s+to)\s*(?:reason|point)\s+(?:to|in|of)\s+
        (?:live|living|going\s+on|being\s+alive|life)\b
    | (?:no|any|a)\s+reason\s+(?:to|for)\s+(?:go(?:ing)?\s+on\b
        (?=\s*(?:$|[.,!?;]|any\s*more|like\s+this|living))|liv(?:e|ing)|keep\s+going\b(?!\s+to)
        |keep\s+(?:living|existing)|be(?:ing)?\s+(?:here|alive)|exist(?:ing)?
        |carry(?:ing)?\s+on|stay(?:ing)?\s+alive)
    | no\s+point\s+(?:anymore|any\s+more)\b(?!\s+(?:in|of|to)\b)
    | no\s+point\s+(?:in\s+)?(?:me\s+)?being\s+(?:here|alive|around)\b
    | (?:can'?t|cannot|don'?t|do\s+not)\s+see\s+(?:the|any)\s+point\s+(?:of|in)\s+
        (?:any\s+of\s+(?:this|it)|anything|it\s+all|going\s+on|being\s+here)\b
    | no\s+point\s+in\s+anything\b
    | what'?s\s+the\s+point\s+(?:of\s+(?:anything|living|life|going\s+on|it\s+all|being\s+here
        |being\s+alive)|anymore|any\s+more)\b
    | (?:see|find)\s+(?:the|any|no)\s+point\s+(?:in|of)\s+(?:living|life|going\s+on
        |being\s+alive|anything)\b
    | nothing\s+(?:left\s+)?to\s+live\s+for\b | nothing\s+left\s+for\s+me\b
    | (?:lost|losing|no)\s+(?:the\s+|my\s+)?will\s+to\s+live\b
    | not\s+worth\s+living\b | life\s+(?:is|isn'?t)\s+(?:not\s+)?worth\s+(?:it|living)\b
    | my\s+life\s+is\s+(?:over|pointless|meaningless|worthless)\b
    | no\s+future\s+for\s+me\b
    | no\s+way\s+out\b(?!\s+of\b) | no\s+way\s+out\s+of\s+(?:this\s+)?(?:life|pain|hell|darkness
        |misery)\b
    | (?:see\s+no|don'?t\s+see\s+(?:a|any))\s+way\s+out\b
    | give\s+up\s+on\s+(?:life|living|everything)\b
    | (?:done|finished)\s+with\s+(?:life|living|it\s+all|this\s+life)\b
    | (?:tired|sick|exhausted)\s+of\s+(?:existing|living|being\s+alive|life|being\s+here)\b
        (?!\s+(?:on|in|at|with)\b)
    | don'?t\s+care\s+(?:what\s+happens\s+to\s+me|if\s+i\s+(?:live|die|wake\s+up|make\s+it))\b
    """,
    # Unable to go on.
    r"""can'?t\s+(?:go\s+on|take\s+(?:it|this)\s+any\s*more|do\s+this\s+any\s*more
        |keep\s+going\s+like\s+this)\b
    | (?:can'?t|cannot|can\s+no\s+longer|(?:don'?t\s+think|not\s+sure)\s+i\s+can)\s+
        (?:keep|go\s+on|carry\s+on)\s+(?:living|existing|going\s+like\s+this|like\s+this)\b
    """,
    # Hopeless, worthless, a burden, better off without me.
    r"""(?:feel|feeling|felt|am|i'?m|so|completely|totally|utterly)\s+
        (?:so\s+|completely\s+|totally\s+|utterly\s+)?hopeless\b(?!\s+(?:at|about|with|when)\b)
    | hopelessness\b
    | (?:feel|feeling|am|i'?m)\s+(?:so\s+|completely\s+)?(?:worthless\b(?!\s+at\b)|empty\s+inside
        |trapped\b(?!\s+in\s+(?:a|the|this)\s+(?:cycle|loop|rut)))
    | (?:i'?m|i\s+am|i\s+feel\s+like)\s+(?:just\s+|such\s+)?a\s+waste\s+of\s+
        (?:space|oxygen|air|a\s+life)\b(?!\s+(?:on|at|in|during)\b)
    | (?:i'?m|i\s+am|feel\s+like|i\s+feel\s+like)\s+(?:such\s+|just\s+|only\s+)?a\s+burden\b
    | better\s+off\s+(?:dead|without\s+me|gone|if\s+i\s+(?:was|were)n'?t\s+(?:here|around))\b
    | (?:would|[a-z]+'d|will)\s+(?:(?:all|honestly|really|probably|genuinely|just)\s+){0,2}
        (?:be|do|manage|cope|get\s+on|live)\s+(?:(?:so|much|a\s+lot|just|far|way)\s+){0,2}
        (?:better|fine|happier|easier)\s+without\s+me\b
    | (?:happier|better)\s+(?:off\s+)?if\s+i\s+(?:died|(?:was|were|wasn'?t|weren'?t)\s+
        (?:dead|gone|here|around|alive))\b
    | (?:no\s*one|nobody)\s+would\s+(?:even\s+)?miss\s+me\b
    | (?:anyone|anybody|no\s*one|nobody)\s+would\s+(?:even\s+|really\s+)?(?:notice|care|miss\s+me)
        \s+if\s+i\s+(?:just\s+)?(?:died|disappeared|vanished|(?:was|were)\s+(?:gone|dead|not\s+here)
        |wasn'?t\s+(?:here|around))\b
    """,
    # Means, plans and farewells.
    r"""(?:how\s+many|enough|stockpil\w*|(?:saving|saved|collecting|collected)\s+up|hoard\w*)\s+
        (?:of\s+)?(?:my\s+|some\s+|enough\s+)?(?:pills|tablets|meds|sleeping\s+(?:pills|tablets)
        |painkillers)\b
    | (?:take|taking|took|swallow\w*)\s+all\s+(?:of\s+)?(?:my\s+|the\s+)?(?:pills|tablets|meds)
        \s+(?:at\s+once|in\s+one\s+go|tonight|together)\b
    | (?:take|taking|took|swallow\w*)\s+(?:a\s+bunch|too\s+many|the\s+whole\s+bottle)\s+
        (?:of\s+)?(?:my\s+|the\s+)?(?:pills|tablets|meds)\b
    | (?:take|swallow|down)\s+(?:every|all\s+(?:of\s+)?(?:the|my))\s+
        (?:pill|tablet|med|sleeping\s+pill|painkiller)s?\b
    | (?:jump\w*|throw\w*\s+myself|step\w*|walk\w*|lie\s+down|lying\s+down)\s+
        (?:off|from|in\s+front\s+of|under)\s+(?:a|the)\s+
        (?:bridge|building|roof|cliff|train|truck|bus|car)\b
    | (?:goodbye|suicide|farewell)\s+(?:letters?|notes?)\b
    | (?:letters?|notes?)\s+(?:for|to)\s+(?:the\s+|my\s+)?
        (?:kids|children|family|wife|husband|partner)\s+(?:are|is)\s+(?:in|on|under|ready|written|done)\b
    | (?:a\s+)?note\s+(?:on\s+\w+\s+desk\s+)?addressed\s+to\b
    | (?:least\s+painful|painless|quickest|easiest|surest)\s+way\s+to\s+(?:go|die|do\s+it|end\s+it
        |kill\s+myself)\b
    | how\s+(?:much|many)\s+(?:of\s+)?(?:my\s+)?[\w-]+\s+(?:is|would\s+be|are)\s+
        (?:fatal|lethal|deadly)\b
    | (?:fatal|lethal|deadly)\s+dose\b
    | how\s+many\s+(?:of\s+)?(?:my\s+|his\s+|her\s+)?
        (?:pills|tablets|meds|painkillers|sleeping\s+\w+|[a-z]+(?:ine|ol|am|pam|lam|one|ate|ide))\s+(?:it\s+)?would\s+(?:it\s+)?take\b
    | (?:got|have|has|saved)\s+enough\s+(?:saved|stored|put\s+aside|stockpiled|pills|tablets)\b
        (?![^.?!]{0,20}\bfor\b)
    | (?:picked|chosen|chose|found)\s+(?:out\s+)?(?:the|a)\s+(?:bridge|spot|place|tree)\b
        (?!\s+(?:for|to|where|on\s+the\s+course)\b)
    | not\s+planning\s+on\s+(?:the\s+return|coming\s+(?:back|home))\b
    | check(?:ing)?\s+out\W+(?:for\s+good|permanently|for\s+ever|forever)\b
    | (?:wouldn'?t|won'?t)\s+have\s+to\s+worry\s+about\s+(?:me|her|him|them)\s+(?:much\s+)?
        (?:longer|anymore)\b
    | (?<!starter\s)(?:shotgun|gun|rifle|pistol)\b(?=[\s\S]{0,200}?\bjust\s+in\s+case\b)
    | took\s+a\s+(?:hammer|knife|blade|razor|lighter|belt)\s+to\s+my\b
    | (?:cut|cutting|slash\w*|burn\w*|carv\w*)\s+
        (?:my\s*self|my\s+(?:thighs?|arms?|wrists?|legs?|skin|stomach|calf|calves))\s+with\s+(?:a\s+)?(?:razor|blade|knife|lighter|scissors|glass)
    | (?:the\s+|my\s+)?(?:letters?|notes?)\s+(?:are|is)\s+(?:already\s+)?(?:written|done|ready)\b
    | how\s+(?:i'?ll|i\s+will|i\s+would|i'?d|i'?m\s+going\s+to|to)\s+end\s+
        (?:things|it\s+all|everything|my\s+life)\b(?!\s+(?:with|here|there|early|at|on)\b)
    | (?:how\s+easy|easy|easier|simpler|better)\s+(?:it\s+would\s+be\s+|it'?d\s+be\s+|it\s+is\s+)?
        to\s+(?:just\s+)?(?:jump\b(?!\s+(?:in|on|into|back|ship))|step\s+(?:forward|out|off|in\s+front)
        (?!\s+(?:the\s+|a\s+)?(?:track|treadmill|course|road|trail|curb|kerb|bus|gas|pace|it\s+up))
        |fall\b(?!\s+(?:asleep|back|into|behind))|let\s+go\b(?!\s+of)|end\s+it
        |not\s+(?:come\s+home|wake\s+up|be\s+here|be\s+around|turn|stop|brake)|disappear
        |drive\s+(?:off|into)|swerve)\b
    | (?:won'?t|will\s+not|never)\s+be\s+a\s+(?:problem|burden|bother|worry)\s+(?:for|to)\s+
        (?:anyone|anybody|you|everyone|any\s+of\s+you)\s+(?:anymore|any\s+more|again)\b
    | in\s+case\s+i\s+(?:don'?t|do\s+not)\s+make\s+it\b(?!\s+(?:to|in\s+time|back|there|home))
    | (?:wrote|written|writing|left)\s+(?:a\s+)?(?:letters?|notes?)\s+(?:to|for)\s+(?:my\s+)?
        (?:family|kids|children|parents|wife|husband|partner|everyone|loved\s+ones)\b
    | (?:said|saying|say)\s+(?:my\s+)?goodbyes\b
    | goodbye\s+(?:everyone|world|forever|all\s+of\s+you)\b
    | (?:won'?t|not\s+going\s+to|not\s+gonna)\s+be\s+(?:around|here)\s+(?:much\s+)?
        (?:longer|for\s+long)\b
    """,
)
_CRISIS = re.compile(r"\b(?=[a-z])(?:" + "|".join(_CRISIS_FAMILIES) + ")", re.VERBOSE)
# Without one of these words neither can match, and most messages are spared both passes.
_CRISIS_NEEDLES = needles(_CRISIS)
_IDIOM_NEEDLES = needles(_IDIOMS)

# A plan, a means or a time: the alert must reach moderators even if one was sent recently.
_IMMINENT = re.compile(
    r"""
    \b(?:tonight|right\s+now|this\s+weekend|have\s+a\s+plan|made\s+a\s+plan|my\s+plan|planned
    |planning|pills|tablets|rope|bridge|gun|goodbye|last\s+message
    |took\s+(?:all|a\s+bunch|too\s+many)|written\s+(?:a\s+)?(?:letter|note)s?)\b
    """,
    re.VERBOSE,
)


# Means, a plan or a time said without crisis words ("I have the pills, tonight"). Alone these
# are ordinary ("I have the pills for my hamstring"); from a member who wrote in crisis a
# little earlier they are the most urgent message of all, so callers that remember recent
# crisis language (the moderator) read them as imminent crisis.
_MEANS_OR_PLAN = re.compile(
    r"""
    \b(?=[a-z])(?:
    i(?:'ve|\s+have|\s+got|'ve\s+got|\s+bought|\s+found|\s+took|\s+saved)\s+
        (?:the|my|a|enough|some|all\s+(?:of\s+)?(?:the|my))\s+
        (?:pills|tablets|meds|sleeping\s+pills|painkillers|rope|gun|knife|blade|razors?)\b
    | (?:tonight|today|this\s+weekend)\s+is\s+the\s+(?:night|day)\b
    | i(?:'m|\s+am)\s+(?:going\s+to|gonna)\s+do\s+it\s+(?:tonight|today|now|soon
        |this\s+weekend)\b
    | (?:it|this|everything)\s+(?:ends|will\s+end|is\s+ending)\s+(?:tonight|today|now)\b
    | my\s+last\s+(?:night|day|message|post)\b
    | (?:take|taking|took|swallow\w*|taken)\s+(?:them\s+all|all\s+of\s+them
        |the\s+(?:whole\s+)?bottle|a\s+(?:whole\s+)?bottle)\b
    | (?:tonight|now)\b[^.!?\n]{0,20}\b(?:pills|tablets|rope|gun|bridge)\b
    | (?:pills|tablets|rope|gun|bridge)\b[^.!?\n]{0,20}\b(?:tonight|right\s+now)\b
    )""",
    re.VERBOSE,
)


# The warning signs suicide prevention teaches, none a crisis on its own ("I gave my old spikes
# to the juniors" is kindness), two together a farewell said without crisis words.
_WARNING_SIGNS = tuple(re.compile(p) for p in (
    # Giving away what mattered.
    r"\b(?:gave|given|giving)\s+(?:away\s+)?(?:all\s+)?(?:of\s+)?my\s+(?:[\w']+\s+){0,5}"
    r"(?:away|to\s+(?:the|my|a|some|anyone))\b|\bgave\s+(?:me|us|him|her)\s+(?:her|his|their|my)\s+\w+|"
    r"\b(?:the\s+|my\s+)?(?:dog|cat|pets?)\s+(?:goes|is\s+going|will\s+go)\s+to\b|\brehom\w*\b|"
    r"\bhand\w*\s+back\s+(?:the|her|his|my)\s+(?:club\s+)?(?:vest|kit|keys)",
    # Not needing anything any more.
    r"\b(?:won'?t|wont|will\s+not)\s+be\s+needing\b|\bwon'?t\s+need\s+(?:it|them|any\s+of)",
    # Affairs put in order.
    r"\b(?:sorted|sorting|put|putting|got|getting)\s+(?:out\s+)?(?:the\s+|my\s+|all\s+the\s+)?"
    r"(?:paperwork|affairs|will|finances|passwords)\b|\bmade\s+(?:a|my)\s+will\b",
    # A farewell: thanks for everything, peace made, a last time.
    r"\bthank(?:s|\s+you)\s+for\s+everything\b|\bthanks?\s+(?:to\s+)?(?:everyone|all\s+of\s+you|the\s+"
    r"people)\s+(?:here\s+)?who\s+(?:were|was|have\s+been)\s+(?:kind|good|there)\b|"
    r"\bmade\s+(?:my\s+)?peace\b|\b(?:this|my)\s+last\s+(?:year|post|message|run)\b|"
    r"\bone\s+last\s+time\b|\bhugged\s+everyone\b|"
    r"\b(?:tonight|today)(?:'s|\s+is)\s+the\s+(?:night|day)\b",
))


def warning_signs(text: str) -> int:
    """How many kinds of warning sign the (lowercased) text shows."""
    return sum(1 for pattern in _WARNING_SIGNS if pattern.search(text))


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
    cleaned = text.lower().replace("’", "'")
    if warning_signs(cleaned) >= 2:
        return CrisisSignal(phrase="warning signs of a farewell",
                            imminent=_IMMINENT.search(cleaned) is not None)
    if not may_match(_CRISIS_NEEDLES, cleaned):
        return None
    if may_match(_IDIOM_NEEDLES, cleaned):
        cleaned = _IDIOMS.sub(" ", cleaned)
    match = _CRISIS.search(cleaned)
    if match is None:
        return None
    return CrisisSignal(
        phrase=match.group(0).strip().lower(),
        imminent=_IMMINENT.search(cleaned) is not None,
    )


def follow_up_crisis(text: str) -> CrisisSignal | None:
    """Means, a plan or a time, for a member known to have written in crisis recently: an
    imminent crisis even though the message has no crisis words of its own."""
    match = _MEANS_OR_PLAN.search(text.lower().replace("\u2019", "'"))
    if match is None:
        return None
    return CrisisSignal(phrase=match.group(0).strip(), imminent=True)
