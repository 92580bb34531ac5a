"""Symptom features from a member's own words: which leg, muscles and movements, what brings
it on and what is tolerated, the course over time, other activities affected, what was tried
(and how it went) and which tests were done.

Members tell stories, not forms. The runners' vocabulary (knowledge/corpus/features.yaml)
finds what is said in the words runners use; prototype sentences, compared by meaning with
each clause, catch new wording for the features that are described rather than named
(movements, course). Every feature keeps the words it came from, so the member can see why
it was suggested before a profile is prefilled; nothing here is stored.

Negation is read within the clause ("no numbness", "never had an MRI"), and a clause that
asks ("will I stop walking?") reports a worry, not a symptom.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from embeddings.encoder import Encoder
from knowledge.expand import normalise
from knowledge.negation import negated, reported

FEATURES_FILE = Path(__file__).parent / "corpus" / "features.yaml"

# A clause this close to a prototype sentence counts. At 0.62, as many wrong movements as right
# ones came in on three story sets; at 0.70 three in four are right (issue 9's closing note).
PROTOTYPE_SIMILARITY = 0.70
MIN_STORY_CHARS = 100  # shorter messages are questions: the model is not asked
MAX_CLAUSES = 12
OUTCOME_CHARS = 120  # how far from a strategy its outcome is looked for

PROFILE_LISTS = ("muscles", "movements", "triggers", "tolerated", "tests_done")


@dataclass(frozen=True)
class Evidence:
    """One feature value and the member's words it came from."""

    value: str
    words: str
    outcome: str | None = None  # for `tried`: helped | no_change | worse, when told


@dataclass
class SymptomFeatures:
    """Everything found in one message, each value with its evidence."""

    side: list[Evidence] = field(default_factory=list)
    muscles: list[Evidence] = field(default_factory=list)
    movements: list[Evidence] = field(default_factory=list)
    triggers: list[Evidence] = field(default_factory=list)
    tolerated: list[Evidence] = field(default_factory=list)
    course: list[Evidence] = field(default_factory=list)
    activities_affected: list[Evidence] = field(default_factory=list)
    tried: list[Evidence] = field(default_factory=list)
    tests_done: list[Evidence] = field(default_factory=list)

    def values(self, name: str) -> list[str]:
        """The distinct values of one feature, in the order they were told."""
        return list(dict.fromkeys(e.value for e in getattr(self, name)))

    def profile_fields(self) -> dict[str, object]:
        """Fields to prefill a profile, in the contract's names and values (ARCHITECTURE.md).

        `tried` keeps only strategies whose outcome the member told: the contract needs one.
        Course and other activities are not profile fields and stay out."""
        fields: dict[str, object] = {}
        sides = self.values("side")
        if sides:
            fields["side"] = "both" if "both" in sides or len(sides) > 1 else sides[0]
        for name in PROFILE_LISTS:
            if values := self.values(name):
                fields[name] = values
        tried = {e.value: e.outcome for e in self.tried if e.outcome}
        if tried:
            fields["tried"] = tried
        return fields

    def labels(self) -> dict[str, object]:
        """Every feature as plain values (the evaluation's `expect_features` shape)."""
        out: dict[str, object] = dict(self.profile_fields())
        out["tried"] = self.values("tried")
        for name in ("course", "activities_affected"):
            if values := self.values(name):
                out[name] = values
        return {k: v for k, v in out.items() if v}

    def describes_symptoms(self) -> bool:
        """The member tells how their own leg behaves (not only what they tried)."""
        return bool(self.muscles or self.movements or self.triggers or self.tolerated
                    or self.course or self.activities_affected)


# -- clauses -----------------------------------------------------------------------------
_CLAUSE = re.compile(r"[^.!?;\n]+[.!?;\n]*")
# The look-behind starts a match only at the first space of a run, so a long run of spaces
# is scanned once instead of once from every space in it.
_TURN = re.compile(r",?(?<!\s)\s+\b(?:but|though|although|however|whereas|except)\b\s*")


