"""Scores of the answer engine on a labelled question file (`llc-bot eval FILE`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.features import SymptomFeatures, extract_features
from knowledge.models import Answer
from knowledge.service import AnswerService
from knowledge.support import REASONS as SUPPORT_REASONS

FEATURES = ("side", "muscles", "movements", "triggers", "tolerated", "course",
            "activities_affected", "tried", "tests_done")
RED_FLAG = ("see_doctor", "urgent")
# What a member asks that only a clinician can answer: these always point to one.
CARE_INTENTS = ("medication", "fear_disease")


@dataclass
class FeatureCounts:
    """True positives, false positives and false negatives of one feature over a set."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float | int]:
        found, expected = self.tp + self.fp, self.tp + self.fn
        return {"precision": round(self.tp / found, 4) if found else 1.0,
                "recall": round(self.tp / expected, 4) if expected else 1.0,
                "expected": expected}


def _as_set(value: object) -> set[str]:
    """A label in any of the shapes the sets use: a value, a list, or a {key: outcome} map."""
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return {str(v) for v in value}  # a dict iterates over its keys


@dataclass
class EvalReport:
    fact: list[bool] = field(default_factory=list)
    passage_at_1: list[bool] = field(default_factory=list)
    passage_at_3: list[bool] = field(default_factory=list)
    passage_quoted: list[bool] = field(default_factory=list)
    support: list[bool] = field(default_factory=list)
    red_flag_false_alarm: list[bool] = field(default_factory=list)
    features: dict[str, FeatureCounts] = field(
        default_factory=lambda: {name: FeatureCounts() for name in FEATURES})
    abstention: list[bool] = field(default_factory=list)
    lookalike_abstention: list[bool] = field(default_factory=list)
    care: list[bool] = field(default_factory=list)
    false_abstention: list[bool] = field(default_factory=list)
    red_flag: list[bool] = field(default_factory=list)
    crisis: list[bool] = field(default_factory=list)
    triage_false_alarm: list[bool] = field(default_factory=list)
    screening: list[bool] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    by_category: dict[str, list[bool]] = field(default_factory=dict)

    def metrics(self) -> dict[str, float]:
        """Each metric as a share in [0, 1] (1.0 when nothing was measured)."""
        def share(values: list[bool]) -> float:
            return round(sum(values) / len(values), 4) if values else 1.0

        return {
            "fact_in_answer": share(self.fact),
            "passage_at_1": share(self.passage_at_1),
            "passage_at_3": share(self.passage_at_3),
            "passage_quoted": share(self.passage_quoted),
            "offtopic_abstention": share(self.abstention),
            "lookalike_abstention": share(self.lookalike_abstention),
            "care": share(self.care),
            "false_abstention": share(self.false_abstention),
            "red_flag_recall": share(self.red_flag),
            "support_recall": share(self.support),
            "crisis_recall": share(self.crisis),
            "triage_false_alarm": share(self.triage_false_alarm),
            "red_flag_false_alarm": share(self.red_flag_false_alarm),
            "screening_present": share(self.screening),
        }

    def feature_scores(self) -> dict[str, dict[str, float | int]]:
        """Precision and recall of each symptom feature, over the items labelled with them."""
        return {name: counts.scores() for name, counts in self.features.items()
                if counts.tp + counts.fp + counts.fn}

    def category_scores(self) -> dict[str, float]:
        """Share of questions fully right (every check passed) in each category."""
        return {name: round(sum(oks) / len(oks), 4) for name, oks in
                sorted(self.by_category.items())}


def _fact_found(entry: str, answer: str) -> bool:
    return any(alt.strip().lower() in answer for alt in entry.split("|"))


def score(item: dict, answer: Answer, report: EvalReport,
          features: SymptomFeatures | None = None) -> None:
    """Add one answered question to the report."""
    text = answer.answer.lower()
    ok = True
    if item.get("expect_facts"):
        hit = all(_fact_found(e, text) for e in item["expect_facts"])
        report.fact.append(hit)
        ok &= hit
    if item.get("expect_sections"):
        cited = [c.section for c in answer.citations]
        hit = bool(set(cited[:3]) & set(item["expect_sections"]))
        report.passage_at_1.append(bool(cited) and cited[0] in item["expect_sections"])
        report.passage_at_3.append(hit)
        report.passage_quoted.append(bool(set(cited) & set(item["expect_sections"])))
        ok &= hit
    expected = item.get("expect_triage", "none")
    if item.get("expect_abstain"):
        if item.get("lookalike") or item.get("intent") == "lookalike":
            report.lookalike_abstention.append(answer.abstained)
        else:
            report.abstention.append(answer.abstained)
        ok &= answer.abstained
    elif item.get("expect_sections") or (
            item.get("category") not in ("crisis", "red_flag", "support")
            and expected not in ("crisis", "support")):
        report.false_abstention.append(answer.abstained)
        ok &= not answer.abstained
    support = answer.triage == "support" or bool(SUPPORT_REASONS & set(answer.triage_reasons))
    if expected in RED_FLAG:
        hit = answer.triage in RED_FLAG
        report.red_flag.append(hit)
        ok &= hit
    elif expected == "crisis":
        report.crisis.append(answer.triage == "crisis")
        ok &= answer.triage == "crisis"
    elif expected == "support":
        report.support.append(support)
        ok &= answer.triage == "support"
    else:
        report.triage_false_alarm.append(answer.triage != "none")
        ok &= answer.triage == "none"
    if item.get("intent") in CARE_INTENTS:
        cared = answer.triage in (*RED_FLAG, "crisis") and bool(answer.triage_reasons)
        report.care.append(cared)
        ok &= cared
    if expected not in (*RED_FLAG, "crisis"):
        report.red_flag_false_alarm.append(answer.triage in RED_FLAG)
    if features is not None and "expect_features" in item:
        _count_features(item["expect_features"] or {}, features, report)
    report.screening.append(bool(answer.screening.strip()))
    report.by_category.setdefault(item.get("category", "uncategorised"), []).append(ok)
    if not ok:
        report.failures.append(item["id"])


def _count_features(expected: dict, features: SymptomFeatures, report: EvalReport) -> None:
    got = features.labels()
    for name in FEATURES:
        want, have = _as_set(expected.get(name)), _as_set(got.get(name))
        counts = report.features[name]
        counts.tp += len(want & have)
        counts.fp += len(have - want)
        counts.fn += len(want - have)


def _context(item: dict) -> list[str]:
    """The earlier turn a follow-up is read with, when the item has one."""
    previous = item.get("previous")
    return [previous] if isinstance(previous, str) and previous.strip() else []


def evaluate(service: AnswerService, path: Path) -> EvalReport:
    """Answer every question in a JSONL eval file and score the answers."""
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    answers = service.answer_many([i["question"] for i in items],
                                  [_context(i) for i in items])
    report = EvalReport()
    for item, answer in zip(items, answers, strict=True):
        features = (extract_features(item["question"], service.encoder)
                    if "expect_features" in item else None)
        score(item, answer, report, features)
    return report
