"""The story sets' answer figures (issue 9): the needed passage, abstention and the story's
features. Crisis, low mood and red flags on these sets are the understanding model's, which
learnt from them (they are part of its corpus): their honest figures are leave-one-writer-out,
in test_understanding."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.evaluate import EvalReport, evaluate
from knowledge.service import AnswerService

DATA = Path(__file__).parent.parent / "data"
# Each set with its floor for the needed passage, false abstention and uncovered abstention.
# Since issue 17 look-alike conditions (injuries with a spot or a moment, trapped nerves) are
# read by the understanding model, not by the word lists these sets were tuned to: on new
# writers held out for a first run it abstained on 10 of 10 and 9 of 10 look-alikes, where
# the word lists caught none. On these old sets it measures lower than the lists did, and the
# floors sit just under what it measures (passage 0.94, 0.84; false abstention 0.07;
# uncovered 0.89, 0.86, 0.83, 0.67), not at what the lists were tuned to reach.
SETS = {
    "stories_dev": (0.9, 0.03, 0.95),
    "stories_holdout": (0.85, 0.05, 0.85),
    "stories_holdout2": (0.85, 0.05, 0.8),
    "stories_holdout3": (0.8, 0.08, 0.8),
    "stories_holdout4": (0.85, 0.05, 0.9),
    "stories_holdout5": (0.85, 0.05, 0.6),
    "stories_holdout6": (0.8, 0.05, 0.9),
    "stories_holdout7": (0.85, 0.05, 0.9),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def named_report(request: pytest.FixtureRequest, service: AnswerService
                 ) -> tuple[str, EvalReport]:
    return request.param, evaluate(service, DATA / f"{request.param}.jsonl")


@pytest.fixture(scope="module")
def report(service: AnswerService) -> EvalReport:
    return evaluate(service, DATA / "stories_dev.jsonl")


def test_needed_passage_is_quoted(named_report: tuple[str, EvalReport]) -> None:
    name, report = named_report
    assert report.metrics()["passage_quoted"] >= SETS[name][0], report.failures


def test_abstention_is_right_both_ways(named_report: tuple[str, EvalReport]) -> None:
    name, report = named_report
    metrics = report.metrics()
    assert metrics["false_abstention"] <= SETS[name][1], report.failures
    assert metrics["offtopic_abstention"] >= SETS[name][2], report.failures


@pytest.mark.parametrize(("feature", "precision", "recall"), [
    ("side", 0.95, 0.85),
    ("muscles", 0.7, 0.8),
    ("movements", 0.65, 0.65),
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
