"""Survey reports: figures, small-group protection (with hypothesis), free text kept out."""

from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from community.surveys.definitions import default_surveys
from community.surveys.report import PUBLISHED_BASELINE, build_report
from community.surveys.suppression import protect

BASELINE = default_surveys().get("baseline")
MONTHLY = default_surveys().get("monthly")


def baseline_answers(member: int, **changes) -> dict:
    answers = {"onset_age": 20 + member % 7, "years_since_onset": 3 + member % 3,
               "side": "both", "muscles": ["hamstrings", "glutes"],
               "level_at_worst": "far_below", "level_now": "some_restrictions",
               "tried": {"physical_therapy": "no_change"},
               "other_diagnoses": f"secret diagnosis of member {member}"}
    answers.update(changes)
    return answers


def test_report_has_the_contract_shape_and_the_published_baseline_as_published():
    rows = [(m, "once", baseline_answers(m)) for m in range(1, 21)]
    report = build_report(BASELINE, rows).contract()
    assert set(report) >= {"survey", "suppressed_below", "respondents", "questions", "baseline"}
    assert report["survey"] == "baseline" and report["suppressed_below"] == 5
    assert report["respondents"] == 20
    assert report["baseline"] == PUBLISHED_BASELINE
    assert report["baseline"]["unrestricted_now"] == 2  # published, so not suppressed
    onset = report["questions"]["onset_age"]
    assert onset["n"] == 20 and onset["median"] == 23.0
    assert report["questions"]["side"]["counts"] == {"left": 0, "right": 0, "both": 20}


def test_free_text_never_appears_in_a_report():
    rows = [(m, "once", baseline_answers(m)) for m in range(1, 21)]
    text = json.dumps(build_report(BASELINE, rows).contract())
    assert "other_diagnoses" not in text and "secret" not in text


def test_small_counts_are_hidden_and_cannot_be_recovered_by_subtraction():
    rows = [(m, "once", baseline_answers(m, side="left" if m <= 2 else "both"))
            for m in range(1, 21)]
    counts = build_report(BASELINE, rows).contract()["questions"]["side"]["counts"]
    # left = 2 is hidden; with n = 20 shown, hiding it alone would give it away.
    assert counts["left"] is None
    assert list(counts.values()).count(None) >= 2


def test_a_multiple_choice_option_chosen_by_nearly_everyone_is_hidden():
    # 18 of 20 chose glutes: the 2 who did not are a small group too.
    rows = [(m, "once", baseline_answers(m, muscles=["glutes"] if m > 2 else ["calves"]))
            for m in range(1, 21)]
    counts = build_report(BASELINE, rows).contract()["questions"]["muscles"]["counts"]
    assert counts["glutes"] is None and counts["calves"] is None
    assert counts["quadriceps"] == 0


def test_fewer_than_five_respondents_show_no_figures():
    rows = [(m, "once", baseline_answers(m)) for m in range(1, 4)]
    report = build_report(BASELINE, rows).contract()
    assert report["respondents"] is None
    onset = report["questions"]["onset_age"]
    assert onset == {"n": None, "median": None, "counts": {}}
    assert report["questions"]["side"]["counts"]["both"] is None


def test_community_figures_sit_beside_the_published_ones():
    rows = [(m, "once", baseline_answers(
        m, level_now="unrestricted" if m <= 6 else "far_below",
        muscles=["foot_ankle"] if m <= 5 else ["glutes"])) for m in range(1, 31)]
    community = build_report(BASELINE, rows).contract()["community"]
    assert community["respondents"] == 30
    assert community["unrestricted_now"] == 6 and community["unrestricted_of"] == 30
    assert community["foot_ankle"] == 5 and community["foot_ankle_of"] == 30


