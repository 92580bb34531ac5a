"""The understanding model: its corpus, its cache, and its figures on writers it never saw.

The floors are on leave-one-writer-out figures at the thresholds in `thresholds.yaml`: a
writer's messages are scored by a model trained without that writer. They are floors, never
`== 1.0`: the corpus is what the model learnt from, not a test it was tuned to pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.service import AnswerService
from knowledge.understanding import Understanding, pieces
from knowledge.understanding.corpus import CorpusError, load_examples, load_writers, read_examples
from knowledge.understanding.evaluate import Figures, figures, leave_one_writer_out
from knowledge.understanding.labels import HEADS
from knowledge.understanding.reader import encoded_corpus, model_key

# Leave-one-writer-out trains one model per writer (25 of them) over the whole corpus.
pytestmark = pytest.mark.timeout(1200)

@pytest.fixture(scope="module")
def lowo(answer_service: AnswerService) -> Figures:
    """Leave-one-writer-out figures over the whole committed corpus."""
    understanding = answer_service.understanding
    folder = Path(os.environ["UNDERSTANDING_DIR"]) / model_key(understanding.encoder.model_id)
    scored = leave_one_writer_out(encoded_corpus(understanding.encoder, folder, windows=True))
    return figures(scored, understanding.thresholds)


def test_the_corpus_has_many_writers_each_registered_with_their_brief() -> None:
    examples = load_examples()
    writers = load_writers()
    assert len(examples) >= 3000
    assert len({e.writer for e in examples}) >= 12
    assert {e.writer for e in examples} <= set(writers)
    negatives = [e for e in examples if not any(e.positive(h) for h in HEADS)]
    assert len(negatives) >= len(examples) / 3


def test_a_malformed_corpus_line_names_its_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x-1", "writer": "x", "text": "hi", "labels": ["crisis.maybe"]}\n')
    with pytest.raises(CorpusError, match=r"bad.jsonl:1: labels: unknown crisis.maybe"):
        read_examples(bad)


def test_crisis_recall_counting_quiet_check_ins_is_at_least_95_percent(lowo: Figures) -> None:
    assert lowo.crisis_recall_with_check_in.value >= 0.95


def test_crisis_recall_at_the_act_tier_is_at_least_85_percent(lowo: Figures) -> None:
    assert lowo.crisis_recall_act.value >= 0.85


def test_hard_negatives_are_rarely_acted_on_as_crisis(lowo: Figures) -> None:
    assert lowo.false_act_on_hard_negatives.value <= 0.05


def test_red_flag_recall_is_at_least_92_percent(lowo: Figures) -> None:
    assert lowo.red_flag_recall.value >= 0.92


def test_low_mood_recall_is_at_least_80_percent(lowo: Figures) -> None:
    assert lowo.low_mood_recall.value >= 0.80


def test_a_crisis_in_the_middle_of_a_long_story_counts(answer_service: AnswerService) -> None:
    story = (
        "Long post, sorry. My right hamstring started misfiring about four years ago, only on "
        "tempo runs at first and then on every steady run over forty minutes. Walking is fine "
        "and my MRI was clean, the physio found nothing. I have tried strength work for months. "
        "Honestly I have started giving my running things away and I wrote letters to my "
        "family, because I don't plan on being around after the weekend. Anyway the reason I "
        "am posting is to ask whether anyone found that trails helped more than the track, "
        "since flat roads seem to bring it on quickest for me, and whether racing shorter "
        "distances was any better for you all."
    )
    assert len(pieces(story)) > 1
    assert answer_service.read(story).crisis != "none"


def test_format_characters_do_not_hide_crisis_words(answer_service: AnswerService) -> None:
    hidden = "i want to k\u200bill my\u00adself tonight"
    assert answer_service.read(hidden).crisis == "act"


def test_the_model_is_cached_by_hash_and_says_what_it_was_trained_on(
        answer_service: AnswerService) -> None:
    encoder = answer_service.understanding.encoder
    cache = Path(os.environ["UNDERSTANDING_DIR"])
    again = Understanding.load(cache, encoder)
    card = again.trained_on
    assert card["corpus_hash"] and card["encoder"] == encoder.model_id
    assert sum(card["writers"].values()) == len(load_examples())
    assert (cache / model_key(encoder.model_id) / "heads.npz").is_file()


def test_a_crisis_the_model_reads_with_a_means_and_a_time_is_imminent(
        answer_service: AnswerService) -> None:
    reading = answer_service.read("I have the pills ready for tonight, I'm done")
    assert reading.crisis == "act" and reading.floor is None
    assert reading.imminent  # the moderators' alert does not wait for a cooldown
