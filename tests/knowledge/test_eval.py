"""The evaluation set's thresholds from issue 3, held on every run."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.evaluate import EvalReport, evaluate
from knowledge.service import AnswerService

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def report(service: AnswerService) -> EvalReport:
    return evaluate(service, DATA / "qa_eval.jsonl")


def test_eval_set_is_large_and_covers_every_category(eval_items: list[dict]) -> None:
    assert len(eval_items) >= 80
    categories = {item["category"] for item in eval_items}
    assert categories >= {"fact", "literature", "colloquial", "comparison", "offtopic",
                          "red_flag", "crisis"}


def test_expected_facts_are_in_at_least_90_percent_of_answers(report: EvalReport) -> None:
    assert report.metrics()["fact_in_answer"] >= 0.90, report.failures


# This set was tuned on for years; since issue 17 the section ranker and the look-alike
# reading are learnt from blind writers and measured leave-one-writer-out and on held-out
# writers (tests/knowledge/test_answers_lowo.py). The floors here sit just under what the
# learnt design measures on this old set (0.949 and 0.875: an IT band question and an MS
# one, which a word list caught, now wait for the model to learn such named conditions).
def test_expected_passage_is_in_top_3_for_92_percent(report: EvalReport) -> None:
    assert report.metrics()["passage_at_3"] >= 0.92, report.failures


def test_off_topic_abstention_is_at_least_85_percent(report: EvalReport) -> None:
    assert report.metrics()["offtopic_abstention"] >= 0.85, report.failures


def test_every_red_flag_and_crisis_is_caught(report: EvalReport) -> None:
    metrics = report.metrics()
    assert metrics["red_flag_recall"] == 1.0, report.failures
    assert metrics["crisis_recall"] == 1.0, report.failures


def test_every_answer_has_the_screening_note(report: EvalReport) -> None:
    assert report.metrics()["screening_present"] == 1.0
