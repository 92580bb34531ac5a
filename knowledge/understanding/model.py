"""The understanding model: logistic-regression heads over the offline encoder's sentence
vectors and hashed word features (`lexical.py`).

A message is read as pieces (the whole, and for a long message its sentence windows); every
piece is scored and the most serious piece decides, so a crisis told mid-story counts. The
heads are plain logistic regressions: their probabilities are calibrated on the corpus by
construction (no class re-weighting), which lets the thresholds in `thresholds.yaml` mean
what they say. Weights are numpy arrays (no pickle); reading needs numpy alone, and
scikit-learn and SciPy are imported only to fit them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.understanding import lexical
from knowledge.understanding.corpus import Example
from knowledge.understanding.labels import HEADS, INTENT_PREFIX, INTENTS, RED_FLAG_FAMILIES
from knowledge.understanding.text import pieces

Encode = Callable[[list[str]], np.ndarray]

# Regularisation, chosen by leave-one-writer-out on the corpus (C of 1, 4 and 16 measured):
# 4 kept the most crisis recall at the act tier for the false alarms allowed.
REGULARISATION_C = 4.0
MIN_FAMILY_EXAMPLES = 8  # a red-flag family with fewer examples is named by the generic reason
MIN_INTENT_EXAMPLES = 8  # an intent with fewer examples has no row: it is never predicted
MODEL_VERSION = "6"  # bump when training changes, so cached models are rebuilt
UNANSWERED_INTENTS = frozenset({"lookalike", "outside"})  # intents no summary section answers


@dataclass(frozen=True)
class Scores:
    """Calibrated probabilities for one message: its most serious piece per head."""

    crisis: float
    low_mood: float
    red_flag: float
    families: dict[str, float]
    # What the message asks, one-vs-rest per intent: the highest of its pieces, so a
    # question at the end of a long story counts.
    intents: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Heads:
    """Fitted weights: one row per head (`HEADS`), then one per red-flag family."""

    names: tuple[str, ...]
    dense: np.ndarray  # (rows, dim): on the sentence vectors
    # On the word features, kept for the columns any row uses (sorted feature indices and
    # their (rows, columns) weights): a few MB instead of a dense (rows, 2**18) array.
    word_columns: np.ndarray
    word_weights: np.ndarray
    bias: np.ndarray  # (rows,)
    idf: np.ndarray  # (lexical.N_FEATURES,)

    def probabilities(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """(pieces, rows) probabilities of the pieces of one message or of many."""
        words = lexical.scores(self.word_columns, self.word_weights, texts, self.idf)
        z = vectors @ self.dense.T + words + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def score_pieces(self, vectors: np.ndarray, texts: Sequence[str]) -> Scores:
        """Scores of one message from its pieces' vectors and texts."""
        best = self.probabilities(vectors, texts).max(axis=0)
        row = dict(zip(self.names, (float(p) for p in best), strict=True))
        return Scores(crisis=row.get("crisis", 0.0), low_mood=row.get("low_mood", 0.0),
                      red_flag=row.get("red_flag", 0.0),
                      families={n: row[n] for n in self.names if n in RED_FLAG_FAMILIES},
                      intents={n.removeprefix(INTENT_PREFIX): row[n] for n in self.names
                               if n.startswith(INTENT_PREFIX)})

    def save(self, path: Path) -> None:
        """Write the weights atomically (a reader never sees half a file)."""
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez_compressed(tmp, names=np.array(self.names), dense=self.dense, bias=self.bias,
                            idf=self.idf, word_columns=self.word_columns,
                            word_weights=self.word_weights)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Heads:
        """Read weights written by `save`."""
        with np.load(path, allow_pickle=False) as data:
            return cls(names=tuple(str(n) for n in data["names"]), dense=data["dense"],
                       word_columns=data["word_columns"], word_weights=data["word_weights"],
                       bias=data["bias"], idf=data["idf"])


@dataclass(frozen=True)
class EncodedCorpus:
    """Every example's pieces, encoded once; example i's pieces are rows `first[i]` to
    `first[i + 1]`, the first of them its whole text."""

    examples: list[Example]
    texts: list[str]
    vectors: np.ndarray
    first: np.ndarray

    def whole(self, indices: Sequence[int]) -> tuple[np.ndarray, list[str]]:
        """The whole-message vectors and texts of the given examples."""
        rows = self.first[list(indices)]
        return self.vectors[rows], [self.texts[r] for r in rows]

    def pieces_of(self, index: int) -> tuple[np.ndarray, list[str]]:
        """The vectors and texts of every piece of one example."""
        start, end = self.first[index], self.first[index + 1]
        return self.vectors[start:end], self.texts[start:end]

    def save(self, path: Path) -> None:
        """Cache the vectors beside the model (training and evaluation share them)."""
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez(tmp, vectors=self.vectors, first=self.first)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, examples: list[Example], windows: bool) -> EncodedCorpus | None:
        """Cached vectors, or None when they do not fit these examples."""
        texts, first = _layout(examples, windows)
        try:
            with np.load(path, allow_pickle=False) as data:
                vectors, cached_first = data["vectors"], data["first"]
        except (OSError, ValueError, KeyError):
            return None
        if not np.array_equal(cached_first, first):
            return None
        return cls(examples, texts, vectors, first)


