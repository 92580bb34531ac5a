"""Is a message about LLC? In this community it is, unless it is clearly about something else.

Members write "what helps?" or "how do I fix it" and mean their leg; they also ask about
shoes, gels and sore hip flexors, which the summary does not cover although it shares their
words. A logistic regression over sentence vectors, trained at load time on labelled
examples (knowledge/corpus/topic_examples.yaml: LLC messages against other running and
health topics), generalises past any word list; the lists in abstain.py stay as a backstop.
Training takes one encoder pass over about 130 short examples; with a cache folder, the
vectors and the fit are kept there and a start only reads them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from embeddings.encoder import Encoder
from embeddings.index import VectorIndex
from embeddings.linear import fit_logistic
from knowledge.expand import expand

EXAMPLES_FILE = Path(__file__).parent / "corpus" / "topic_examples.yaml"


def examples(path: Path = EXAMPLES_FILE) -> tuple[list[str], list[int]]:
    """The labelled examples as the service sees them (expanded), 1 for LLC."""
    table = yaml.safe_load(path.read_text("utf-8"))
    texts, labels = [], []
    for label, name in ((1, "llc"), (0, "other")):
        for text in table[name]:
            texts.append(expand(str(text)).text)
            labels.append(label)
    return texts, labels


class TopicClassifier:
    """Probability that a message (as an expanded-query vector) is about LLC."""

    def __init__(self, encoder: Encoder, path: Path = EXAMPLES_FILE,
                 cache_dir: Path | None = None) -> None:
        """Train on the examples; with `cache_dir`, their vectors are encoded once and kept
        there (keyed by the texts and the model), which takes a second off every start."""
        texts, labels = examples(path)
        fitted: Path | None = None
        if cache_dir is None:
            vectors = encoder.encode(texts)
        else:
            index = VectorIndex.load_or_build(cache_dir, texts, encoder.model_id,
                                              encoder.encode)
            vectors = index.vectors()
            # The fit is kept beside its vectors: a warm start never imports scikit-learn.
            fitted = Path(index.info.path) / "logistic.json"
        self._model = fit_logistic(vectors, np.array(labels), fitted, C=4.0,
                                   class_weight="balanced", max_iter=1000)

    def about_llc(self, vectors: np.ndarray) -> np.ndarray:
        """One probability per row of unit vectors from the same encoder."""
        return self._model.proba(vectors)
