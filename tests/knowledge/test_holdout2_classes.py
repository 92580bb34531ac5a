"""Classes of mistakes the second blind held-out set (issue 9) found on its first run, each
tested in wordings of its own: false crisis on injuries, medicines and encouragement; red
flags feared or ruled out rather than told; places and exercises read as other activities;
low mood told as shame, envy or feeling unseen."""

from __future__ import annotations

import pytest

from knowledge.crisis_semantic import pieces_to_check
from knowledge.service import AnswerService
from knowledge.support_semantic import pieces_to_read
from knowledge.triage import triage
from tests.knowledge.conftest import level


@pytest.mark.parametrize("text", [
    "Strained my calf on the track, there's a bruise coming up behind the knee. How long off?",
    "Been on baclofen for a month and feel foggy. Can I halve it myself before the race?",
    "Eight easy miles today with barely a wobble! Never give up, all of you",
])
def test_injuries_medicines_and_encouragement_are_not_crisis(service: AnswerService,
                                                              text: str) -> None:
    assert service.answer(text).triage != "crisis"


def test_a_bruise_with_no_one_doing_it_is_not_read_for_self_harm() -> None:
    pieces = pieces_to_check("I'm so tired of it all, and there's a bruise on my shin now")
    assert all("bruise" not in piece for piece in pieces[1:])


@pytest.mark.parametrize("text", [
    "My bowels and bladder are totally fine, it's only the leg on long runs",
    "I read that dystonia can spread to the arms, will it spread for me?",
    "I do my tempo on the bike path and now the leg goes at 20 minutes",
    "Physio has me doing banded walks and step ups, the leg still flails on fast runs",
    "I feel normal when I walk but my hamstring misfires after 3 miles of running",
])
def test_signs_feared_ruled_out_or_misread_are_no_red_flag(text: str) -> None:
    assert level(text) == "none"


def test_spreading_is_grounded_in_the_summarys_own_contrast(service: AnswerService) -> None:
    answer = service.answer(
        "It used to be only running, but over the winter the same clumsy leg started on the "
        "rowing machine and now on the stairs at home.")
    assert answer.triage == "see_doctor"
    assert {"prognosis-compared", "specific-to-running"} <= {c.section for c in answer.citations}


@pytest.mark.parametrize("text", [
    "I'm ashamed of how much I've spent chasing this",
    "Honestly I'm jealous of everyone at parkrun and I hate it",
    "I feel invisible at the clinic, they nod and send me home",
])
def test_shame_envy_and_feeling_unseen_get_support(text: str) -> None:
    assert triage(text).level == "support"


def test_low_mood_the_patterns_miss_is_read_by_meaning(service: AnswerService) -> None:
    text = ("Honestly I barely recognise myself without the sport, everything I was revolved "
            "around it")
    assert pieces_to_read(text)
    assert service.answer(text).triage == "support"


def test_a_short_question_about_rarity_is_not_low_mood(service: AnswerService) -> None:
    assert service.answer("how common is this, feels like im the only one").triage == "none"
