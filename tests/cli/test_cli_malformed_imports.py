"""Malformed files in `survey import` and `profiles import`: each bad line is one line on
stderr, the good lines are kept, and nothing is ever a traceback (issue 15, item 15)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.cli import main

SURVEY_LINE = {"member": "11", "wave": "2026-03", "submitted_at": "2026-03-05T10:00:00+00:00",
               "answers": {"severity_easy": 2, "severity_fast": 6, "severity_flat": 5,
                           "pgic": 3}}
PROFILE = {"member": "111", "side": "right", "consent": {"profile": True}}
DEEP = "[" * 5_000 + "]" * 5_000  # far past the JSON decoder's recursion limit


@pytest.fixture(autouse=True)
def configured(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")


async def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = await asyncio.to_thread(main, list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def lines(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


async def test_a_twenty_digit_member_id_is_one_bad_line_and_the_good_lines_are_kept(
        capsys, tmp_path):
    path = lines(tmp_path / "r.jsonl", [SURVEY_LINE, {**SURVEY_LINE, "member": "9" * 20},
                                        {**SURVEY_LINE, "member": "12"}])
    status, out, err = await run(capsys, "survey", "import", "monthly", str(path), "--json")
    assert status == 0, err
    assert json.loads(out) == {"survey": "monthly", "imported": 2, "skipped": 1}
    assert f"{path}:2: skipped: \"member\"" in err and "Traceback" not in err


async def test_deeply_nested_json_is_one_bad_line_in_either_import(capsys, tmp_path):
    surveys = lines(tmp_path / "r.jsonl", [SURVEY_LINE, '{"member": "12", "answers": '
                                           + DEEP + "}", {**SURVEY_LINE, "member": "13"}])
    status, out, err = await run(capsys, "survey", "import", "monthly", str(surveys), "--json")
    assert status == 0 and json.loads(out)["imported"] == 2
    assert f"{surveys}:2: skipped: " in err and "nested" in err and "Traceback" not in err

    profiles = lines(tmp_path / "p.jsonl", [PROFILE, '{"member": "5", "tried": ' + DEEP + "}"])
    status, out, err = await run(capsys, "profiles", "import", str(profiles), "--json")
    assert status == 0 and json.loads(out)["imported"] == 1
    assert f"{profiles}:2: skipped: " in err and "nested" in err and "Traceback" not in err


async def test_a_deeply_nested_json_cell_of_a_profile_csv_is_one_bad_row(capsys, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text('member,side,consent\n111,right,profile:true\n'
                    f'222,left,"{{""a"": {DEEP}}}"\n333,left,profile:true\n', encoding="utf-8")
    status, out, err = await run(capsys, "profiles", "import", str(path), "--json")
    assert status == 0, err
    assert json.loads(out)["imported"] == 2
    assert f"{path}:3: skipped: consent: " in err and "Traceback" not in err


async def test_an_unclosed_quote_over_the_csv_field_limit_keeps_the_rows_before_it(
        capsys, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("member,side,consent\n111,right,profile:true\n"
                    '222,left,"' + "x" * 140_000 + "\n", encoding="utf-8")
    status, out, err = await run(capsys, "profiles", "import", str(path), "--json")
    assert status == 0, err
    assert json.loads(out)["imported"] == 1
    assert f"{path}:3: skipped: " in err and "quote" in err and "Traceback" not in err


async def test_a_historical_response_with_gaps_is_imported_with_them_missing(capsys, tmp_path):
    gaps = {**SURVEY_LINE, "answers": {"severity_easy": 4, "pgic": 2}}  # fast, flat missing
    rows = [{**gaps, "member": str(m)} for m in range(1, 6)]
    rows += [{**SURVEY_LINE, "member": str(m)} for m in range(6, 11)]
    rows += [{**SURVEY_LINE, "member": "99", "answers": {}}]  # nothing at all: refused
    path = lines(tmp_path / "old.jsonl", rows)
    status, out, err = await run(capsys, "survey", "import", "monthly", str(path), "--json")
    assert status == 0, err
    assert json.loads(out) == {"survey": "monthly", "imported": 10, "skipped": 1}
    status, out, _ = await run(capsys, "survey", "report", "monthly", "--json")
    questions = json.loads(out)["questions"]
    assert questions["severity_easy"]["n"] == 10 and questions["severity_fast"]["n"] == 5


async def test_a_file_with_no_good_line_is_one_line_and_exit_2(capsys, tmp_path):
    path = lines(tmp_path / "r.jsonl", ["{oops", {**SURVEY_LINE, "member": "me"}])
    status, _, err = await run(capsys, "survey", "import", "monthly", str(path))
    assert status == 2
    assert err.strip().splitlines()[-1].startswith("llc-bot: no response imported")
