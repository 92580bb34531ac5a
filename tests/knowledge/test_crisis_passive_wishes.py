"""Passive wishes not to be alive are crisis language; runners' hyperbole about dying is not."""

import pytest

from knowledge.crisis import detect_crisis


@pytest.mark.parametrize("text", [
    "If this means I never race again I'd rather not be alive",
    "honestly if i cant run again id rather be dead",
    "if I can never run again I'd rather die.",
    "I no longer want to live like this",
    "wouldn't mind if I didn't wake up tomorrow",
    "i wouldn't mind dying tbh",
    "a life without running isn't worth living",
    "I'd prefer to not exist at this point",
])
def test_passive_wish_not_to_live_is_crisis(text: str) -> None:
    assert detect_crisis(text)


@pytest.mark.parametrize("text", [
    "I'd rather die than run another treadmill marathon",
    "I'd rather not be here at the track at 5am",
    "I'd rather not race this weekend",
    "I would not mind dying my hair for race day",
    "I'd rather die on the trails than on the road lol",
])
def test_runner_hyperbole_is_not_crisis(text: str) -> None:
    assert not detect_crisis(text)
