"""Classes of mistakes the sixth blind held-out set (issue 9) found on its first run, each
tested in wordings of its own: another member's quoted words, hearsay, a near fall the member
rules out, "nothing" that is a place; a foot that smacks down, bladder accidents and numbness
"down there"; a bone that hurts to hop on; going up a dose; motivation gone; a race's
soreness; a stride that only looks like a limp."""

from __future__ import annotations

import pytest

from knowledge.injury import injury_words
from knowledge.support import support_reasons
from knowledge.triage import MEDICATION_REASON, asks_about_dose, triage
from tests.knowledge.conftest import level


@pytest.mark.parametrize("text", [
    "> my foot started dragging and I fell twice\nnot me thankfully, mine only goes on long runs",
    "I've read that it spreads to the arms in dystonia. Mine is the left hamstring on tempos",
    "On the long tempo I feel I'm about to trip, though I never actually do",
    "He looks like he's limping late in the marathon, then walks off completely normally",
])
def test_words_that_are_not_the_members_own_symptom(text: str) -> None:
    assert level(text) == "none"


@pytest.mark.parametrize(("text", "expected"), [
    ("Clipped my toe on absolutely nothing and hit the deck twice this month", "see_doctor"),
    ("My left foot has started to smack down on every stride", "see_doctor"),
    ("Twice this week I didn't make it to the loo in time and it's numb down there", "urgent"),
    ("The front of my shin is tender and I can't hop on that leg", "see_doctor"),
])
def test_red_flags_in_everyday_words(text: str, expected: str) -> None:
    assert level(text) == expected


def test_going_up_a_dose_is_for_the_prescriber() -> None:
    text = "My neuro has me on half a tablet of sinemet; can I go up to a full one myself?"
    checked = triage(text)
    assert MEDICATION_REASON in checked.reasons and asks_about_dose(text.lower())


@pytest.mark.parametrize("text", [
    "My motivation has gone completely and I've stopped going to club",
    "I keep snapping at my kids since the leg took running away",
])
def test_motivation_gone_and_withdrawal_get_support(text: str) -> None:
    assert support_reasons(text)


def test_a_races_soreness_is_not_llc() -> None:
    assert injury_words("Two days after the fell race my quads are totally trashed") is not None
