"""Load and validate the knowledge base: the summary's sections and the literature list.

The corpus is checked on every start, because a bad edit to a YAML file would otherwise
surface as a wrong answer to a runner. Errors name the file and the field.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError, field_validator, model_validator

CORPUS_DIR = Path(__file__).parent / "corpus"


ModelT = TypeVar("ModelT", bound=BaseModel)


class CorpusError(Exception):
    """The knowledge base on disk is missing or malformed; the message says where."""


class SummarySource(BaseModel):
    title: str
    subtitle: str
    author: str
    file: str
    excluded: str


class Section(BaseModel):
    id: str
    title: str
    text: str

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not value or not all(c.isalnum() or c == "-" for c in value) or value != value.lower():
            raise ValueError("must be a lowercase slug of letters, digits and hyphens")
        return value

    @field_validator("title", "text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


class Summary(BaseModel):
    source: SummarySource
    sections: list[Section]

    @model_validator(mode="after")
    def _unique_ids(self) -> Summary:
        ids = [s.id for s in self.sections]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate section ids: {', '.join(duplicates)}")
        return self


class Paper(BaseModel):
    key: str
    label: str
    authors: list[str]
    year: int
    title: str
    journal: str
    volume: str | None
    issue: str | None
    pages: str | None
    cases: int
    summary_notes: list[str]
    printed_errata: str | None = None
    heading_as_printed: str
    reference_as_printed: str

    @field_validator("cases")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @model_validator(mode="after")
    def _heading_matches_cases(self) -> Paper:
        unit = "case" if self.cases == 1 else "cases"
        if not self.heading_as_printed.endswith(f": {self.cases} {unit}"):
            raise ValueError(f"heading_as_printed does not give {self.cases} {unit}")
        return self

    def reference(self) -> str:
        """The full reference in one consistent style, with the misprints corrected."""
        parts = [f"{'; '.join(self.authors)} ({self.year}). {self.title}. {self.journal}"]
        if self.volume:
            parts.append(f" {self.volume}" + (f"({self.issue})" if self.issue else ""))
        if self.pages:
            parts.append(f", {self.pages}")
        return "".join(parts) + "."


class LiteratureTotals(BaseModel):
    cases_listed: int
    adequately_described_cases: int
    foot_and_ankle_cases: int
    spread_beyond_running_except: int
    explanation: str


class Literature(BaseModel):
    note_as_printed: str
    totals: LiteratureTotals
    papers: list[Paper]

    @model_validator(mode="after")
    def _figures_add_up(self) -> Literature:
        listed = sum(p.cases for p in self.papers)
        totals = self.totals
        if listed != totals.cases_listed:
            raise ValueError(
                f"totals.cases_listed is {totals.cases_listed}, papers add up to {listed}")
        if not totals.foot_and_ankle_cases <= totals.adequately_described_cases <= listed:
            raise ValueError("totals: foot and ankle <= adequately described <= listed must hold")
        if totals.spread_beyond_running_except > totals.adequately_described_cases:
            raise ValueError("totals.spread_beyond_running_except exceeds the described cases")
        keys = [p.key for p in self.papers]
        if len(set(keys)) != len(keys):
            raise ValueError("paper keys must be unique")
        return self


@dataclass(frozen=True)
class Corpus:
    """The validated knowledge base and a hash that keys every cache built from it."""

    summary: Summary
    literature: Literature
    digest: str

    def section(self, section_id: str) -> Section:
        return next(s for s in self.summary.sections if s.id == section_id)

    def paper(self, key: str) -> Paper:
        return next(p for p in self.literature.papers if p.key == key)


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CorpusError(f"{path}: file not found") from exc
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: not valid UTF-8 YAML ({exc.__class__.__name__})") from exc


def _validate(model: type[ModelT], path: Path) -> ModelT:
    try:
        return model.model_validate(_load_yaml(path))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise CorpusError(f"{path}: field {field}: {first['msg']}") from exc


def load_corpus(directory: Path = CORPUS_DIR) -> Corpus:
    """Read, validate and hash the corpus; raise CorpusError naming the file and field."""
    summary_path = directory / "summary.yaml"
    literature_path = directory / "literature.yaml"
    summary = _validate(Summary, summary_path)
    literature = _validate(Literature, literature_path)
    digest = hashlib.sha256(summary_path.read_bytes() + literature_path.read_bytes()).hexdigest()
    return Corpus(summary=summary, literature=literature, digest=digest[:16])
