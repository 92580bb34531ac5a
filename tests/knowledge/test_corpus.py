"""The knowledge base on disk: verbatim, complete, consistent, and validated with clear errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from knowledge.corpus import CORPUS_DIR, CorpusError, load_corpus

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_707b79754014e58d.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        # CI must check the corpus against the seed: there a missing seed is a failure.
        if os.environ.get("CI"):
            pytest.fail(f"seed summary not found at {SEED}")
        pytest.skip(f"seed summary not found at {SEED}")
    return SEED.read_text("utf-8")


def test_every_section_is_verbatim_from_the_seed(seed_text: str) -> None:
    for section in load_corpus().summary.sections:
        assert section.text in seed_text, section.id


def test_every_printed_reference_is_verbatim_from_the_seed(seed_text: str) -> None:
    literature = load_corpus().literature
    assert literature.note_as_printed in seed_text
    for paper in literature.papers:
        assert paper.heading_as_printed in seed_text
        assert paper.reference_as_printed in seed_text


def test_summary_paragraphs_are_all_present_and_comments_left_out(seed_text: str) -> None:
    corpus_text = "\n".join(s.text for s in load_corpus().summary.sections)
    body = seed_text.split("\nReferences:")[0].split("\n")[3:]
    assert all(paragraph in corpus_text for paragraph in body)
    for not_knowledge in ("Donations", "consider donating", "I feel like no one is listening"):
        assert not_knowledge not in corpus_text


def test_literature_figures_add_up_to_the_summary() -> None:
    literature = load_corpus().literature
    assert len(literature.papers) == 9
    assert sum(p.cases for p in literature.papers) == literature.totals.cases_listed == 22
    assert literature.totals.adequately_described_cases == 19
    assert literature.totals.foot_and_ankle_cases == 15
    assert literature.totals.spread_beyond_running_except == 3


def test_paper_records_are_complete() -> None:
    for paper in load_corpus().literature.papers:
        assert paper.authors and paper.title and paper.journal and 2000 < paper.year < 2020
        assert str(paper.year) in paper.reference_as_printed


def _broken_copy(tmp_path: Path, file: str, edit) -> Path:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    path = tmp_path / "corpus" / file
    data = yaml.safe_load(path.read_text("utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return tmp_path / "corpus"


def test_loader_names_file_and_field_of_a_wrong_case_count(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        data["papers"][0]["cases"] = 6

    with pytest.raises(CorpusError, match=r"literature\.yaml: field papers\.0"):
        load_corpus(_broken_copy(tmp_path, "literature.yaml", edit))


def test_loader_names_a_missing_field(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        del data["sections"][2]["title"]

    with pytest.raises(CorpusError, match=r"summary\.yaml: field sections\.2\.title"):
        load_corpus(_broken_copy(tmp_path, "summary.yaml", edit))


def test_loader_reports_totals_that_do_not_add_up(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        data["totals"]["cases_listed"] = 23

    with pytest.raises(CorpusError, match="cases_listed is 23, papers add up to 22"):
        load_corpus(_broken_copy(tmp_path, "literature.yaml", edit))


def test_loader_reports_a_file_that_is_not_yaml(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    (tmp_path / "corpus" / "summary.yaml").write_bytes(b"\xff\xfe: [")
    with pytest.raises(CorpusError, match=r"summary\.yaml: not valid UTF-8 YAML"):
        load_corpus(tmp_path / "corpus")
