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
from knowledge.understanding.labels import RED_FLAG_FAMILIES
from knowledge.understanding.reader import Reading

# The summary sentences that show why a sign does not fit LLC: (section id, sentence number).
NO_NERVE_SIGNS = ("what-is-llc", 3)
ONLY_WHILE_RUNNING = ("what-is-llc", 1)
SPECIFIC_TO_RUNNING = ("specific-to-running", 1)
SCREENING = ("other-injuries-and-screening", 2)


# The summary's own contrast with runner's dystonia, which spreads and takes walking with it.
DYSTONIA_PROGNOSIS = ("prognosis-compared", 0)
NO_GAIT_PROBLEMS = ("prognosis-compared", 1)


SPREADING = "symptoms spreading beyond running"
WALKING = "symptoms while walking, at rest or at night"


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


# The floor: signs named in so many words, negation-aware. Signs told in a member's own
# words ("my foot slaps", "my hand joins in") are the understanding model's job; these are
# the plain statements that must hold whatever the model says, each with the summary's
# sentences that show why it does not fit LLC.
SIGNS: tuple[Sign, ...] = (
    _sign("urgent", "loss of bladder or bowel control",
          r"\b(?:(?:lost|losing|loss\s+of)\s+(?:bladder|bowel)\s+control|incontinen\w*|"
          r"wet\s+myself|(?:bladder|bowel)\s+(?:accidents?|problems?|trouble))\b"),
    _sign("urgent", "numbness in the groin or saddle area",
          r"\bnumb\w*\s+(?:\w+\s+){0,3}(?:saddle|groin|genitals?)\b|\bsaddle\s+numbness\b"),
    _sign("urgent", "sudden weakness",
          r"\bsudden(?:ly)?\s+(?:\w+\s+){0,3}(?:weak\w*|paraly\w*)|\bfoot\s*drop\b|\bdrop\s+foot\b"),
    _sign("urgent", "one-sided weakness or numbness, a drooping face, or slurred speech",
          r"\b(?:face\s+(?:\w+\s+)?droop\w*|slurred\s+speech|slurring|"
          r"(?:trouble|difficulty)\s+swallowing)\b"),
    _sign("see_doctor", "numbness",
          r"\b(?:numb(?:ness)?|lost\s+feeling|loss\s+of\s+(?:feeling|sensation))\b",
          NO_NERVE_SIGNS),
    _sign("see_doctor", "pins and needles or tingling",
          r"\b(?:pins\s+(?:and|&|n)\s+needles|tingl(?:e|es|ing|y))\b", NO_NERVE_SIGNS),
    _sign("see_doctor", "shooting or radiating pain",
          r"\b(?:shooting|radiating)\s+(?:\w+\s+)?pains?\b|\bnerve\s+pain\b", NO_NERVE_SIGNS),
    _sign("see_doctor", WALKING,
          r"\b(?:(?:trouble|difficulty|problems?)\s+walking|limp(?:ing)?\s+when\s+i\s+walk|"
          r"(?:even|also)\s+(?:when|while)\s+(?:i'?m\s+)?(?:walking|resting|sitting|lying\s+down))\b",
          ONLY_WHILE_RUNNING, NO_GAIT_PROBLEMS),
    _sign("see_doctor", SPREADING, rf"\b{SPREAD_TOLD}", SPECIFIC_TO_RUNNING, DYSTONIA_PROGNOSIS),
    _sign("see_doctor", "falls",
          r"\b(?:i\s+(?:fell|keep\s+falling)|(?:fell|falling)\s+(?:over|down))\b"),
    # A tremor is not how LLC behaves ("only while running"). ("Tremor and Other Hyperkinetic
    # Movements" is a journal of the literature list.)
    _sign("see_doctor", "a tremor, or movements of their own",
          r"\b(?:tremors?|trembl(?:e|es|ing))\b(?!\s+and\s+other\s+hyperkinetic)",
          ONLY_WHILE_RUNNING),
    _sign("see_doctor", "swelling, redness or a hot, painful calf",
          r"\b(?:blood\s+clot|dvt)\b|\bcalf\s+(?:is\s+)?(?:swollen|hot\s+and\s+red)\b"),
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
# Read by the understanding model (intent `fear_disease`): only a doctor can rule it out.
FEAR_OF_DISEASE_REASON = "a worry about another illness, which only a doctor can rule out"
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
    check_in: bool = False  # uncertain risk: moderators quietly asked to look


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


# The summary sentences that show why each red-flag family does not fit LLC.
FAMILY_GROUNDING: dict[str, tuple[tuple[str, int], ...]] = {
    "red_flag.sensory": (NO_NERVE_SIGNS,),
    "red_flag.nerve_pain": (NO_NERVE_SIGNS,),
    "red_flag.rest_or_walking": (ONLY_WHILE_RUNNING, NO_GAIT_PROBLEMS),
    "red_flag.spreading": (SPECIFIC_TO_RUNNING, DYSTONIA_PROGNOSIS),
    "red_flag.tremor": (ONLY_WHILE_RUNNING,),
    "red_flag.falls": (NO_GAIT_PROBLEMS,),
    "red_flag.foot_drop": (NO_GAIT_PROBLEMS,),
}


def _model_signs(reading: Reading | None) -> tuple[list[str], list[tuple[str, int]], bool]:
    """The understanding model's red flags: reasons, the sentences that ground them, and
    whether any is urgent."""
    if reading is None or not reading.red_flag:
        return [], [], False
    grounding = [p for name, (reason, _) in RED_FLAG_FAMILIES.items()
                 if reason in reading.red_flag_reasons
                 for p in FAMILY_GROUNDING.get(name, ())]
    return list(reading.red_flag_reasons), grounding, reading.urgent


def triage(question: str, reading: Reading | None = None,
           features: SymptomFeatures | None = None, about_llc: bool = True) -> Triage:
    """The most serious level the question calls for, with every reason found, most serious
    first.

    `reading` is the understanding model's (`knowledge.understanding`), which the caller
    computes because it holds the encoder; without it only the pattern floor reads the
    message. `features` (from `extract_features`) adds red flags told as a story. A message
    not `about_llc` (an injury, a cold) is not read for LLC's spreading. Crisis is read in
    every line, quoted ones too; red flags in the member's own."""
    text = normalise(own_words(question))
    # The reading already holds the pattern floor; without one, the floor reads alone.
    crisis = (reading.crisis == "act" if reading is not None
              else detect_crisis(question) is not None)
    check_in = not crisis and reading is not None and reading.check_in
    general = is_general_question(text)
    found = [] if general else [s for s in SIGNS if (about_llc or s.reason != SPREADING)
                                and _mentions(s, text)]
    if not general:
        found += _from_story(features, [s.reason for s in found])
    found.sort(key=lambda sign: -_ORDER[sign.level])
    reasons = [sign.reason for sign in found]
    level: TriageLevel = max((s.level for s in found), key=_ORDER.__getitem__, default="none")
    grounding = [p for sign in found for p in sign.grounding]
    model_reasons: list[str] = []
    if not general:
        model_reasons, model_grounding, urgent = _model_signs(reading)
        if model_reasons:
            reasons += [r for r in model_reasons if r not in reasons]
            grounding += model_grounding
            level = max(level, "urgent" if urgent else "see_doctor", key=_ORDER.__getitem__)
    if not general and _DIAGNOSED_DYSTONIA.search(text) and _COURSE_FEAR.search(text):
        reasons.append(DIAGNOSIS_REASON)
        level = max(level, "see_doctor", key=_ORDER.__getitem__)
    care = set(reading.care) if reading is not None else set()
    if asks_about_medication(text) or "medication" in care:
        reasons.append(MEDICATION_REASON)
        level = max(level, "see_doctor", key=_ORDER.__getitem__)
    if "fear_disease" in care and DIAGNOSIS_REASON not in reasons:
        reasons.append(FEAR_OF_DISEASE_REASON)
        level = max(level, "see_doctor", key=_ORDER.__getitem__)
    grounding = list(dict.fromkeys([*grounding, SCREENING])) if found or model_reasons else []
    mood = support_reasons(question) or (
        [LOW_MOOD] if reading is not None and reading.low_mood else [])
    if crisis:
        return Triage("crisis", ["crisis language", *reasons, *mood], grounding)
    if mood and level == "none":
        level = "support"
    return Triage(level, reasons + mood, grounding, check_in=check_in)
