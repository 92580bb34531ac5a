"""Classes of mistakes the third blind held-out set (issue 9) found on its first run, each
tested in wordings of its own: a burden with a plan said without crisis words, short clauses
read as crisis, rulings-out with "nothing", a tremor at rest, low mood told as withdrawal or
grief for a sport, words that name no activity affected, a decision weighed in a statement."""

from __future__ import annotations

import pytest

from knowledge.abstain import uncovered_topic
from knowledge.crisis import detect_crisis
from knowledge.crisis_semantic import pieces_to_check
from knowledge.features import has_signature
from knowledge.service import AnswerService
from knowledge.support import support_reasons
from knowledge.triage import triage
from tests.knowledge.conftest import level


@pytest.mark.parametrize("text", [
    "My wife and kids would honestly cope better without me around",
    "They'd all be so much happier without me, I've thought about how",
])
def test_a_burden_belief_is_crisis(text: str) -> None:
    assert detect_crisis(text) is not None


@pytest.mark.parametrize("text", [
    "Is this ALS? I'm terrified and I can't stop googling it",
    "Leg is fine walking and the moment I stop it's gone, but it stops me dead on tempos",
    "At the finish I thought my training partner was dying, she was so wobbly",
])
def test_short_clauses_of_runner_talk_are_not_crisis(service: AnswerService, text: str) -> None:
    assert service.answer(text).triage != "crisis"


def test_a_clause_of_four_words_is_not_read_alone() -> None:
    text = "I'm 30 and worried sick about my leg on long runs. I can't stop reading."
    assert all(len(piece.split()) >= 5 for piece in pieces_to_check(text))


@pytest.mark.parametrize("text", [
    "Nothing shooting down the leg, nothing numb, it only goes weird on long runs",
    "Nothing at rest, nothing when I walk, only on the road at tempo",
])
def test_nothing_rules_a_sign_out(text: str) -> None:
    assert level(text) == "none"


@pytest.mark.parametrize("text", [
    "In the evenings my right hand trembles while I'm reading, and the leg misfires on runs",
    "My chin has a little shake when I'm resting on the sofa",
])
def test_a_tremor_is_a_red_flag(text: str) -> None:
    assert level(text) == "see_doctor"


@pytest.mark.parametrize("text", [
    "Stop, shake it out, and the leg is normal again",
    "Which papers appeared in Tremor and Other Hyperkinetic Movements?",
])
def test_shaking_it_out_and_a_journal_name_are_not(text: str) -> None:
    assert level(text) == "none"


@pytest.mark.parametrize("text", [
    "My partner doesn't get why I'm so flat since the club season started without me",
    "I miss it terribly, twenty years of Sunday long runs",
    "I've been avoiding my friends and hiding in my room since I quit the team",
])
def test_withdrawal_and_grief_for_the_sport_get_support(text: str) -> None:
    assert triage(text).level == "support" and support_reasons(text)


@pytest.mark.parametrize("text", [
    "Triathlete: fine in the swim and on the bike, but off the bike the left leg goes haywire",
    "I'm writing this for my daughter, whose hamstring misfires on every tempo run",
    "Strength tests equal on both sides, and now the leg flails at 5k again",
])
def test_words_that_name_no_activity_affected_are_no_red_flag(text: str) -> None:
    assert level(text) == "none"


def test_a_decision_weighed_in_a_statement_is_what_is_asked() -> None:
    story = ("Thinking of switching to a carbon plated shoe for my long runs. Would that change "
             "how the calves feel?")
    assert uncovered_topic(story) is not None


@pytest.mark.parametrize("text", [
    "the left leg just feels like a borrowed leg after 20 minutes",
    "coach says his leg swings wide late in races",
])
def test_the_runners_words_for_a_leg_that_is_not_theirs_are_the_signature(text: str) -> None:
    assert has_signature(text)


def test_a_movement_that_hurts_beside_an_injury_is_not_lost_coordination(
        service: AnswerService) -> None:
    answer = service.answer("The front of my hip pings when I lift my knee to climb into the "
                            "truck. Started after hill sprints. Rest or keep going?")
    assert answer.abstained
