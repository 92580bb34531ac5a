"""A logistic regression over sentence vectors, fitted once and predicted in numpy.

Fitting uses scikit-learn; predicting is one matrix product and a sigmoid. Importing
scikit-learn (with SciPy's statistics) costs about a second and 100 MB resident at every
start, which is half the runtime's budget on a small host (issue 19), so the fitted
coefficients are cached beside the vectors they were fitted on, keyed by those vectors, the
labels, the parameters and scikit-learn's version, and a warm start never imports it.

`LogisticHead.proba` computes scikit-learn's `predict_proba(X)[:, 1]` for two classes: the
same decision function to the bit, and its sigmoid within one float32 ulp (scikit-learn
takes SciPy's `expit`, this numpy's `exp`; tests/embeddings/test_linear.py bounds the gap).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LogisticHead:
    """Coefficients (1, n_features) and intercept (1,) of a fitted two-class model."""

    coef: np.ndarray
    intercept: np.ndarray

    def decision(self, vectors: np.ndarray) -> np.ndarray:
        """scikit-learn's `decision_function`: X @ coef.T + intercept, in its dtypes."""
        scores: np.ndarray = np.atleast_2d(vectors) @ self.coef.T + self.intercept
        return scores.reshape(-1)

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        """Probability of the positive class (label 1), one per row."""
        decision = self.decision(vectors)
        probabilities: np.ndarray = 1 / (1 + np.exp(-decision))
        return probabilities

    def to_json(self, key: str) -> str:
        """The head as cached on disk, under the key of what it was fitted on, so a stale cache
        is never read back."""
        return json.dumps({"key": key, "dtype": str(self.coef.dtype),
                           "coef": [float(x) for x in self.coef.reshape(-1)],
                           "intercept": [float(x) for x in self.intercept.reshape(-1)]})

    @classmethod
    def from_json(cls, text: str, key: str) -> LogisticHead | None:
        """The head in `text` if it was fitted under `key` (floats round-trip exactly)."""
        try:
            raw = json.loads(text)
            if raw.get("key") != key:
                return None
            dtype = np.dtype(raw["dtype"])
            return cls(np.array([raw["coef"]], dtype=dtype), np.array(raw["intercept"],
                                                                      dtype=dtype))
        except (ValueError, KeyError, TypeError):
            return None


def fit_key(vectors: np.ndarray, labels: np.ndarray, params: dict[str, Any]) -> str:
    """What a fit depends on: the training data, the parameters, scikit-learn's version."""
    try:
        version = metadata.version("scikit-learn")
    except metadata.PackageNotFoundError:
        version = "none"
    digest = hashlib.sha256(json.dumps([sorted(params.items()), version, str(vectors.dtype),
                                        vectors.shape]).encode())
    digest.update(np.ascontiguousarray(vectors).tobytes())
    digest.update(np.ascontiguousarray(labels, dtype=np.int64).tobytes())
    return digest.hexdigest()[:24]


def fit_logistic(vectors: np.ndarray, labels: np.ndarray, cache_file: Path | None = None,
                 **params: Any) -> LogisticHead:
    """`LogisticRegression(**params).fit(vectors, labels)` as a head; read from `cache_file`
    when it holds this very fit, else fitted (scikit-learn imported only then) and written."""
    key = fit_key(vectors, labels, params)
    if cache_file is not None:
        try:
            head = LogisticHead.from_json(cache_file.read_text("utf-8"), key)
        except OSError:
            head = None
        if head is not None:
            return head
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(**params).fit(vectors, labels)
    if list(model.classes_) != [0, 1]:
        raise ValueError(f"two classes 0 and 1 expected, got {list(model.classes_)}")
    head = LogisticHead(np.array(model.coef_), np.array(model.intercept_))
    if cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(cache_file.suffix + f".{os.getpid()}.tmp")
            tmp.write_text(head.to_json(key), "utf-8")
            os.replace(tmp, cache_file)
        except OSError as error:  # a read-only data folder: fit again next start
            log.warning("fitted model not cached: %s", error.__class__.__name__)
    return head
