"""Relate the summary to a member's story: which parts it describes, which do not fit LLC.

A member who tells their story needs to hear the summary's answer to that story, not a list
of loosely related sentences. Each feature found in the message (knowledge/features.py) is
paired with the one summary sentence that speaks to it; each red flag with the sentence that
shows why it does not fit. The framing sentences are the bot's own and only point ("You
describe ...: the summary says"), so every claim stays a verbatim, cited quote.

Outcome questions and frightening ones (runner's dystonia and walking, Parkinson's, MS) get
the summary's facts with their scope and its hopeful evidence beside the hard figures, never
the bleakest sentence alone, and a pointer to the member's neurologist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.compose import citation
from knowledge.expand import normalise
from knowledge.features import Evidence, SymptomFeatures
from knowledge.models import Citation
from knowledge.passages import Passage
from knowledge.triage import DYSTONIA_PROGNOSIS, NO_GAIT_PROBLEMS, Triage

Pointer = tuple[str, int]

ONE_LEG = ("what-is-llc", 1)
NO_PAIN_SPOT = ("what-is-llc", 2)
PRIME_MOVERS = ("specific-to-running", 2)
LONGER_FASTER_FLAT = ("what-makes-it-worse", 0)
ANY_RUNNING_EASY_TRAILS = ("what-makes-it-worse", 1)
INTERVALS_AND_RACES = ("what-makes-it-worse", 2)
TESTS = ("secondary-injuries-and-tests", 1)
PHYSIO = ("management-is-hard", 1)
ONLY_TWO = ("management-is-hard", 2)
SOME_RESTRICTIONS = ("management-is-hard", 3)
MOST_CANNOT = ("management-is-hard", 4)
STABLE_OR_IMPROVING = ("prognosis-compared", 2)
FOOT_ANKLE_DYSTONIA = ("location-compared", 1)
FOOT_ANKLE_LLC = ("location-compared", 2)
HIP_THIGH = ("location-compared", 3)
SPLAY = ("location-compared", 4)
AVOID_TRIGGERS = ("strategies-that-help", 1)
BREAK = ("strategies-that-help", 3)
SURGERY = ("strategies-that-help", 4)
STRENGTH = ("strategies-that-help", 5)
DYSTONIA_TREATMENTS = ("runners-dystonia-treatments", 1)
RETURN_TO_TRAINING = ("management-and-recovery", 1)
FULL_RECOVERY = ("management-and-recovery", 2)
RARE_NEUROLOGICAL = ("what-is-llc", 0)
SCREENED = ("other-injuries-and-screening", 2)

# Which sentence speaks to each feature value the member tells.
DESCRIBES: dict[tuple[str, str], Pointer] = {
    ("side", "left"): ONE_LEG,
    ("side", "right"): ONE_LEG,
    **{("muscles", m): PRIME_MOVERS for m in ("calves", "hamstrings", "quadriceps", "glutes")},
    ("muscles", "hip_flexors"): HIP_THIGH,
    ("muscles", "foot_ankle"): FOOT_ANKLE_LLC,
    **{("movements", m): HIP_THIGH for m in ("hip_flexion", "hip_rotation", "knee_extension")},
    ("movements", "foot_splay"): SPLAY,
    ("movements", "ankle_inversion_eversion"): FOOT_ANKLE_DYSTONIA,
    ("movements", "toe_clawing"): FOOT_ANKLE_DYSTONIA,
    **{("triggers", t): LONGER_FASTER_FLAT
       for t in ("longer_runs", "faster_pace", "flat_surfaces")},
    ("triggers", "races"): INTERVALS_AND_RACES,
    ("triggers", "long_fast_intervals"): INTERVALS_AND_RACES,
    ("triggers", "any_running"): ANY_RUNNING_EASY_TRAILS,
    ("tolerated", "easy_pace_rough_terrain"): ANY_RUNNING_EASY_TRAILS,
    ("tolerated", "short_fast_intervals"): INTERVALS_AND_RACES,
    ("course", "stable"): STABLE_OR_IMPROVING,
    ("course", "improving"): STABLE_OR_IMPROVING,
    **{("tests_done", t): TESTS
       for t in ("mri", "emg", "nerve_conduction", "straight_leg_raise", "other")},
    ("tried", "physical_therapy"): PHYSIO,
    ("tried", "hip_thigh_strength"): STRENGTH,
    ("tried", "training_changes"): AVOID_TRIGGERS,
    ("tried", "extended_break"): BREAK,
    ("tried", "surgery"): SURGERY,
    ("tried", "botulinum_toxin"): DYSTONIA_TREATMENTS,
}
_FEATURE_ORDER = ("side", "muscles", "movements", "triggers", "tolerated", "course", "tests_done",
                  "tried")

_OUTCOME_QUESTION = re.compile(
    r"\b(?:ever\s+(?:race|run|compete|get\s+better|recover|be\s+(?:normal|the\s+same))|"
    r"race\s+again|run\s+again|recover(?:y|ed|s)?(?!\s+(?:days?|runs?|weeks?|drinks?|shoes?|pace))|"
    r"get\s+better|"
    r"(?:will|does|ever)\s+(?:it\s+|this\s+)?go\s+away|prognosis|outlook|permanent|for\s+good|"
    r"long[\s-]term|cured?|curable|chances?|any\s+hope|end\s+of\s+my\s+running|"
    r"beat\s+(?:this|it)|overc[oa]me|"
    r"stop\s+running\s+(?:completely|for\s+good|forever)|give\s+up\s+running|quit\s+running)\b")
_DYSTONIA = re.compile(r"\b(?:runners\s+dystonia|dystonia|dystonic)\b")
_WALKING_FEAR = re.compile(r"\b(?:walk\w*|gait|wheelchair|spread\w*|get\s+worse|"
                           r"worse\s+and\s+worse|"
                           r"disabled|disability|lose\s+(?:the\s+use|my\s+leg))\b")
_NEURO_FEAR = re.compile(r"\b(?:parkinson'?s?|ms|multiple\s+sclerosis|als|mnd|motor\s+neuron\w*|"
                         r"stroke|brain\s+tumou?r|neurodegenerat\w*)\b")

_QUESTION_START = re.compile(
    r"(?:how|what|whats|what's|why|when|which|who|where|should|shud|shld|can|could|will|would|is|"
    r"are|am|do|does|did|has|have|any|anyone|anybody)\b")
_OWN = re.compile(r"\b(?:i|i'm|im|i've|ive|my|me|mine|is\s+(?:this|it)|could\s+(?:this|it)|"
                  r"might\s+(?:this|it)|will\s+(?:this|it))\b")
_WHO_TO_SEE = re.compile(
    r"\b(?:which|what\s+(?:kind|sort|type)\s+of|who\s+should\s+i\s+see|who\s+do\s+i\s+see)\s*"
    r"(?:\w+\s+){0,2}(?:doctor|doc|specialist|professional|physio\w*|clinician|expert|pt|neuro\w*)\b|"
    r"\bwho\s+(?:should|do|can)\s+i\s+(?:see|go\s+to|ask)\b")
_IN_MY_HEAD = re.compile(r"\b(?:in\s+my\s+head|crazy|making\s+it\s+up|imagin\w*|psychological|"
                         r"psychosomatic|all\s+mental|hypochondriac)\b")
WORKING_TERM = ("what-is-llc", 0)
NO_DIAGNOSIS = ("management-is-hard", 1)
ROOTED_IN_BRAIN = ("other-injuries-and-screening", 0)
CASE_STUDY_CALL = ("call-for-case-studies", 1)

NEUROLOGIST = ("Your neurologist, who can examine you, is the one to answer this for you; "
               "please take these passages to them.")


@dataclass(frozen=True)
class Line:
    """One framing sentence of the bot's own, followed by the quotes it points to."""

    framing: str
    pointers: tuple[Pointer, ...]


