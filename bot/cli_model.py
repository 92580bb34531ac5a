"""`llc-bot model export|info`: the ONNX export of the encoder that the runtime loads.

`export` needs the `model` extra (torch, sentence-transformers); the runtime install has
only onnxruntime and reads what `export` wrote. An export is remade only when the source
model's files changed (their SHA-256 is in the manifest), or with `--force`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click


def _summary(folder: Path, manifest: Any, exported: bool) -> dict[str, Any]:
    raw = manifest.raw
    return {"dir": str(folder), "exported": exported, "model_id": manifest.model_id,
            "source_sha256": manifest.source_sha256, "onnx_sha256": raw["onnx"]["sha256"],
            "opset": raw["onnx"]["opset"], "pooling": manifest.pooling,
            "normalize": manifest.normalize, "max_seq_length": manifest.max_seq_length,
            "dimension": manifest.dimension}


@click.group()
def model() -> None:
    """The sentence encoder's ONNX export (ENCODER_DIR)."""


@model.command("export")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Export even if DIR holds a current export.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest summary as JSON.")
def model_export(directory: Path | None, force: bool, as_json: bool) -> None:
    """Export the encoder to ONNX in DIRECTORY (default: ENCODER_DIR, else DATA_DIR/encoder)."""
    from bot.cli import _emit, _settings, fail
    from embeddings.encoder import (
        Manifest,
        can_export,
        default_model_path,
        export_lock,
        source_digest,
    )

    settings = _settings()
    folder = directory or settings.resolved_encoder_dir()
    if not can_export():
        fail("exporting needs the model extra (torch, sentence-transformers): "
             "pip install torch==2.13.0 first, then pip install '.[model]'")
    from embeddings.export import ExportError, export_encoder

    source = default_model_path()
    try:
        with export_lock(folder):
            manifest = Manifest.read(folder)
            exported = force or manifest is None or (
                manifest.source_sha256 != source_digest(source))
            if exported:
                manifest = export_encoder(folder, source)
    except (ExportError, OSError) as error:
        fail(f"cannot export to {folder}: {error}")
    assert manifest is not None
    summary = _summary(folder, manifest, exported)
    if as_json:
        _emit(summary)
    else:
        click.echo(f"{'exported' if exported else 'up to date'}: {folder} "
                   f"(onnx {summary['onnx_sha256'][:16]}, source {manifest.source_sha256[:16]})")


@model.command("info")
@click.option("--json", "as_json", is_flag=True)
def model_info(as_json: bool) -> None:
    """The export the runtime would load, or one line on how to make it (exit 2)."""
    from bot.cli import _emit, _settings, fail
    from embeddings.encoder import EXPORT_HINT, Manifest

    folder = _settings().resolved_encoder_dir()
    manifest = Manifest.read(folder)
    if manifest is None:
        fail(f"no exported encoder in {folder}: " + EXPORT_HINT.format(dir=folder))
    summary = _summary(folder, manifest, exported=False)
    del summary["exported"]
    if as_json:
        _emit(summary)
    else:
        for key, value in summary.items():
            click.echo(f"{key}: {value}")
