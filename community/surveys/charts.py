"""Charts of survey reports and of a member's own course, with matplotlib's object API.

Only `Figure` and `FigureCanvasAgg`: pyplot keeps global state (current figure, a figure
registry) that leaks memory and races in a long-running, multi-task process like the bot.
Hidden counts are drawn as hatched stubs labelled "hidden", so a chart never shows more
than the report it comes from.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from community.surveys.definitions import Survey
from community.surveys.report import PUBLISHED_BASELINE, SurveyReport

SEVERITIES = (("severity_easy", "Easy runs", "#2b7bba"),
              ("severity_fast", "Fast runs", "#d7301f"),
              ("severity_flat", "Flat ground", "#31a354"))
COMMUNITY_COLOUR, PUBLISHED_COLOUR, HIDDEN_COLOUR = "#2b7bba", "#9e9e9e", "#dddddd"


def to_png(figure: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (attachable to a Discord message)."""
    return _render(figure, "png", dpi)


def to_pdf(figure: Figure) -> bytes:
    """The figure as a one-page PDF."""
    return _render(figure, "pdf", 150)


def _render(figure: Figure, fmt: str, dpi: int) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=dpi)
    return buffer.getvalue()


def report_chart(report: SurveyReport, survey: Survey) -> Figure:
    """The report as a two-panel chart: the baseline comparison (or the trend of the
    severities across waves) and the distribution of the key question."""
    figure = Figure(figsize=(11, 5.6), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=(1.15, 1))
    who = (f"{report.respondents} respondents" if report.respondents is not None
           else "fewer than 5 respondents")
    figure.suptitle(f"{report.title}: {who}", fontsize=15, fontweight="bold")
    if report.community is not None:
        _baseline_panel(left, report.community)
        key = "level_now"
    else:
        _trend_panel(left, [(p.wave, p.n, p.medians) for p in report.waves],
                     "Median symptom severity per wave (0 none - 10 worst)")
        key = "pgic" if "pgic" in report.questions else next(
            (k for k, q in report.questions.items() if q.counts), "")
    if key:
        question = survey.question(key)
        labels = {o.value: o.label for o in question.options or []}
        if question.type == "scale":
            low, high = question.scale_ends()
            labels = {str(v): str(v) for v in range(low, high + 1)}
            if question.min_label and question.max_label:
                labels[str(low)] += f"\n{question.min_label}"
                labels[str(high)] += f"\n{question.max_label}"
        _count_panel(right, report.questions[key].counts, labels,
                     question.text)
    else:
        right.set_axis_off()
    figure.text(0.5, -0.02, "Counts from 1 to 4 are hidden, and so is any count that would "
                "reveal one; free text is never shown.", ha="center", fontsize=9,
                color="#555555")
    return figure


def _baseline_panel(axes: Axes, community: dict[str, Any]) -> None:
    rows = [("Training with no\nrestrictions now", "unrestricted_now", "unrestricted_of"),
            ("Foot and ankle\ninvolved", "foot_ankle", "foot_ankle_of")]
    published_of = PUBLISHED_BASELINE["respondents"]
    for index, (_label, key, of_key) in enumerate(rows):
        y = len(rows) - 1 - index
        published = PUBLISHED_BASELINE[key]
        axes.barh(y + 0.2, 100 * published / published_of, height=0.38,
                  color=PUBLISHED_COLOUR, label="Published survey (16 runners)" if not index
                  else None)
        axes.text(100 * published / published_of + 1.5, y + 0.2,
                  f"{published} of {published_of}", va="center", fontsize=10)
        count, of = community.get(key), community.get(of_key)
        if count is None or not of:
            axes.barh(y - 0.2, 4, height=0.38, color=HIDDEN_COLOUR, hatch="///",
                      edgecolor="#999999")
            axes.text(5.5, y - 0.2, "hidden (small group)", va="center", fontsize=10)
        else:
            axes.barh(y - 0.2, 100 * count / of, height=0.38, color=COMMUNITY_COLOUR,
                      label="This community" if not index else None)
            axes.text(100 * count / of + 1.5, y - 0.2, f"{count} of {of}", va="center",
                      fontsize=10)
    axes.set_yticks(range(len(rows)), [label for label, *_ in reversed(rows)], fontsize=11)
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of respondents")
    axes.legend(loc="lower right", fontsize=9, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    medians = [("Median age at onset", "median_onset_age"),
               ("Median years since onset", "median_years_since_onset")]
    lines = [f"{label}: {_number(community.get(key))} here, "
             f"{PUBLISHED_BASELINE[key]} published" for label, key in medians]
    axes.set_title("\n".join(lines), fontsize=11, loc="left")


def _trend_panel(axes: Axes, points: list[tuple[str, int | None, dict[str, Any]]],
                 title: str) -> None:
    waves = [wave for wave, _, _ in points]
    for key, label, colour in SEVERITIES:
        known = [(i, medians[key]) for i, (_, _, medians) in enumerate(points)
                 if medians.get(key) is not None]
        axes.plot([i for i, _ in known], [value for _, value in known], marker="o",
                  linewidth=2.2, color=colour, label=label)
    axes.set_xticks(range(len(waves)),
                    [f"{wave}\nn={'<5' if n is None else n}" for wave, n, _ in points],
                    fontsize=9)
    axes.set_ylim(0, 10.5)
    axes.set_xlim(-0.4, max(len(waves) - 0.6, 0.4))
    axes.set_ylabel("severity (0-10)")
    axes.set_title(title, fontsize=11, loc="left")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=9, frameon=False, loc="upper right")
    axes.spines[["top", "right"]].set_visible(False)


