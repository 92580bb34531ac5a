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
from knowledge.features import SPREAD_TOLD, SymptomFeatures, medicine_names
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
    pattern: re.Pattern[str] | None  # None: told by the story's features, never named here
    grounding: tuple[tuple[str, int], ...]


def _sign(level: TriageLevel, reason: str, pattern: str | None,
          *grounding: tuple[str, int]) -> Sign:
    compiled = None if pattern is None else re.compile(pattern, re.IGNORECASE | re.VERBOSE)
    return Sign(level, reason, compiled, grounding or (SCREENING,))


# The floor: signs named in so many words, negation-aware, that must hold whatever the model
# says: the urgent ones, and the nerve signs the summary sets LLC apart from. Every other sign
# (shooting pain, a tremor, a hot calf, trouble walking, and every sign told in a
# member's own words) is the understanding model's red-flag families; each sign carries the
# summary's sentences that show why it does not fit LLC.
SIGNS: tuple[Sign, ...] = (
    # "Lost bladder control", "incontinence", "wet myself", "bowel accidents".
    _sign("urgent", "loss of bladder or bowel control",
          r"\b(?:(?:lost|losing|loss\s+of)\s+(?:bladder|bowel)\s+control|incontinen\w*|wet\s+myself|"
          r"(?:bladder|bowel)\s+(?:accident|problem|trouble)s?)\b"),
    # "Numb in the groin", "saddle numbness".
    _sign("urgent", "numbness in the groin or saddle area",
          r"\bnumb\w*\s+(?:\w+\s+){0,3}(?:saddle|groin)\b|\bsaddle\s+numbness\b"),
    # "Suddenly weak", "foot drop".
    _sign("urgent", "sudden weakness",
          r"\bsudden(?:ly)?\s+(?:\w+\s+){0,3}(?:weak|paraly)\w*|\b(?:foot\s*drop|drop\s+foot)\b"),
    # A stroke's signs named: "my face droops", "slurred speech", "trouble swallowing".
    _sign("urgent", "one-sided weakness or numbness, a drooping face, or slurred speech",
          r"\b(?:face\s+(?:\w+\s+)?droop\w*|slurr\w*|(?:trouble|difficulty)\s+swallowing)\b"),
    # "Numbness", "my foot goes numb", "lost feeling".
    _sign("see_doctor", "numbness",
          r"\b(?:numb(?:ness)?|(?:lost|loss\s+of)\s+(?:feeling|sensation))\b", NO_NERVE_SIGNS),
    # "Pins and needles", "tingling".
    _sign("see_doctor", "pins and needles or tingling",
          r"\b(?:pins\s+(?:and|&|n)\s+needles|tingl\w*)\b", NO_NERVE_SIGNS),
    # "I fell over", "I keep falling": the model misses a fall told in passing.
    _sign("see_doctor", "falls",
          r"\b(?:i\s+(?:fell|keep\s+falling)|(?:fell|falling)\s+(?:over|down))\b"),
    # "It spread to my other leg" (not "can it spread?").
    _sign("see_doctor", SPREADING, rf"\b{SPREAD_TOLD}", SPECIFIC_TO_RUNNING, DYSTONIA_PROGNOSIS),
)
# Walking affected, told by the story's features ("now my walks feel off too").
_WALKING_SIGN = _sign("see_doctor", WALKING, None, ONLY_WHILE_RUNNING, NO_GAIT_PROBLEMS)

_ORDER: dict[TriageLevel, int] = {level: rank for rank, level in enumerate(TRIAGE_ORDER)}

MEDICATION_REASON = "a question about a medication or its dose"
# A question about a dose or changing a medicine is for the prescriber, whatever medicine it
# names (`medicine_names`, from features.yaml).
# A dose or an amount, named.
_DOSE = re.compile(
    r"\b(?:go(?:ing)?\s+up\s+to|(?:half|full|extra|another)\s+(?:a\s+)?(?:tablet|pill|dose)|"
    r"dos(?:e|age)\w*|\d+\s*(?:mg|ml|units?|iu)|milligrams?|units\s+of|how\s+(?:much|many))\b")
# Starting, stopping or changing something ("up my baclofen", "come off the pills").
_CHANGE = re.compile(
    r"\b(?:up|increase|raise|double|lower|reduce|decrease|cut|halve|change|switch|stop|quit|"
    r"come\s+off|get\s+off|wean|taper|bump)\w*\b")
# What the member's own response to a medicine means, or whether to take one.
_RESPONSE = re.compile(
    r"\b(?:respon(?:d|se)\w*\s+to|side[\s-]effects?|should\s+i\s+(?:take|try|start|ask\s+for))\b")
CHANGE_REACH = 3  # a change names the medicine within three words: "stop taking gabapentin"
_CLAUSE_END = re.compile(r"[.!?;,\n]")


def _changes_medicine(text: str) -> bool:
    """A change of a medicine in one clause ("didn't change a thing. Botox..." is not one)."""
    for change in _CHANGE.finditer(text):
        clause = _CLAUSE_END.split(text[change.end() : change.end() + 80], maxsplit=1)[0]
        following = " ".join(clause.split()[:CHANGE_REACH])
        if medicine_names().search(following) or _DOSE.search(following):
            return True
    return False


def asks_about_dose(text: str) -> bool:
    """A dose, or changing a medicine: nothing from the summary may be quoted beside it."""
    return asks_about_medication(text) and bool(_DOSE.search(text) or _CHANGE.search(text))


def asks_about_medication(text: str) -> bool:
    """A dose, or starting, stopping or changing a medicine, or what the member's own response
    to one means (normalised text). "Which paper links levodopa response to Parkinson's?"
    asks about the literature, not about the member's medicine."""
    # ("Sports medicine", "sport med" is a field, not a medicine.)
    if not medicine_names().search(text.replace("sports med", " ").replace("sport med", " ")):
        return False
    dose = _DOSE.search(text)
    if not (dose or _changes_medicine(text) or _RESPONSE.search(text)):
        return False
    return bool(dose or _CHANGE.search(text) or _FIRST_PERSON.search(text))


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
    if sign.pattern is None:
        return False
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
        found.append(_WALKING_SIGN)
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
