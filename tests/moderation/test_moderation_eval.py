"""The labelled evaluation set: recall on what must be caught, and restraint on runner talk.

About a fifth of the lines are marked "holdout": they were written in two batches after the
patterns were tuned on the rest, and scored once before anything was changed (those first
figures are the honest measure of how the rules generalise). The misses they revealed were
then fixed, so today they guard against regressions like the other lines.
"""

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from moderation import Verdict, check_text

EVAL_FILE = Path(__file__).parents[1] / "data" / "moderation_eval.jsonl"
SPLITS = ["all", "holdout"]


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expect_action: str
    expect_categories: tuple[str, ...]
    crisis: bool
    kind: str
    split: str


@cache
def judged() -> tuple[tuple[Case, Verdict], ...]:
    cases = []
    for line in EVAL_FILE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row["expect_categories"] = tuple(row["expect_categories"])
        cases.append(Case(**row))
    return tuple((case, check_text(case.text)) for case in cases)


def cases_of(split: str, *kinds: str) -> list[tuple[Case, Verdict]]:
    return [
        (case, verdict)
        for case, verdict in judged()
        if (split == "all" or case.split == split) and (not kinds or case.kind in kinds)
    ]


def caught(case: Case, verdict: Verdict) -> bool:
    return case.kind in verdict.categories and verdict.action == case.expect_action


def missed_ids(pairs: list[tuple[Case, Verdict]]) -> list[str]:
    return [case.id for case, verdict in pairs if not caught(case, verdict)]


def test_eval_set_covers_every_kind_with_enough_examples():
    counts = Counter(case.kind for case, _ in judged())
    holdout = sum(case.split == "holdout" for case, _ in judged())
    assert sum(counts.values()) >= 220
    assert counts["benign"] >= 90
    assert counts["crisis"] >= 25
    assert counts["spam"] + counts["scam"] >= 30
    for kind in ("link", "personal_data", "misinformation", "abuse"):
        assert counts[kind] >= 15, kind
    assert 0.15 <= holdout / sum(counts.values()) <= 0.25


@pytest.mark.parametrize("split", SPLITS)
def test_catches_spam_and_scams(split):
    pairs = cases_of(split, "spam", "scam")
    recall = 1 - len(missed_ids(pairs)) / len(pairs)
    assert recall >= 0.95, missed_ids(pairs)


@pytest.mark.parametrize("split", SPLITS)
def test_leaves_runner_talk_and_symptom_reports_alone(split):
    pairs = cases_of(split, "benign")
    flagged = [case.id for case, verdict in pairs if verdict.action != "allow" or verdict.crisis]
    assert len(flagged) / len(pairs) <= 0.02, flagged


@pytest.mark.parametrize(
    "kind", ["link", "mention_spam", "personal_data", "misinformation", "abuse"]
)
def test_catches_most_of_each_other_kind(kind):
    pairs = cases_of("all", kind)
    recall = 1 - len(missed_ids(pairs)) / len(pairs)
    assert recall >= 0.9, missed_ids(pairs)


HARM = {"scam", "link", "mention_spam", "personal_data", "spam"}


def test_never_removes_a_crisis_message_for_its_crisis_language():
    removed = [
        case.id
        for case, verdict in judged()
        if verdict.crisis
        and (verdict.action == "timeout" or (verdict.action == "delete" and not (
            HARM & set(verdict.categories))))
    ]
    assert removed == []
