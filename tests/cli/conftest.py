"""The command line as a user runs it, in-process: exit status, stdout, stderr."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.cli import main

RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """`run_cli("ask", "What is LLC?", "--json")` -> (status, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        status = main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return run