@dataclass(frozen=True)
class Clause:
    text: str
    question: bool
    sentence: int


def clauses(text: str) -> list[Clause]:
    """Sentences cut at their turns ("fine on trails, but tempo runs..."), with whether each
    one asks."""
    out = []
    for number, match in enumerate(_CLAUSE.finditer(text)):
        sentence = match.group(0)
        asks = "?" in sentence
        for part in _TURN.split(sentence.strip()):
            part = part.strip(" ,.;!?\n")
            if part:
                out.append(Clause(part, asks, number))
    return out


# -- vocabulary --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Table:
    pattern: re.Pattern[str]
    value_of: dict[str, str]

    def find(self, text: str) -> Iterator[tuple[str, str, int]]:
        """(value, matched words, start) for every phrase, not negated."""
        for match in self.pattern.finditer(text):
            if not negated(text, match.start()):
                yield self.value_of[match.group(0)], match.group(0), match.start()


@cache
def _vocabulary() -> dict:
    return yaml.safe_load(FEATURES_FILE.read_text("utf-8"))


@cache
def _table(name: str) -> _Table:
    value_of = {normalise(str(p)): value for value, phrases in _vocabulary()[name].items()
                for p in phrases}
    phrases = sorted(value_of, key=len, reverse=True)
    pattern = re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, phrases)) + r")(?![a-z0-9])")
    return _Table(pattern, value_of)


def whole_words(phrases: list[str]) -> re.Pattern[str]:
    """Phrases as one whole-word pattern on normalised text, longest first: a * matches any
    ending, an apostrophe may be left out."""
    ordered = sorted({normalise(str(p)) for p in phrases}, key=len, reverse=True)
    body = "|".join(r"\w*".join(re.escape(piece) for piece in phrase.split("*"))
                    .replace("'", "'?") for phrase in ordered)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


@cache
def _cue(name: str) -> re.Pattern[str]:
    """One list of cue words from features.yaml."""
    return whole_words(_vocabulary()["cues"][name])


@cache
def medicine_names() -> re.Pattern[str]:
    """Every word for a medicine the vocabulary knows: the generic ones and the names of what
    was tried (medication, botulinum toxin), one list for features and triage."""
    tried = _vocabulary()["tried"]
    return whole_words([*_vocabulary()["cues"]["medicine"], *tried["medication"],
                        *tried["botulinum_toxin"]])


@cache
def _prototypes(encoder: Encoder) -> list[tuple[str, str, np.ndarray]]:
    """(feature, value, unit vectors) for every prototype group."""
    groups = []
    for feature, values in _vocabulary()["prototypes"].items():
        for value, sentences in values.items():
            groups.append((feature, value, encoder.encode([str(s) for s in sentences])))
    return groups


# Lost coordination told as a body that will not obey ("it won't fire", "stopped
# responding") or a leg that goes weird (the summary's "something being off"); the words for it
# are the `signature` cues of features.yaml.
_WONT_OBEY = re.compile(
    r"\b(?:doesn'?t|does\s+not|won'?t|wouldn'?t|isn'?t|stop\w*|quit\w*)\s+"
    r"(?:(?:fir|cooperat|respond)\w*|do\s+what|feel\s+like\s+mine|work\w*\s+(?:right|properly))\b")
_GOES_WEIRD = re.compile(
    r"\b(?:leg|stride|gait|hip|hamstring|glute|quad|calf)s?\s+(?:just\s+)?(?:go|went|get|got)\w*"
    r"\s+(?:all\s+)?(?:weird|funny|strange|wobbly|floppy|stupid|goofy|janky|dodgy|wrong)\b")


def has_signature(question: str) -> bool:
    """The message tells of coordination lost ("misfiring", "not mine", "swings out")."""
    text = normalise(question)
    return bool(_cue("signature").search(text) or _WONT_OBEY.search(text)
                or _GOES_WEIRD.search(text))



# -- patterns that are not word lists ----------------------------------------------------
_BODY = (r"(?:leg|legs|side|foot|feet|hip|knee|ankle|calf|hamstring|hammy|quad|glute|thigh|shin|"
         r"toes?|one|buttock)")
