"""Shared by every test folder.

`pytest_plugins` is only honoured in this top-level conftest, which is why the database
fixtures of tests/fixtures_db.py (`database_url`, `database`, `store`, `clock`) are
registered here rather than in tests/storage/conftest.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# One ONNX export of the encoder for every test, worker and CLI subprocess of a run (many
# tests point DATA_DIR at a temporary folder, which would otherwise export into each). It
# lives in the virtual environment that made it: a fresh environment (CI) exports afresh.
os.environ.setdefault("ENCODER_DIR", str(Path(sys.prefix) / "llc-bot-encoder"))
# The trained understanding model likewise, cached by the corpus's and the encoder's hash.
os.environ.setdefault("UNDERSTANDING_DIR", str(Path(sys.prefix) / "llc-bot-understanding"))

from knowledge.service import AnswerService

pytest_plugins = ["fixtures_db"]



def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):
        # Trained (or found cached) once, before any test's timeout starts: training from
        # the corpus is a one-off of about a minute on a fresh machine.
        subprocess.run([sys.executable, "-c", "import sys; from bot.cli import main; "
                        "sys.exit(main(['understand', 'train']))"], check=True)


@pytest.fixture(scope="session")
def answer_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The answer engine's vector caches: an engine loaded again over them builds nothing."""
    return tmp_path_factory.mktemp("llc-index")


@pytest.fixture(scope="session")
def answer_service(answer_index_dir: Path) -> AnswerService:
    """One answer engine for the whole run: loading the model is the slow part."""
    return AnswerService.load(answer_index_dir,
                              understanding_dir=Path(os.environ["UNDERSTANDING_DIR"]))
