"""Word features beside the sentence vectors: hashed word and word-pair counts, idf-weighted.

Measured leave-one-writer-out, the encoder's vectors alone miss words that carry the risk in
a message otherwise about running ("the tablets", "the bridge", "my will"): adding these
lifted crisis recall at the act tier from 0.55 to 0.74 at the same false-alarm rate. Hashing
keeps the features stateless (no vocabulary to ship); only the idf weights are learnt.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

N_FEATURES = 2**18
MIN_DOCUMENTS = 2  # a word seen in one training message only is noise, not a feature
WEIGHT = 2.0  # their scale beside the unit-length sentence vector (1, 2 and 3 measured)

_HASHER = HashingVectorizer(n_features=N_FEATURES, ngram_range=(1, 2), alternate_sign=False,
                            norm=None, lowercase=True)


def counts(texts: Sequence[str]) -> sparse.csr_matrix:
    """Raw hashed counts of words and word pairs."""
    return _HASHER.transform(list(texts)).tocsr()


def fit_idf(texts: Sequence[str]) -> np.ndarray:
    """Smoothed idf of each hashed feature over the training messages; 0 for rare ones."""
    present = (counts(texts) > 0).astype(np.float64)
    df = np.asarray(present.sum(axis=0)).ravel()
    n = len(texts)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    idf[df < MIN_DOCUMENTS] = 0.0
    return idf.astype(np.float32)


def features(texts: Sequence[str], idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf times idf, each row of unit length, times `WEIGHT`."""
    x = counts(texts).astype(np.float32)
    x.data = 1.0 + np.log(x.data)
    x = x.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(WEIGHT / norms) @ x)
