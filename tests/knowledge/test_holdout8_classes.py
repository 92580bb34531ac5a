"""Classes of crisis language the blind stress set (issue 9, holdout 8) found missed on its
first run, each tested in wordings of its own, with runner talk that must stay quiet."""

from __future__ import annotations

import pytest

from knowledge.crisis import detect_crisis


@pytest.mark.parametrize("text", [
    "What's the quickest way to go without it hurting? Serious question",
    "Read up on the lethal dose of paracetamol last night",
    "Already chose the tree in the woods behind the track",
    "Took a knife to my own thigh after the race",
    "I burn my arm with a lighter when the leg fails",
    "She said we won't have to worry about her much longer",
    "Thinking about checking out for good",
    "Letters for the kids are under my pillow",
    "His rifle is out on the table again, he says it's just in case",
])
def test_indirect_crisis_language(text: str) -> None:
    assert detect_crisis(text) is not None


@pytest.mark.parametrize("text", [
    "Picked the spot for the club picnic after the relay",
    "How many gels would it take to get through a 50k?",
    "I have enough saved for a new watch",
    "The starter gun went off and just in case I went out hard",
    "I feel hopeless about this leg, honestly",
    "Checking out the new trainers this weekend",
])
def test_runner_talk_and_low_mood_are_not_crisis(text: str) -> None:
    assert detect_crisis(text) is None
