"""One answer service for the knowledge tests: loading the model is the slow part."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.service import AnswerService

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    return AnswerService.load(tmp_path_factory.mktemp("llc-data"))


@pytest.fixture(scope="session")
def eval_items() -> list[dict]:
    lines = (DATA / "qa_eval.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
