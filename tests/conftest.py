"""Shared by every test folder.

`pytest_plugins` is only honoured in this top-level conftest, which is why the database
fixtures of tests/fixtures_db.py (`database_url`, `database`, `store`, `clock`) are
registered here rather than in tests/storage/conftest.py.
"""

from __future__ import annotations

import pytest

from knowledge.service import AnswerService

pytest_plugins = ["fixtures_db"]


@pytest.fixture(scope="session")
def answer_service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    """One answer engine for the whole run: loading the model is the slow part."""
    return AnswerService.load(tmp_path_factory.mktemp("llc-index"))
