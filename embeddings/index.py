"""A faiss inner-product index over unit vectors, cached on disk under a content key.

The key hashes the texts and the model id, so editing the corpus or changing the model
rebuilds the cache, and a cache that fails to load (corrupt, truncated, wrong shape) is
rebuilt instead of crashing start-up.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

log = logging.getLogger(__name__)

INDEX_FILE = "vectors.faiss"
META_FILE = "meta.json"


def content_key(texts: list[str], model_id: str) -> str:
    """Hash of what the vectors depend on."""
    digest = hashlib.sha256(model_id.encode())
    for text in texts:
        digest.update(b"\x00" + text.encode())
    return digest.hexdigest()[:20]


@dataclass(frozen=True)
class IndexInfo:
    """What `llc-bot index info` reports."""

    path: str
    key: str
    vectors: int
    dimension: int
    model_id: str
    rebuilt: bool


class VectorIndex:
    """Exact cosine search; the corpus is small, so a flat index is both exact and fast."""

    def __init__(self, index: faiss.Index, info: IndexInfo) -> None:
        self._index = index
        self.info = info

    @classmethod
    def load_or_build(
        cls,
        cache_dir: Path,
        texts: list[str],
        model_id: str,
        encode: Callable[[list[str]], np.ndarray],
        force: bool = False,
    ) -> VectorIndex:
        """Load the cached index for these texts and model, or encode and persist a new one."""
        key = content_key(texts, model_id)
        folder = cache_dir / key
        if not force:
            index = _read(folder, key, len(texts))
            if index is not None:
                return cls(index, _info(folder, key, index, model_id, rebuilt=False))
        vectors = encode(texts)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        _write(folder, key, index, model_id)
        log.info("vector index built: key=%s vectors=%d", key, index.ntotal)
        return cls(index, _info(folder, key, index, model_id, rebuilt=True))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarities and row ids of the k nearest vectors for each query row."""
        return self._index.search(queries, min(k, self._index.ntotal))

    def vectors(self) -> np.ndarray:
        """Every indexed vector, in index order (the cache of an encoding, read back)."""
        return np.asarray(self._index.reconstruct_n(0, self._index.ntotal))

    def similarities(self, queries: np.ndarray) -> np.ndarray:
        """Cosine similarity of each query to every indexed vector, in index order."""
        similarities: np.ndarray = queries @ self.vectors().T
        return similarities


def _info(folder: Path, key: str, index: faiss.Index, model_id: str, rebuilt: bool) -> IndexInfo:
    return IndexInfo(str(folder), key, int(index.ntotal), int(index.d), model_id, rebuilt)


def _read(folder: Path, key: str, expected: int) -> faiss.Index | None:
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        index = faiss.read_index(str(folder / INDEX_FILE))
    except FileNotFoundError:
        return None
    except (OSError, RuntimeError, ValueError) as exc:
        log.warning("vector index cache unreadable, rebuilding: %s", exc.__class__.__name__)
        return None
    if meta.get("key") != key or index.ntotal != expected:
        log.warning("vector index cache does not match the corpus, rebuilding")
        return None
    return index


def _write(folder: Path, key: str, index: faiss.Index, model_id: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # Write to temporary names and rename, so a crash mid-write never leaves a half index.
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as handle:
        tmp_index = Path(handle.name)
    faiss.write_index(index, str(tmp_index))
    os.replace(tmp_index, folder / INDEX_FILE)
    meta = {"key": key, "vectors": int(index.ntotal), "model_id": model_id}
    tmp_meta = folder / (META_FILE + ".tmp")
    tmp_meta.write_text(json.dumps(meta), encoding="utf-8")
    os.replace(tmp_meta, folder / META_FILE)