def _told(evidence: list[Evidence]) -> str:
    words = list(dict.fromkeys(f"\u201c{e.words}\u201d" for e in evidence))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def story_lines(features: SymptomFeatures) -> list[Line]:
    """What the summary describes of the member's story, one line per summary sentence."""
    grouped: dict[Pointer, list[Evidence]] = {}
    one_leg = features.profile_fields().get("side") in ("left", "right")
    for name in _FEATURE_ORDER:
        if name == "side" and not one_leg:
            continue  # both legs is not the summary's picture; triage speaks to it
        for evidence in getattr(features, name):
            pointer = DESCRIBES.get((name, evidence.value))
            if pointer is not None:
                grouped.setdefault(pointer, []).append(evidence)
    return [Line(f"You describe {_told(evidence)}: the summary says", (pointer,))
            for pointer, evidence in grouped.items()]


def misfit_lines(checked: Triage) -> list[Line]:
    """What does not fit LLC and needs a clinician, with the sentence that shows why."""
    if not checked.grounding:
        return []
    reasons = [r for r in checked.reasons if r != "crisis language"]
    told = ", ".join(reasons) if reasons else "this"
    return [Line(f"What you describe ({told}) is not part of the picture the summary draws, "
                 f"so please have a clinician look at it. The summary says",
                 tuple(checked.grounding))]


