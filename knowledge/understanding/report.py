"""What `llc-bot understand eval` reports: leave-one-writer-out figures, per label and per
writer, and optionally a held-out set scored by the model trained on the whole corpus."""

from __future__ import annotations

from pathlib import Path

from knowledge.understanding.corpus import load_examples, read_examples
from knowledge.understanding.evaluate import (
    choose_thresholds,
    figures,
    leave_one_writer_out,
    per_writer,
    score_with,
)
from knowledge.understanding.model import encode_corpus
from knowledge.understanding.reader import (
    SentenceEncoder,
    Understanding,
    encoded_corpus,
    model_key,
)


def evaluation_report(encoder: SentenceEncoder, cache_dir: Path,
                      held_out: Path | None = None) -> dict[str, object]:
    """Figures on writers the model never saw. With `held_out`, that file's messages are
    scored once by the model trained on the whole corpus (its writer must not be in it)."""
    understanding = Understanding.load(cache_dir, encoder)
    thresholds = understanding.thresholds
    encoded = encoded_corpus(encoder, cache_dir / model_key(encoder.model_id), windows=True)
    scored = leave_one_writer_out(encoded)
    report: dict[str, object] = {
        "examples": len(encoded.examples),
        "writers": len({e.writer for e in encoded.examples}),
        "thresholds": vars(thresholds),
        "leave_one_writer_out": figures(scored, thresholds).as_dict(),
        "per_writer": {w: f.as_dict() for w, f in per_writer(scored, thresholds).items()},
        "thresholds_by_rule": choose_thresholds(scored),
    }
    if held_out is not None:
        examples = read_examples(held_out)
        seen = {e.writer for e in load_examples()}
        if overlap := sorted({e.writer for e in examples} & seen):
            raise ValueError(f"{held_out.name}: writers {', '.join(overlap)} are in the "
                             "training corpus, so this set is not held out")
        held = score_with(understanding.heads, encode_corpus(examples, encoder.encode))
        report["held_out"] = {"file": held_out.name, "examples": len(examples),
                              "figures": figures(held, thresholds).as_dict()}
    return report
