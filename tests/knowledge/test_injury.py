"""A pain with a spot or an injury with a moment is not LLC (knowledge/injury.py), and the
service answers such a message with an honest abstention unless the member also tells of lost
coordination. Wordings are our own, written after the second held-out set was first run."""

from __future__ import annotations

import pytest

from knowledge import messages
from knowledge.injury import injury_words
from knowledge.service import AnswerService


@pytest.mark.parametrize("text", [
    "There's a tender spot just above my ankle bone that I can find with one finger",
    "Ache on the outside of the knee after downhill runs",
    "Stabbing pain under the arch when I get out of bed",
    "Tweaked my adductor doing a fartlek on Sunday",
    "Felt a ping in the calf on a hill sprint and stopped",
    "The back of my heel is swollen and red",
    "heel pain first thing every morning",
    "it hurts to go down stairs since the race",
])
def test_pain_in_one_spot_or_an_injury_event_is_found(text: str) -> None:
    assert injury_words(text) is not None


@pytest.mark.parametrize("text", [
    "No swelling, no bruising, nothing to see",
    "I can't point to any sore spot, it's a vague tightness",
    "Sharp electric pain shoots down my calf on runs",  # a nerve sign, for triage
    "my hamstring gets tight and weak after five miles and my stride falls apart",
])
def test_what_is_ruled_out_or_is_a_nerve_sign_is_not_an_injury(text: str) -> None:
    assert injury_words(text) is None


@pytest.mark.parametrize("question", [
    "Twinge at the top of my calf on a downhill yesterday, now it's sore to squeeze. "
    "Rest or keep jogging?",
    "Rolled my ankle on a root during a trail 10k, it's puffy and purple. How long off?",
    "Knee pain on the inside after my long run, a bit swollen. What is it?",
])
def test_an_injury_story_gets_an_honest_abstention(service: AnswerService,
                                                   question: str) -> None:
    answer = service.answer(question)
    assert answer.abstained and not answer.citations
    # Honest either way: "not covered", or (a swelling) the note to see a clinician alone.
    assert messages.ABSTAIN in answer.answer or answer.triage in ("see_doctor", "urgent")


def test_lost_coordination_beside_an_injury_is_still_related(service: AnswerService) -> None:
    answer = service.answer(
        "Two years of my right hamstring going haywire on tempo runs, clumsy and not mine. "
        "Last week I also rolled my ankle on a trail, swollen now. Could the ankle be why?")
    assert not answer.abstained and answer.citations


def test_an_other_diagnosis_asked_in_an_llc_story_is_named_as_uncovered(
        service: AnswerService) -> None:
    answer = service.answer(
        "For three years my left glute stops firing about 5k into a race and the leg swings "
        "out. MRI and EMG clean. My physio wonders about compartment syndrome, could it be?")
    assert not answer.abstained
    assert messages.UNCOVERED_IN_STORY.format(topic="compartment syndrome") in answer.answer
