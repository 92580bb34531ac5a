"""The ONNX runtime encoder against sentence-transformers (the encoder before issue 19):
the same vectors on a few hundred varied texts, the same truncation, the same model id (so
vector caches stay valid), a deterministic export cached by the source files' hash, and one
line instead of a crash when there is no export and no torch to make one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.settings import Settings
from embeddings import encoder as encoder_module
from embeddings.encoder import (
    MANIFEST_FILE,
    ONNX_FILE,
    Encoder,
    EncoderUnavailable,
    Manifest,
    default_model_path,
    ensure_export,
    source_digest,
)
from embeddings.reference import SentenceTransformerEncoder
from knowledge.corpus import load_corpus
from knowledge.passages import build_passages
from tests.adversarial_texts import adversarial_texts

DATA = Path(__file__).resolve().parents[1] / "data"
MIN_COSINE = 0.9999


@pytest.fixture(scope="module")
def onnx_encoder() -> Encoder:
    return Encoder()


@pytest.fixture(scope="module")
def reference() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder()


def varied_texts() -> list[str]:
    """Passages of the corpus, members' questions and stories, moderation messages, and
    the edge cases: empty, blank, emoji, accents, other scripts, zero-width characters,
    adversarial shapes, and texts far past max_seq_length."""
    passages = [p.search_text for p in build_passages(load_corpus())]
    texts = passages[::2][:150]
    for name, field, step in (("qa_eval.jsonl", "question", 2), ("stories_dev.jsonl",
                              "question", 2), ("qa_blind.jsonl", "question", 3),
                              ("moderation_eval.jsonl", "text", 3)):
        lines = (DATA / name).read_text("utf-8").splitlines()
        texts += [json.loads(line)[field] for line in lines[::step] if line.strip()]
    texts += ["", "   ", "\n\t", "ok", "LLC?", "🏃‍♀️🏃‍♀️🏃‍♀️ 💥🦵",
              "Naïve café runner — ÉMOJI und Ümlaut, 3:05/km",
              "跑步时腿部失去协调", "бег и потеря координации ног", "zero\u200bwidth\u200djoin",
              "@everyone https://discord.gg/abc free $$$ cure"]
    texts += [text[:1500] for text in adversarial_texts(1500).values()]
    sentence = "my left hamstring misfires after five kilometres at tempo pace and the foot splays"
    for words in (60, 240, 255, 256, 300, 2000):  # around and far past 256 tokens
        texts.append(" ".join((sentence.split() * (words // 10 + 1))[:words]))
    return texts


def test_runtime_vectors_equal_sentence_transformers_on_a_few_hundred_texts(
        onnx_encoder: Encoder, reference: SentenceTransformerEncoder) -> None:
    texts = varied_texts()
    assert len(texts) >= 300
    got, expected = onnx_encoder.encode(texts), reference.encode(texts)
    assert got.shape == expected.shape == (len(texts), 384) and got.dtype == np.float32
    cosine = np.sum(got * expected, axis=1)
    worst = int(np.argmin(cosine))
    assert cosine[worst] >= MIN_COSINE, (cosine[worst], texts[worst][:80])
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_long_texts_are_truncated_exactly_like_sentence_transformers(
        onnx_encoder: Encoder, reference: SentenceTransformerEncoder) -> None:
    texts = varied_texts()
    assert onnx_encoder.token_counts(texts) == reference.token_counts(texts)
    assert max(onnx_encoder.token_counts(texts)) == reference.max_seq_length == 256
    # Text past the limit changes nothing: only the first 256 tokens are read.
    long = texts[-1]
    vectors = onnx_encoder.encode([long, long + " and then numbness in both feet"])
    assert float(vectors[0] @ vectors[1]) > 0.99999


def test_a_vector_does_not_depend_on_the_batch_it_was_padded_in(onnx_encoder: Encoder) -> None:
    texts = ["short", "a much longer message about running and the left calf " * 6, ""]
    alone = np.vstack([onnx_encoder.encode([text]) for text in texts])
    together = onnx_encoder.encode(texts)
    assert np.allclose(alone, together, atol=1e-5)
    assert onnx_encoder.encode([]).shape == (0, 384)


def test_model_id_is_the_torch_backends_so_vector_caches_stay_valid(
        onnx_encoder: Encoder, reference: SentenceTransformerEncoder) -> None:
    assert onnx_encoder.model_id == reference.model_id
    assert onnx_encoder.dimension == reference.dimension


def test_onnx_runtime_threads_come_from_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    one = Encoder(threads=1)
    assert one._session.get_session_options().intra_op_num_threads == 1
    monkeypatch.setenv("ENCODER_THREADS", "2")
    assert Settings(_env_file=None).encoder_options()["threads"] == 2
    monkeypatch.delenv("ENCODER_THREADS")
    assert Settings(_env_file=None).encoder_options()["threads"] == os.cpu_count()
    monkeypatch.setenv("DATA_DIR", "/somewhere")
    monkeypatch.delenv("ENCODER_DIR")
    assert Settings(_env_file=None).encoder_options()["encoder_dir"] == Path(
        "/somewhere/encoder")


@pytest.mark.timeout(900)
def test_export_is_deterministic_and_cached_by_the_source_hash(
        onnx_encoder: Encoder, tmp_path: Path) -> None:
    from embeddings.export import export_encoder

    manifest = export_encoder(tmp_path / "again")
    onnx = (tmp_path / "again" / ONNX_FILE).read_bytes()
    assert hashlib.sha256(onnx).hexdigest() == manifest.raw["onnx"]["sha256"]
    assert manifest.raw["onnx"]["sha256"] == onnx_encoder.manifest.raw["onnx"]["sha256"]
    assert manifest.source_sha256 == source_digest(default_model_path())
    assert manifest.raw["pooling"] == "mean" and manifest.raw["onnx"]["opset"] >= 17
    # A current export is used as it is: ensure_export does not export again.
    before = (tmp_path / "again" / ONNX_FILE).stat().st_mtime_ns
    assert ensure_export(tmp_path / "again").raw == manifest.raw
    assert (tmp_path / "again" / ONNX_FILE).stat().st_mtime_ns == before


def copy_export(encoder: Encoder, folder: Path) -> Path:
    shutil.copytree(encoder.encoder_dir, folder, ignore=shutil.ignore_patterns(".lock"))
    return folder


def test_without_torch_a_missing_export_is_one_line_on_how_to_export(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder_module, "can_export", lambda: False)
    with pytest.raises(EncoderUnavailable) as raised:
        Encoder(encoder_dir=tmp_path / "none")
    message = str(raised.value)
    assert "\n" not in message and "llc-bot model export" in message
    assert str(tmp_path / "none") in message and "[model]" in message
    assert not (tmp_path / "none").exists()  # reading an export never writes


def test_a_stale_or_broken_export_is_not_used(
        onnx_encoder: Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder_module, "can_export", lambda: False)
    stale = copy_export(onnx_encoder, tmp_path / "stale")
    raw = json.loads((stale / MANIFEST_FILE).read_text("utf-8"))
    raw["source"]["sha256"] = "0" * 64
    (stale / MANIFEST_FILE).write_text(json.dumps(raw), "utf-8")
    with pytest.raises(EncoderUnavailable, match="stale"):
        Encoder(encoder_dir=stale)
    # Where the source model is not installed (the runtime), the manifest is trusted.
    monkeypatch.setattr(encoder_module, "packaged_source", lambda: None)
    assert Encoder(encoder_dir=stale, threads=1).model_id == onnx_encoder.model_id
    broken = copy_export(onnx_encoder, tmp_path / "broken")
    with (broken / ONNX_FILE).open("r+b") as handle:
        handle.truncate(1000)
    assert Manifest.read(broken) is None
    with pytest.raises(EncoderUnavailable, match="no exported encoder"):
        Encoder(encoder_dir=broken)


def test_a_read_only_export_loads(onnx_encoder: Encoder, tmp_path: Path) -> None:
    folder = copy_export(onnx_encoder, tmp_path / "ro")
    for path in [*folder.iterdir(), folder]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        assert Encoder(encoder_dir=folder, threads=1).encode(["x"]).shape == (1, 384)
    finally:
        folder.chmod(0o755)
