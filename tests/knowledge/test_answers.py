"""Answers that must be given, refusals that must be made, and triage on every question."""

from __future__ import annotations

import re

import pytest

from knowledge.corpus import load_corpus
from knowledge.messages import ABSTAIN, CRISIS_RESOURCES
from knowledge.service import AnswerService, QuestionError


def corpus_texts() -> list[str]:
    corpus = load_corpus()
    texts = [s.text for s in corpus.summary.sections]
    texts += [p.reference_as_printed for p in corpus.literature.papers]
    return texts


def test_every_quote_in_the_eval_set_is_verbatim_corpus_text(
    service: AnswerService, eval_items: list[dict]
) -> None:
    texts = corpus_texts()
    answers = service.answer_many([item["question"] for item in eval_items])
    for answer in answers:
        for citation in answer.citations:
            assert any(citation.quote in text for text in texts), citation.quote
        assert answer.screening.strip()


def test_survey_numbers_are_given_exactly_as_the_source(service: AnswerService) -> None:
    answer = service.answer("What was the median age of onset in the survey?")
    assert "median age of onset of 22 years" in answer.answer
    assert answer.citations[0].section == "who-gets-it"


def test_slang_finds_the_summary_words(service: AnswerService) -> None:
    answer = service.answer("my hammy goes haywire on tempo runs")
    assert not answer.abstained
    assert "fast continuous runs" in answer.answer


def test_botox_question_is_answered_from_the_treatment_section(service: AnswerService) -> None:
    answer = service.answer("does botox work?")
    assert answer.citations[0].section == "runners-dystonia-treatments"
    assert "botulinum toxin" in answer.answer


@pytest.mark.parametrize("question", [
    "What pace should I run for a sub-3 marathon?",
    "Which shoes are best for flat feet?",
    "How many carbs should I eat before a race?",
    "How do I treat plantar fasciitis?",
])
def test_abstains_on_questions_the_summary_does_not_cover(service: AnswerService,
                                                          question: str) -> None:
    answer = service.answer(question)
    assert answer.abstained and not answer.citations
    assert answer.answer == ABSTAIN
    assert "community" in answer.answer and "clinician" in answer.answer


def test_physical_therapy_case_report_is_named_with_its_full_reference(
    service: AnswerService,
) -> None:
    answer = service.answer("Which paper is the physical therapy case report?")
    assert answer.citations[0].section == "mcclinton-heiderscheit-2012"
    assert "Journal of Orthopaedic & Sports Physical Therapy 42(8), 688-697" in answer.answer


def test_levodopa_paper_is_chang_and_josephs(service: AnswerService) -> None:
    answer = service.answer("Which paper links levodopa response to Parkinson's?")
    assert [c.section for c in answer.citations] == ["chang-josephs-2013"]


def test_list_of_papers_gives_all_nine_and_the_totals(service: AnswerService) -> None:
    answer = service.answer("Which papers are in the literature list?")
    assert len([c for c in answer.citations if c.source == "literature"]) == 9
    assert "22 cases in all" in answer.answer
    assert "non-running-related" in answer.answer


def test_comparison_is_side_by_side(service: AnswerService) -> None:
    answer = service.answer("How is LLC different from runner's dystonia?")
    assert answer.answer.count("Runner's dystonia:") >= 4
    assert answer.answer.count("LLC:") >= 4
    assert "Fifteen of nineteen" in answer.answer and "only four of sixteen" in answer.answer


def test_comparison_on_walking_quotes_both_sides(service: AnswerService) -> None:
    answer = service.answer("Does LLC affect walking like runner's dystonia does?")
    assert "problems with walking in all but three cases" in answer.answer
    assert "none of the sixteen runners" in answer.answer


def test_comparison_pointers_all_exist(service: AnswerService) -> None:
    corpus = service.corpus
    for section, sentence in service.comparison_pointers():
        assert corpus.section(section)
        assert (section, sentence) in service._sentence


