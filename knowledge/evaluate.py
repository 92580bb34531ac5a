"""Scores of the answer engine on a labelled question file (`llc-bot eval FILE`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.models import Answer
from knowledge.service import AnswerService


@dataclass
class EvalReport:
    fact: list[bool] = field(default_factory=list)
    passage_at_3: list[bool] = field(default_factory=list)
    abstention: list[bool] = field(default_factory=list)
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
            "passage_at_3": share(self.passage_at_3),
            "offtopic_abstention": share(self.abstention),
            "false_abstention": share(self.false_abstention),
            "red_flag_recall": share(self.red_flag),
            "crisis_recall": share(self.crisis),
            "triage_false_alarm": share(self.triage_false_alarm),
            "screening_present": share(self.screening),
        }

    def category_scores(self) -> dict[str, float]:
        """Share of questions fully right (every check passed) in each category."""
        return {name: round(sum(oks) / len(oks), 4) for name, oks in
                sorted(self.by_category.items())}


def _fact_found(entry: str, answer: str) -> bool:
    return any(alt.strip().lower() in answer for alt in entry.split("|"))


def score(item: dict, answer: Answer, report: EvalReport) -> None:
    """Add one answered question to the report."""
    text = answer.answer.lower()
    ok = True
    if item.get("expect_facts"):
        hit = all(_fact_found(e, text) for e in item["expect_facts"])
        report.fact.append(hit)
        ok &= hit
    if item.get("expect_sections"):
        top = {c.section for c in answer.citations[:3]}
        hit = bool(top & set(item["expect_sections"]))
        report.passage_at_3.append(hit)
        ok &= hit
    if item.get("expect_abstain"):
        report.abstention.append(answer.abstained)
        ok &= answer.abstained
    elif item.get("category") not in ("crisis", "red_flag"):
        report.false_abstention.append(answer.abstained)
        ok &= not answer.abstained
    expected = item.get("expect_triage", "none")
    if expected in ("see_doctor", "urgent"):
        hit = answer.triage in ("see_doctor", "urgent")
        report.red_flag.append(hit)
        ok &= hit
    elif expected == "crisis":
        report.crisis.append(answer.triage == "crisis")
        ok &= answer.triage == "crisis"
    else:
        report.triage_false_alarm.append(answer.triage != "none")
        ok &= answer.triage == "none"
    report.screening.append(bool(answer.screening.strip()))
    report.by_category.setdefault(item.get("category", "uncategorised"), []).append(ok)
    if not ok:
        report.failures.append(item["id"])


def evaluate(service: AnswerService, path: Path) -> EvalReport:
    """Answer every question in a JSONL eval file and score the answers."""
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    answers = service.answer_many([i["question"] for i in items])
    report = EvalReport()
    for item, answer in zip(items, answers, strict=True):
        score(item, answer, report)
    return report