def test_trends_follow_each_wave_and_a_member_counts_once_in_the_figures():
    rows = []
    for wave, severity in (("2026-03", 6), ("2026-04", 4), ("2026-05", 3)):
        rows += [(m, wave, {"severity_easy": severity, "severity_fast": severity + 2,
                            "severity_flat": severity + 1, "pgic": 3}) for m in range(1, 8)]
    rows += [(99, "2026-05", {"severity_easy": 1, "severity_fast": 1, "severity_flat": 1,
                              "pgic": 2})]
    report = build_report(MONTHLY, rows).contract()
    # In May one member answered 1 and seven answered 3: both cells are hidden, and so is
    # the median that falls on them.
    assert [(p["wave"], p["n"], p["medians"]["severity_easy"]) for p in report["waves"]] == [
        ("2026-03", 7, 6.0), ("2026-04", 7, 4.0), ("2026-05", 8, None)]
    assert report["respondents"] == 8
    assert report["questions"]["severity_easy"]["n"] == 8  # latest response of each member


def test_a_wave_with_fewer_than_five_shows_no_median():
    rows = [(m, "2026-03", {"severity_easy": 5, "severity_fast": 5, "severity_flat": 5,
                            "pgic": 4}) for m in range(1, 4)]
    (point,) = build_report(MONTHLY, rows).contract()["waves"]
    assert point["n"] is None and point["medians"]["severity_easy"] is None


def test_anonymous_answers_are_reported_from_their_own_table():
    followup = default_surveys().get("change_followup")
    anonymous = [("after_change:2026-03", "checkins_useful", 4)] * 6
    report = build_report(followup, [], anonymous).contract()
    assert report["questions"]["checkins_useful"]["n"] == 6
    assert report["questions"]["checkins_useful"]["median"] == 4.0


def test_an_anonymous_question_is_never_reported_for_a_wave_of_fewer_than_five():
    followup = default_surveys().get("change_followup")
    anonymous = ([("after_change:2026-03", "checkins_useful", 4)] * 6
                 + [("after_change:2026-04", "checkins_useful", 1)] * 4)
    summary = build_report(followup, [], anonymous).contract()["questions"]["checkins_useful"]
    assert summary["n"] == 6 and summary["counts"]["1"] == 0  # April's four are left out


# --- secondary suppression, against an attacker who subtracts --------------------------


def _recoverable(cells: dict[str, int], shown: dict[str, int | None], rest: int | None) -> bool:
    """Whether some hidden small count (or a small rest) takes a single value in every
    assignment of non-negative counts to the unknowns that matches the known total."""
    hidden = [key for key, value in shown.items() if value is None]
    total = sum(cells.values()) + (rest or 0)
    unknown_sum = total - sum(value for value in shown.values() if value is not None)
    names = hidden + (["<rest>"] if rest is not None else [])
    truth = {**cells, "<rest>": rest}
    sensitive = [name for name in names if 0 < truth[name] < 5]
    if not sensitive:
        return False
    possible: dict[str, set[int]] = {name: set() for name in names}
    for values in itertools.product(range(unknown_sum + 1), repeat=len(names)):
        if sum(values) == unknown_sum:
            for name, value in zip(names, values, strict=True):
                possible[name].add(value)
    return any(len(possible[name]) == 1 for name in sensitive)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=4),
       st.one_of(st.none(), st.integers(min_value=0, max_value=12)))
def test_no_hidden_count_can_be_worked_out_from_the_shown_ones_and_the_total(counts, rest):
    cells = {f"c{i}": count for i, count in enumerate(counts)}
    shown = protect(cells, rest)
    assert all(value is None or value == 0 or value >= 5 for value in shown.values())
    assert all(value is None or value == cells[key] for key, value in shown.items())
    total = sum(counts) + (rest or 0)
    if 0 < total < 5:
        return  # the total itself is hidden (shown_total), so nothing is known to subtract
    assert not _recoverable(cells, shown, rest)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["left", "right", "both"]), min_size=0, max_size=40))
def test_every_shown_count_in_a_report_is_zero_or_at_least_five(sides):
    rows = [(m, "once", baseline_answers(m, side=side)) for m, side in enumerate(sides, 1)]
    question = build_report(BASELINE, rows).contract()["questions"]["side"]
    assert all(c is None or c == 0 or c >= 5 for c in question["counts"].values())
    if question["n"] is not None:
        hidden = [k for k, c in question["counts"].items() if c is None]
        assert len(hidden) != 1
