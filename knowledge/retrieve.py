"""Hybrid ranking of passages: BM25 for the summary's exact words, dense vectors for meaning.

The two rankings are fused by reciprocal rank, which needs no score calibration between
them. Dense similarities are also kept raw, because abstention needs an absolute measure
of how close the best passage is, which ranks cannot give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import bm25s
import numpy as np
import Stemmer

from embeddings.index import VectorIndex
from knowledge.expand import ExpandedQuery, synonym_phrases, words
from knowledge.passages import Passage
from knowledge.stop_words import ENGLISH_STOP_WORDS

RRF_K = 10  # small corpus: a low constant lets the top ranks dominate the fusion

_CONTRACTIONS = (
    "i'm i've i'd i'll im ive id you're it's its that's there's what's whats isn't aren't "
    "wasn't don't doesn't didn't can't cant won't wouldn't shouldn't couldn't haven't hasn't "
    "w u ur"
)
_STOPWORDS = (
    frozenset(bm25s.stopwords.STOPWORDS_EN) | ENGLISH_STOP_WORDS | frozenset(_CONTRACTIONS.split())
    | {"llc"}
)


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Stemmed content words, the unit BM25 and coverage checks work in."""
    tokens: list[str] = []
    for word in words(text):
        # "adequately-described" is found by "adequately" and by "described" too.
        parts = [word, *word.split("-")] if "-" in word else [word]
        tokens += [p for p in parts if p and p not in _STOPWORDS]
    return _stemmer().stemWords(tokens)


@dataclass(frozen=True, slots=True)
class Hit:
    passage: Passage
    score: float  # fused, scaled to (0, 1]
    dense: float  # cosine similarity of the question to the passage
    lexical: float  # BM25 score


class HybridRetriever:
    """Ranks every passage for a question; the corpus is small enough to score it all."""

    def __init__(self, passages: Sequence[Passage], index: VectorIndex,
                 sources: frozenset[str] | set[str] = frozenset({"summary", "literature"})) -> None:
        # The vector index holds every passage; only rows of the chosen sources are ranked.
        self._rows = np.array([i for i, p in enumerate(passages) if p.source in sources])
        self.passages = [passages[i] for i in self._rows]
        self._index = index
        self._bm25 = bm25s.BM25()
        corpus_terms = [terms(p.search_text) for p in self.passages]
        indexed = frozenset(t for doc in corpus_terms for t in doc)
        # Slang with an entry in the synonym table counts as known: its expansion is ranked.
        self.vocabulary = indexed | frozenset(terms(" ".join(synonym_phrases())))
        vocab = {t: i for i, t in enumerate(sorted(indexed))}
        self._bm25_vocab = indexed
        ids = [[vocab[t] for t in doc] for doc in corpus_terms]
        self._bm25.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)

    def lexical_scores(self, query: ExpandedQuery) -> np.ndarray:
        known = [t for t in terms(query.text) if t in self._bm25_vocab]
        if not known:
            return np.zeros(len(self.passages), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def rank(self, query: ExpandedQuery, query_vector: np.ndarray) -> list[Hit]:
        """Every passage, best first."""
        dense = self._index.similarities(query_vector.reshape(1, -1))[0][self._rows]
        lexical = self.lexical_scores(query)
        fused = _reciprocal_rank(dense) + (
            _reciprocal_rank(lexical) if lexical.any() else _reciprocal_rank(dense)
        )
        fused /= 2.0 / (RRF_K + 1)
        order = np.argsort(-fused, kind="stable")
        return [
            Hit(self.passages[i], float(fused[i]), float(dense[i]), float(lexical[i]))
            for i in order
        ]


def _reciprocal_rank(scores: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return 1.0 / (RRF_K + ranks)