@pytest.mark.parametrize(("question", "level"), [
    ("My foot goes numb after 5 miles, is that LLC?", "see_doctor"),
    ("I get pins and needles down my shin when running", "see_doctor"),
    ("Now my leg misbehaves when I'm walking too", "see_doctor"),
    ("It has spread to cycling and the elliptical as well", "see_doctor"),
    ("I've lost control of my bladder since my long run", "urgent"),
    ("Sudden weakness in my leg this morning, I can't lift my foot", "urgent"),
])
def test_red_flags_point_to_a_clinician(service: AnswerService, question: str,
                                        level: str) -> None:
    answer = service.answer(question)
    assert answer.triage == level
    assert "doctor" in answer.answer
    assert answer.citations, "a red flag answer quotes why it does not fit LLC"


@pytest.mark.parametrize("question", [
    "this hill killed my legs, is that LLC?",
    "I'm dying to race again, will I ever?",
    "Is numbness part of LLC?",
])
def test_runner_talk_and_general_questions_are_not_red_flags(service: AnswerService,
                                                             question: str) -> None:
    assert service.answer(question).triage == "none"


def test_crisis_gets_resources_and_a_warm_reply(service: AnswerService) -> None:
    answer = service.answer("I've had LLC for years and I don't want to live anymore")
    assert answer.triage == "crisis"
    assert CRISIS_RESOURCES in answer.answer
    assert "findahelpline.com" in answer.answer
    assert answer.answer.startswith("I'm really sorry")


def test_every_answer_carries_the_screening_note(service: AnswerService) -> None:
    for question in ("What is LLC?", "Best marathon shoes?", "I want to die"):
        assert "screened for other injuries and neurological problems" in (
            service.answer(question).screening
        )


def test_empty_question_is_refused_kindly(service: AnswerService) -> None:
    with pytest.raises(QuestionError, match="empty"):
        service.answer("   \n ")


def test_huge_question_is_answered_not_crashed(service: AnswerService) -> None:
    answer = service.answer("What makes LLC worse? " * 500)
    assert answer.citations[0].section == "what-makes-it-worse"


def test_follow_up_uses_the_earlier_question(service: AnswerService) -> None:
    answer = service.answer("and how long does it last?",
                            context=["What did the survey of sixteen runners find?"])
    assert "four years" in answer.answer


def test_saved_community_answer_is_labelled_and_never_literature(service: AnswerService) -> None:
    from knowledge.service import CommunityAnswer

    service.set_community_answers([CommunityAnswer(
        id=1, question="Does cold weather make my LLC worse?",
        text="For me cold mornings make the tightness come on sooner; a longer warm-up helps.",
        link="https://discord.com/channels/1/2/3")])
    try:
        answer = service.answer("does cold weather make LLC worse?")
    finally:
        service.set_community_answers([])
    community = [c for c in answer.citations if c.source == "community"]
    assert community and community[0].section == "https://discord.com/channels/1/2/3"
    assert "Community experience, not from the literature" in answer.answer


def test_will_i_race_again_is_answered_from_outcomes_not_dystonia_treatment(
    service: AnswerService,
) -> None:
    answer = service.answer("will I ever race again")
    sections = [c.section for c in answer.citations]
    assert "runners-dystonia-treatments" not in sections
    assert {"management-and-recovery", "management-is-hard"} & set(sections[:2])


def test_comparison_citations_are_numbered_in_reading_order(service: AnswerService) -> None:
    answer = service.answer("is this dystonia?")
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)]
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen == sorted(first_seen)


def test_red_flag_answer_leads_with_why_it_does_not_fit(service: AnswerService) -> None:
    answer = service.answer("my calf goes numb after 3 miles")
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].startswith(("Further, classic signs", "All runners who have"))
    assert any("like numbness, shooting pain" in q for q in quotes)
    assert any("should be screened for other injuries" in q for q in quotes)
    assert len(quotes) <= 3
