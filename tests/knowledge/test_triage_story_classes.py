"""Classes of triage mistakes found when the held-out stories were first run, each tested
in wordings of its own (not the held-out messages)."""

import pytest

from knowledge.triage import DIAGNOSIS_REASON, MEDICATION_REASON, triage
from tests.knowledge.conftest import level


@pytest.mark.parametrize("text", [
    "My physio tested me for foot drop and numbness, all fine, it's only when I run fast",
    "The GP screened for tingling and weakness and found nothing; the leg only flails on tempo",
    "Neurologist examined me for foot drop, strength normal, the foot lifts fine",
])
def test_a_sign_that_was_examined_for_is_not_the_sign(text: str) -> None:
    assert level(text) == "none"


@pytest.mark.parametrize("text", [
    "Calf locked up at mile 20 and I had to walk the last bit, how do I avoid that?",
    "Coming back from a long break with walk-run intervals, how do I keep it from flaring?",
    "I walked it in after the hamstring went funny at 30k",
])
def test_walking_as_a_runners_choice_is_not_walking_affected(text: str) -> None:
    assert level(text) == "none"


def test_the_sports_medicine_clinic_is_not_a_medication() -> None:
    checked = triage("Should I see sports med or a neurologist first about my leg thing?")
    assert MEDICATION_REASON not in checked.reasons


def test_fear_for_the_course_of_a_dystonia_diagnosis_goes_to_the_neurologist() -> None:
    checked = triage("I was diagnosed with focal dystonia in my foot this spring. Will I end up "
                     "unable to walk normally?")
    assert checked.level == "see_doctor" and DIAGNOSIS_REASON in checked.reasons


@pytest.mark.parametrize("text", [
    "Since I stopped racing everything feels grey and flat",
    "I've lost a big part of who I am with this leg",
    "She hasn't been sleeping and lies awake until 4am since her leg stopped working on runs",
])
def test_low_mood_told_in_other_words_gets_support(text: str) -> None:
    assert triage(text).level == "support"


@pytest.mark.parametrize("text", [
    "My hand has started cramping when I write, and the leg thing has been there for years",
    "For a few weeks my fingers now curl up when I hold a pen",
])
def test_another_limb_or_a_fine_task_told_first_is_spreading(text: str) -> None:
    assert level(text) == "see_doctor"


def test_arms_swinging_to_compensate_is_not_spreading() -> None:
    assert level("My arms started swinging more to make up for the leg late in races") == "none"
