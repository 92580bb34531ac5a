"""Classes of mistakes the seventh blind held-out set (issue 9) found on its first run, each
tested in wordings of its own: a wish not to wake up with a word in between, a way to die
thought of as "easier" or "simpler"; feeling one is making it up, worn out by not being
believed, grief for a person that running carried."""

from __future__ import annotations

import pytest

from knowledge.crisis import detect_crisis
from knowledge.support import support_reasons


@pytest.mark.parametrize("text", [
    "I don't even want to wake up most days now",
    "Crossing the bridge I think it would be simpler to just step off the edge",
    "On the motorway I keep thinking how easy it would be to not brake",
])
def test_indirect_wishes_and_ways_are_crisis(text: str) -> None:
    assert detect_crisis(text) is not None


@pytest.mark.parametrize("text", [
    "It would be easier to just step off the track when the leg goes",
    "Maybe it's easier to let go of racing for a season",
    "Easier to just jump in the pool on bad days",
])
def test_easier_in_runner_talk_is_not_crisis(text: str) -> None:
    assert detect_crisis(text) is None


@pytest.mark.parametrize("text", [
    "I'm beginning to feel like I'm making the whole thing up",
    "So exhausted from not being believed by anyone",
    "My mum and I ran together every Sunday; without it it's like losing her all over again",
])
def test_self_doubt_and_grief_get_support(text: str) -> None:
    assert support_reasons(text)


def test_others_looking_at_you_like_you_are_crazy_is_a_worry_not_low_mood() -> None:
    assert support_reasons("Is it all in my head? Doctors look at me like I'm crazy.") == []
