"""The stories dev set's figures (issue 9), held a little below what the engine reaches."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.evaluate import EvalReport, evaluate
from knowledge.service import AnswerService

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def report(service: AnswerService) -> EvalReport:
    return evaluate(service, DATA / "stories_dev.jsonl")


def test_needed_passage_is_quoted(report: EvalReport) -> None:
    assert report.metrics()["passage_quoted"] >= 0.95, report.failures


def test_abstention_is_right_both_ways(report: EvalReport) -> None:
    metrics = report.metrics()
    assert metrics["false_abstention"] <= 0.03, report.failures
    assert metrics["offtopic_abstention"] >= 0.95, report.failures


def test_red_flags_and_support_are_found_without_false_alarms(report: EvalReport) -> None:
    metrics = report.metrics()
    assert metrics["red_flag_recall"] == 1.0, report.failures
    assert metrics["support_recall"] >= 0.9, report.failures
    assert metrics["red_flag_false_alarm"] <= 0.03, report.failures


def test_crisis_recall_does_not_fall(report: EvalReport) -> None:
    # One crisis message ("I'd rather not be alive") is missed by knowledge/crisis.py and the
    # semantic net, which another change owns; this holds the rest.
    assert report.metrics()["crisis_recall"] >= 0.8, report.failures


@pytest.mark.parametrize(("feature", "precision", "recall"), [
    ("side", 0.95, 0.85),
    ("muscles", 0.7, 0.8),
    ("movements", 0.4, 0.65),
    ("triggers", 0.6, 0.5),
    ("tolerated", 0.7, 0.5),
    ("course", 0.5, 0.3),
    ("activities_affected", 0.9, 0.65),
    ("tried", 0.45, 0.75),
    ("tests_done", 0.9, 0.8),
])
def test_feature_extraction_holds(report: EvalReport, feature: str, precision: float,
                                  recall: float) -> None:
    scores = report.feature_scores()[feature]
    assert scores["precision"] >= precision and scores["recall"] >= recall, scores
