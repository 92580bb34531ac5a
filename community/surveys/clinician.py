"""A one-page summary a member can take to a clinician: their profile as they answered
it, their severity trend, what they tried and how it went, and the summary's references.

Built from the member's own answers only, on an A4 matplotlib figure (PNG or PDF).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any

from matplotlib.figure import Figure

from community.surveys.charts import draw_member_trend
from community.surveys.definitions import Question, Survey, SurveyBook
from knowledge.corpus import Corpus

A4 = (8.27, 11.69)
MAX_TRIED = 8  # what fits on the page; the export has them all
_WRAP = 105
SCREENING = ("The summary advises that every runner with these symptoms be screened for "
             "other injuries and neurological problems. This page is self-reported and is "
             "not a diagnosis.")

# Profile lines read as a clinician's notes, not as the questions the member was asked.
PROFILE_LABELS = {
    "onset_age": "Age at onset", "years_since_onset": "Years since onset", "side": "Side",
    "muscles": "Muscles", "movements": "Movements", "triggers": "Brought on by",
    "tolerated": "Tolerated", "weekly_km_before": "Weekly km before onset",
    "level_at_worst": "Running at its worst", "level_now": "Running now",
    "tests_done": "Tests done", "other_diagnoses": "Other diagnoses",
}


@dataclass(frozen=True, slots=True)
class MemberCourse:
    """A member's answers: the baseline (their profile), check-ins and follow-ups by wave."""

    baseline: dict[str, Any] | None
    monthly: list[tuple[str, dict[str, Any]]]
    followups: list[dict[str, Any]]


def clinician_page(course: MemberCourse, surveys: SurveyBook, corpus: Corpus,
                   today: date) -> Figure:
    """The one-page summary as an A4 figure."""
    figure = Figure(figsize=A4)
    figure.text(0.06, 0.965, "Loss of leg coordination while running: my course",
                fontsize=15, fontweight="bold", va="top")
    figure.text(0.06, 0.94, f"Self-reported through the community's surveys; printed "
                f"{today.isoformat()}.", fontsize=9, color="#555555", va="top")
    y = _block(figure, 0.915, "Profile", _profile_lines(course.baseline,
                                                         surveys.get("baseline")), size=8.5)
    axes = figure.add_axes((0.09, y - 0.225, 0.85, 0.155))
    draw_member_trend(axes, course.monthly[-12:])
    figure.text(0.06, y - 0.005, "Symptom severity by month", fontsize=11, fontweight="bold",
                va="top")
    note = ("0 none - 10 worst, on easy runs, fast runs and flat ground. PGIC: overall change "
            "since joining, 1 very much improved ... 4 no change ... 7 very much worse.")
    figure.text(0.06, y - 0.025, "\n".join(textwrap.wrap(note, 125)), fontsize=8,
                color="#444444", va="top")
    y -= 0.275
    y = _block(figure, y, "What I tried, and how it went",
               _tried_lines(course, surveys)[:MAX_TRIED] or ["Nothing recorded yet."], size=8.5)
    references = [f"{corpus.summary.source.author}. {corpus.summary.source.title}. "
                  f"{corpus.summary.source.subtitle}."]
    references += [paper.reference() for paper in corpus.literature.papers]
    y = _block(figure, y, "References", references, size=6.6, numbered=True)
    figure.text(0.06, y, "\n".join(textwrap.wrap(SCREENING, _WRAP)), fontsize=8.5,
                color="#444444", va="top", style="italic")
    return figure


def _block(figure: Figure, y: float, title: str, lines: list[str], *, size: float = 9.5,
           numbered: bool = False) -> float:
    """A titled block of wrapped lines from `y` down; returns where the next block starts."""
    figure.text(0.06, y, title, fontsize=11, fontweight="bold", va="top")
    y -= 0.024
    step = size / 11.69 / 72 * 1.45  # one text line, in figure height
    width = int(_WRAP * 9.5 / size)
    for number, line in enumerate(lines, 1):
        text = f"{number}. {line}" if numbered else line
        wrapped = textwrap.wrap(text, width, subsequent_indent="    ") or [""]
        figure.text(0.07, y, "\n".join(wrapped), fontsize=size, va="top", linespacing=1.3)
        y -= step * len(wrapped) * 1.3 / 1.45 + step * 0.12
    return y - 0.012


def _label(question: Question, value: Any) -> str:
    labels = {option.value: option.label for option in question.options or []}
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value) or "none"
    return labels.get(value, f"{value:g}" if isinstance(value, float) else str(value))


def _profile_lines(baseline: dict[str, Any] | None, survey: Survey) -> list[str]:
    if not baseline:
        return ["No baseline survey answered yet."]
    lines = []
    for question in survey.questions:
        if question.type == "matrix" or question.id not in baseline:
            continue
        name = PROFILE_LABELS.get(question.id, question.text)
        lines.append(f"{name}: {_label(question, baseline[question.id])}")
    return lines


def _tried_lines(course: MemberCourse, surveys: SurveyBook) -> list[str]:
    lines = []
    tried = surveys.get("baseline").question("tried")
    rows = {row.value: row.label for row in tried.rows or []}
    outcomes = {option.value: option.label.lower() for option in tried.options or []}
    for key, outcome in ((course.baseline or {}).get("tried") or {}).items():
        lines.append(f"{rows.get(key, key)}: {outcomes.get(outcome, outcome)} "
                     "(baseline survey)")
    followup = surveys.get("change_followup")
    for answers in course.followups:
        strategy = _label(followup.question("strategy"), answers.get("strategy"))
        outcome = _label(followup.question("outcome"), answers.get("outcome")).lower()
        lines.append(f"{strategy}: {outcome} (a month after starting)")
    return lines
