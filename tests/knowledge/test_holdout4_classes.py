"""Classes of mistakes the fourth blind held-out set (issue 9) found on its first run, each
tested in wordings of its own: a plan, written letters or a farewell said without crisis
words; ordinary clauses the meaning net read as crisis; a tremor in a foot at rest; a hand
that turns clumsy at the pen; sleeplessness and self-doubt; what the runner does instead, or
does without trouble, read as spreading."""

from __future__ import annotations

import pytest

from knowledge.crisis import detect_crisis
from knowledge.service import AnswerService
from knowledge.triage import triage
from tests.knowledge.conftest import level


@pytest.mark.parametrize("text", [
    "If the surgery fails I already know how I'd end it all",
    "My notes are already written and the car is full of fuel",
    "Told my sister thanks for everything, I won't be a burden to anyone anymore",
    "Walking over the railway bridge I keep thinking how easy it would be to just disappear",
])
def test_a_plan_or_a_farewell_is_crisis(text: str) -> None:
    assert detect_crisis(text) is not None


@pytest.mark.parametrize("text", [
    "Every morning I wake up and for a second the leg is fine, then I remember the last race",
    "A friend asked if I'd hurt myself when she saw me limp off the track after the relay",
])
def test_ordinary_clauses_are_not_crisis(service: AnswerService, text: str) -> None:
    assert service.answer(text).triage != "crisis"


@pytest.mark.parametrize("text", [
    "Lying in bed my right foot jerks on its own, and the leg misfires on runs",
    "My left hand gets clumsy when I write, the leg has been wonky for two years",
    "My handwriting is getting smaller and my leg goes on runs",
])
def test_a_tremor_or_a_clumsy_hand_is_a_red_flag(text: str) -> None:
    assert level(text) == "see_doctor"


@pytest.mark.parametrize("text", [
    "I hike for five hours without any problem, it's only fast running",
    "Now I swim instead and it feels like exercise, not like me",
    "Static strength on both sides is the same, the leg only goes on tempos",
])
def test_what_the_runner_does_instead_or_without_trouble_is_no_red_flag(text: str) -> None:
    assert level(text) == "none"


@pytest.mark.parametrize("text", [
    "I haven't slept more than four hours a night since the marathon went wrong",
    "I'm starting to wonder if I'm making it all up, every scan is clean",
    "Sold my spikes today and felt stupid for crying, the old me isn't coming back",
])
def test_sleeplessness_and_self_doubt_get_support(text: str) -> None:
    assert triage(text).level == "support"