def _count_panel(axes: Axes, counts: dict[str, int | None], labels: dict[str, str],
                 title: str) -> None:
    """Bars of a distribution; long labels (choices) read better as horizontal bars."""
    keys = list(counts)
    horizontal = max((len(labels.get(k, k)) for k in keys), default=0) > 14
    shown = [count for count in counts.values() if count is not None]
    top = max([*shown, 1])
    stub = max(top * 0.03, 0.2)
    bar = axes.barh if horizontal else axes.bar
    for index, key in enumerate(keys):
        at = len(keys) - 1 - index if horizontal else index
        count = counts[key]
        hidden = count is None
        value = stub if count is None else count
        bar(at, value, color=HIDDEN_COLOUR if hidden else COMMUNITY_COLOUR,
            hatch="///" if hidden else None, edgecolor="#999999" if hidden else None)
        text = "hidden" if hidden else f" {count}"
        if horizontal:
            axes.text(value, at, f" {text}", va="center", fontsize=10)
        else:
            axes.text(at, value, text, ha="center", va="bottom", fontsize=9)
    names = ["\n".join(textwrap.wrap(labels.get(k, k), 22)) for k in keys]
    if horizontal:
        axes.set_yticks(range(len(keys)), list(reversed(names)), fontsize=10)
        axes.set_xlabel("members (latest answer of each)")
        axes.set_xlim(0, top * 1.18)
    else:
        axes.set_xticks(range(len(keys)), names, fontsize=9)
        axes.set_ylabel("members (latest answer of each)")
    axes.set_title("\n".join(textwrap.wrap(title, 48)), fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)


def member_trend_chart(points: list[tuple[str, dict[str, Any]]],
                       title: str = "My symptom severity, month by month") -> Figure:
    """A member's own monthly answers over time: their severity trend."""
    figure = Figure(figsize=(8, 4.2), layout="constrained")
    axes = figure.subplots()
    draw_member_trend(axes, points)
    axes.set_title(title, fontsize=13, fontweight="bold", loc="left")
    return figure


def draw_member_trend(axes: Axes, points: list[tuple[str, dict[str, Any]]]) -> None:
    """The severity lines of a member's check-ins, with their PGIC under each wave."""
    waves = [wave for wave, _ in points]
    for key, label, colour in SEVERITIES:
        xs = [i for i, (_, answers) in enumerate(points) if key in answers]
        axes.plot(xs, [points[i][1][key] for i in xs], marker="o", linewidth=2.2,
                  color=colour, label=label)
    ticks = []
    for wave, answers in points:
        extra = [f"PGIC {answers['pgic']}" if "pgic" in answers else "",
                 f"{answers['weekly_km']:g} km/wk" if "weekly_km" in answers else ""]
        ticks.append("\n".join([wave, *[e for e in extra if e]]))
    axes.set_xticks(range(len(waves)), ticks, fontsize=8)
    axes.set_ylim(0, 10.5)
    axes.set_xlim(-0.4, max(len(waves) - 0.6, 0.4))
    axes.set_ylabel("severity (0 none - 10 worst)")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=8, frameon=False, loc="upper right", ncols=3)
    axes.spines[["top", "right"]].set_visible(False)
    if not points:
        axes.text(0, 5, "No monthly check-ins yet", ha="center", fontsize=11, color="#777777")


def _number(value: Any) -> str:
    return "hidden" if value is None else f"{value:g}"
