"""Scores of the answer engine on a labelled question file (`llc-bot eval FILE`)."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.features import SymptomFeatures, extract_features
from knowledge.models import Answer
from knowledge.service import AnswerService
from knowledge.support import REASONS as SUPPORT_REASONS
from knowledge.understanding import Understanding
from knowledge.understanding.corpus import Example
from knowledge.understanding.labels import CARE_INTENTS
from knowledge.understanding.model import Heads, Scores, train_heads
from knowledge.understanding.reader import encoded_corpus

FEATURES = ("side", "muscles", "movements", "triggers", "tolerated", "course",
            "activities_affected", "tried", "tests_done")
RED_FLAG = ("see_doctor", "urgent")


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

    def _measured(self) -> dict[str, list[bool]]:
        """Each metric's name and the results it is the share of."""
        return {
            "fact_in_answer": self.fact,
            "passage_at_1": self.passage_at_1,
            "passage_at_3": self.passage_at_3,
            "passage_quoted": self.passage_quoted,
            "offtopic_abstention": self.abstention,
            "lookalike_abstention": self.lookalike_abstention,
            "care": self.care,
            "false_abstention": self.false_abstention,
            "red_flag_recall": self.red_flag,
            "support_recall": self.support,
            "crisis_recall": self.crisis,
            "triage_false_alarm": self.triage_false_alarm,
            "red_flag_false_alarm": self.red_flag_false_alarm,
            "screening_present": self.screening,
        }

    def metrics(self) -> dict[str, float]:
        """Each metric as a share in [0, 1] (1.0 when nothing was measured)."""
        return {name: round(sum(values) / len(values), 4) if values else 1.0
                for name, values in self._measured().items()}

    def counts(self) -> dict[str, int]:
        """How many questions each metric of `metrics` was measured on (0: not measured)."""
        return {name: len(values) for name, values in self._measured().items()}

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


def context_of(item: dict[str, Any]) -> list[str]:
    """The earlier turn a follow-up line (`previous`) is read with, when it has one: the
    shape `ask --jsonl` and the evaluation files share."""
    previous = item.get("previous")
    return [previous] if isinstance(previous, str) and previous.strip() else []


def evaluate(service: AnswerService, path: Path) -> EvalReport:
    """Answer every question in a JSONL eval file and score the answers."""
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return score_items(service, items)


def score_items(service: AnswerService, items: list[dict]) -> EvalReport:
    """Answer every item (`question`, and `previous` for a follow-up) and score them."""
    answers = service.answer_many([i["question"] for i in items],
                                  [context_of(i) for i in items])
    report = EvalReport()
    for item, answer in zip(items, answers, strict=True):
        features = (extract_features(item["question"], service.encoder)
                    if "expect_features" in item else None)
        score(item, answer, report, features)
    return report


# -- leave one writer out ------------------------------------------------------------------
@dataclass(frozen=True)
class _FoldHeads:
    """The full model's safety heads with the intent rows of a model trained without one
    writer: the answer path is scored on intents it never learnt from that writer."""

    full: Heads
    fold: Heads

    def score_pieces(self, vectors: np.ndarray, texts: Sequence[str]) -> Scores:
        """Safety scores from the full model, intents from the fold's."""
        scores = self.full.score_pieces(vectors, texts)
        return replace(scores, intents=self.fold.score_pieces(vectors, texts).intents)


def as_item(example: Example) -> dict:
    """A corpus question in the evaluation file's shape."""
    return {"id": example.id, "question": example.text, "previous": example.previous,
            "intent": example.intent, "expect_sections": list(example.sections),
            "expect_facts": list(example.facts), "expect_abstain": bool(example.abstain),
            "lookalike": example.intent == "lookalike" or None,
            "expect_triage": example.triage, "category": example.intent}


def answer_writers(examples: Sequence[Example]) -> list[str]:
    """The writers whose questions carry complete answer labels (an `abstain` on each)."""
    return sorted({e.writer for e in examples if e.abstain is not None})


def evaluate_lowo(service: AnswerService, writers: Sequence[str] | None = None
                  ) -> dict[str, EvalReport]:
    """Each writer's questions answered with intents and a section ranker trained without
    that writer: the figure for members the model has never read. scikit-learn fits each
    fold (about half a minute each on two cores)."""
    understanding = service.understanding
    if understanding.folder is None:
        raise ValueError("the understanding model has no cache folder to evaluate from")
    encoded = encoded_corpus(service.encoder, understanding.folder, windows=False)
    examples = encoded.examples
    reports: dict[str, EvalReport] = {}
    for writer in writers or answer_writers(examples):
        train = [i for i, e in enumerate(examples) if e.writer != writer]
        fold_heads = train_heads(encoded, train, safety=False)
        fold = copy.copy(service)
        fold.understanding = Understanding(
            understanding.encoder, _FoldHeads(understanding.heads, fold_heads),  # type: ignore[arg-type]  # duck-typed heads
            understanding.thresholds, folder=understanding.folder)
        fold.ranker = service.section_ranker([examples[i] for i in train])
        fold._batchers = {}
        items = [as_item(e) for e in examples if e.writer == writer]
        reports[writer] = score_items(fold, items)
    return reports


def pooled(reports: Sequence[EvalReport]) -> EvalReport:
    """Every writer's results in one report (each question counted once)."""
    total = EvalReport()
    for report in reports:
        for name, value in vars(report).items():
            if name == "features":
                for feature, counts in value.items():
                    mine = total.features[feature]
                    mine.tp, mine.fp, mine.fn = (mine.tp + counts.tp, mine.fp + counts.fp,
                                                 mine.fn + counts.fn)
            elif name == "by_category":
                for category, oks in value.items():
                    total.by_category.setdefault(category, []).extend(oks)
            else:
                getattr(total, name).extend(value)
    return total
