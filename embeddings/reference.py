"""The encoder as it ran before issue 19: sentence-transformers on torch.

Kept for two jobs only, both with the `model` extra installed: the test that the ONNX
runtime's vectors equal these, and the benchmark that sets the two side by side. Nothing at
run time uses it. Same interface as `embeddings.encoder.Encoder` (`model_id`, `dimension`,
`encode`), so it can stand in for it in an `AnswerService`.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from embeddings.encoder import default_model_path


class SentenceTransformerEncoder:
    """Unit-length sentence vectors from sentence-transformers; safe from several threads."""

    def __init__(self, model_path: Path | None = None) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        from embeddings.export import legacy_model_id, model_shape

        transformers_logging.disable_progress_bar()
        self.model_path = model_path or default_model_path()
        self._model = SentenceTransformer(str(self.model_path), device="cpu")
        self._lock = threading.Lock()
        self.dimension, self.max_seq_length = model_shape(self._model)
        self.model_id = legacy_model_id(self.model_path)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Float32 matrix of normalised embeddings, one row per text."""
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                texts, batch_size=32, convert_to_numpy=True, normalize_embeddings=True,
                show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def token_counts(self, texts: list[str]) -> list[int]:
        """How many tokens sentence-transformers feeds the model for each text (after its
        truncation): what the runtime's tokenizer must reproduce."""
        features = self._model.preprocess(texts)
        return [int(n) for n in features["attention_mask"].sum(dim=1)]
