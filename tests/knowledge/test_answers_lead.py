"""Answers lead with what was asked (issue 17): the passage that answers first, no quote
twice, at most four sources, care where it frightens, look-alikes abstain honestly, and
follow-ups read with the turn before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge import messages
from knowledge.compose import MAX_SOURCES
from knowledge.service import AnswerService
from knowledge.triage import FEAR_OF_DISEASE_REASON, MEDICATION_REASON

DATA = Path(__file__).parent.parent / "data"


def _questions() -> list[str]:
    lines = []
    for name in ("qa_eval.jsonl", "qa_holdout.jsonl", "qa_blind.jsonl"):
        lines += (DATA / name).read_text("utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def test_no_passage_is_quoted_twice_or_inside_another(answer_service: AnswerService) -> None:
    for question, answer in zip(_questions(), answer_service.answer_many(_questions()),
                                strict=True):
        quotes = [c.quote for c in answer.citations + answer.more]
        for i, quote in enumerate(quotes):
            others = quotes[:i] + quotes[i + 1:]
            assert not any(quote in other for other in others), (question, quote)


def test_the_main_answer_quotes_at_most_four_sections_of_the_summary(
        answer_service: AnswerService) -> None:
    for question, answer in zip(_questions(), answer_service.answer_many(_questions()),
                                strict=True):
        sections = {c.section for c in answer.citations if c.source == "summary"}
        assert len(sections) <= MAX_SOURCES, (question, sections)


def test_a_short_question_about_what_helps_leads_with_the_strategies(
        answer_service: AnswerService) -> None:
    answer = answer_service.answer("what helps?")
    assert answer.citations[0].section in ("strategies-that-help", "management-and-recovery")


def test_a_cure_question_does_not_lead_with_runners_dystonia_treatments(
        answer_service: AnswerService) -> None:
    answer = answer_service.answer("is there a cure")
    assert answer.citations and answer.citations[0].section != "runners-dystonia-treatments"


def test_a_prognosis_answer_gives_llcs_course_before_runners_dystonia(
        answer_service: AnswerService) -> None:
    answer = answer_service.answer("will this get worse over the years? is it progressive?")
    text = answer.answer
    llc, dystonia = "essentially stable or marginally improving", "prognosis of runner's dystonia"
    assert llc in text
    if dystonia in text:
        assert text.index(llc) < text.index(dystonia)


@pytest.mark.parametrize(("question", "reason"), [
    ("should I stop taking my artane?", MEDICATION_REASON),
    ("could this be Parkinson's? my grandad had it and it started with his leg",
     FEAR_OF_DISEASE_REASON),
])
def test_care_questions_point_to_a_clinician_with_the_reason(
        answer_service: AnswerService, question: str, reason: str) -> None:
    answer = answer_service.answer(question)
    assert answer.triage == "see_doctor"
    assert reason in answer.triage_reasons


def test_a_look_alike_condition_is_not_answered_as_llc(answer_service: AnswerService) -> None:
    answer = answer_service.answer(
        "felt a pop in the back of my thigh sprinting at the track yesterday, now there's a "
        "big bruise and it hurts to walk. what is it?")
    assert answer.abstained and not answer.citations
    assert "summary" in answer.answer


def test_the_look_alike_reply_quotes_the_summary_verbatim(
        answer_service: AnswerService) -> None:
    text = answer_service._lookalike_text()
    quoted = text.split("\u201c", 1)[1].split("\u201d", 1)[0]
    assert quoted in answer_service.corpus.section("what-is-llc").text
    assert messages.LOOKALIKE.split("{", 1)[0] in text


def test_a_follow_up_is_answered_as_its_own_question(answer_service: AnswerService) -> None:
    first = "my left hamstring misfires on tempo runs, fine when I walk"
    answer = answer_service.answer("what should I do about it?", context=[first])
    assert not answer.abstained
    assert {c.section for c in answer.citations[:3]} & {"strategies-that-help",
                                                         "management-and-recovery"}


def test_further_passages_are_kept_for_more_and_shown_with_all(
        answer_service: AnswerService) -> None:
    answers = answer_service.answer_many(_questions())
    with_more = [a for a in answers if a.more]
    assert with_more, "some answer keeps passages behind 'More from the summary'"
    answer = with_more[0]
    contract = answer.contract(everything=True)
    assert len(contract["citations"]) == len(answer.citations) + len(answer.more)
    assert "More from the summary" in contract["answer"]
    assert "more" not in answer.contract()


def test_more_passages_round_trip_through_their_numbers(answer_service: AnswerService) -> None:
    answer = next(a for a in answer_service.answer_many(_questions()) if a.more)
    ids = answer_service.passage_ids(answer.more)
    assert [c.quote for c in answer_service.passages_by_id(ids)] == [c.quote for c in answer.more]
    assert answer_service.passages_by_id([10**6]) == []