_SIDE = re.compile(rf"\b(left|right)\s+(?:\w+\s+)?{_BODY}\b|\bon\s+the\s+(left|right)\b|"
                   rf"\b(both)\s+(?:legs|sides|feet)\b|\b(other)\s+leg\s+(?:too|as\s+well|now)\b")
# "after 8 miles", "past 10k", "over 15 minutes": distance or time into a run.
_DISTANCE = re.compile(r"\b(?:after|past|beyond|over|around|about)\s+"
                       r"(?:about\s+|around\s+|roughly\s+)?\d+(?:\.\d+)?\s*(?:k|km|kms|kilometers?|kilometres?|mi|miles?|mins?|minutes?)\b")
# "It spread to my other leg" tells a course; "dystonia can spread", "will it spread?" a fear.
SPREAD_TOLD = (r"(?<!can\s)(?<!could\s)(?<!might\s)(?<!may\s)(?<!will\s)(?<!would\s)"
               r"(?<!will\sit\s)(?<!does\sit\s)(?<!can\sit\s)(?<!could\sit\s)spread(?:s|ing)?\b")
# The course told in a shape rather than in set words (those are features.yaml's `course_*`
# cues): "not better, not worse", "getting a bit worse", "comes on sooner", "now it starts
# after 2 miles".
_COURSE = (
    ("stable", re.compile(r"\b(?:not|no)\s+better\s*(?:,|and|or)?\s*(?:not|no)\s+worse\b")),
    ("worsening", re.compile(
        r"\b(?:(?:getting|got|gets|gotten|grown|becoming)\s+(?:\w+\s+)?worse|"
        r"(?:c[oa]m|kick)\w*\s+(?:on|in)\s+(?:much\s+|even\s+)?(?:earlier|sooner)|"
        r"now\s+(?:it\s+)?(?:c[oa]m\w*\s+on|start\w*|kick\w*\s+in|happen\w*|hit\w*)\s+"
        r"(?:after|within|at))\b")),
    ("improving", None),
    ("spreading", re.compile(rf"\b(?:{SPREAD_TOLD}|moved\s+to|now\s+(?:also\s+)?in\s+(?:my|the)\s+"
                             r"other)\b")),
)
# An outcome told with a verb: "it didn't really help", "never changed a thing", "made my leg
# worse". The outcome words themselves are features.yaml's `no_change`, `worse` and `helped`
# cues, read in that order (a denial of help outranks the word "help").
_DID_NOTHING = re.compile(
    r"\b(?:didn'?t|did\s+not|doesn'?t|does\s+not|hasn'?t|has\s+not|never)\s+"
    r"(?:really\s+|seem\s+to\s+|do\s+)?(?:help|change|do|work|make|fix|improve)\w*")
_MADE_WORSE = re.compile(r"\b(?:made|make|makes|making)\s+(?:it|things|me|everything|"
                         r"the\s+leg|my\s+leg)\s+(?:\w+\s+)?worse\b")
_OUTCOMES = (("no_change", _DID_NOTHING), ("worse", _MADE_WORSE), ("helped", None))


# Walking as a runner's choice ("had to walk", "walk-run", "walk breaks") is not walking
# affected by the symptoms.
_RUN_WALK = re.compile(
    r"\b(?:jog\w*|run\w*)\s+(?:[\w']+\s+){0,3}then\s+walk\w*|"
    r"\b(?:had\s+to|have\s+to|forced\s+to|ended\s+up|start(?:ed|ing)?|began|begin)\s+"
    r"(?:to\s+)?walk(?:ing)?\b|\bwalk[\s-]*(?:run\w*|breaks?)\b|\brun[\s-]*walk\w*|"
    r"\bwalk(?:ed|ing)?\s+(?:it\s+in|it\s+off|the\s+rest)\b")
