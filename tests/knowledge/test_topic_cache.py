"""The topic classifier's examples are encoded once per data folder, not at every start."""

from __future__ import annotations

import numpy as np

from knowledge.service import AnswerService
from knowledge.topic import TopicClassifier


class CountingEncoder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, encoder) -> None:
        self._encoder = encoder
        self.model_id = encoder.model_id
        self.encoded = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.encoded += len(texts)
        return self._encoder.encode(texts)


def test_topic_examples_are_encoded_once_and_read_back_the_same(
        tmp_path, answer_service: AnswerService) -> None:
    counting = CountingEncoder(answer_service.encoder)
    first = TopicClassifier(counting, cache_dir=tmp_path)  # type: ignore[arg-type]
    encoded = counting.encoded
    second = TopicClassifier(counting, cache_dir=tmp_path)  # type: ignore[arg-type]
    assert encoded > 0 and counting.encoded == encoded
    probe = answer_service.encoder.encode(["what helps?", "best shoes for flat feet?"])
    assert np.allclose(first.about_llc(probe), second.about_llc(probe))
