"""A semantic net under the crisis patterns: distress in words the patterns have not seen.

Patterns are precise but only know the phrasings someone wrote down; a member in crisis may
say it any way at all. A message whose embedding is close to a crisis sentence, and closer
to it than to anything in ordinary runner talk, is treated as crisis too. Thresholds were
chosen on tests/data/moderation_eval.jsonl and the question sets (the closing note of
issue 5 gives the figures): recall first, since a missed crisis costs far more than a
moderator's second look.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import yaml

from embeddings.encoder import Encoder
from knowledge.crisis import detect_crisis

PROTOTYPES_FILE = Path(__file__).parent / "corpus" / "crisis_prototypes.yaml"
MIN_SIMILARITY = 0.47
MIN_MARGIN = 0.05  # over the closest piece of ordinary runner talk


# Only a message that speaks of the writer and touches on life, death, harm or despair is
# worth the model's time; the rest cannot be a crisis the patterns missed.
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|my|myself|mine)\b", re.IGNORECASE)
_DISTRESS = re.compile(
    r"\b(?:die|dying|death|dead|live|living|alive|life|exist\w*|end|ending|over|point|hope\w*|"
    r"kill\w*|hurt\w*|harm\w*|cut\w*|bleed\w*|bruis\w*|pills?|overdose|burden|alone|gone|"
    r"disappear\w*|vanish|tired|done|give\s+up|giving\s+up|can'?t|nobody|no\s+one|anymore|"
    r"worthless|empty|trapped|goodbye|note|bridge|jump\w*|sleep|wake|miss\s+me|forever|"
    r"pointless|meaningless|numb|nothing|darkness|dark|escape|rope|knife|gun)\b",
    re.IGNORECASE,
)


# A run of spaces is entered only at its start ((?<!\s)): otherwise every space of a long run
# would begin a scan to the run's end, quadratic in the run (1.6 s on 4,000 spaces).
_CLAUSE_BREAK = re.compile(r"[.!?;:\n]+|,\s+|(?<!\s)\s+(?:since|because|cause|but|and|so|with"
                           r"|now\s+that|after|ever\s+since|when)\s+", re.IGNORECASE)
MAX_CLAUSES = 8


def worth_checking(text: str) -> bool:
    """Cheap gate: first person and a word of life, death, harm or despair."""
    return bool(_FIRST_PERSON.search(text) and _DISTRESS.search(text))


def pieces_to_check(text: str) -> list[str]:
    """What the net should read: nothing when the patterns already recognise a crisis or the
    gate rules one out, else the whole text and its distressed clauses (talk about the leg
    around a sentence of despair would otherwise pull the message away from the prototypes)."""
    if detect_crisis(text) or not worth_checking(text):
        return []
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text) if len(p.strip()) >= 12]
    return [text, *[p for p in parts if p != text and _DISTRESS.search(p)][:MAX_CLAUSES]]


class SemanticCrisisNet:
    """Scores unit vectors from the same encoder against crisis and runner-talk prototypes."""

    def __init__(self, encoder: Encoder, path: Path = PROTOTYPES_FILE) -> None:
        table = yaml.safe_load(path.read_text("utf-8"))
        self._crisis = encoder.encode(list(table["crisis"]))
        self._runner_talk = encoder.encode(list(table["runner_talk"]))

    def is_crisis(self, vectors: np.ndarray) -> bool:
        """True when any of the texts behind `vectors` (rows: a message and its clauses)
        reads as crisis rather than runner talk."""
        crisis = (vectors @ self._crisis.T).max(axis=1)
        runner = (vectors @ self._runner_talk.T).max(axis=1)
        return bool(np.any((crisis >= MIN_SIMILARITY) & (crisis - runner >= MIN_MARGIN)))
