"""Leave-one-writer-out evaluation: train without a writer, score that writer, for each.

Writers, not messages, are the unit: a writer's wording is learnt from their other messages
if they are split across folds, which flatters a model. Every figure here is on writers the
model did not see, with a 95% Wilson interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.understanding.corpus import Example
from knowledge.understanding.labels import HARD_NEGATIVES, Head
from knowledge.understanding.model import EncodedCorpus, Heads, Scores, train_heads
from knowledge.understanding.thresholds import Thresholds


@dataclass(frozen=True)
class Rate:
    """A proportion with its 95% Wilson interval."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        """The proportion, or None when nothing was counted."""
        return self.hits / self.total if self.total else None

    def interval(self) -> tuple[float, float] | None:
        """Wilson's 95% interval: honest at small counts and near 0 or 1."""
        if not self.total:
            return None
        z, n, p = 1.96, self.total, self.hits / self.total
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return (max(0.0, centre - half), min(1.0, centre + half))

    def as_dict(self) -> dict[str, object]:
        """For `--json`."""
        interval = self.interval()
        return {"hits": self.hits, "total": self.total,
                "value": None if self.value is None else round(self.value, 4),
                "ci95": None if interval is None else [round(x, 4) for x in interval]}


@dataclass(frozen=True)
class Scored:
    """One example's scores from a model that never saw its writer."""

    example: Example
    scores: Scores


def leave_one_writer_out(encoded: EncodedCorpus,
                         writers: Sequence[str] | None = None) -> list[Scored]:
    """Score every example (of `writers`, default all) with a model trained without its
    writer."""
    examples = encoded.examples
    chosen = sorted({e.writer for e in examples} if writers is None else set(writers))
    scored: list[Scored] = []
    for writer in chosen:
        train = [i for i, e in enumerate(examples) if e.writer != writer]
        heads = train_heads(encoded, train, families=False, intents=False)
        scored += [Scored(examples[i], heads.score_pieces(*encoded.pieces_of(i)))
                   for i, e in enumerate(examples) if e.writer == writer]
    return scored


def score_with(heads: Heads, encoded: EncodedCorpus) -> list[Scored]:
    """Score a set (a held-out writer's) with an already trained model."""
    return [Scored(e, heads.score_pieces(*encoded.pieces_of(i)))
            for i, e in enumerate(encoded.examples)]


def _known(scored: Sequence[Scored], head: Head) -> list[Scored]:
    return [s for s in scored if head in s.example.known]


def _hard_negative(s: Scored) -> bool:
    return bool(s.example.labels & HARD_NEGATIVES) and not s.example.positive("crisis")


def _rate(items: Sequence[Scored], hit: Callable[[Scored], bool]) -> Rate:
    flags = [hit(s) for s in items]
    return Rate(sum(flags), len(flags))


@dataclass(frozen=True)
class Figures:
    """Recall and false-alarm rates at the thresholds, for one set of scored examples."""

    crisis_recall_with_check_in: Rate
    crisis_recall_act: Rate
    false_act_on_hard_negatives: Rate
    false_check_in_or_act_on_hard_negatives: Rate
    red_flag_recall: Rate
    red_flag_false_alarm: Rate
    low_mood_recall: Rate
    low_mood_false_alarm: Rate

    def as_dict(self) -> dict[str, object]:
        """For `--json`."""
        return {name: getattr(self, name).as_dict() for name in self.__dataclass_fields__}


def figures(scored: Sequence[Scored], t: Thresholds) -> Figures:
    """The headline figures of a scored set."""
    crisis = _known(scored, "crisis")
    positives = [s for s in crisis if s.example.positive("crisis")]
    hard = [s for s in crisis if _hard_negative(s)]
    red = _known(scored, "red_flag")
    mood = _known(scored, "low_mood")
    return Figures(
        crisis_recall_with_check_in=_rate(positives, lambda s: s.scores.crisis >= t.crisis_quiet),
        crisis_recall_act=_rate(positives, lambda s: s.scores.crisis >= t.crisis_act),
        false_act_on_hard_negatives=_rate(hard, lambda s: s.scores.crisis >= t.crisis_act),
        false_check_in_or_act_on_hard_negatives=_rate(
            hard, lambda s: s.scores.crisis >= t.crisis_quiet),
        red_flag_recall=_rate([s for s in red if s.example.positive("red_flag")],
                              lambda s: s.scores.red_flag >= t.red_flag_note),
        red_flag_false_alarm=_rate([s for s in red if not s.example.positive("red_flag")],
                                   lambda s: s.scores.red_flag >= t.red_flag_note),
        low_mood_recall=_rate([s for s in mood if s.example.positive("low_mood")],
                              lambda s: s.scores.low_mood >= t.low_mood_support),
        low_mood_false_alarm=_rate(
            [s for s in mood if not s.example.positive("low_mood")
             and not s.example.positive("crisis")],
            lambda s: s.scores.low_mood >= t.low_mood_support),
    )


def _threshold_for_recall(scores: np.ndarray, recall: float) -> float:
    """The highest threshold that keeps at least `recall` of the positives."""
    if not len(scores):
        return 0.5
    ordered = np.sort(scores)[::-1]
    return float(ordered[max(0, math.ceil(recall * len(ordered)) - 1)])


def _threshold_for_false_rate(scores: np.ndarray, rate: float) -> float:
    """The lowest threshold at which at most `rate` of the negatives are above it."""
    if not len(scores):
        return 0.5
    ordered = np.sort(scores)[::-1]
    allowed = math.floor(rate * len(ordered))
    return float(ordered[allowed]) + 1e-6 if allowed < len(ordered) else 0.0


def choose_thresholds(scored: Sequence[Scored]) -> dict[str, float]:
    """Thresholds from cross-validated scores, by the rules written in `thresholds.yaml`."""
    crisis = _known(scored, "crisis")
    pos = np.array([s.scores.crisis for s in crisis if s.example.positive("crisis")])
    hard = np.array([s.scores.crisis for s in crisis if _hard_negative(s)])
    red = np.array([s.scores.red_flag for s in _known(scored, "red_flag")
                    if s.example.positive("red_flag")])
    mood = np.array([s.scores.low_mood for s in _known(scored, "low_mood")
                     if s.example.positive("low_mood")])
    act = _threshold_for_false_rate(hard, 0.05)
    quiet = min(act, _threshold_for_recall(pos, 0.97))
    return {"crisis.act": round(act, 3), "crisis.quiet": round(quiet, 3),
            "red_flag.note": round(_threshold_for_recall(red, 0.97), 3),
            "low_mood.support": round(_threshold_for_recall(mood, 0.85), 3)}


def per_writer(scored: Sequence[Scored], t: Thresholds) -> dict[str, Figures]:
    """The figures of each writer on their own."""
    writers = sorted({s.example.writer for s in scored})
    return {w: figures([s for s in scored if s.example.writer == w], t) for w in writers}
