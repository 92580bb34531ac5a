"""Triage's pattern floor on narratives: signs named in so many words anywhere in a story,
negation, the support level and medication questions (no model: red flags in runners' own
words are the understanding model's, measured leave-one-writer-out in test_understanding)."""

from __future__ import annotations

import pytest

from knowledge.features import extract_features
from knowledge.models import TRIAGE_ORDER
from knowledge.triage import MEDICATION_REASON, triage


def check(text: str):
    return triage(text, features=extract_features(text))


def test_levels_rank_none_support_see_doctor_urgent_crisis() -> None:
    assert TRIAGE_ORDER == ("none", "support", "see_doctor", "urgent", "crisis")


@pytest.mark.parametrize("text", [
    "Been 2 years of this. On a trail last week I fell over on a flat bit for no reason.",
    "It started in races, and now it's spreading into my other leg.",
    "the outside of my shin goes numb after 20 minutes",
    "I get pins and needles in my foot at about mile 6 and then the leg goes wonky",
    "Long story, but the main thing: I've had a couple of bladder accidents on long runs.",
])
def test_signs_named_in_a_story_are_found(text: str) -> None:
    assert check(text).level in ("see_doctor", "urgent"), text


@pytest.mark.parametrize("text", [
    "No numbness, no tingling, no pain, and walking is completely normal.",
    "I've never fallen and I don't get pins and needles, the leg just misfires at speed.",
    "strides are fine but over a mile at 5k pace my leg falls apart",
    "when I stop to walk it goes away within a minute",
])
def test_red_flags_the_member_rules_out_are_not_found(text: str) -> None:
    assert check(text).level == "none", check(text).reasons


@pytest.mark.parametrize("text", [
    "Honestly I've been so depressed since I had to stop running. I cry most days.",
    "I'm grieving running, it was who I was.",
    "cant sleep, cant focus at work, the leg thing has taken everything",
    "I'm emotionally exhausted by all the appointments.",
])
def test_low_mood_without_risk_language_is_support(text: str) -> None:
    result = check(text)
    assert result.level == "support", result.reasons


def test_support_is_not_raised_by_tired_legs_after_training() -> None:
    assert check("my legs are tired after the long run, normal?").level == "none"
    assert check("I'm not depressed about it, just curious what helps").level == "none"


def test_several_reasons_most_serious_first() -> None:
    result = check("I've been so depressed about it, and now my foot goes numb.")
    assert result.level == "see_doctor"
    assert result.reasons[-1] == "low mood"
    assert len(result.reasons) >= 2


@pytest.mark.parametrize("text", [
    "Should I up my baclofen dose? 10mg isn't doing anything.",
    "What dose of botox do people usually get for runner's dystonia?",
    "can I stop taking gabapentin now?",
])
def test_medication_dose_questions_see_a_doctor(text: str) -> None:
    result = check(text)
    assert result.level == "see_doctor"
    assert MEDICATION_REASON in result.reasons
