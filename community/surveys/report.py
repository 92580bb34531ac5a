"""Survey reports: respondents, medians and distributions, trends across waves, and the
summary's published baseline side by side, with every small group protected.

A report counts members, not answers: each member's latest submitted response stands for
them in the per-question figures, and each wave's trend counts each member once. Free
text never appears. The published baseline is the summary's informal survey of sixteen
runners and is shown as published (its small counts are published data, not members here).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from community.surveys.definitions import Question, Survey
from community.surveys.suppression import (
    SUPPRESSED_BELOW,
    median_shown,
    protect,
    shown_total,
)

# The summary's survey of sixteen runners, exactly as published.
PUBLISHED_BASELINE: dict[str, Any] = {
    "source": "Executive summary, informal survey of sixteen distance runners with "
              "self-reported loss of leg coordination",
    "respondents": 16,
    "median_onset_age": 22,
    "median_years_since_onset": 4,
    "unrestricted_now": 2,
    "foot_ankle": 4,
}
_COUNTED = ("single", "multiple", "scale", "matrix")
_MEDIAN = ("scale", "number")

AnswerRow = tuple[int, str, dict[str, Any]]  # (member, wave, answers)


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """What a report may show of one question: counts and a median, or nothing when so few
    answered that a member could be recognised."""

    id: str
    type: str
    text: str
    n: int | None
    median: float | None
    counts: dict[str, int | None]

    def contract(self) -> dict[str, Any]:
        """The JSON object `llc-bot survey report --json` prints for the question."""
        return {"n": self.n, "median": self.median, "counts": self.counts}

    def hidden(self) -> QuestionSummary:
        """The same question with nothing shown."""
        return QuestionSummary(self.id, self.type, self.text, None, None,
                               dict.fromkeys(self.counts))


@dataclass(frozen=True, slots=True)
class WavePoint:
    """One wave of a trend: its respondents and the medians of its scales and numbers."""

    wave: str
    n: int | None
    medians: dict[str, float | None]


@dataclass(frozen=True, slots=True)
class SurveyReport:
    """A survey's report (`/survey report`, `llc-bot survey report`): small counts are
    suppressed, so no member can be told apart in it."""

    survey: str
    title: str
    respondents: int | None
    questions: dict[str, QuestionSummary]
    waves: list[WavePoint]
    community: dict[str, Any] | None  # this community's answers to the baseline figures

    def contract(self) -> dict[str, Any]:
        """The JSON of `llc-bot survey report ID --json` (ARCHITECTURE.md)."""
        return {
            "survey": self.survey,
            "suppressed_below": SUPPRESSED_BELOW,
            "respondents": self.respondents,
            "questions": {key: summary.contract() for key, summary in self.questions.items()},
            "baseline": dict(PUBLISHED_BASELINE),
            "community": self.community,
            "waves": [{"wave": p.wave, "n": p.n, "medians": p.medians} for p in self.waves],
        }


def build_report(survey: Survey, rows: list[AnswerRow],
                 anonymous: Sequence[tuple[str, str, Any]] = ()) -> SurveyReport:
    """The report of `survey` from its submitted responses and its anonymous answers."""
    latest: dict[int, dict[str, Any]] = {}
    by_wave: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member, wave, answers in sorted(rows, key=lambda row: row[1]):
        latest[member] = answers
        by_wave[wave].append(answers)
    anonymous_values: dict[str, list[Any]] = defaultdict(list)
    for (question_id, _wave), values in _anonymous_by_wave(anonymous).items():
        if len(values) >= SUPPRESSED_BELOW:  # a smaller wave could be told apart
            anonymous_values[question_id] += values
    questions = {}
    for question in survey.questions:
        if question.type == "text":
            continue  # free text never appears in a report
        values = (anonymous_values[question.id] if question.anonymous
                  else [a[question.id] for a in latest.values() if question.id in a])
        questions[question.id] = summarise(question, values)
        if _branch_tells(question, questions):
            questions[question.id] = questions[question.id].hidden()
    waves = [WavePoint(wave, shown_total(len(answers)), {
        # A wave's median follows the question's rule over the wave's own answers.
        q.id: summarise(q, [a[q.id] for a in answers if q.id in a]).median
        for q in survey.questions if q.type in _MEDIAN and not q.anonymous})
        for wave, answers in sorted(by_wave.items())]
    return SurveyReport(survey.id, survey.title, shown_total(len(latest)), questions, waves,
                        _community(questions))


def _anonymous_by_wave(anonymous: Sequence[tuple[str, str, Any]]
                       ) -> dict[tuple[str, str], list[Any]]:
    """The anonymous answers of each question and wave."""
    grouped: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for wave, question, value in anonymous:
        grouped[(question, wave)].append(value)
    return grouped


def _branch_tells(question: Question, questions: dict[str, QuestionSummary]) -> bool:
    """Whether a question shown only after some answers would tell, by its own n, how many
    gave answers the report hides: its parent has a hidden count."""
    parent = questions.get(question.show_if.question) if question.show_if else None
    return parent is not None and (parent.n is None or None in parent.counts.values())


def hidden_values(summary: QuestionSummary) -> set[str] | None:
    """What a report hides of a question: the keys of its hidden counts, or None when it
    hides the whole question (its n)."""
    if summary.n is None:
        return None
    return {key for key, count in summary.counts.items() if count is None}


def summarise(question: Question, values: list[Any]) -> QuestionSummary:
    """n, median and protected counts of one question's answers.

    With fewer than five answers nothing is shown, zeros included: beside a hidden n, the
    zeros would say which few values the answers took.
    """
    n = len(values)
    counts: dict[str, int | None] = {}
    if question.type == "single":
        tally = Counter(values)
        counts = protect({key: tally[key] for key in question.values})
    elif question.type == "scale":
        tally = Counter(values)  # whole numbers: 3 and 3.0 count as one
        counts = protect({str(v): tally[v] for v in _scale_values(question)})
    elif question.type == "multiple":
        tally = Counter(v for chosen in values for v in chosen)
        for key in question.values:
            counts.update(protect({key: tally[key]}, rest=n - tally[key]))
    elif question.type == "matrix":
        for row in question.rows or []:
            tally = Counter(answers[row.value] for answers in values if row.value in answers)
            cells = {f"{row.value}:{choice}": tally[choice] for choice in question.values}
            counts.update(protect(cells, rest=n - sum(tally.values())))
    shown_n = shown_total(n)
    if shown_n is None:
        counts = dict.fromkeys(counts)
    return QuestionSummary(question.id, question.type, question.text, shown_n,
                           _median(question, values, counts), counts)


def _scale_values(question: Question) -> range:
    """The answers a scale allows, lowest first."""
    return range(int(question.min or 0), int(question.max or 0) + 1)


def _median(question: Question, values: list[Any],
            counts: dict[str, int | None]) -> float | None:
    """The median of a scale or number, or None when too few answered to show one, or, for
    a scale, when its hidden `counts` could move it."""
    if question.type not in _MEDIAN or shown_total(len(values)) in (None, 0):
        return None
    if question.type == "scale" and not median_shown(counts, len(values)):
        return None
    return float(statistics.median(values))


def _community(questions: dict[str, QuestionSummary]) -> dict[str, Any] | None:
    """This community's figures in the baseline's terms, when the survey asks for them."""
    needed = ("onset_age", "years_since_onset", "level_now", "muscles")
    if not all(key in questions for key in needed):
        return None
    level, muscles = questions["level_now"], questions["muscles"]
    return {
        "respondents": level.n,
        "median_onset_age": questions["onset_age"].median,
        "median_years_since_onset": questions["years_since_onset"].median,
        "unrestricted_now": level.counts.get("unrestricted"),
        "unrestricted_of": level.n,
        "foot_ankle": muscles.counts.get("foot_ankle"),
        "foot_ankle_of": muscles.n,
    }
