"""Members as they really write (issue 9): each class of failure the issue lists, answered by
the whole service."""

from __future__ import annotations

import pytest

from knowledge import messages
from knowledge.corpus import load_corpus
from knowledge.models import Answer
from knowledge.service import AnswerService


def verbatim(answer: Answer) -> None:
    """Every quote is the summary's own text, and appears in the answer."""
    corpus = load_corpus()
    texts = [s.text for s in corpus.summary.sections]
    texts += [p.reference_as_printed for p in corpus.literature.papers]
    for c in answer.citations:
        assert any(c.quote in t for t in texts), c.quote
        assert c.source != "summary" or c.quote in answer.answer


def sections(answer: Answer) -> set[str]:
    return {c.section for c in answer.citations}


@pytest.mark.parametrize(("question", "expected"), [
    ("what helps?", {"strategies-that-help", "management-and-recovery"}),
    ("how do I fix it", {"strategies-that-help", "management-and-recovery"}),
    ("can I still run?", {"strategies-that-help", "management-and-recovery",
                          "what-makes-it-worse", "management-is-hard"}),
    ("what makes it worse?", {"what-makes-it-worse"}),
])
def test_short_questions_take_the_topic_for_granted(service: AnswerService, question: str,
                                                    expected: set[str]) -> None:
    answer = service.answer(question)
    assert not answer.abstained
    assert sections(answer) & expected, sections(answer)


def test_a_story_without_a_question_is_related_to_the_summary(service: AnswerService) -> None:
    answer = service.answer(
        "It began as a bit of tightness in my right hamstring in the last miles of marathons and "
        "now it comes on after twenty minutes of any tempo. Trails at an easy pace are still "
        "fine. MRI clean, physio did nothing much")
    assert not answer.abstained and answer.triage == "none"
    assert "You describe" in answer.answer
    assert {"what-makes-it-worse", "secondary-injuries-and-tests"} <= sections(answer)
    verbatim(answer)


@pytest.mark.parametrize("question", [
    "there's a disconnect when I bring the leg forward, like the leg is a hindrance",
    "my left leg swings out and sort of gallops after a few km at threshold",
    "the knee just won't snap through on fast reps anymore",
])
def test_runners_own_words_for_the_features_are_answered(service: AnswerService,
                                                         question: str) -> None:
    answer = service.answer(question)
    assert not answer.abstained
    assert sections(answer) & {"location-compared", "what-makes-it-worse",
                               "contraction-versus-misfiring", "what-is-llc"}
    verbatim(answer)


@pytest.mark.parametrize("question", [
    "It started in races, then long runs, and over the winter it came into my walks to work. "
    "Now the bike feels off too.",
    "Two years of LLC. Last week on a flat trail I fell over, and again on the pavement.",
])
def test_progression_and_falls_are_red_flags_quoted_first(service: AnswerService,
                                                                question: str) -> None:
    answer = service.answer(question)
    assert answer.triage in ("see_doctor", "urgent")
    assert "clinician" in answer.answer
    assert answer.citations and answer.citations[0].section in {
        "what-is-llc", "specific-to-running", "other-injuries-and-screening"}
    verbatim(answer)


def test_low_mood_gets_support_not_a_plain_answer(service: AnswerService) -> None:
    answer = service.answer("Honestly I've been so down since I had to stop running. I cry "
                            "most days and can't get off the sofa.")
    assert answer.triage == "support"
    assert "findahelpline.com" in answer.answer and "/match" in answer.answer


@pytest.mark.parametrize("question", [
    "my hip flexor aches for a day after every long run and it's sore to touch at the front",
    "Week 12 of my marathon block and my legs feel heavy and tired on every run. Normal?",
    "Sharp pain on the outside of my knee at about 5 miles, physio says IT band. Foam roller?",
])
def test_lookalike_topics_are_not_answered_as_llc(service: AnswerService, question: str) -> None:
    answer = service.answer(question)
    assert answer.abstained, sections(answer)
    assert answer.triage == "none"


def test_dystonia_and_walking_gets_scope_hope_and_the_neurologist(service: AnswerService) -> None:
    answer = service.answer("I was diagnosed with runner's dystonia. Will I stop being able to "
                            "walk?")
    quotes = " ".join(c.quote for c in answer.citations)
    assert "all but three" in quotes  # the hard fact, with its scope
    assert "none of the sixteen runners" in quotes and "essentially stable" in quotes
    assert "neurologist" in answer.answer
    verbatim(answer)


def test_parkinsons_or_ms_worry_points_to_the_neurologist(service: AnswerService) -> None:
    answer = service.answer("Is this Parkinson's or MS? I'm terrified.")
    assert "neurologist" in answer.answer
    assert answer.triage == "see_doctor"
    # Screening first, not LLC's likeness to runner's dystonia (no comfort when frightened).
    assert answer.citations[0].section == "other-injuries-and-screening"
    verbatim(answer)


def test_outcome_questions_give_hope_beside_the_hard_figures(service: AnswerService) -> None:
    answer = service.answer("Will I ever race again? Four years of this now.")
    quotes = " ".join(c.quote for c in answer.citations)
    assert "full recovery" in quotes and "only two" in quotes
    assert "essentially stable" in quotes
    verbatim(answer)


@pytest.mark.parametrize("question", [
    "Should I up my baclofen dose? 10mg isn't doing anything.",
    "How many units of botox do people usually get in the calf for this?",
])
def test_dose_questions_see_a_doctor_and_quote_nothing(service: AnswerService,
                                                       question: str) -> None:
    answer = service.answer(question)
    assert answer.triage == "see_doctor"
    assert answer.citations == []
    assert messages.MEDICATION_NOTE in answer.answer


def test_several_reasons_are_all_answered(service: AnswerService) -> None:
    answer = service.answer("I cry every day about losing running, and now my foot drags when "
                            "I walk to the shops.")
    assert answer.triage == "see_doctor"
    assert "low mood" in answer.triage_reasons
    assert "see a clinician" in answer.answer and "findahelpline.com" in answer.answer


def test_what_the_member_rules_out_raises_no_flag(service: AnswerService) -> None:
    answer = service.answer("My physio asked about numbness, pins and needles and bladder "
                            "problems, it's a no to all of them. Just the glute misfiring on "
                            "long runs.")
    assert answer.triage == "none"
    assert not answer.abstained


def test_a_red_flag_in_the_last_paragraph_of_a_long_post_is_found(
        service: AnswerService) -> None:
    history = ("It started in the last miles of a marathon and came on earlier every season; "
               "physio, strength work and a long break changed little. ") * 30
    post = history + "Since the spring I have started tripping over my own foot when walking."
    assert len(post) > 3000
    answer = service.answer(post)
    assert answer.triage == "see_doctor"