def _layout(examples: list[Example], windows: bool) -> tuple[list[str], np.ndarray]:
    texts: list[str] = []
    first = [0]
    for example in examples:
        parts = pieces(example.text) or [" "]
        texts += parts if windows else parts[:1]
        first.append(len(texts))
    return texts, np.array(first, dtype=np.int64)


def encode_corpus(examples: list[Example], encode: Encode, windows: bool = True
                  ) -> EncodedCorpus:
    """Encode every piece of every example in one batch; training needs only the whole
    messages (`windows` False), evaluation reads the windows too, as the bot does."""
    texts, first = _layout(examples, windows)
    return EncodedCorpus(examples, texts, encode(texts), first)


def _fit(x: Any, y: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():  # one class only: a constant head
        return np.zeros(x.shape[1], dtype=np.float32), (30.0 if y[0] else -30.0)
    model = LogisticRegression(C=REGULARISATION_C, max_iter=3000)
    model.fit(x, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def _targets(examples: list[Example], families: bool, safety: bool = True,
             intents: bool = True) -> list[tuple[str, list[int], np.ndarray]]:
    """Each row to fit: its name, the examples it learns from and their labels."""
    targets = []
    for head in HEADS if safety else ():
        rows = [k for k, e in enumerate(examples) if head in e.known]
        targets.append((head, rows, np.array([examples[k].positive(head) for k in rows])))
    # Intents are learned from the writers who labelled them, one row each; a message that
    # asks two things is a positive of both.
    rows = [k for k, e in enumerate(examples) if e.intent_known and intents]
    # A question the summary answers (its sections labelled, as the older question sets
    # are) is neither a look-alike nor outside it, whatever else its writer left unlabelled.
    answered = [k for k, e in enumerate(examples) if not e.intent_known and e.sections]
    for name in sorted(INTENTS) if rows else ():
        learn = rows + answered if name in UNANSWERED_INTENTS else rows
        y = np.array([name in (examples[k].intent, examples[k].also_intent) for k in learn])
        if y.sum() >= MIN_INTENT_EXAMPLES:
            targets.append((INTENT_PREFIX + name, learn, y))
    if not families or not safety:
        return targets
    # A family is told apart among the red flags whose family is known, and from messages
    # with no red flag; red flags labelled only as "red_flag" say nothing of their family.
    rows = [k for k, e in enumerate(examples) if "red_flag" in e.known
            and "red_flag" not in e.labels]
    for name in RED_FLAG_FAMILIES:
        y = np.array([name in examples[k].labels for k in rows])
        if y.sum() >= MIN_FAMILY_EXAMPLES:
            targets.append((name, rows, y))
    return targets


def train_heads(encoded: EncodedCorpus, indices: Sequence[int] | None = None,
                families: bool = True, safety: bool = True, intents: bool = True) -> Heads:
    """Fit every head (and, with `families`, every red-flag family) on the examples at
    `indices` (all when None); without `safety`, the intent rows alone (the answer
    evaluation retrains only those), without `intents` the safety heads alone."""
    chosen = list(range(len(encoded.examples)) if indices is None else indices)
    examples = [encoded.examples[i] for i in chosen]
    vectors, texts = encoded.whole(chosen)
    from scipy import sparse

    idf = lexical.fit_idf(texts)
    x = sparse.hstack([sparse.csr_matrix(vectors), lexical.matrix(texts, idf)]).tocsr()
    dim = vectors.shape[1]
    names, weights, bias = [], [], []
    for name, rows, y in _targets(examples, families, safety, intents):
        w, b = _fit(x[rows], y)
        names.append(name)
        weights.append(w)
        bias.append(b)
    stacked = np.array(weights, dtype=np.float32)
    words = stacked[:, dim:]
    columns = np.flatnonzero(np.any(words != 0, axis=0))
    return Heads(names=tuple(names), dense=np.ascontiguousarray(stacked[:, :dim]),
                 word_columns=columns, word_weights=np.ascontiguousarray(words[:, columns]),
                 bias=np.array(bias, np.float32), idf=idf)


def manifest(examples: list[Example], corpus_digest: str, model_id: str,
             heads: Heads) -> dict[str, object]:
    """What the model was trained on, so it can always say (a model card's first part)."""
    labels: dict[str, int] = {}
    writers: dict[str, int] = {}
    for example in examples:
        writers[example.writer] = writers.get(example.writer, 0) + 1
        for label in example.labels:
            labels[label] = labels.get(label, 0) + 1
    return {"model_version": MODEL_VERSION, "corpus_hash": corpus_digest, "encoder": model_id,
            "regularisation_c": REGULARISATION_C, "examples": len(examples),
            "writers": dict(sorted(writers.items())), "labels": dict(sorted(labels.items())),
            "rows": list(heads.names)}


def write_manifest(path: Path, data: dict[str, object]) -> None:
    """Write the manifest atomically."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
