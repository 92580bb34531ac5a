"""Triage of every question: crisis, urgent red flags, and signs that call for a clinician.

LLC, as the summary describes it, has no numbness, shooting pain or pins and needles, stops
when the runner stops, and stays with running. Anything else may be another problem, so it
is pointed to a clinician even when the rest of the question is about LLC. Mentioning a red
flag is enough: a needless "see a doctor" costs little, a missed one can cost a great deal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.crisis import detect_crisis
from knowledge.expand import normalise
from knowledge.features import SPREAD_TOLD, SymptomFeatures
from knowledge.models import TRIAGE_ORDER, TriageLevel
from knowledge.negation import negated, reported, ruled_out_after
from knowledge.support import LOW_MOOD, support_reasons

# The summary sentences that show why a sign does not fit LLC: (section id, sentence number).
NO_NERVE_SIGNS = ("what-is-llc", 3)
ONLY_WHILE_RUNNING = ("what-is-llc", 1)
SPECIFIC_TO_RUNNING = ("specific-to-running", 1)
SCREENING = ("other-injuries-and-screening", 2)


# The summary's own contrast with runner's dystonia, which spreads and takes walking with it.
DYSTONIA_PROGNOSIS = ("prognosis-compared", 0)
NO_GAIT_PROBLEMS = ("prognosis-compared", 1)


@dataclass(frozen=True)
class Sign:
    level: TriageLevel
    reason: str
    pattern: re.Pattern[str]
    grounding: tuple[tuple[str, int], ...]


def _sign(level: TriageLevel, reason: str, pattern: str,
          *grounding: tuple[str, int]) -> Sign:
    return Sign(level, reason, re.compile(pattern, re.IGNORECASE | re.VERBOSE),
                grounding or (SCREENING,))


SIGNS: tuple[Sign, ...] = (
    _sign("urgent", "loss of bladder or bowel control",
          r"\b(?:bladder|bowel|incontinen\w*|wet\s+myself|soiled|pee(?:ing)?\s+myself|"
          r"can'?t\s+(?:pee|urinate|hold\s+(?:it|my\s+(?:pee|urine)))|"
          r"(?:didn'?t|couldn'?t|not)\s+(?:make\s+it|get)\s+to\s+the\s+(?:toilet|loo|bathroom)\s+in\s+time)"),
    _sign("urgent", "numbness in the groin or saddle area",
          r"\b(?:saddle|groin|genital|inner\s+thighs?\s+(?:and|&)\s+groin)\w*\s+(?:\w+\s+){0,3}"
          r"(?:numb\w*|tingl\w*|no\s+feeling)|\bnumb\w*\s+(?:\w+\s+){0,3}(?:saddle|groin|genital)|"
          r"\bnumb\w*\s+(?:\w+\s+){0,2}['\"]?down\s+there"),
    _sign("urgent", "sudden weakness",
          r"\b(?:sudden(?:ly)?|overnight|all\s+of\s+a\s+sudden|out\s+of\s+nowhere)\s+(?:\w+\s+){0,4}"
          r"(?:weak\w*|paralys\w*|can'?t\s+(?:move|lift|feel|walk|stand))"
          r"|\b(?:weak\w*|paralys\w*)\s+(?:\w+\s+){0,3}(?:sudden(?:ly)?|overnight|out\s+of\s+nowhere)"
          r"|\bfoot\s*drop\b|\bdrop\s+foot\b|\bcan'?t\s+(?:lift|move)\s+my\s+(?:foot|leg|toes)"
          # "Woke up and my foot just flops ... came on overnight": told apart in one sentence.
          r"|\b(?:woke\s+up|overnight|since\s+this\s+morning|all\s+of\s+a\s+sudden)\b[^.?!]{0,80}"
          r"\b(?:flops?|floppy|can'?t\s+(?:lift|move|feel|raise))"
          r"|\b(?:flops?|can'?t\s+(?:lift|raise)\s+(?:the\s+front|my\s+(?:foot|toes)))\b[^.?!]{0,80}"
          r"\b(?:overnight|woke\s+up|all\s+of\s+a\s+sudden)\b"),
    _sign("urgent", "one-sided weakness or numbness, a drooping face, or slurred speech",
          r"\b(?:face\s+(?:\w+\s+)?droop\w*|slurred\s+speech|slurring|"
          r"one\s+side\s+of\s+my\s+(?:body|face))"),
    _sign("see_doctor", "numbness",
          r"\b(?:numb(?:ness|ed|ing|er|s)?\b|no\s+feeling|lost\s+feeling|loss\s+of\s+(?:feeling|sensation)|can'?t\s+feel)",
          NO_NERVE_SIGNS),
    _sign("see_doctor", "pins and needles or tingling",
          r"\b(?:pins\s+(?:and|&|n)\s+needles|tingl\w*|prickl\w*|electric\w*|buzzing|burning\s+(?:feeling|sensation))",
          NO_NERVE_SIGNS),
    _sign("see_doctor", "shooting or radiating pain",
          r"\b(?:shoot\w*|radiat\w*)\s+(?:\w+\s+){0,2}pain|\bpain\s+(?:\w+\s+){0,2}"
          r"(?:shoot\w*|radiat\w*)|\bnerve\s+pain\b|\bshooting\b", NO_NERVE_SIGNS),
    _sign("see_doctor", "symptoms while walking, at rest or at night",
          r"\blying\s+(?:down|in\s+bed)\b|\bin\s+bed\b|\bwhen\s+i\s+sleep\b|\b(?:leg|foot)\s+drags\b|"
          r"\b(?:while|when|even|just|also)\s+(?:[\w']+\s+){0,2}(?:walk\w*|standing|sitting|sat|driving|resting|"
          r"lying|sleeping|in\s+bed)\b|\bat\s+(?:rest|night)\b|\b(?:trouble|difficulty|problems?)\s+"
          r"walking\b|\b(?<!running\swith\sa\s)"
          # ("He looks like he's limping" on a run is the stride, not walking.)
          r"(?<!like\s)(?<!like\she's\s)(?<!like\sshe's\s)(?<!like\si'm\s)(?<!like\sim\s)"
          r"(?:limp\w*|drag\w*\s+my\s+(?:leg|foot))\b|"
          r"\b(?:hurts?|pain\w*|sore)\s+(?:\w+\s+){0,2}(?:walking|to\s+walk|when\s+i\s+walk)\b|\b(?<!you\s)(?<!they\s)can'?t\s+walk\b|\bwalking\s+is\s+"
          r"(?:hard|difficult|affected)\b", ONLY_WHILE_RUNNING, NO_GAIT_PROBLEMS),
    _sign("see_doctor", "falls or near falls",
          r"\b(?:nearly|almost|close\s+to|about\s+to|narrowly)\s+(?:\w+\s+){0,2}(?:fell|fall\w*|went\s+down|"
          r"go(?:ing)?\s+down|face[\s-]?plant\w*|ate\s+(?:dirt|pavement|concrete|it)|eat(?:ing)?\s+(?:dirt|"
          r"pavement|concrete)|hit\s+the\s+(?:deck|ground|floor)|stack\w*|wip(?:e|ed|ing)\s+out|tripp\w*|"
          r"kiss\w*\s+the\s+(?:kerb|curb|ground|pavement|floor|deck|tarmac)|"
          r"trip\b)|\bface[\s-]?plant\w*|\b(?:trip|tripping|tripped|trips|stumbl\w*)\b|\bbuckl\w*|"
          r"\bcollaps\w*|\b(?:leg|knee|it)\s+(?:gives|gave|giving|goes|went)\s+(?:way|out)\b|"
          r"\bhit\s+the\s+(?:deck|ground|floor)\b|\bwent\s+down\s+hard\b"),
    _sign("see_doctor", "foot drop or a foot that catches or drags",
          r"\bfoot\s+(?:\w+\s+)?(?:slap\w*|smack\w*|drag\w*|catch\w*|scuff\w*)|\b(?:slap\w*|smack\w*|"
          r"scuff\w*)\s+(?:\w+\s+){0,2}"
          r"(?:down|the\s+ground|the\s+floor|my\s+foot|my\s+toes?)|\b(?:toes?|foot)\s+(?:keeps?\s+)?"
          r"catch\w*|\bcatch\w*\s+my\s+(?:toes?|foot)|\bcan'?t\s+(?:lift|raise|pull\s+up)\s+(?:the\s+"
          r"front\s+of\s+)?my\s+(?:foot|toes)|\bdorsiflex\w*"),
    _sign("see_doctor", "numbness, tingling or odd sensations",
          r"\b(?:fizz\w*|falls?\s+asleep|fell\s+asleep|went\s+asleep|goes\s+to\s+sleep|zaps?|zapping|"
          r"(?:like|feels?\s+like)\s+static|static\s+(?:feeling|sensation|shocks?)|ants\s+crawling|crawling\s+(?:feeling|sensation)|goes\s+dead\s+and|"
          r"(?:lose|lost|losing)\s+(?:all\s+)?(?:feeling|sensation)|like\s+(?:an\s+)?electric)\b",
          NO_NERVE_SIGNS),
    _sign("see_doctor", "symptoms spreading beyond running",
          # "Dystonia can spread", "will it spread?": a possibility feared, not a symptom.
          rf"\b{SPREAD_TOLD}|"
          # ("Now I cycle" or "switched to the bike" is what the runner does instead.)
          r"\b(?:now|also|even|too|started|starting|begun|began)\b"
          r"(?!\s+(?:i\s+|we\s+)?(?:cycle|bike|ride|swim|row|do|use|switched))[^.?!]{0,40}\b(?:bik\w*|"
          r"cycl\w*|elliptical|stairs|stair\s*master|writing|typing|daily\s+life|everyday|"
          r"other\s+activities|swimming|arm|hand|other\s+leg|both\s+legs)\b|\b(?:bik\w*|cycl\w*|"
          r"elliptical|stairs|stair\s*master|writing|typing|swimming)\b"
          # "the bike path" is a place to run, not another activity.
          r"(?!\s+(?:paths?|lanes?|trails?|routes?|shop|rack))[^.?!]{0,40}\b(?:now|also|"
          r"too|as\s+well)\b|"
          # "My hand has started cramping when I write": another limb or a fine task, told first.
          r"\b(?:hand|hands|arm|arms|fingers?|handwriting)\b[^.?!]{0,30}\b(?:started|starting|"
          r"begun|began|now)\s+(?:[\w']+\s+){0,2}(?:cramp\w*|shak\w*|trembl\w*|tremor|clumsy|"
          r"stiff\w*|curl\w*|twist\w*|weird|misfir\w*|spasm\w*|jerk\w*|doing\s+(?:it|the\s+same)|"
          r"the\s+same)|"
          r"\b(?:hand|arm|fingers?)\s+(?:[\w']+\s+){0,2}(?:feels?|is|are|gets?|goes|went|got)\s+"
          r"(?:[\w']+\s+)?(?:clumsy|stiff|uncoordinated|crampy|shaky|weird|wonky)\b|"
          r"\bhandwriting\s+(?:has\s+|is\s+)?(?:shrunk|shrinking|got\s+smaller|gotten\s+smaller|"
          r"changed|getting\s+(?:smaller|worse|messy))", SPECIFIC_TO_RUNNING, DYSTONIA_PROGNOSIS),
    _sign("see_doctor", "falls",
          r"\b(?:fall\w*|fell|falling)\s+(?:over|down)\b|\bi\s+(?:fall|fell|keep\s+falling)\b|"
          r"\bfalls\b(?!\s+(?:apart|to\s+(?:pieces|bits)|off|behind|short|into|within|between|under|flat|"
          r"in\s+(?:line|love)))|\btripp\w*\s+(?:over|and\s+fall\w*)\b"),
    # A tremor, above all at rest or in a hand, is not how LLC behaves ("only while running").
    # Shaking the leg out after stopping, or a shakeout jog, is runner talk.
    _sign("see_doctor", "a tremor, or movements of their own",
          # ("Tremor and Other Hyperkinetic Movements" is a journal of the literature list.)
          r"\btremors?\b(?!\s+and\s+other\s+hyperkinetic)|\btrembl\w*|\bpill[\s-]rolling\b|"
          r"\bthumb\s+rolling\b|"
          r"\b(?:hand|hands|arm|arms|fingers?|thumb|chin|jaw|head)\s+(?:\w+\s+){0,4}"
          r"(?:shak(?:e|es|ing|y)|twitch\w*)\b(?!\s+(?:it|them|the\s+leg|my\s+leg)\s+out)|"
          r"\b(?:shake|shaking|twitch\w*)\s+(?:in\s+)?(?:my\s+|the\s+)?(?:hand|hands|arm|fingers?|thumb)\b|"
          r"\b(?:shak(?:e|es|ing)|trembl\w*|twitch\w*|jerk\w*|curl\w*|clench\w*|grip\w*|twist\w*|"
          r"cramp\w*|spasm\w*)\s+(?:[\w']+\s+){0,2}(?:on\s+(?:its|their)\s+own|by\s+"
          r"(?:itself|themselves))|\brhythmic\s+(?:shake|shaking|jerk\w*|twitch\w*)",
          ONLY_WHILE_RUNNING),
    # Not LLC at all, but a member who tells of it should hear "see a clinician".
    _sign("see_doctor", "a bite or a wound that broke the skin",
          r"\b(?:bitten\s+by\s+(?:a|an|the|my|his|her|their)\s+(?!running|racing)\w+|bit\s+(?:me|my)|(?:dog|animal|cat)\s+bite|nipped\s+by|(?<!lumbar\s)punctures?\b(?!\s+test)|"
          r"deep\s+(?:cut|gash|wound))\b"),
    _sign("see_doctor", "swelling, redness or a hot, painful calf",
          r"\b(?:calf|leg)\s+(?:\w+\s+){0,3}(?:swollen|swelling|red|hot)\b|\bblood\s+clot\b|\bdvt\b"),
    _sign("see_doctor", "sharp or worsening pain at one spot",
          r"\b(?:bone|point)\s+(?:pain|tenderness)|\bstress\s+fracture\s+(?:symptoms?|pain)\b|"
          # Can't hop on it: the test for a bone under stress.
          r"\b(?:can'?t|cannot|unable\s+to)\s+hop\b|\bhurts?\s+to\s+hop\b|\bhopping\s+[^.?!]{0,20}no\s+way\b"),
)

_ORDER: dict[TriageLevel, int] = {level: rank for rank, level in enumerate(TRIAGE_ORDER)}

MEDICATION_REASON = "a question about a medication or its dose"
# A question about a dose or changing a medicine is for the prescriber, whatever it names.
_MEDICATION = re.compile(
    r"\b(?:baclofen|gabapentin|levodopa|l-dopa|carbidopa|sinemet|trihexyphenidyl|artane|clonazepam|"
    r"pregabalin|lyrica|botox|botulinum|dysport|xeomin|(?<!sports\s)(?<!sport\s)(?:meds?|medicine)|"
    r"medication\w*|drugs?|pills?|tablets?|"
    r"muscle\s+relaxants?|anticholinergics?|dopamine\s+agonists?)\b")
_DOSING = re.compile(
    r"\b(?:go(?:ing)?\s+up\s+to|(?:half|full|extra|another)\s+(?:a\s+)?(?:tablet|pill|dose)|respond\w*\s+to|response\s+to|side[\s-]effects?|should\s+i\s+(?:take|try|start|ask\s+for)|"
    r"dose\w*|dosage\w*|\d+\s*(?:mg|ml|units?|iu)|milligrams?|units\s+of|how\s+much|how\s+many|"
    r"(?:up|increase|raise|double|lower|reduce|decrease|cut|halve|change|switch|stop|quit|come\s+off|"
    r"get\s+off|wean|taper|bump)\w*\s+(?:my\s+|the\s+|off\s+|it\s+)?(?:\w+\s+)?(?:dose|meds|medication|pills?|"
    r"tablets?|baclofen|gabapentin|levodopa|sinemet|botox|clonazepam|artane|drugs?))\b")


_DOSE_OR_CHANGE = re.compile(
    r"\b(?:go(?:ing)?\s+up\s+to|(?:half|full|extra|another)\s+(?:a\s+)?(?:tablet|pill|dose)|dose\w*|dosage\w*|\d+\s*(?:mg|ml|units?|iu)|milligrams?|units\s+of|how\s+(?:much|many)|"
    r"(?:up|increase|raise|double|lower|reduce|decrease|cut|halve|change|switch|stop|quit|come\s+off|"
    r"get\s+off|wean|taper|bump)\w*)\b")


def asks_about_dose(text: str) -> bool:
    """A dose, or changing a medicine: nothing from the summary may be quoted beside it."""
    return asks_about_medication(text) and bool(_DOSE_OR_CHANGE.search(text))


def asks_about_medication(text: str) -> bool:
    """A dose, or starting, stopping or changing a medicine, or what the member's own response
    to one means (normalised text). "Which paper links levodopa response to Parkinson's?"
    asks about the literature, not about the member's medicine."""
    if not (_MEDICATION.search(text) and _DOSING.search(text)):
        return False
    return bool(_DOSE_OR_CHANGE.search(text) or _FIRST_PERSON.search(text))


