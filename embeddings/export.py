"""Export the packaged sentence-transformers model to ONNX, once, for the torch-free runtime.

Only this module (and `embeddings.reference`) imports torch, and only when called: it needs
the `model` extra (`pip install '.[model]'`). What it writes to the export folder:

- `model.onnx`: the transformer alone, inputs `input_ids`, `attention_mask`,
  `token_type_ids` of any batch and length, output `last_hidden_state`; pooling and
  normalisation stay in numpy, where they are a few lines that a reader can check against
  sentence-transformers'. It is traced by `torch.onnx.export` (the TorchScript exporter,
  with eager attention) and fused offline by ONNX Runtime's BERT optimizer into one
  embedding node, six attention nodes and fused layer norms and GELUs: 30% less CPU a text
  than the graph of the dynamo exporter, whose attention ONNX Runtime does not fuse;
- `tokenizer.json`: the source model's own fast tokenizer, byte for byte;
- `manifest.json`, written last (its presence marks a complete export): the source files'
  SHA-256, the model id the vector caches are keyed by, opset, pooling, normalisation,
  max_seq_length and padding, and what made it.

The export is deterministic (the same source and exporter versions give the same bytes,
wherever the checkout is: the exporter's provenance notes are dropped; the test compares two
exports) and checked before it is published: the ONNX vectors of a few probe
texts, one longer than max_seq_length, must equal sentence-transformers' (cosine 0.9999).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from embeddings.encoder import (
    EXPORT_FORMAT,
    MANIFEST_FILE,
    MODEL_PACKAGE,
    ONNX_FILE,
    TOKENIZER_FILE,
    Encoder,
    Manifest,
    default_model_path,
    source_digest,
)

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

OPSET = 18
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "last_hidden_state"
MIN_COSINE = 0.9999
PROBES = [
    "my hamstring misfires on tempo runs",
    "Loss of leg coordination while running: is it a focal dystonia?",
    "Émoji, accents and CAPITALS 🏃‍♀️ — naïve café, 42 km, 3:05/km",
    "",
    " ".join(["the left calf tightens, then the foot splays and the stride falls apart"] * 40),
]


# The exporter narrates every optimisation pass at INFO; one line of ours says it is done.
# (The root logger too: ONNX Runtime's optimizer logs under bare module names.)
NOISY_LOGGERS = ("", "torch.onnx", "onnxruntime")


@contextlib.contextmanager
def _quiet(names: tuple[str, ...]) -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class ExportError(RuntimeError):
    """The source model cannot be exported as the runtime runs it; says why in one line."""


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "local"


def legacy_model_id(model_path: Path) -> str:
    """The id the torch backend gave these weights (folder name @ package version): kept, so
    vector caches built before the ONNX runtime stay valid (the vectors are the same)."""
    return f"{model_path.name}@{_version(MODEL_PACKAGE)}"


def model_shape(model: SentenceTransformer) -> tuple[int, int]:
    """The vectors' dimension and the tokens read of a text, which the runtime needs; a model
    may leave either unset, and then it cannot be run without torch."""
    dimension, max_seq_length = model.get_embedding_dimension(), model.max_seq_length
    if dimension is None or max_seq_length is None:
        raise ExportError("the model states no dimension or max_seq_length: the runtime "
                          "shapes and truncates by them")
    return int(dimension), int(max_seq_length)


def _check_modules(model: Any) -> bool:
    """Transformer, mean Pooling and an optional Normalize: what the runtime implements.
    Returns whether the vectors are normalised."""
    names = [type(module).__name__ for module in model]
    if names not in (["Transformer", "Pooling", "Normalize"], ["Transformer", "Pooling"]):
        raise ExportError(f"cannot export modules {names}: the runtime runs Transformer, "
                          "Pooling(mean), Normalize")
    mode = getattr(model[1], "pooling_mode", None) or (
        "mean" if model[1].get_config_dict().get("pooling_mode_mean_tokens") else "other")
    if mode != "mean":
        raise ExportError(f"cannot export pooling {mode!r}: the runtime pools by the mean")
    return len(names) == 3


def export_encoder(target: Path, model_path: Path | None = None) -> Manifest:
    """Export `model_path` (default: the packaged model) into `target`, replacing whatever
    export is there, and return its manifest. Callers that may race take
    `embeddings.encoder.export_lock(target)` first."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    source = Path(model_path or default_model_path())
    digest = source_digest(source)
    model = SentenceTransformer(str(source), device="cpu")
    normalize = _check_modules(model)
    # A SentenceTransformer is typed as a Sequential of Modules; _check_modules has just
    # made sure the first is its Transformer, whose model and tokenizer come from transformers.
    first: Any = model[0]
    transformer = first.auto_model.eval()
    tokenizer = first.tokenizer
    dimension, max_seq_length = model_shape(model)

    class Hidden(torch.nn.Module):
        """The transformer with positional inputs and one output, as ONNX wants it."""

        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            hidden: torch.Tensor = self.inner(
                input_ids=input_ids, attention_mask=attention_mask,
                token_type_ids=token_type_ids).last_hidden_state
            return hidden

    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=target))
    traced = staging / "traced.onnx"
    attention = transformer.config._attn_implementation
    try:
        # A sample with padding, so that nothing is traced as "no mask needed".
        ids = torch.full((2, 16), 1000, dtype=torch.int64)
        mask = torch.ones_like(ids)
        mask[1, 10:] = 0
        # Eager attention traces to the MatMul-Softmax-MatMul pattern that ONNX Runtime
        # fuses into one Attention node (the SDPA path does not fuse): 30% less CPU a text.
        transformer.set_attn_implementation("eager")
        with warnings.catch_warnings(), torch.no_grad(), _quiet(NOISY_LOGGERS):
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Hidden(transformer), (ids, mask, torch.zeros_like(ids)), str(traced),
                input_names=list(INPUTS), output_names=[OUTPUT], opset_version=OPSET,
                dynamo=False, dynamic_axes={name: {0: "batch", 1: "sequence"}
                                            for name in (*INPUTS, OUTPUT)})
            fused = _fuse(traced, staging / ONNX_FILE, transformer.config)
        traced.unlink()
        _strip_provenance(staging / ONNX_FILE)
        if (source / TOKENIZER_FILE).is_file():
            shutil.copyfile(source / TOKENIZER_FILE, staging / TOKENIZER_FILE)
        else:
            tokenizer.backend_tokenizer.save(str(staging / TOKENIZER_FILE))
        onnx_bytes = (staging / ONNX_FILE).read_bytes()
        raw: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "model_id": legacy_model_id(source),
            "source": {"package": MODEL_PACKAGE, "version": _version(MODEL_PACKAGE),
                       "sha256": digest},
            "dimension": dimension,
            "pooling": "mean",
            "normalize": normalize,
            "tokenizer": {"file": TOKENIZER_FILE, "max_seq_length": max_seq_length,
                          "pad_id": int(tokenizer.pad_token_id),
                          "pad_token": str(tokenizer.pad_token)},
            "onnx": {"file": ONNX_FILE, "opset": OPSET, "inputs": list(INPUTS),
                     "output": OUTPUT, "bytes": len(onnx_bytes), "fused": fused,
                     "sha256": hashlib.sha256(onnx_bytes).hexdigest()},
            "exporter": {"torch": torch.__version__, "onnx": _version("onnx"),
                         "onnxruntime": _version("onnxruntime"),
                         "sentence_transformers": _version("sentence-transformers")},
        }
        (staging / MANIFEST_FILE).write_text(json.dumps(raw, indent=2) + "\n", "utf-8")
        transformer.set_attn_implementation(attention)
        _verify(model, staging, source)
        # The manifest last: a reader that finds it finds the files it names.
        for name in (ONNX_FILE, TOKENIZER_FILE, MANIFEST_FILE):
            os.replace(staging / name, target / name)
    finally:
        transformer.set_attn_implementation(attention)
        shutil.rmtree(staging, ignore_errors=True)
    manifest = Manifest.read(target)
    if manifest is None:  # pragma: no cover - only if the folder changed under us
        raise ExportError(f"the export in {target} could not be read back")
    log.info("encoder exported: dir=%s onnx_sha256=%s", target, raw["onnx"]["sha256"][:16])
    return manifest


