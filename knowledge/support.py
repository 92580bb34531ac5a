"""Low mood without risk language: the `support` level of triage.

Losing running hurts. Members write that they feel depressed, cry every day, cannot get off
the sofa or sleep, grieve the runner they were, or are worn out by their own body and the
round of appointments. That is not a crisis (crisis language is `knowledge/crisis.py`'s job,
and outranks this), and it is not a question the summary answers: it calls for a warm reply,
where to find support, and an invitation to connect with peers. Moderators are not alerted.

Patterns read the member's own words, negation-aware ("not depressed, just curious" is not
low mood); running talk about tired legs after a workout is not exhaustion with one's body.
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

MOODS: tuple[Mood, ...] = (
    _mood(LOW_MOOD, r"\b(?:depress\w*|so\s+(?:low|down|flat)|(?:gone|been|seems?|is)\s+"
          r"(?:really\s+|so\s+|"
          r"very\s+)?(?:low|flat|withdrawn|depressed|miserable)|withdrawn|barely\s+(?:talks|speaks|eats)|"
          r"(?:doesn'?t|don'?t)\s+want\s+to\s+(?:see|talk\s+to)\s+(?:anyone|anybody|(?:her|his|my)\s+\w+\s+friends)|feel(?:ing|s)?\s+(?:so\s+|really\s+|very\s+|pretty\s+)?"
          r"(?:low|down|sad|miserable|lost|empty|broken|defeated|hopeless|awful|terrible|gutted|crushed)|"
          r"miserable|heartbroken|devastat\w*|in\s+a\s+(?:dark|bad)\s+place|"
          r"(?:cry|crying|cried|cries|tears|sobbing|sobbed)\b|no\s+joy|lost\s+(?:all\s+)?(?:interest|motivation|hope)|"
          # Anxiety as the member's own state, not a clinician's word for their leg.
          r"(?:i'?m|i\s+am|feel\w*|so|really)\s+anxious|my\s+anxiety|anxiety\s+(?:is|has\s+been)|"
          r"panic\s+attacks?|lonely|isolated|(?:struggling|suffering)\s+mentally|"
          r"mental\s+health|can'?t\s+stop\s+thinking\s+about\s+it|"
          r"(?:feel\w*|i'?m|so|really)\s+hopeless|sadness|(?:is|she'?s|he'?s|i'?m|so)\s+so\s+sad\b|"
          r"not\s+(?:herself|himself|myself|themselves)\b|"
          r"(?:everything|life|the\s+world|each\s+day|days)\s+(?:feels?|seems?|looks?|is|are)\s+"
          r"(?:so\s+|just\s+|all\s+)?(?:gr[ae]y|empty|colou?rless|dark|bleak|flat|pointless|heavy)|"
          r"(?:won'?t|doesn'?t|refuses\s+to|can'?t)\s+talk\s+about\s+it|"
          r"(?:don'?t|doesn'?t)\s+enjoy\s+anything|nothing\s+(?:feels|is)\s+(?:good|fun|the\s+same)|"
          # Shame, envy and feeling unseen are low mood too.
          r"ashamed|(?:so\s+much\s+)?shame\b|humiliat\w*|jealous|envious|bitter(?:ness)?|"
          r"(?:feel|felt)(?:ing|s)?\s+(?:so\s+|really\s+|very\s+|pretty\s+|completely\s+|totally\s+)?"
          r"(?:stupid|invisible|unheard|useless|pathetic|worthless|like\s+a\s+failure|alone|"
          r"embarrassed|guilty|crazy)|going\s+crazy|losing\s+my\s+mind|"
          r"feel\w*\s+like\s+i'?m\s+(?:crazy|mad|losing\s+it|going\s+mad)|"
          # Withdrawal: hiding away from the people and the sport.
          r"feel(?:s|ing)?\s+like\s+a\s+(?:ghost|shell|stranger|failure|fraud)|"
          r"(?:staying|stay|hiding|shut\s+myself)\s+(?:away\s+)?in\s+my\s+room|"
          r"(?:skipping|skip|avoiding|avoid)\s+(?:practice|training|club\s+nights?|my\s+friends|"
          r"everyone|people)|(?:my\s+)?motivation\s+(?:is\s+|has\s+)?(?:gone|vanished|disappeared)|"
          r"(?:stopped|stop)\s+going\s+to\s+(?:club|training|practice|parkrun|the\s+club)|"
          r"snap(?:ping)?\s+at\s+(?:my\s+)?(?:kids|children|family|partner|wife|husband)|"
          # Doubting oneself after every test came back normal.
          r"(?:think|thinking|wonder\w*|feel|feeling|felt)\s+(?:like\s+|if\s+|that\s+)?i(?:\s+made|\s+make|"
          r"\s+am\s+making|'?m\s+making)\s+"
          r"(?:it\s+|this\s+|the\s+whole\s+thing\s+|everything\s+)?(?:all\s+)?up|"
          r"the\s+problem\s+is\s+(?:just\s+)?me\b)"),
    _mood("grief over running", r"\b(?:griev\w*|grief|mourn\w*|running\s+(?:is|was)\s+"
          r"(?:my\s+(?:life|identity|"
          r"everything|outlet|therapy)|who\s+i\s+(?:am|was)|everything\s+to\s+me)|lost\s+(?:my\s+)?identity|"
          r"who\s+i\s+was|part\s+of\s+me\s+(?:died|is\s+gone|has\s+gone|is\s+missing)|"
          r"lost\s+(?:a\s+(?:big\s+)?|the\s+best\s+)?part\s+of\s+(?:me|myself|who\s+i\s+am)|"
          r"miss\s+(?:it|running|racing|the\s+sport|training|competing)\s+(?:so\s+much|terribly|"
          r"every\s+(?:day|single\s+day)|like\s+crazy)|like\s+visiting\s+a\s+grave|the\s+old\s+me\b|"
          r"losing\s+(?:him|her|them|it)\s+(?:twice|again|all\s+over)|"
          r"only\s+(?:time|thing)\s+(?:that\s+)?(?:i\s+)?(?:felt|made\s+me\s+feel)\s+(?:okay|ok|normal|human|like\s+me)|"
          r"feel\s+sick\s+(?:when|every\s+time|whenever)\s+i\s+see)"),
    _mood("exhaustion with your body", r"\b(?:can'?t\s+get\s+(?:off|out\s+of)\s+(?:the\s+|my\s+)?"
          r"(?:sofa|couch|bed)|"
          r"(?:can'?t|cannot|unable\s+to)\s+sleep|not\s+sleeping|insomnia|"
          r"(?:stopped|isn'?t|hasn'?t\s+been|not\s+been|haven'?t\s+been)\s+sleeping|"
          r"(?:haven'?t|hasn'?t|not|barely|hardly)\s+slept|(?:lie|lying)\s+(?:there\s+)?awake|"
          r"(?:lie|lying)\s+there\s+replaying|"
          r"(?:awake|up|scrolling|lying\s+awake)\s+(?:\w+\s+)?(?:at|until|till)\s+[1-5]\s*(?:am|a\.m\.)|(?:emotionally|mentally)\s+"
          r"(?:exhausted|drained|done)|exhausted\s+(?:by|with|from\s+(?:all|this|the\s+(?:whole|constant)|not\s+being|"
          r"being|fighting|trying))|"
          r"so\s+(?:exhausted|drained|worn\s+out)|worn\s+down|tired\s+of\s+(?:my\s+(?:own\s+)?body|this|it\s+all|"
          r"fighting|being)|(?:sick|fed\s+up)\s+(?:of|with)\s+my\s+(?:own\s+)?body|hate\s+my\s+(?:own\s+)?body|"
          r"body\s+(?:keeps\s+)?(?:letting|let)\s+me\s+down|betrayed\s+by\s+my\s+(?:own\s+)?body|"
          r"can'?t\s+focus|can'?t\s+cope|not\s+coping|taken\s+everything)"),
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