DIAGNOSIS_REASON = "worries about the course of a dystonia diagnosis, for your neurologist"
# A member told they have dystonia who fears where it leads needs their neurologist, beside
# the summary's figures (bounded gaps keep this linear).
_DIAGNOSED_DYSTONIA = re.compile(
    r"\bdiagnos\w*\b[^.?!]{0,80}\bdystoni\w*|\bdystoni\w*\b[^.?!]{0,40}\bdiagnos\w*")
_COURSE_FEAR = re.compile(
    r"\b(?:(?:stop|stopped|lose|losing)\s+(?:\w+\s+){0,3}walk\w*|walk\w*\s+(?:\w+\s+){0,2}"
    r"(?:again|properly|normally)|wheelchair|spread\w*|get\s+worse|progress\w*|disab\w*|"
    r"end\s+up|cripple\w*)\b")


@dataclass(frozen=True)
class Triage:
    level: TriageLevel = "none"
    reasons: list[str] = field(default_factory=list)
    grounding: list[tuple[str, int]] = field(default_factory=list)


def _mentions(sign: Sign, text: str) -> bool:
    return any(not negated(text, m.start()) and not ruled_out_after(text, m.end())
               and not reported(text, m.start()) for m in sign.pattern.finditer(text))


# "> watch out for tripping": a line quoting another member is their words, not the asker's.
_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*$", re.MULTILINE)