def asks(question: str) -> bool:
    """The message asks something (it is not only a story)."""
    return "?" in question or bool(_QUESTION_START.match(normalise(question)))


def asked_lines(question: str, fears_disease: bool = True) -> list[Line]:
    """Frightening questions and recurring worries, answered first: the summary's facts with
    their scope and hopeful evidence, and who can answer for the member. `fears_disease` is
    the understanding model's reading that the member fears another illness: a name in
    passing ("the scan says it's not Parkinson's, phew") is not a fear."""
    text = normalise(question)
    if not _OWN.search(text):
        return []  # "Which gait abnormalities are common in runner's dystonia?" is a fact
    lines = []
    if fears_disease and _NEURO_FEAR.search(text):
        # Screening first (what to do), then what sets LLC apart; not its likeness to
        # runner's dystonia, which is no comfort to a frightened member.
        lines.append(Line("The summary does not discuss Parkinson's disease, MS or other such "
                          "illnesses, and only a neurologist who examines you can rule them out. "
                          "What it does say about screening and about LLC",
                          (SCREENED, RARE_NEUROLOGICAL, NO_GAIT_PROBLEMS)))
    if _DYSTONIA.search(text) and _WALKING_FEAR.search(text):
        lines.append(Line("About runner's dystonia and walking, the summary's figures come from "
                          "a handful of published cases (nineteen adequately described), and it "
                          "sets runners with LLC apart from them",
                          (DYSTONIA_PROGNOSIS, NO_GAIT_PROBLEMS, STABLE_OR_IMPROVING)))
    if lines:
        lines.append(Line(NEUROLOGIST, ()))
    if _IN_MY_HEAD.search(text):
        lines.append(Line("On whether it is real: the summary calls it",
                          (WORKING_TERM, NO_DIAGNOSIS, ROOTED_IN_BRAIN)))
    if _WHO_TO_SEE.search(text):
        lines.append(Line("The summary does not name one kind of specialist. What it says about "
                          "clinicians", (SCREENED, PHYSIO, CASE_STUDY_CALL)))
    return lines


_RUNNING = re.compile(r"\b(?:run\w*|ran|rac(?:e|es|ed|ing)|leg|legs|llc|training|marathon\w*|"
                      r"stride|parkrun|mileage|pace)\b")


def about_running(question: str) -> bool:
    """The member speaks of their running or their leg (low mood here is about LLC)."""
    return bool(_RUNNING.search(normalise(question)))


