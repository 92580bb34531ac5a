"""The labelled corpus the understanding model learns from: data, committed, with writers.

Each line of `data/*.jsonl` is one message with its labels and its writer; `writers.yaml`
says how each writer was briefed. Writers, not messages, are the unit of evaluation, so a
row without a writer is refused. A row may say which heads its labels are complete for
(`known`): an older moderation set labelled crisis only says nothing of red flags.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from knowledge.understanding.labels import (
    ALL_LABELS,
    HEADS,
    INTENTS,
    TRIAGE_LEVELS,
    Head,
    head_of,
)

DATA_DIR = Path(__file__).parent / "data"
WRITERS_FILE = Path(__file__).parent / "writers.yaml"


class CorpusError(ValueError):
    """A corpus file is malformed; the message names the file, the line and the field."""


@dataclass(frozen=True)
class Example:
    """One labelled message."""

    id: str
    writer: str
    text: str
    labels: frozenset[str]
    triage: str
    intent: str
    known: frozenset[Head]
    # Issue 17's labels: a second thing asked, the summary sections that answer the message
    # (best first), verbatim fragments a good answer holds, and the earlier turn a follow-up
    # is read with. `intent_known` is False for older sets whose intent was never labelled.
    also_intent: str | None = None
    sections: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    previous: str | None = None
    abstain: bool | None = None  # whether the summary leaves it unanswered, when labelled
    intent_known: bool = True

    def positive(self, head: Head) -> bool:
        """Whether the message carries a label of `head`."""
        return any(head_of(label) == head for label in self.labels)


def _example(row: dict[str, object], where: str) -> Example:
    for name in ("id", "writer", "text"):
        if not isinstance(row.get(name), str) or not row[name]:
            raise CorpusError(f"{where}: {name}: a non-empty string is required")
    labels = row.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise CorpusError(f"{where}: labels: a list of strings is required")
    if unknown := sorted(set(labels) - ALL_LABELS):
        raise CorpusError(f"{where}: labels: unknown {', '.join(unknown)}")
    triage, intent = row.get("triage", "none"), row.get("intent", "none")
    if triage not in TRIAGE_LEVELS:
        raise CorpusError(f"{where}: triage: {triage!r} is not a triage level")
    if intent not in INTENTS:
        raise CorpusError(f"{where}: intent: {intent!r} is not an intent")
    also = row.get("also_intent")
    if also is not None and also not in INTENTS:
        raise CorpusError(f"{where}: also_intent: {also!r} is not an intent")
    known = row.get("known", list(HEADS))
    if not isinstance(known, list) or not set(known) <= set(HEADS):
        raise CorpusError(f"{where}: known: a list of {', '.join(HEADS)} is required")
    sections, facts = _strings(row, "sections", where), _strings(row, "facts", where)
    previous = row.get("previous")
    if previous is not None and not isinstance(previous, str):
        raise CorpusError(f"{where}: previous: a string or null is required")
    abstain = row.get("abstain")
    if abstain is not None and not isinstance(abstain, bool):
        raise CorpusError(f"{where}: abstain: true, false or null is required")
    return Example(id=str(row["id"]), writer=str(row["writer"]), text=str(row["text"]),
                   labels=frozenset(labels), triage=str(triage), intent=str(intent),
                   known=frozenset(known),  # type: ignore[arg-type]  # checked just above
                   also_intent=also, sections=sections, facts=facts, previous=previous or None,
                   abstain=abstain)


def _strings(row: dict[str, object], name: str, where: str) -> tuple[str, ...]:
    value = row.get(name, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise CorpusError(f"{where}: {name}: a list of strings is required")
    return tuple(value)


def read_examples(path: Path) -> list[Example]:
    """The examples of one JSONL file, each line checked."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise CorpusError(f"{where}: not JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise CorpusError(f"{where}: a JSON object is required")
            examples.append(_example(row, where))
    return examples


def corpus_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """The corpus files, in a stable order."""
    return sorted(data_dir.glob("*.jsonl"))


def load_examples(files: Iterable[Path] | None = None) -> list[Example]:
    """Every example of the corpus; ids must be unique and every writer registered."""
    files = list(corpus_files() if files is None else files)
    writers = load_writers()
    examples: list[Example] = []
    seen: set[str] = set()
    for path in files:
        for example in read_examples(path):
            if example.id in seen:
                raise CorpusError(f"{path.name}: id {example.id} appears twice")
            if example.writer not in writers:
                raise CorpusError(f"{path.name}: writer {example.writer} is not in writers.yaml")
            seen.add(example.id)
            if writers[example.writer].get("intent_labels") is False:
                example = replace(example, intent_known=False)
            examples.append(example)
    return examples


def load_writers(path: Path = WRITERS_FILE) -> dict[str, dict[str, object]]:
    """Each writer's brief: who they wrote as, and how they were briefed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise CorpusError(f"{path.name}: a mapping of writer ids is required")
    return data


def corpus_hash(files: Iterable[Path] | None = None) -> str:
    """A digest of the corpus's bytes, so a trained model is rebuilt when the data change."""
    digest = hashlib.sha256()
    for path in sorted(corpus_files() if files is None else files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