def own_words(question: str) -> str:
    """The message without the lines it quotes from someone else."""
    return _QUOTED_LINE.sub(" ", question)


# "Does LLC cause numbness?" asks about the condition, not about the asker: no first person,
# a question word first, and the condition or "runners" as its subject.
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|mine|myself)\b")
_GENERAL_QUESTION = re.compile(
    r"^(?:are|is|does|do|can|could|what|which|how|why|will|would|should)\b.*"
    r"\b(?:llc|loss\s+of\s+leg\s+coordination|dystonia|runners|people|patients|cases)\b"
)


def is_general_question(text: str) -> bool:
    """A question about the condition in general rather than the asker's own symptoms."""
    return not _FIRST_PERSON.search(text) and bool(_GENERAL_QUESTION.search(text))


SPREADING = "symptoms spreading beyond running"
WALKING = "symptoms while walking, at rest or at night"


def _from_story(features: SymptomFeatures | None, reasons: list[str]) -> list[Sign]:
    """Red flags the story tells rather than names: walking or other activities affected."""
    if features is None:
        return []
    found = []
    activities = {e.value for e in features.activities_affected}
    if "walking" in activities and WALKING not in reasons:
        found.append(next(s for s in SIGNS if s.reason == WALKING))
    spreading = any(e.value == "spreading" for e in features.course)
    if (activities - {"walking"} or spreading) and SPREADING not in reasons:
        found.append(next(s for s in SIGNS if s.reason == SPREADING))
    return found


