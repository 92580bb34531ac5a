"""Charts and the clinician page: rendered without pyplot, hidden counts stay hidden."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from community.surveys.charts import member_trend_chart, report_chart, to_pdf, to_png
from community.surveys.clinician import MemberCourse, clinician_page
from community.surveys.definitions import default_surveys
from community.surveys.report import build_report
from knowledge.corpus import load_corpus

BOOK = default_surveys()


def texts(figure) -> str:
    return "\n".join(t.get_text() for t in figure.findobj(
        lambda artist: hasattr(artist, "get_text")))


def monthly_rows(members: int) -> list:
    return [(m, wave, {"severity_easy": 3, "severity_fast": 7, "severity_flat": 6,
                       "pgic": 3 if m % 3 else 2}) for wave in ("2026-03", "2026-04")
            for m in range(1, members + 1)]


def test_the_report_chart_renders_and_marks_hidden_counts():
    figure = report_chart(build_report(BOOK.get("monthly"), monthly_rows(9)),
                          BOOK.get("monthly"))
    assert to_png(figure).startswith(b"\x89PNG")
    shown = texts(figure)
    assert "hidden" in shown  # pgic 2 was chosen by 3 of 9
    assert "Monthly check-in: 9 respondents" in shown


def test_the_baseline_chart_shows_the_published_figures_as_published():
    rows = [(m, "once", {"onset_age": 25, "years_since_onset": 3, "side": "left",
                         "muscles": ["glutes"], "level_at_worst": "stopped",
                         "level_now": "far_below"}) for m in range(1, 11)]
    figure = report_chart(build_report(BOOK.get("baseline"), rows), BOOK.get("baseline"))
    shown = texts(figure)
    assert "2 of 16" in shown and "4 of 16" in shown
    assert "Median age at onset: 25 here, 22 published" in shown


def test_the_clinician_page_has_the_profile_the_trend_what_was_tried_and_the_references():
    course = MemberCourse(
        baseline={"onset_age": 24, "side": "right", "level_now": "some_restrictions",
                  "tried": {"physical_therapy": "no_change"}},
        monthly=[(w, a) for m, w, a in monthly_rows(1)],
        followups=[{"strategy": "hip_thigh_strength", "outcome": "helped"}])
    figure = clinician_page(course, BOOK, load_corpus(), date(2026, 5, 1))
    shown = texts(figure)
    assert "Age at onset: 24" in shown
    assert "Physical therapy: no change" in shown
    assert "Hip and thigh strength work: helped" in shown
    assert "Runner's Dystonia" in shown and "Bozi" in shown
    assert "screened for other injuries" in shown
    assert to_pdf(figure).startswith(b"%PDF")


def test_a_member_without_check_ins_gets_an_empty_chart_that_says_so():
    figure = member_trend_chart([])
    assert "No monthly check-ins yet" in texts(figure)
    assert to_png(figure).startswith(b"\x89PNG")


def test_charts_never_import_pyplot():
    code = ("import sys; import community.surveys.charts, community.surveys.clinician; "
            "assert 'matplotlib.pyplot' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
