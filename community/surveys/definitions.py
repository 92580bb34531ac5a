"""Survey definitions: versioned YAML files, validated on load, and answers checked against them.

A bad edit to a survey file would otherwise surface as a form a member cannot submit or a
report that silently drops a question, so every file is checked on load and an error names
the file and the question. The same models check answers (from Discord, or `llc-bot survey
import`), so one set of rules decides what a valid answer is.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SURVEYS_DIR = Path(__file__).parent
_ID = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class SurveyError(ValueError):
    """A survey file is invalid, or a survey or question does not exist; meant for a person."""


class AnswerError(ValueError):
    """An answer does not fit its question; the message names the question."""

    def __init__(self, question: str, problem: str) -> None:
        super().__init__(f"{question}: {problem}")
        self.question = question


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One choice of a question: `value` is stored and exported, `label` is what members read."""

    value: _ID
    label: str


class Condition(_Strict):
    """When an earlier answer holds; exactly one test besides `question`.

    Used for branching (`show_if`) and for conditional invitations (`triggers`).
    """

    question: _ID
    equals: Any = None
    one_of: list[Any] | None = None
    includes: str | None = None  # a multiple choice answer contains this value
    at_least: float | None = None
    at_most: float | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [self.equals, self.one_of, self.includes, self.at_least, self.at_most,
                 self.answered]
        if sum(test is not None for test in tests) != 1:
            raise ValueError("needs exactly one of equals, one_of, includes, at_least, "
                             "at_most, answered")
        return self

    def holds(self, answers: dict[str, Any]) -> bool:
        """Whether the answers so far satisfy this condition (an unanswered question never does,
        except for `answered: false`)."""
        value = answers.get(self.question)
        given = value not in (None, "", [], {})
        if self.answered is not None:
            return given == self.answered
        if not given:
            return False
        if self.equals is not None:
            return bool(value == self.equals)
        if self.one_of is not None:
            return value in self.one_of
        if self.includes is not None:
            return isinstance(value, list | dict) and self.includes in value
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if number is None:
            return False
        if self.at_least is not None:
            return number >= self.at_least
        assert self.at_most is not None
        return number <= self.at_most


QuestionType = Literal["single", "multiple", "scale", "number", "date", "text", "matrix"]


class Question(_Strict):
    """One question. `matrix` asks one choice per row (e.g. each strategy tried: how it went)."""

    id: _ID
    type: QuestionType
    text: str = Field(min_length=1, max_length=45)  # a Discord modal label holds 45 characters
    help: str | None = None
    required: bool = False
    anonymous: bool = False
    show_if: Condition | None = None
    options: list[Option] | None = None  # single, multiple, matrix (the column choices)
    rows: list[Option] | None = None  # matrix
    min: float | None = None  # scale, number
    max: float | None = None
    integer: bool = False  # number
    min_label: str | None = None  # scale ends, e.g. "none" and "worst"
    max_label: str | None = None
    max_length: int = 1000  # text

    @model_validator(mode="after")
    def _fits_type(self) -> Question:
        kind = self.type
        if kind in ("single", "multiple", "matrix") and not self.options:
            raise ValueError(f"a {kind} question needs options")
        if kind not in ("single", "multiple", "matrix") and self.options:
            raise ValueError(f"a {kind} question takes no options")
        if (kind == "matrix") != bool(self.rows):
            raise ValueError("rows belong to matrix questions, and a matrix needs them")
        if kind == "scale" and (self.min is None or self.max is None):
            raise ValueError("a scale needs min and max")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError("min must be below max")
        for group in (self.options or [], self.rows or []):
            values = [option.value for option in group]
            if len(set(values)) != len(values):
                raise ValueError("option values must be unique")
        if self.anonymous and kind == "text":
            # Free text can name its writer; anonymous answers must stay no one's.
            raise ValueError("a free text question cannot be anonymous")
        return self

    def scale_ends(self) -> tuple[int, int]:
        """The ends of a scale as whole steps; validation makes sure a scale has both, so a
        chart can label every step between them."""
        if self.min is None or self.max is None:
            raise ValueError(f"{self.id} has no min and max: it is not a scale")
        return int(self.min), int(self.max)

    @property
    def values(self) -> list[str]:
        """The allowed option values, in the order the file gives them."""
        return [option.value for option in self.options or []]

    def check(self, value: Any) -> Any:
        """The answer in its stored form, or AnswerError saying what is wrong with it."""
        kind = self.type
        if kind == "single":
            if value not in self.values:
                raise AnswerError(self.id, f"must be one of {', '.join(self.values)}")
            return value
        if kind == "multiple":
            if not isinstance(value, list) or not all(v in self.values for v in value):
                raise AnswerError(self.id, f"must be a list of {', '.join(self.values)}")
            return [v for v in self.values if v in value]  # file order, no duplicates
        if kind == "matrix":
            rows = [row.value for row in self.rows or []]
            if not isinstance(value, dict) or not all(
                    key in rows and choice in self.values for key, choice in value.items()):
                raise AnswerError(self.id, f"must map {', '.join(rows)} to one of "
                                           f"{', '.join(self.values)}")
            return {row: value[row] for row in rows if row in value}
        if kind in ("scale", "number"):
            return self._number(value)
        if kind == "date":
            try:
                return dt.date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise AnswerError(self.id, "must be a date like 2026-03-01") from None
        if not isinstance(value, str) or len(value) > self.max_length:
            raise AnswerError(self.id, f"must be text of at most {self.max_length} characters")
        return value.strip()

    def _number(self, value: Any) -> float | int:
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", "."))
            except ValueError:
                raise AnswerError(self.id, "must be a number") from None
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not math.isfinite(value)):
            raise AnswerError(self.id, "must be a number")
        whole = self.type == "scale" or self.integer
        if whole and value != int(value):
            raise AnswerError(self.id, "must be a whole number")
        if (self.min is not None and value < self.min) or (
                self.max is not None and value > self.max):
            raise AnswerError(self.id, f"must be between {_plain(self.min)} and {_plain(self.max)}")
        return int(value) if whole or value == int(value) else float(value)