# An activity's word that names no activity affected: a place ("the bike path"), an exercise
# ("banded walks"), the run off the bike in a triathlon, the writing of the post itself, the
# first steps of the morning, others' walking, the runner's "dead man walking" after blowing
# up, the sport taken up instead.
_NOT_AN_ACTIVITY = re.compile(
    r"\b(?:bike|cycle|bicycle)\s+(?:path|lane|trail|route|shop|rack)s?\b|"
    r"\b(?:banded|band|monster|crab|lateral|side|walking)\s+(?:walks?|lunges?)\b|"
    r"\boff\s+the\s+bike\b|\bbrick\w*\b|\bwrit(?:ing|e)\s+(?:this|for|to|on\s+behalf|here)\b|"
    r"\bfirst\s+(?:few\s+)?steps\b|\bdead\s+man\s+walking\b|\b(?:you|they|others|people)\s+(?:can'?t|cannot)\s+walk\w*|\b(?:now|instead)\s+i\s+(?:cycle|bike|ride|swim|row)\b|"
    r"\bswitch\w*\s+to\s+(?:the\s+)?(?:bike|cycling|spin\w*|swimming|elliptical|rowing)\b")
_JOINED = re.compile(r"\b(?:now|too|also|as\s+well|started\s+(?:on|in)|spread\w*|moved)\b")


def _outcome(text: str) -> str | None:
    for name, told_with_a_verb in _OUTCOMES:
        if (told_with_a_verb and told_with_a_verb.search(text)) or _cue(name).search(text):
            return name
    return None


def extract_features(text: str, encoder: Encoder | None = None) -> SymptomFeatures:
    """The symptom features a message tells, each with the words it came from.

    With an `encoder`, clauses of a story are also compared by meaning with the prototype
    sentences, for the features runners describe rather than name."""
    found = SymptomFeatures()
    parts = clauses(normalise(text))
    # In a message that tells of lost coordination, a run's distance or pace is its trigger.
    symptomatic = has_signature(text)
    for clause in parts:
        _read_clause(clause, found, symptomatic)
    _read_tried(parts, found)
    _infer_foot_ankle(found)
    _infer_spreading(found, normalise(text))
    if encoder is not None and len(text) >= MIN_STORY_CHARS and len(parts) >= 2:
        _read_by_meaning(parts, encoder, found)
    return found


def _read_clause(clause: Clause, found: SymptomFeatures, symptomatic: bool) -> None:
    text = clause.text
    for match in _SIDE.finditer(text):
        if negated(text, match.start()):
            continue
        side = next(g for g in match.groups() if g)
        found.side.append(Evidence("both" if side in ("both", "other") else side, match.group(0)))
    for value, words, _ in _table("muscles").find(text):
        found.muscles.append(Evidence(value, words))
    for value, words, _ in _table("movements").find(text):
        found.movements.append(Evidence(value, words))
    for value, words, _ in _table("tests_done").find(text):
        if not clause.question:
            found.tests_done.append(Evidence(value, words))
    tolerated = bool(_cue("tolerated").search(text))
    if tolerated:
        for value, words, _ in _table("tolerated").find(text):
            found.tolerated.append(Evidence(value, words))
    elif not clause.question and (symptomatic or _cue("onset").search(text)):
        # What was tried ("skip races") is not what brings it on.
        rest = _table("tried").pattern.sub(" ", text)
        for value, words, _ in _table("triggers").find(rest):
            found.triggers.append(Evidence(value, words))
        for match in _DISTANCE.finditer(rest):
            found.triggers.append(Evidence("longer_runs", match.group(0)))
    taken: list[tuple[int, int]] = []
    for value, shape in _COURSE:
        words = [] if value == "spreading" else list(_cue(f"course_{value}").finditer(text))
        for match in [*(shape.finditer(text) if shape else ()), *words]:
            inside = any(a <= match.start() < b for a, b in taken)
            if not (inside or negated(text, match.start()) or reported(text, match.start())):
                found.course.append(Evidence(value, match.group(0)))
                taken.append(match.span())
    affected = _cue("affected").search(text) and not _cue("relief").search(text)
    if affected and not clause.question:
        plain = _NOT_AN_ACTIVITY.sub(" ", _RUN_WALK.sub(" ", text))
        for value, words, _ in _table("activities").find(plain):
            found.activities_affected.append(Evidence(value, words))


