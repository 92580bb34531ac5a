"""The numpy logistic head against scikit-learn: the same decision function to the bit, the
same probabilities within one float32 ulp, and a cached fit read back exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from embeddings.linear import LogisticHead, fit_key, fit_logistic

PARAMS = {"C": 4.0, "class_weight": "balanced", "max_iter": 1000}


def unit_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    rows = rng.standard_normal((n, 384)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_head_predicts_what_scikit_learn_predicts(tmp_path: Path) -> None:
    rng = np.random.default_rng(19)
    vectors, labels = unit_rows(rng, 130), (rng.random(130) > 0.4).astype(int)
    model = LogisticRegression(**PARAMS).fit(vectors, labels)
    head = fit_logistic(vectors, labels, tmp_path / "fit.json", **PARAMS)
    queries = unit_rows(rng, 5000) * 3
    assert np.array_equal(head.decision(queries), model.decision_function(queries))
    expected = model.predict_proba(queries)[:, 1]
    assert np.max(np.abs(head.proba(queries) - expected)) <= 2e-7
    assert head.proba(queries[0]).shape == (1,)


def test_a_cached_fit_is_read_back_exactly_and_only_for_the_same_data(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    vectors, labels = unit_rows(rng, 60), np.array([0, 1] * 30)
    cache = tmp_path / "fit.json"
    first = fit_logistic(vectors, labels, cache, **PARAMS)
    key = fit_key(vectors, labels, PARAMS)
    again = LogisticHead.from_json(cache.read_text("utf-8"), key)
    assert again is not None and np.array_equal(again.coef, first.coef)
    assert again.coef.dtype == first.coef.dtype and np.array_equal(again.intercept,
                                                                   first.intercept)
    assert LogisticHead.from_json(cache.read_text("utf-8"), fit_key(vectors, labels[::-1],
                                                                    PARAMS)) is None
    assert LogisticHead.from_json("not json", key) is None
