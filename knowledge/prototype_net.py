"""Meaning nets: is a text closer to one set of example sentences than to ordinary talk?

Patterns only know the phrasings someone wrote down; members say things every way at once.
A net holds the vectors of example sentences of what it looks for (crisis, low mood) and of
the ordinary runner talk that shares their words, and calls a text a match when it is close
to an example and closer to it than to any piece of ordinary talk. Messages are read whole
and clause by clause, because a sentence of despair inside a long story about the leg would
otherwise be pulled away from the examples by the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml

from embeddings.encoder import Encoder

# A run of spaces is entered only at its start ((?<!\s)): otherwise every space of a long run
# would begin a scan to the run's end, quadratic in the run (1.6 s on 4,000 spaces).
_CLAUSE_BREAK = re.compile(r"[.!?;:\n]+|,\s+|(?<!\s)\s+(?:since|because|cause|but|and|so|with"
                           r"|now\s+that|after|ever\s+since|when)\s+", re.IGNORECASE)
MAX_CLAUSES = 8
# The writer speaking of themselves: what both nets need before a message is worth reading.
FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|my|myself|mine)\b", re.IGNORECASE)
# A clause of one or two words ("it's bruised") is too little for the model to read: its
# nearest example is chance.
MIN_CLAUSE_WORDS = 3
MIN_CLAUSE_CHARS = 12


def pieces(text: str, keep: Callable[[str], bool],
           min_words: int = MIN_CLAUSE_WORDS) -> list[str]:
    """The whole text, then up to MAX_CLAUSES of its clauses of `min_words` or more that
    `keep` accepts."""
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text)]
    kept = [p for p in parts if len(p) >= MIN_CLAUSE_CHARS and len(p.split()) >= min_words
            and p != text and keep(p)]
    return [text, *kept[:MAX_CLAUSES]]


class PrototypeNet:
    """Scores unit vectors from one encoder against two lists of a YAML file's examples."""

    def __init__(self, encoder: Encoder, path: Path, sought: str, ordinary: str,
                 min_similarity: float, min_margin: float,
                 clause_similarity: float | None = None) -> None:
        """`clause_similarity` is asked of a clause read alone (rows after the first of
        `matches`); a few words carry less meaning than a message, so it may be higher."""
        table = yaml.safe_load(path.read_text("utf-8"))
        self._sought = encoder.encode([str(t) for t in table[sought]])
        self._ordinary = encoder.encode([str(t) for t in table[ordinary]])
        self._min_similarity = min_similarity
        self._clause_similarity = clause_similarity or min_similarity
        self._min_margin = min_margin

    def matches(self, vectors: np.ndarray) -> bool:
        """True when any of the texts behind `vectors` (a message, then its clauses, as
        `pieces` gives them) is close to a sought example and closer to it than to ordinary
        talk."""
        sought = (vectors @ self._sought.T).max(axis=1)
        ordinary = (vectors @ self._ordinary.T).max(axis=1)
        needed = np.full(len(vectors), self._clause_similarity)
        needed[:1] = self._min_similarity
        return bool(np.any((sought >= needed) & (sought - ordinary >= self._min_margin)))