def triage(question: str, semantic_crisis: bool = False,
           features: SymptomFeatures | None = None, semantic_support: bool = False,
           about_llc: bool = True) -> Triage:
    """The most serious level the question calls for, with every reason found, most serious
    first.

    `semantic_crisis` and `semantic_support` are the meaning nets' opinions, which the caller
    computes because it holds the model; `features` (from `extract_features`) adds red flags
    told as a story. A message not `about_llc` (an injury, a cold) is not read for LLC's
    spreading. Crisis is read in every line, quoted ones too; red flags in the member's own."""
    text = normalise(own_words(question))
    crisis = semantic_crisis or detect_crisis(question)
    general = is_general_question(text)
    found = [] if general else [s for s in SIGNS if (about_llc or s.reason != SPREADING)
                                and _mentions(s, text)]
    if not general:
        found += _from_story(features, [s.reason for s in found])
    found.sort(key=lambda sign: -_ORDER[sign.level])
    reasons = [sign.reason for sign in found]
    level: TriageLevel = max((s.level for s in found), key=_ORDER.__getitem__, default="none")
    if not general and _DIAGNOSED_DYSTONIA.search(text) and _COURSE_FEAR.search(text):
        reasons.append(DIAGNOSIS_REASON)
        level = max(level, "see_doctor", key=_ORDER.__getitem__)
    if asks_about_medication(text):
        reasons.append(MEDICATION_REASON)
        level = max(level, "see_doctor", key=_ORDER.__getitem__)
    grounding = (list(dict.fromkeys([*(p for sign in found for p in sign.grounding), SCREENING]))
                 if found else [])
    mood = support_reasons(question) or ([LOW_MOOD] if semantic_support else [])
    if crisis:
        return Triage("crisis", ["crisis language", *reasons, *mood], grounding)
    if mood and level == "none":
        level = "support"
    return Triage(level, reasons + mood, grounding)
