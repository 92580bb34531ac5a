"""The labels of the understanding corpus, and how they roll up into what the bot decides.

The corpus labels what a message says in detail (the Columbia suicide severity scale's steps,
each red-flag sign family, the kinds of hard negative); the model decides on three heads
(crisis, low mood, red flag) and names red-flag families for the reasons it gives.
"""

from __future__ import annotations

from typing import Literal

Head = Literal["crisis", "low_mood", "red_flag"]
HEADS: tuple[Head, ...] = ("crisis", "low_mood", "red_flag")

CRISIS_LABELS = frozenset({
    "crisis",  # older sets, labelled only as crisis
    "crisis.passive_wish", "crisis.active_thoughts", "crisis.method", "crisis.intent",
    "crisis.plan", "crisis.preparatory", "crisis.past_attempt", "self_harm",
})
CONCERN_OTHER = "concern_other"
LOW_MOOD = "low_mood"

# Each red-flag family: the reason the member is told, and whether it is urgent.
RED_FLAG_FAMILIES: dict[str, tuple[str, bool]] = {
    "red_flag.sensory": ("numbness, tingling or pins and needles", False),
    "red_flag.nerve_pain": ("shooting, burning or radiating pain", False),
    "red_flag.rest_or_walking": ("symptoms while walking, at rest or at night", False),
    "red_flag.spreading": ("symptoms spreading beyond running or to another limb", False),
    "red_flag.tremor": ("a tremor, or movements of their own", False),
    "red_flag.falls": ("falls or near falls", False),
    "red_flag.foot_drop": ("foot drop or a foot that catches or drags", False),
    "red_flag.bladder_bowel": ("bladder or bowel trouble, or numbness in the saddle area", True),
    "red_flag.sudden_weakness": ("weakness that came on suddenly", True),
    "red_flag.speech_swallowing": ("changes in speech or swallowing", True),
    "red_flag.circulation": ("colour change, a cold foot, swelling or pain that stops with "
                             "rest after a set distance", False),
    "red_flag.systemic": ("pain at night, weight loss, fevers or night sweats", False),
    "red_flag.muscle_breakdown": ("very dark urine or severe muscle pain after heat or a hard "
                                  "effort", True),
}
RED_FLAG_LABELS = frozenset({"red_flag", *RED_FLAG_FAMILIES})
GENERIC_RED_FLAG_REASON = "symptoms that do not fit LLC as the summary describes it"

NEGATIVE_LABELS = frozenset({
    "neg.hyperbole", "neg.grief_no_risk", "neg.others_recovery", "neg.workout_names",
    "neg.negated_signs", "neg.llc_story", "neg.other", "lookalike",
})
HARD_NEGATIVES = frozenset({"neg.hyperbole", "neg.grief_no_risk", "neg.others_recovery",
                            "neg.workout_names", "neg.negated_signs"})

# What a message asks (issue 17): the answer leads with it. `none` is a story that asks
# nothing; `outside` is about something else; `lookalike` describes a condition the summary
# does not cover that runners confuse with LLC.
INTENTS = frozenset({
    "what_is", "symptoms", "worse", "helps", "can_run", "prognosis", "tests", "vs_dystonia",
    "who_gets_it", "literature", "recovery_stories", "medication", "fear_disease", "outside",
    "lookalike", "none",
})
# The intents a summary section can answer (the answer ranker's prior is over these).
ANSWER_INTENTS: tuple[str, ...] = tuple(sorted(INTENTS - {"none", "outside", "lookalike"}))
# Questions only a clinician can answer: they always get `see_doctor`, with the reason.
CARE_INTENTS = frozenset({"medication", "fear_disease"})
INTENT_PREFIX = "intent."  # the model's row for an intent is named "intent.<name>"
TRIAGE_LEVELS = frozenset({"none", "support", "see_doctor", "urgent", "crisis"})
ALL_LABELS = CRISIS_LABELS | RED_FLAG_LABELS | NEGATIVE_LABELS | {CONCERN_OTHER, LOW_MOOD}


def head_of(label: str) -> Head | None:
    """The decision a label counts towards, if any."""
    if label in CRISIS_LABELS:
        return "crisis"
    if label in RED_FLAG_LABELS:
        return "red_flag"
    if label == LOW_MOOD:
        return "low_mood"
    return None
