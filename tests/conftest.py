"""Shared by every test folder.

`pytest_plugins` is only honoured in this top-level conftest, which is why the database
fixtures of tests/fixtures_db.py (`database_url`, `database`, `store`, `clock`) are
registered here rather than in tests/storage/conftest.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from knowledge.service import AnswerService

pytest_plugins = ["fixtures_db"]

# The trained understanding model, shared by every test, worker and bot process of a run
# (and by later runs: it is cached by the corpus's and the encoder's hash, as in DATA_DIR).
UNDERSTANDING_DIR = Path(tempfile.gettempdir()) / "llc-bot-tests-understanding"


def pytest_configure(config: pytest.Config) -> None:
    # Set before xdist starts its workers, so they and every `python -m bot` inherit it.
    os.environ.setdefault("UNDERSTANDING_DIR", str(UNDERSTANDING_DIR))
    if not hasattr(config, "workerinput"):
        # Trained (or found cached) once, before any test's timeout starts: training from
        # the corpus is a one-off of about a minute on a fresh machine.
        subprocess.run([sys.executable, "-c", "import sys; from bot.cli import main; "
                        "sys.exit(main(['understand', 'train']))"], check=True)


@pytest.fixture(scope="session")
def answer_service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    """One answer engine for the whole run: loading the model is the slow part."""
    return AnswerService.load(tmp_path_factory.mktemp("llc-index"),
                              understanding_dir=Path(os.environ["UNDERSTANDING_DIR"]))
