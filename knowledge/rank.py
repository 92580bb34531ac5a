"""Which summary section answers what a member asked: a ranker learned from the corpus.

Retrieval alone finds the sentences that share a question's words or meaning, which for
"what should I do about it?" is the definition again. The understanding model says what a
message asks (its intents); the corpus says which sections answer each intent (`sections`
on the labelled questions). The ranker is a logistic regression over, for each section, the
best dense similarity, the best BM25 score, the fused rank score and the intent prior
P(section | intents); it is fitted on the corpus's labelled questions at load (a few hundred
rows, well under a second) and cached beside the understanding model.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.expand import expand
from knowledge.retrieve import Hit, HybridRetriever
from knowledge.understanding.corpus import Example

log = logging.getLogger(__name__)

FEATURES = ("dense", "lexical", "fused", "prior")
PRIOR_SMOOTHING = 0.5  # Laplace pseudo-count per section and intent
# Training uses the labelled intents, softened: at reading time the model's intents are
# probabilities, never certain, and a ranker fitted on certainty would trust them too much.
LABEL_CONFIDENCE = 0.7
MIN_INTENT_MASS = 0.2  # below this the model does not know what is asked: no prior
RANKER_VERSION = "1"


@dataclass(frozen=True)
class SectionRanker:
    """Ranks the summary's sections for a message from its retrieval hits and intents."""

    sections: tuple[str, ...]
    intents: tuple[str, ...]
    prior: np.ndarray  # (intents, sections): P(section | intent)
    weights: np.ndarray  # (len(FEATURES),)
    bias: float

    def prior_of(self, intents: Mapping[str, float]) -> np.ndarray:
        """P(section | what the message asks), uniform when the model does not know."""
        q = np.array([intents.get(name, 0.0) for name in self.intents], dtype=np.float64)
        if q.sum() < MIN_INTENT_MASS:
            return np.full(len(self.sections), 1.0 / len(self.sections))
        return (q / q.sum()) @ self.prior

    def probabilities(self, hits: Sequence[Hit], intents: Mapping[str, float]
                      ) -> dict[str, float]:
        """Each section's probability of answering the message."""
        x = self._features(hits, intents)
        z = x @ self.weights + self.bias
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return dict(zip(self.sections, (float(v) for v in p), strict=True))

    def _features(self, hits: Sequence[Hit], intents: Mapping[str, float]) -> np.ndarray:
        index = {s: i for i, s in enumerate(self.sections)}
        x = np.zeros((len(self.sections), len(FEATURES)), dtype=np.float64)
        x[:, 0] = -1.0
        top_lexical = max((h.lexical for h in hits), default=0.0) or 1.0
        for hit in hits:
            row = index.get(hit.passage.section)
            if row is None:
                continue
            x[row, 0] = max(x[row, 0], hit.dense)
            x[row, 1] = max(x[row, 1], hit.lexical / top_lexical)
            x[row, 2] = max(x[row, 2], hit.score)
        x[:, 3] = self.prior_of(intents)
        return x

    # -- persistence -------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the ranker as JSON, atomically."""
        data = {"version": RANKER_VERSION, "sections": self.sections, "intents": self.intents,
                "prior": self.prior.tolist(), "weights": self.weights.tolist(),
                "bias": self.bias}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> SectionRanker | None:
        """A ranker written by `save`, or None when missing, damaged or of another version."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["version"] != RANKER_VERSION:
                return None
            return cls(sections=tuple(data["sections"]), intents=tuple(data["intents"]),
                       prior=np.array(data["prior"]), weights=np.array(data["weights"]),
                       bias=float(data["bias"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None


def by_section(hits: Sequence[Hit], probs: Mapping[str, float]) -> list[Hit]:
    """The hits regrouped so that the sentences of the most probable section come first,
    each section's own sentences in their retrieval order."""
    return sorted(hits, key=lambda h: (-probs.get(h.passage.section, 0.0), -h.score))


def _intent_prior(examples: Sequence[Example], sections: Sequence[str], intents: Sequence[str]
                  ) -> np.ndarray:
    counts = np.full((len(intents), len(sections)), PRIOR_SMOOTHING)
    column = {s: j for j, s in enumerate(sections)}
    row = {name: i for i, name in enumerate(intents)}
    for example in examples:
        if not example.intent_known:
            continue
        for asked in {example.intent, example.also_intent} & set(row):
            for section in example.sections:
                if section in column:
                    counts[row[asked], column[section]] += 1.0
    return counts / counts.sum(axis=1, keepdims=True)


def _soft_intents(example: Example, intents: Sequence[str]) -> dict[str, float]:
    if not example.intent_known:
        return {}
    asked = {example.intent, example.also_intent} & set(intents)
    rest = (1.0 - LABEL_CONFIDENCE) / len(intents)
    return {name: rest + (LABEL_CONFIDENCE / len(asked) if name in asked else 0.0)
            for name in intents} if asked else {}


def fit_ranker(examples: Sequence[Example], vectors: np.ndarray, retriever: HybridRetriever,
               sections: Sequence[str], intents: Sequence[str]) -> SectionRanker:
    """Fit on the examples with labelled sections; `vectors` are their message vectors, in
    the same order. scikit-learn is imported only here."""
    from sklearn.linear_model import LogisticRegression

    prior = _intent_prior(examples, sections, intents)
    untrained = SectionRanker(tuple(sections), tuple(intents), prior,
                              np.zeros(len(FEATURES)), 0.0)
    rows, targets = [], []
    for example, vector in zip(examples, vectors, strict=True):
        if not example.sections:
            continue
        hits = retriever.rank(expand(_query_text(example)), vector)
        rows.append(untrained._features(hits, _soft_intents(example, intents)))
        targets.append([s in example.sections for s in sections])
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(np.vstack(rows), np.concatenate(targets))
    log.info("section ranker fitted: questions=%d", len(rows))
    return SectionRanker(tuple(sections), tuple(intents), prior,
                         model.coef_[0].astype(np.float64), float(model.intercept_[0]))


def _query_text(example: Example) -> str:
    """What the answer service ranks for a message: a follow-up with its earlier turn."""
    return f"{example.previous} {example.text}" if example.previous else example.text
