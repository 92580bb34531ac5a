"""Classes of mistakes the fifth blind held-out set (issue 9) found on its first run, each
tested in wordings of its own: warning signs of a farewell, means looked up; movements of
their own outside running, a sudden foot drop told around "overnight"; words that only
contain a sign ("numbers", "spreadsheet"), a hypothesis, "100% fine", a run-walk; a wound or
an illness that is not LLC; anxiety as a clinician's word."""

from __future__ import annotations

import pytest

from knowledge.crisis import detect_crisis
from knowledge.injury import injury_words
from knowledge.service import AnswerService
from knowledge.support import support_reasons
from tests.knowledge.conftest import level


@pytest.mark.parametrize("text", [
    "I've given all my race medals away to the kids at the club. I won't be needing them.",
    "Put my affairs in order this week and gave my bike to my brother. Thanks for everything.",
    "Been reading how many sleeping tablets it would take",
])
def test_warning_signs_together_or_means_looked_up_are_crisis(text: str) -> None:
    assert detect_crisis(text) is not None


def test_one_warning_sign_alone_is_not_crisis() -> None:
    assert detect_crisis("I gave my old spikes to the juniors at the club") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("My fingers clench on their own when I'm holding the steering wheel", "see_doctor"),
    ("Got up this morning and my left foot flops, I can't lift it, it came on overnight",
     "urgent"),
])
def test_movements_of_their_own_and_a_sudden_foot_drop(text: str, expected: str) -> None:
    assert level(text) == expected


@pytest.mark.parametrize("text", [
    "I need real numbers for sets and reps, a spreadsheet I can follow",
    "The doctor said if it were neurological it would happen on the bike too",
    "bladder 100% fine, no numbness, it's just the hamstring at tempo",
    "I jog ten minutes then walk because the leg won't behave",
])
def test_words_that_only_look_like_a_sign_are_no_red_flag(text: str) -> None:
    assert level(text) == "none"


@pytest.mark.parametrize("text", [
    "A dog bit my ankle on the trail, two small punctures",
    "Caught a cold with a sore throat three days before the race",
    "My big toenail went black after the downhill race",
])
def test_a_wound_or_an_illness_is_not_llc(service: AnswerService, text: str) -> None:
    assert injury_words(text) is not None
    assert service.answer(text + " Should I still run?").abstained


def test_anxiety_in_a_doctors_notes_is_not_the_members_low_mood() -> None:
    assert support_reasons("The neurologist wrote 'anxiety' in my notes, but my leg misfires "
                           "on every tempo") == []
    assert support_reasons("My anxiety has been awful since I stopped racing")


def test_a_bite_that_broke_the_skin_is_for_a_clinician_a_lumbar_puncture_is_not() -> None:
    assert level("A dog bit my calf on the towpath, two punctures") == "see_doctor"
    assert level("Had a lumbar puncture and an MRI, both clear; the leg goes on tempos") == "none"
    assert level("I was bitten by the running bug at forty") == "none"
