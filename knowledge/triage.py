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
from knowledge.models import TriageLevel

# Negations in the few words before a sign ("no numbness", "never had tingling") mean the
# member is ruling it out, which is how the summary itself describes LLC.
_NEGATED = re.compile(r"\b(?:no|not|never|without|nor|absent|don't|doesn't|didn't|isn't|free of)\b"
                      r"(?:\W+\w+){0,3}\W*$")


# The summary sentences that show why a sign does not fit LLC: (section id, sentence number).
NO_NERVE_SIGNS = ("what-is-llc", 3)
ONLY_WHILE_RUNNING = ("what-is-llc", 1)
SPECIFIC_TO_RUNNING = ("specific-to-running", 1)
SCREENING = ("other-injuries-and-screening", 2)


@dataclass(frozen=True)
class Sign:
    level: TriageLevel
    reason: str
    pattern: re.Pattern[str]
    grounding: tuple[str, int]


def _sign(level: TriageLevel, reason: str, pattern: str,
          grounding: tuple[str, int] = SCREENING) -> Sign:
    return Sign(level, reason, re.compile(pattern, re.IGNORECASE | re.VERBOSE), grounding)


SIGNS: tuple[Sign, ...] = (
    _sign("urgent", "loss of bladder or bowel control",
          r"\b(?:bladder|bowel|incontinen\w*|wet\s+myself|soiled|pee(?:ing)?\s+myself|"
          r"can'?t\s+(?:pee|urinate|hold\s+(?:it|my\s+(?:pee|urine))))"),
    _sign("urgent", "numbness in the groin or saddle area",
          r"\b(?:saddle|groin|genital|inner\s+thighs?\s+(?:and|&)\s+groin)\w*\s+(?:\w+\s+){0,3}"
          r"(?:numb\w*|tingl\w*|no\s+feeling)|\bnumb\w*\s+(?:\w+\s+){0,3}(?:saddle|groin|genital)"),
    _sign("urgent", "sudden weakness",
          r"\b(?:sudden(?:ly)?|overnight|all\s+of\s+a\s+sudden|out\s+of\s+nowhere)\s+(?:\w+\s+){0,4}"
          r"(?:weak\w*|paralys\w*|can'?t\s+(?:move|lift|feel|walk|stand))"
          r"|\b(?:weak\w*|paralys\w*)\s+(?:\w+\s+){0,3}(?:sudden(?:ly)?|overnight|out\s+of\s+nowhere)"
          r"|\bfoot\s*drop\b|\bdrop\s+foot\b|\bcan'?t\s+(?:lift|move)\s+my\s+(?:foot|leg|toes)"),
    _sign("urgent", "one-sided weakness or numbness, a drooping face, or slurred speech",
          r"\b(?:face\s+(?:\w+\s+)?droop\w*|slurred\s+speech|slurring|"
          r"one\s+side\s+of\s+my\s+(?:body|face))"),
    _sign("see_doctor", "numbness",
          r"\b(?:numb\w*|no\s+feeling|lost\s+feeling|loss\s+of\s+(?:feeling|sensation)|can'?t\s+feel)",
          NO_NERVE_SIGNS),
    _sign("see_doctor", "pins and needles or tingling",
          r"\b(?:pins\s+(?:and|&|n)\s+needles|tingl\w*|prickl\w*|electric\w*|buzzing|burning\s+(?:feeling|sensation))",
          NO_NERVE_SIGNS),
    _sign("see_doctor", "shooting or radiating pain",
          r"\b(?:shoot\w*|radiat\w*|stabbing|sharp)\s+(?:\w+\s+){0,2}pain|\bpain\s+(?:\w+\s+){0,2}"
          r"(?:shoot\w*|radiat\w*)|\bsciatica\b|\bnerve\s+pain\b|\bshooting\b", NO_NERVE_SIGNS),
    _sign("see_doctor", "symptoms while walking, at rest or at night",
          r"\blying\s+(?:down|in\s+bed)\b|\bin\s+bed\b|\bwhen\s+i\s+sleep\b|\b(?:leg|foot)\s+drags\b|"
          r"\b(?:while|when|even|just|also)\s+(?:[\w']+\s+){0,2}(?:walk\w*|standing|sitting|resting|"
          r"lying|sleeping|in\s+bed)\b|\bat\s+(?:rest|night)\b|\b(?:trouble|difficulty|problems?)\s+"
          r"walking\b|\b(?:limp\w*|drag\w*\s+my\s+(?:leg|foot))\b|\bcan'?t\s+walk\b|\bwalking\s+is\s+"
          r"(?:hard|difficult|affected)\b", ONLY_WHILE_RUNNING),
    _sign("see_doctor", "symptoms spreading beyond running",
          r"\bspread\w*|\b(?:now|also|even|too|started|starting|begun|began)\b[^.?!]{0,40}\b(?:bik\w*|"
          r"cycl\w*|elliptical|stairs|stair\s*master|writing|typing|daily\s+life|everyday|"
          r"other\s+activities|swimming|arm|hand|other\s+leg|both\s+legs)\b|\b(?:bik\w*|cycl\w*|"
          r"elliptical|stairs|stair\s*master|writing|typing|swimming)\b[^.?!]{0,40}\b(?:now|also|"
          r"too|as\s+well)\b", SPECIFIC_TO_RUNNING),
    _sign("see_doctor", "falls",
          r"\b(?:fall\w*|fell|falling)\s+(?:over|down)\b|\bi\s+(?:fall|fell|keep\s+falling)\b|"
          r"\bfalls\b|\btripp\w*\s+(?:over|and\s+fall\w*)\b"),
    _sign("see_doctor", "swelling, redness or a hot, painful calf",
          r"\b(?:calf|leg)\s+(?:\w+\s+){0,3}(?:swollen|swelling|red|hot)\b|\bblood\s+clot\b|\bdvt\b"),
    _sign("see_doctor", "sharp or worsening pain at one spot",
          r"\b(?:bone|point)\s+(?:pain|tenderness)|\bstress\s+fracture\s+(?:symptoms?|pain)\b"),
)

_ORDER: dict[TriageLevel, int] = {"none": 0, "see_doctor": 1, "urgent": 2, "crisis": 3}


@dataclass(frozen=True)
class Triage:
    level: TriageLevel = "none"
    reasons: list[str] = field(default_factory=list)
    grounding: list[tuple[str, int]] = field(default_factory=list)


def _mentions(sign: Sign, text: str) -> bool:
    return any(not _NEGATED.search(text[: m.start()]) for m in sign.pattern.finditer(text))


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


def triage(question: str, semantic_crisis: bool = False) -> Triage:
    """The most serious level the question calls for, with every reason found.

    `semantic_crisis` is the embedding net's opinion, which the caller computes because it
    holds the model."""
    text = normalise(question)
    crisis = semantic_crisis or detect_crisis(question)
    found = [] if is_general_question(text) else [s for s in SIGNS if _mentions(s, text)]
    reasons = [sign.reason for sign in found]
    grounding = list(dict.fromkeys([*(sign.grounding for sign in found), SCREENING]))
    if crisis:
        return Triage("crisis", ["crisis language", *reasons], grounding if found else [])
    if not found:
        return Triage()
    level = max((sign.level for sign in found), key=_ORDER.__getitem__)
    return Triage(level, reasons, grounding)
