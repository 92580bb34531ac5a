"""One answer service for the knowledge tests: loading the model is the slow part."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.features import extract_features
from knowledge.service import AnswerService
from knowledge.triage import triage

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="session")
def service(answer_service: AnswerService) -> AnswerService:
    return answer_service


@pytest.fixture(scope="session")
def eval_items() -> list[dict]:
    lines = (DATA / "qa_eval.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def level(text: str) -> str:
    """The triage level of a message read as a story (its features add red flags)."""
    return triage(text, features=extract_features(text)).level
