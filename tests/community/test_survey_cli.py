"""`llc-bot survey ...` as a user runs it, on both databases and on a fresh DATA_DIR."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.cli import main
from storage import Store
from storage.records import SurveyCadence

LINE = {"member": "11", "wave": "2026-03", "submitted_at": "2026-03-05T10:00:00+00:00",
        "answers": {"severity_easy": 2, "severity_fast": 6, "severity_flat": 5, "pgic": 3,
                    "weekly_km": 30, "changes": "private words"}}


@pytest.fixture(autouse=True)
def configured(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")


async def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The CLI runs its own event loop, so a test on a loop calls it from a worker thread."""
    status = await asyncio.to_thread(main, argv)
    out, err = capsys.readouterr()
    return status, out, err


def write_lines(path: Path, lines: list) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    return path


async def test_list_shows_every_survey_as_json(capsys):
    status, out, _ = await run(["survey", "list", "--json"], capsys)
    assert status == 0
    surveys = {s["id"]: s for s in json.loads(out)["surveys"]}
    assert set(surveys) == {"baseline", "monthly", "change_followup"}
    assert [q["id"] for q in surveys["monthly"]["questions"]][:2] == ["severity_easy",
                                                                     "severity_fast"]


async def test_import_reports_bad_rows_by_line_and_imports_the_rest(tmp_path, capsys):
    rows = [{**LINE, "member": str(m)} for m in range(1, 7)]
    bad = [{**LINE, "answers": {"severity_easy": 11}}, "{oops", {**LINE, "member": "me"}]
    path = write_lines(tmp_path / "r.jsonl", rows[:3] + bad + rows[3:])
    status, out, err = await run(["survey", "import", "monthly", str(path), "--json"], capsys)
    assert status == 0
    assert json.loads(out) == {"survey": "monthly", "imported": 6, "skipped": 3}
    assert f"{path}:4: skipped: answers: severity_easy: must be between 0 and 10" in err
    assert f"{path}:5: skipped: not valid JSON" in err
    assert f"{path}:6: skipped: \"member\"" in err


async def test_report_prints_the_contract_writes_a_chart_and_a_pseudonymised_csv(
        tmp_path, capsys):
    rows = [{**LINE, "member": str(m), "answers": {**LINE["answers"], "pgic": 3 + m % 2}}
            for m in range(1, 13)]
    await run(["survey", "import", "monthly", str(write_lines(tmp_path / "r.jsonl", rows))],
              capsys)
    png, csv = tmp_path / "chart.png", tmp_path / "rows.csv"
    status, out, _ = await run(["survey", "report", "monthly", "--json", "--png", str(png),
                                "--csv", str(csv)], capsys)
    assert status == 0
    report = json.loads(out)
    assert report["survey"] == "monthly" and report["respondents"] == 12
    assert report["questions"]["pgic"]["counts"]["3"] == 6
    assert report["questions"]["severity_easy"]["median"] == 2.0
    assert report["baseline"]["median_onset_age"] == 22
    assert "changes" not in report["questions"] and "private words" not in out
    assert png.read_bytes().startswith(b"\x89PNG")
    lines = csv.read_text().splitlines()
    assert lines[0].split(",")[:2] == ["member", "wave"] and len(lines) == 13
    assert "changes" not in lines[0] and "private words" not in csv.read_text()
    members = {line.split(",")[0] for line in lines[1:]}
    assert len(members) == 12 and not members & {str(m) for m in range(1, 13)}


async def test_due_lists_what_would_be_sent_without_sending(store: Store, capsys):
    await store.surveys.enrol(42, SurveyCadence.MONTHLY)
    status, out, _ = await run(["survey", "due", "--json"], capsys)
    assert status == 0
    due = json.loads(out)["due"]
    # A wave is spread over time: the first of the member's sends is due at once.
    assert due == [{"member": "42", "survey": "baseline", "wave": "once", "reminder": False}]
    assert (await store.surveys.export_member(42))["sends"] == []  # nothing planned or sent


@pytest.mark.parametrize("argv", [["survey", "report", "nope"],
                                  ["survey", "import", "monthly", "/no/such/file"],
                                  ["survey", "report"]])
async def test_user_mistakes_are_one_line_exit_2(argv, capsys):
    status, _, err = await run(argv, capsys)
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
