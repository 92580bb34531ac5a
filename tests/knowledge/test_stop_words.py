"""The copied stop words are scikit-learn's, word for word (scikit-learn is installed for
training, but retrieval no longer imports it at run time)."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS

from knowledge.stop_words import ENGLISH_STOP_WORDS


def test_the_copy_equals_scikit_learns_list() -> None:
    assert ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS
    assert len(ENGLISH_STOP_WORDS) == 318