def hope_lines() -> list[Line]:
    """For a member who is low about LLC: the hopeful evidence the summary has, with its own
    scope (a few runners, management first), so the reply is not only sympathy."""
    return [Line("If it helps to hear it, the summary also has hopeful evidence",
                 (STABLE_OR_IMPROVING, RETURN_TO_TRAINING, FULL_RECOVERY))]


def outcome_lines(question: str) -> list[Line]:
    """For outcome questions, the hopeful evidence beside the hard figures."""
    if not _OUTCOME_QUESTION.search(normalise(question)):
        return []
    return [Line("On how runners fare, the summary has hopeful evidence",
                 (STABLE_OR_IMPROVING, RETURN_TO_TRAINING, FULL_RECOVERY)),
            Line("beside the hard figures of its survey",
                 (ONLY_TWO, SOME_RESTRICTIONS, MOST_CANNOT))]


def _without(item: Citation, quoted: list[str]) -> list[Citation]:
    """The parts of a retrieved quote outside the sentences already quoted, each verbatim."""
    parts = [item.quote]
    for sentence in quoted:
        parts = [p.strip() for part in parts for p in part.split(sentence)]
    return [item.model_copy(update={"quote": p}) for p in parts if p]


class Assembly:
    """Blocks of framed quotes and retrieved quotes, numbered in reading order; a sentence
    already quoted is pointed to by its number rather than quoted again."""

    def __init__(self, sentence: Mapping[Pointer, Passage], max_sources: int = 4) -> None:
        self._sentence = sentence
        self._numbers: dict[Pointer, int] = {}
        self._max_sources = max_sources
        self.parts: list[str] = []
        self.citations: list[Citation] = []
        self.overflow: list[Citation] = []  # retrieved quotes past the sources allowed

    def _room_for(self, sections: set[str]) -> bool:
        """Whether quoting from `sections` keeps the answer within its sources."""
        return len({c.section for c in self.citations} | sections) <= self._max_sources

    def _ref(self, pointer: Pointer) -> str:
        if pointer in self._numbers:
            return f"(quoted above) [{self._numbers[pointer]}]"
        text = self._sentence[pointer].text
        inside = next((n for n, c in enumerate(self.citations, start=1) if text in c.quote),
                      None)
        if inside is not None:  # within a longer passage already quoted: point to it
            self._numbers[pointer] = inside
            return f"(quoted above) [{inside}]"
        self.citations.append(citation(self._sentence[pointer], 1.0))
        self._numbers[pointer] = len(self.citations)
        return f"\u201c{self._sentence[pointer].text}\u201d [{len(self.citations)}]"

    def lines(self, lines: list[Line]) -> None:
        """Framing sentences, each followed by its quotes. A line whose quotes would take
        the answer past its sources goes behind "More from the summary" whole (a framing
        sentence without its quote would say nothing)."""
        for line in lines:
            if not self._room_for({p[0] for p in line.pointers}):
                self.overflow += [citation(self._sentence[p], 1.0) for p in line.pointers
                                  if p not in self._numbers]
                continue
            quotes = " ".join(self._ref(p) for p in line.pointers)
            self.parts.append(f"\u2022 {line.framing} {quotes}".rstrip())

    def retrieved(self, citations: list[Citation], header: str) -> None:
        """Retrieved quotes not already given, under a header. A retrieved passage that holds
        a sentence quoted above keeps only the rest of its text, so no sentence (the bleakest
        least of all) is read twice."""
        have = [c.quote for c in self.citations]
        kept = [piece for c in citations if not any(c.quote in q for q in have)
                for piece in _without(c, have)]
        shown = False
        for item in kept:
            if not self._room_for({item.section}):
                self.overflow.append(item)
                continue
            if not shown:
                self.parts.append(header)
                shown = True
            self.citations.append(item)
            self.parts.append(f"[{len(self.citations)}] \u201c{item.quote}\u201d")

    def text(self) -> str:
        return "\n".join(self.parts)
