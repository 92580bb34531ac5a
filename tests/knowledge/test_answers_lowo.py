"""The answer engine on writers it never read: each corpus writer of questions is answered by
intents and a section ranker trained without them (issue 17).

Floors sit below the measured figures (the closing note of issue 17 has them, first runs
first); they catch a regression, they are not targets the corpus was tuned to.
"""

from __future__ import annotations

import pytest

from knowledge.evaluate import EvalReport, evaluate_lowo, pooled
from knowledge.service import AnswerService
from knowledge.understanding.corpus import load_examples
from knowledge.understanding.labels import INTENTS

# One intent model per writer of questions (about half a minute each on two cores).
pytestmark = pytest.mark.timeout(1200)


@pytest.fixture(scope="module")
def report(answer_service: AnswerService) -> EvalReport:
    """Every writer of questions, pooled (each question counted once)."""
    return pooled(list(evaluate_lowo(answer_service).values()))


def test_question_writers_label_what_answers_each_message() -> None:
    questions = [e for e in load_examples() if e.abstain is not None]
    assert len({e.writer for e in questions}) >= 5
    assert all(e.intent in INTENTS for e in questions)
    answerable = [e for e in questions if not e.abstain and e.intent not in ("outside",)]
    assert sum(bool(e.sections) for e in answerable) / len(answerable) >= 0.8


def test_the_answering_passage_is_among_the_first_three_citations(report: EvalReport) -> None:
    assert report.metrics()["passage_at_3"] >= 0.7


def test_look_alike_conditions_are_mostly_not_answered_as_llc(report: EvalReport) -> None:
    assert report.metrics()["lookalike_abstention"] >= 0.65


def test_care_questions_point_to_a_clinician(report: EvalReport) -> None:
    assert report.metrics()["care"] >= 0.95


def test_answerable_questions_are_rarely_refused(report: EvalReport) -> None:
    assert report.metrics()["false_abstention"] <= 0.12
