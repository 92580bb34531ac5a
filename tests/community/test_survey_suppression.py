"""Small-group protection against a reader who knows the rule: no hidden count of a survey
report can be worked out from what the JSON, the chart or the CSV shows.

The reader is given everything: the rule itself (this code), the question's n even when it
is hidden (the respondents may tell it), the counts, the median. A hidden count is "worked
out" when every distribution of the same n that yields the same report gives that cell the
same value. The search for such distributions is exhaustive for 5 to 10 answers on the
7-point scale, and random (hypothesis) beyond.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from community.surveys.charts import report_chart
from community.surveys.definitions import Question, default_surveys
from community.surveys.exports import HIDDEN, responses_csv
from community.surveys.report import build_report, summarise
from community.surveys.suppression import protect, protected_sums

MONTHLY = default_surveys().get("monthly")
FOLLOWUP = default_surveys().get("change_followup")
PGIC = MONTHLY.question("pgic")  # 1 = very much improved ... 7 = very much worse
KEYS = [str(v) for v in range(1, 8)]
KEY = b"k" * 32


def answers_of(distribution: list[int]) -> list[int]:
    """The answers a distribution over the 7-point scale counts."""
    return [value for value, count in zip(range(1, 8), distribution, strict=True)
            for _ in range(count)]


def shown(question: Question, distribution: list[int]) -> tuple:
    """Everything a report shows of one question, as one comparable value."""
    summary = summarise(question, answers_of(distribution))
    return summary.n, summary.median, tuple(summary.counts[key] for key in KEYS)


def compositions(total: int, parts: int):
    """Every way to put `total` answers into `parts` cells."""
    for cuts in itertools.combinations(range(total + parts - 1), parts - 1):
        edges = (-1, *cuts, total + parts - 1)
        yield [b - a - 1 for a, b in itertools.pairwise(edges)]


def worked_out(distribution: list[int]) -> list[str]:
    """The hidden cells whose count a reader can work out from the report of `distribution`."""
    report = shown(PGIC, distribution)
    hidden = [i for i, count in enumerate(report[2]) if count is None]
    possible = {i: {distribution[i]} for i in hidden}

    def consider(candidate: list[int]) -> None:
        if shown(PGIC, candidate) == report:
            for i in hidden:
                possible[i].add(candidate[i])

    # Moving answers between two hidden cells usually finds a second way quickly...
    for i, j in itertools.permutations(hidden, 2):
        for moved in range(1, distribution[j] + 1):
            candidate = list(distribution)
            candidate[i], candidate[j] = candidate[i] + moved, candidate[j] - moved
            consider(candidate)
    # ... and when it does not, every way of filling the hidden cells is tried.
    if any(len(values) == 1 for values in possible.values()):
        unknown = sum(distribution[i] for i in hidden)
        for filling in compositions(unknown, len(hidden)):
            candidate = list(distribution)
            for i, count in zip(hidden, filling, strict=True):
                candidate[i] = count
            consider(candidate)
    return [KEYS[i] for i in hidden if len(possible[i]) == 1]


def test_nine_sevens_and_a_six_no_longer_give_the_six_away():
    # Before: `n=10, 7: 9` with 1 and 6 hidden, so the 6 was one person.
    summary = summarise(PGIC, [7] * 9 + [6])
    assert summary.n == 10
    assert summary.counts["6"] is None and summary.counts["7"] is None
    assert summary.median is None  # it would fall on the hidden cells
    assert worked_out([0, 0, 0, 0, 0, 1, 9]) == []


def test_no_report_of_five_to_ten_answers_on_the_7_point_scale_reveals_a_hidden_count():
    reports: dict[tuple, list[list[int]]] = defaultdict(list)
    for n in range(5, 11):
        for distribution in compositions(n, 7):
            reports[shown(PGIC, distribution)].append(distribution)
    revealing = 0
    for (_n, _median, counts), distributions in reports.items():
        hidden = [i for i, count in enumerate(counts) if count is None]
        if any(len({d[i] for d in distributions}) == 1 for i in hidden):
            revealing += 1
    assert revealing == 0, f"{revealing} of {len(reports)} distinct reports reveal a count"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=7, max_size=7)
       .filter(lambda counts: 5 <= sum(counts) <= 30))
def test_no_hidden_count_can_be_worked_out_from_the_json_the_chart_or_the_csv(distribution):
    assert worked_out(distribution) == []
    answers = answers_of(distribution)
    rows = [(member, "2026-03", {"pgic": value}) for member, value in enumerate(answers, 1)]
    report = build_report(MONTHLY, rows)
    counts = report.questions["pgic"].counts
    assert report.contract()["questions"]["pgic"]["counts"] == counts

    # The chart draws the same numbers, and "hidden" where the report hides one.
    _, panel = report_chart(report, MONTHLY).axes
    drawn = [text.get_text().strip() for text in panel.texts]
    assert drawn == ["hidden" if counts[key] is None else str(counts[key]) for key in KEYS]

    # Counting the CSV's lines gives back the shown counts, and the hidden ones only as
    # their total, which the report already tells (n minus the shown counts).
    lines = list(csv.DictReader(io.StringIO(responses_csv(MONTHLY, rows, KEY, report))))
    tally = Counter(line["pgic"] for line in lines)
    for key in KEYS:
        assert tally.get(key, 0) == (0 if counts[key] is None else counts[key])
    assert tally.get(HIDDEN, 0) == len(answers) - sum(c for c in counts.values() if c)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=7),
       st.one_of(st.none(), st.integers(min_value=0, max_value=12)))
def test_hidden_cells_never_sum_to_one_to_four_and_a_zero_is_never_the_complement(counts,
                                                                                  rest):
    cells = {f"c{i}": count for i, count in enumerate(counts)}
    protected = protect(cells, rest)
    hidden = [key for key, value in protected.items() if value is None]
    if not hidden:
        return
    if all(protected[key] is None for key in cells):
        return  # nothing shown at all: no subtraction to make
    assert all(cells[key] > 0 for key in hidden)  # no zero hides anything
    total = sum(cells[key] for key in hidden) + (rest or 0)
    assert len(hidden) + (rest is not None) >= 2
    assert not 0 < total < 5
    assert total > len(hidden)


def test_a_median_that_falls_on_hidden_cells_is_hidden_and_one_on_shown_cells_is_shown():
    on_hidden = summarise(PGIC, [1] * 2 + [2] * 3 + [7] * 10)
    assert on_hidden.counts["1"] is None and on_hidden.median == 7.0  # shown: 7 is shown
    between = summarise(PGIC, [3] * 6 + [4] * 2 + [5] * 6)
    assert between.counts["4"] is None and between.median is None  # 4 is hidden


def test_a_question_shown_only_after_a_hidden_answer_hides_its_n_too():
    # still_doing is asked after "helped" or "no change": its n would be their sum, and
    # with "no change" shown it would give away the 3 who were helped.
    rows = ([(m, "w", {"strategy": "surgery", "outcome": "helped", "still_doing": "yes"})
             for m in range(3)]
            + [(m, "w", {"strategy": "surgery", "outcome": "no_change", "still_doing": "no"})
               for m in range(3, 11)]
            + [(m, "w", {"strategy": "surgery", "outcome": "worse"}) for m in range(11, 13)])
    report = build_report(FOLLOWUP, rows).contract()["questions"]
    assert report["outcome"]["counts"]["helped"] is None
    assert report["still_doing"] == {"n": None, "median": None,
                                     "counts": {"yes": None, "no": None}}
    lines = list(csv.DictReader(io.StringIO(responses_csv(FOLLOWUP, rows, KEY))))
    assert {line["still_doing"] for line in lines} == {HIDDEN}


def test_the_csv_leaves_out_a_wave_of_fewer_than_five_and_hides_small_options():
    rows = [(m, "2026-03", {"pgic": 3, "severity_easy": 2}) for m in range(1, 9)]
    rows += [(m, "2026-04", {"pgic": 4}) for m in range(1, 4)]  # three: the report hides it
    text = responses_csv(MONTHLY, rows, KEY)
    lines = list(csv.DictReader(io.StringIO(text)))
    assert {line["wave"] for line in lines} == {"2026-03"}
    baseline = default_surveys().get("baseline")
    chosen = [["glutes"]] * 8 + [["glutes", "calves"]] * 2
    rows = [(m, "once", {"muscles": muscles}) for m, muscles in enumerate(chosen)]
    lines = list(csv.DictReader(io.StringIO(responses_csv(baseline, rows, KEY))))
    assert {line["muscles"] for line in lines} == {"glutes;hidden"}


ROUND_SUMS = {"grouped": ("helped", "connected", "no", "unanswered"),
              "answered": ("helped", "connected", "no"), "connected": ("helped", "connected"),
              "helped": ("helped",)}


def test_no_round_check_in_report_of_up_to_20_members_reveals_a_small_outcome():
    """The round report shows sums of four outcomes; the same rule, exhaustively."""
    reports: dict[tuple, list[list[int]]] = defaultdict(list)
    for grouped in range(21):
        for outcome in compositions(grouped, 4):
            cells = dict(zip(ROUND_SUMS["grouped"], outcome, strict=True))
            shown_sums = protected_sums(cells, ROUND_SUMS)
            reports[(grouped, *shown_sums.values())].append(outcome)
    for report, outcomes in reports.items():
        for i in range(4):
            values = {outcome[i] for outcome in outcomes}
            assert len(values) > 1 or not 0 < values.pop() < 5, (report, outcomes)


def test_a_round_report_of_larger_groups_shows_every_figure():
    cells = {"helped": 10, "connected": 8, "no": 6, "unanswered": 5}
    assert protected_sums(cells, ROUND_SUMS) == {"grouped": 29, "answered": 24,
                                                 "connected": 18, "helped": 10}