def _fuse(source: Path, target: Path, config: Any) -> dict[str, int]:
    """ONNX Runtime's offline BERT fusions (embedding and layer norms, attention, GELU)
    from `source` into `target`; returns how many of each were made. Fused nodes are ONNX
    Runtime operators with CPU kernels for every machine, so the export stays portable."""
    from onnxruntime.transformers import optimizer

    model = optimizer.optimize_model(str(source), model_type="bert",
                                     num_heads=int(config.num_attention_heads),
                                     hidden_size=int(config.hidden_size), opt_level=0)
    counts = {name: int(n) for name, n in model.get_fused_operator_statistics().items() if n}
    if not counts.get("Attention"):
        log.warning("attention was not fused: the export works, about 30%% slower")
    model.save_model_to_file(str(target), use_external_data_format=False)
    return counts


def _strip_provenance(path: Path) -> None:
    """Drop what the exporter records about where each node came from (stack traces with
    absolute paths and line numbers, module names, FX node text): it changes with the
    checkout's location and every edit of this file, and the runtime never reads it. What
    remains depends only on the weights, the graph and the exporter's versions."""
    import onnx

    model = onnx.load(str(path))
    graphs = [model.graph]
    while graphs:
        graph = graphs.pop()
        del graph.metadata_props[:]
        for node in graph.node:
            del node.metadata_props[:]
            node.doc_string = ""
            for attribute in node.attribute:  # the bodies of If and Loop nodes
                if attribute.HasField("g"):
                    graphs.append(attribute.g)
                graphs.extend(attribute.graphs)
    for function in model.functions:
        for node in function.node:
            del node.metadata_props[:]
    onnx.save(model, str(path))


def _verify(model: Any, folder: Path, source: Path) -> None:
    """Refuse to publish an export whose vectors differ from sentence-transformers'."""
    expected = model.encode(PROBES, convert_to_numpy=True, normalize_embeddings=True,
                            show_progress_bar=False)
    got = Encoder(source, encoder_dir=folder, threads=1).encode(PROBES)
    cosine = np.sum(got * expected, axis=1) / (
        np.linalg.norm(got, axis=1) * np.linalg.norm(expected, axis=1))
    if float(cosine.min()) < MIN_COSINE:
        raise ExportError(f"the ONNX encoder differs from sentence-transformers "
                          f"(cosine {float(cosine.min()):.6f} < {MIN_COSINE})")
