"""Survey definitions: the shipped surveys keep the contract; bad files name file and question."""

from __future__ import annotations

from pathlib import Path

import pytest

from community.surveys.definitions import (
    AnswerError,
    SurveyError,
    default_surveys,
    load_survey,
    load_surveys,
)

PROFILE_FIELDS = ["onset_age", "years_since_onset", "side", "muscles", "movements", "triggers",
                  "tolerated", "weekly_km_before", "level_at_worst", "level_now", "tried",
                  "tests_done", "other_diagnoses"]
LEVELS = ["unrestricted", "some_restrictions", "far_below", "stopped"]


def test_the_baseline_asks_the_profile_fields_with_the_profile_values():
    baseline = default_surveys().get("baseline")
    assert sorted(q.id for q in baseline.questions) == sorted(PROFILE_FIELDS)
    assert baseline.question("side").values == ["left", "right", "both"]
    assert baseline.question("level_now").values == LEVELS
    assert "foot_ankle" in baseline.question("muscles").values
    tried = baseline.question("tried")
    assert [row.value for row in tried.rows] == [
        "hip_thigh_strength", "physical_therapy", "training_changes", "extended_break",
        "surgery", "medication", "botulinum_toxin"]
    assert tried.values == ["helped", "no_change", "worse"]


def test_the_monthly_check_in_keeps_the_contract_ids_and_the_pgic_scale():
    monthly = default_surveys().get("monthly")
    assert [q.id for q in monthly.questions] == [
        "severity_easy", "severity_fast", "severity_flat", "weekly_km", "pgic", "changes"]
    pgic = monthly.question("pgic")
    assert (pgic.min, pgic.max) == (1, 7)
    assert pgic.min_label == "very much improved" and pgic.max_label == "very much worse"
    for key in ("severity_easy", "severity_fast", "severity_flat"):
        assert (monthly.question(key).min, monthly.question(key).max) == (0, 10)


def test_answers_are_checked_and_stored_in_one_form():
    baseline = default_surveys().get("baseline")
    answers = baseline.check_answers(
        {"onset_age": "22", "years_since_onset": "1,5", "side": "left",
         "muscles": ["glutes", "calves", "glutes"], "level_at_worst": "stopped",
         "level_now": "far_below", "tried": {"surgery": "helped"}}, complete=True)
    assert answers["onset_age"] == 22 and answers["years_since_onset"] == 1.5
    assert answers["muscles"] == ["calves", "glutes"]
    with pytest.raises(AnswerError, match="side: must be one of left, right, both"):
        baseline.check_answers({"side": "middle"}, complete=False)
    with pytest.raises(AnswerError, match="onset_age: must be a whole number"):
        baseline.check_answers({"onset_age": 22.5}, complete=False)
    with pytest.raises(AnswerError, match="tried: must map"):
        baseline.check_answers({"tried": {"yoga": "helped"}}, complete=False)
    with pytest.raises(AnswerError, match="nonsense: is not a question"):
        baseline.check_answers({"nonsense": 1}, complete=False)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_HEAD = "id: pulse\nversion: 1\ntitle: Pulse\nintro: Hi\nkind: periodic\nwindow_days: 7\n"


def test_an_invalid_question_is_named_with_its_file(tmp_path: Path):
    path = write(tmp_path, "pulse", GOOD_HEAD + "questions:\n"
                 "  - {id: mood, type: single, text: How are you}\n")
    with pytest.raises(SurveyError) as error:
        load_survey(path)
    assert str(path) in str(error.value)
    assert "question mood: a single question needs options" in str(error.value)


def test_branching_must_look_back_at_an_earlier_question(tmp_path: Path):
    path = write(tmp_path, "pulse", GOOD_HEAD + "questions:\n"
                 "  - {id: a, type: number, text: A, show_if: {question: b, answered: true}}\n"
                 "  - {id: b, type: number, text: B}\n")
    with pytest.raises(SurveyError, match="question a: show_if must name an earlier question"):
        load_survey(path)


def test_free_text_cannot_be_anonymous(tmp_path: Path):
    path = write(tmp_path, "pulse", GOOD_HEAD + "questions:\n"
                 "  - {id: a, type: text, text: Tell us, anonymous: true}\n")
    with pytest.raises(SurveyError, match=r"question a: .*cannot be anonymous"):
        load_survey(path)


def test_a_trigger_must_watch_a_real_question(tmp_path: Path):
    write(tmp_path, "pulse", GOOD_HEAD + "questions:\n  - {id: a, type: number, text: A}\n"
          "triggers:\n  - {id: t, survey: pulse, when: {question: zz, answered: true}, "
          "after_days: 3}\n")
    with pytest.raises(SurveyError, match="trigger t: survey pulse has no question 'zz'"):
        load_surveys(tmp_path)


def test_not_yaml_and_wrong_file_name_are_reported(tmp_path: Path):
    with pytest.raises(SurveyError, match="not valid UTF-8 YAML"):
        load_survey(write(tmp_path, "pulse", "id: [unclosed\n"))
    with pytest.raises(SurveyError, match="must match the file name"):
        load_survey(write(tmp_path, "other", GOOD_HEAD + "questions: []\n"))