def _read_tried(parts: list[Clause], found: SymptomFeatures) -> None:
    """Strategies with the outcome told after them, in the same sentence or the next one."""
    sentences: dict[int, str] = {}
    for clause in parts:
        if clause.question:
            continue
        before = sentences.get(clause.sentence, "")
        sentences[clause.sentence] = f"{before} {clause.text}".strip()
    table = _table("tried")
    numbers = sorted(sentences)
    for position, number in enumerate(numbers):
        sentence = sentences[number]
        hits = list(table.find(sentence))
        for index, (value, words, start) in enumerate(hits):
            end = hits[index + 1][2] if index + 1 < len(hits) else len(sentence)
            told_after = sentence[start + len(words) : min(end, start + OUTCOME_CHARS)]
            told_before = sentence[max(0, start - OUTCOME_CHARS) : start]
            outcome = _outcome(told_after) or _outcome(told_before)
            if outcome is None and index + 1 == len(hits) and position + 1 < len(numbers):
                following = sentences[numbers[position + 1]]
                if not any(table.find(following)):
                    outcome = _outcome(following[:OUTCOME_CHARS])
            found.tried.append(Evidence(value, words, outcome))
    best: dict[str, Evidence] = {}
    for evidence in found.tried:  # one entry per strategy, the one with an outcome if any
        if evidence.value not in best or (evidence.outcome and not best[evidence.value].outcome):
            best[evidence.value] = evidence
    found.tried = list(best.values())


def _infer_spreading(found: SymptomFeatures, text: str) -> None:
    """Other activities affected, or the other leg joining in, is the course spreading."""
    if any(e.value == "spreading" for e in found.course):
        return
    # The other leg joins in when it is told so near the words ("both legs now"), not when
    # "now" stands anywhere in a story that also says "equal on both sides".
    joined = [e for e in found.side if e.value == "both" and _joined_near(text, e.words)]
    source = found.activities_affected[:1] or joined[:1]
    if source:
        found.course.append(Evidence("spreading", source[0].words))


JOINED_WITHIN = 40  # characters either side of "both legs" where "now" or "too" counts
_CLAUSE_EDGE = re.compile(r"[.,;:!?]")


def _joined_near(text: str, words: str) -> bool:
    """"Now" or "too" in the clause of "both legs", and close to it."""
    at = text.find(words)
    if at < 0:
        return False
    before = _CLAUSE_EDGE.split(text[max(0, at - JOINED_WITHIN) : at])[-1]
    after = _CLAUSE_EDGE.split(text[at + len(words) : at + len(words) + JOINED_WITHIN])[0]
    return bool(_JOINED.search(f"{before}{words}{after}"))


def _infer_foot_ankle(found: SymptomFeatures) -> None:
    """Toe clawing and a rolling ankle are movements of the foot and ankle muscles; a foot that
    splays is not (the summary roots it in the hip)."""
    for evidence in found.movements:
        foot = evidence.value in ("toe_clawing", "ankle_inversion_eversion")
        if foot and all(e.value != "foot_ankle" for e in found.muscles):
            found.muscles.append(Evidence("foot_ankle", evidence.words))


def _read_by_meaning(parts: list[Clause], encoder: Encoder, found: SymptomFeatures) -> None:
    """Clauses close in meaning to a prototype add the values their words did not name."""
    texts = [c.text for c in parts if not c.question and len(c.text) >= 12][:MAX_CLAUSES]
    if not texts:
        return
    vectors = encoder.encode(texts)
    for feature, value, prototypes in _prototypes(encoder):
        similarity = (vectors @ prototypes.T).max(axis=1)
        best = int(np.argmax(similarity))
        if similarity[best] < PROTOTYPE_SIMILARITY:
            continue
        current: list[Evidence] = getattr(found, feature)
        if value not in {e.value for e in current}:
            current.append(Evidence(value, texts[best]))