class Trigger(_Strict):
    """A REDCap-style conditional invitation: send this survey `after_days` after a member's
    answer to another survey satisfied `when`, unless they already completed this survey."""

    id: _ID
    survey: _ID  # the survey whose answer is watched
    when: Condition
    after_days: int = Field(ge=0, le=365)


class Survey(_Strict):
    """One survey file: versioned, so that each stored response says which questions it
    answered."""

    id: _ID
    version: int = Field(ge=1)
    title: str
    intro: str
    # once: sent once after joining; periodic: every wave of a member's cadence; triggered:
    # only through its triggers.
    kind: Literal["once", "periodic", "triggered"]
    window_days: int | None = Field(default=None, ge=1)  # a wave closes this long after it opens
    questions: list[Question]
    triggers: list[Trigger] = []

    @model_validator(mode="after")
    def _branching_looks_back(self) -> Survey:
        seen: dict[str, Question] = {}
        for question in self.questions:
            if question.id in seen:
                raise ValueError(f"question {question.id}: the id is used twice")
            condition = question.show_if
            if condition is not None and condition.question not in seen:
                raise ValueError(f"question {question.id}: show_if must name an earlier "
                                 f"question, not {condition.question!r}")
            seen[question.id] = question
        return self

    def question(self, question_id: str) -> Question:
        """The question with this id, or SurveyError."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise SurveyError(f"survey {self.id} has no question {question_id!r}")

    def visible(self, answers: dict[str, Any]) -> list[Question]:
        """The questions shown given the answers so far (branching)."""
        return [q for q in self.questions if q.show_if is None or q.show_if.holds(answers)]

    def check_answers(self, answers: object, *, complete: bool) -> dict[str, Any]:
        """The answers in stored form, without those the branching hides.

        Raises AnswerError for an unknown question or a bad value, and, when `complete`,
        for a required visible question left out.
        """
        if not isinstance(answers, dict):
            raise AnswerError("answers", "must be an object of question id: value")
        for key in answers:
            if not any(q.id == key for q in self.questions):
                raise AnswerError(key, f"is not a question of survey {self.id}")
        checked: dict[str, Any] = {}
        for question in self.questions:
            if question.show_if is not None and not question.show_if.holds(checked):
                continue
            value = answers.get(question.id)
            if value in (None, "", [], {}):
                if complete and question.required:
                    raise AnswerError(question.id, "is required")
                continue
            checked[question.id] = question.check(value)
        return checked


def _plain(number: float | None) -> str:
    return "" if number is None else f"{number:g}"


class SurveyBook:
    """Every survey of the bot, by id."""

    def __init__(self, surveys: list[Survey]) -> None:
        self._surveys = {survey.id: survey for survey in surveys}

    def __iter__(self) -> Iterator[Survey]:
        return iter(self._surveys.values())

    def get(self, survey_id: str) -> Survey:
        """The survey, or SurveyError listing the ones that exist."""
        try:
            return self._surveys[survey_id]
        except KeyError:
            known = ", ".join(sorted(self._surveys))
            raise SurveyError(f"there is no survey {survey_id!r} (known: {known})") from None

    def triggers_on(self, survey_id: str) -> list[tuple[Survey, Trigger]]:
        """The conditional invitations that watch answers to `survey_id`."""
        return [(target, trigger) for target in self for trigger in target.triggers
                if trigger.survey == survey_id]


def load_survey(path: Path) -> Survey:
    """One survey file, validated; SurveyError names the file and the question."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SurveyError(f"{path}: file not found") from None
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise SurveyError(f"{path}: not valid UTF-8 YAML ({type(error).__name__})") from None
    try:
        survey = Survey.model_validate(raw)
    except ValidationError as error:
        raise SurveyError(f"{path}: {_where(raw, error)}") from None
    if survey.id != path.stem:
        raise SurveyError(f"{path}: id {survey.id!r} must match the file name")
    return survey


def _where(raw: Any, error: ValidationError) -> str:
    """'question ID: field: problem' for the first error, in words a survey author knows."""
    first = error.errors()[0]
    loc = list(first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        questions = raw.get("questions") if isinstance(raw, dict) else None
        name = f"#{loc[1] + 1}"
        if isinstance(questions, list) and loc[1] < len(questions):
            entry = questions[loc[1]]
            if isinstance(entry, dict) and entry.get("id"):
                name = str(entry["id"])
        field = ".".join(str(part) for part in loc[2:])
        return f"question {name}: " + (f"{field}: " if field else "") + message
    field = ".".join(str(part) for part in loc) or "(top level)"
    return f"{field}: {message}"


def check_book(surveys: list[Survey]) -> SurveyBook:
    """The surveys as a book, after checking that triggers name real surveys and questions."""
    book = SurveyBook(surveys)
    for survey in surveys:
        for trigger in survey.triggers:
            try:
                book.get(trigger.survey).question(trigger.when.question)
            except SurveyError as error:
                raise SurveyError(f"survey {survey.id}: trigger {trigger.id}: {error}") from None
    return book


def load_surveys(directory: Path = SURVEYS_DIR) -> SurveyBook:
    """Every `*.yaml` survey in `directory`, validated."""
    return check_book([load_survey(path) for path in sorted(directory.glob("*.yaml"))])


@cache
def default_surveys() -> SurveyBook:
    """The surveys shipped with the bot, loaded once per process."""
    return load_surveys()
