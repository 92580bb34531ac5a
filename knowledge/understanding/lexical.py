"""Word features beside the sentence vectors: hashed word and word-pair counts, idf-weighted.

Measured leave-one-writer-out, the encoder's vectors alone miss words that carry the risk in
a message otherwise about running ("the tablets", "the bridge", "my will"): adding these
lifted crisis recall at the act tier from 0.55 to 0.74 at the same false-alarm rate. Hashing
keeps the features stateless (no vocabulary to ship; CRC-32, stable across processes); only
the idf weights are learnt. Reading needs numpy alone: scikit-learn and SciPy are imported
only to train.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np

N_FEATURES = 2**18
MIN_DOCUMENTS = 2  # a word seen in one training message only is noise, not a feature
WEIGHT = 2.0  # their scale beside the unit-length sentence vector (1 and 2 measured)

_TOKEN = re.compile(r"\b\w\w+\b")  # words of two letters or more, as scikit-learn's default

Features = tuple[np.ndarray, np.ndarray]  # (feature indices, values) of one text


def _counts(text: str) -> Counter[int]:
    words = _TOKEN.findall(text.lower())
    grams = [*words, *(f"{a} {b}" for a, b in pairwise(words))]
    return Counter(zlib.crc32(gram.encode("utf-8")) % N_FEATURES for gram in grams)


def fit_idf(texts: Sequence[str]) -> np.ndarray:
    """Smoothed idf of each hashed feature over the training messages; 0 for rare ones."""
    df = np.zeros(N_FEATURES, dtype=np.float64)
    for text in texts:
        df[list(_counts(text))] += 1
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    idf[df < MIN_DOCUMENTS] = 0.0
    return idf.astype(np.float32)


def features(text: str, idf: np.ndarray) -> Features:
    """Sublinear tf times idf, of unit length, times `WEIGHT`; features of idf 0 dropped."""
    counts = _counts(text)
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    index = np.fromiter(counts, dtype=np.int64, count=len(counts))
    values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * idf[index]
    keep = values > 0
    index, values = index[keep], values[keep]
    norm = float(np.sqrt(values @ values)) or 1.0
    return index, (values * (WEIGHT / norm)).astype(np.float32)


def scores(columns: np.ndarray, weights: np.ndarray, texts: Sequence[str],
           idf: np.ndarray) -> np.ndarray:
    """(texts, rows) of the word features' part of each row's decision; `weights` holds the
    rows' weights of the sorted feature indices `columns` (every other weight is zero)."""
    out = np.zeros((len(texts), weights.shape[0]), dtype=np.float32)
    for i, text in enumerate(texts):
        index, values = features(text, idf)
        where = np.searchsorted(columns, index)
        used = where < len(columns)
        used[used] = columns[where[used]] == index[used]
        if used.any():
            out[i] = weights[:, where[used]] @ values[used]
    return out


def matrix(texts: Sequence[str], idf: np.ndarray) -> Any:
    """The features of many texts as a SciPy sparse matrix, for training."""
    from scipy import sparse

    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        index, values = features(text, idf)
        rows.append(np.full(len(index), i))
        cols.append(index)
        vals.append(values)
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(len(texts), N_FEATURES))
