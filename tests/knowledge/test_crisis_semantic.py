"""The semantic crisis net: distress in words the patterns have never seen."""

from __future__ import annotations

import pytest

from knowledge.crisis import detect_crisis
from knowledge.crisis_semantic import worth_checking
from knowledge.service import AnswerService


@pytest.mark.parametrize("text", [
    "every day I wonder why I bother staying alive",
    "I've been looking at the pills in the bathroom a lot lately",
    "can't remember the last time I wanted to be alive",
])
def test_distress_the_patterns_miss_is_caught_by_meaning(service: AnswerService,
                                                         text: str) -> None:
    assert detect_crisis(text) is None  # the point: only the net can catch these
    assert service.seems_in_crisis(text)


@pytest.mark.parametrize("text", [
    "I'm dying to get back on the trails",
    "my legs were dead by mile 20",
    "I need the tightness to stop",
    "I wonder why I bother with the foam roller",
    "I cut myself on a rock during the fell race, nothing serious",
])
def test_runner_talk_is_not_taken_for_crisis(service: AnswerService, text: str) -> None:
    assert not service.seems_in_crisis(text)


def test_answers_triage_crisis_by_meaning(service: AnswerService) -> None:
    answer = service.answer("every day I wonder why I bother staying alive with this leg")
    assert answer.triage == "crisis" and "findahelpline.com" in answer.answer


def test_gate_skips_messages_without_first_person_distress() -> None:
    assert not worth_checking("What makes LLC worse?")
    assert worth_checking("I don't see the point anymore")
