"""`llc-bot profiles import|export` and `llc-bot match` in the contract of ARCHITECTURE.md, on
both databases; a fresh DATA_DIR is migrated by the command itself."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from storage import Database, Store
from storage.member_hash import MemberHash

ROWS = [
    {"member": "111", "side": "right", "muscles": ["hamstrings", "glutes"],
     "triggers": ["flat_surfaces", "faster_pace"], "level_at_worst": "stopped",
     "level_now": "some_restrictions",
     "tried": {"hip_thigh_strength": "helped", "extended_break": "helped"},
     "rounds": "2w", "consent": {"profile": True, "matching": True}},
    {"member": "222", "side": "right", "muscles": ["hamstrings", "glutes"],
     "triggers": ["flat_surfaces", "faster_pace"], "rounds": "2w",
     "consent": {"profile": True, "matching": True}},
    {"member": "333", "side": "left", "muscles": ["calves"], "rounds": "2w",
     "consent": {"profile": True, "matching": True}},
    {"member": "444", "side": "left", "muscles": ["calves"], "rounds": "2w",
     "consent": {"profile": True, "matching": False}},
]


@pytest.fixture(autouse=True)
def configured(database_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")


async def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The CLI runs its own event loop, so a test on a loop calls it from a worker thread."""
    status = await asyncio.to_thread(main, list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n"
                            for row in rows), encoding="utf-8")
    return path


async def imported(capsys, tmp_path: Path) -> None:
    status, _, _ = await run(capsys, "profiles", "import", str(write_jsonl(
        tmp_path / "profiles.jsonl", ROWS)))
    assert status == 0


async def test_import_reports_each_bad_row_by_line_and_field_and_imports_the_rest(
        capsys, tmp_path: Path):
    rows = [ROWS[0], {"member": "5", "side": "sideways", "consent": {"profile": True}},
            "{not json", {"member": "6", "side": "left"}, ROWS[1]]
    status, out, err = await run(capsys, "profiles", "import",
                                 str(write_jsonl(tmp_path / "p.jsonl", rows)), "--json")
    assert status == 0
    summary = json.loads(out)
    assert summary["imported"] == 2
    assert [(s["line"], s["field"]) for s in summary["skipped"]] == [
        (2, "side"), (3, "line"), (4, "consent")]
    assert "p.jsonl:2: skipped: side: 'sideways' is not one of" in err


async def test_import_reads_csv_with_lists_and_key_value_cells(capsys, tmp_path: Path):
    path = tmp_path / "profiles.csv"
    path.write_text(
        "member,side,muscles,tried,consent\n"
        "111,right,hamstrings;glutes,extended_break:helped;surgery:worse,"
        "profile:true;matching:true\n"
        '222,right,hamstrings,"{""extended_break"": ""helped""}",'
        '"{""profile"": true, ""matching"": true}"\n'
        "333,left,elbows,,profile:true\n", encoding="utf-8")
    status, out, err = await run(capsys, "profiles", "import", str(path))
    assert status == 0
    assert out.strip() == "imported 2 profiles, skipped 1 rows"
    assert "profiles.csv:4: skipped: muscles: 'elbows' is not one of" in err
    status, out, _ = await run(capsys, "profiles", "export", "--json")
    exported = {row["member"]: row for row in map(json.loads, out.splitlines())}
    assert exported["111"]["tried"] == {"extended_break": "helped", "surgery": "worse"}
    assert exported["222"]["consent"] == {"profile": True, "matching": True, "story": False}


@pytest.mark.parametrize("content", ["", "member,shoe\n1,x\n"])
async def test_an_unreadable_or_wrong_file_is_one_line_and_exit_2(capsys, tmp_path: Path,
                                                                  content: str):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    status, _, err = await run(capsys, "profiles", "import", str(path))
    assert status == 2 and len(err.strip().splitlines()) == 1
    status, _, err = await run(capsys, "profiles", "import", str(tmp_path / "missing.jsonl"))
    assert status == 2 and err.strip() == f"llc-bot: no such file: {tmp_path / 'missing.jsonl'}"


async def test_a_file_of_only_bad_rows_exits_2(capsys, tmp_path: Path):
    status, _, err = await run(capsys, "profiles", "import", str(write_jsonl(
        tmp_path / "p.jsonl", [{"member": "1"}])))
    assert status == 2
    assert err.strip().splitlines()[-1].startswith("llc-bot: no profile imported")


async def test_match_prints_the_contract_best_first_without_unconsenting_members(
        capsys, tmp_path: Path):
    await imported(capsys, tmp_path)
    status, out, _ = await run(capsys, "match", "222", "--json")
    assert status == 0
    result = json.loads(out)
    assert result["member"] == "222" and result["mode"] == "similar"
    assert [m["member"] for m in result["matches"]] == ["111", "333"]
    assert result["matches"][0]["why"] == (
        "both right leg, hamstrings and glutes, worse on flat fast runs; "
        "they improved with hip strength work and a long break")
    assert all(0 <= m["score"] <= 1 for m in result["matches"])
    status, out, _ = await run(capsys, "match", "222", "--json", "--mode", "improved",
                               "--top", "5")
    assert [m["member"] for m in json.loads(out)["matches"]] == ["111"]


async def test_an_unknown_member_is_one_line_and_exit_2(capsys, tmp_path: Path):
    await imported(capsys, tmp_path)
    status, out, err = await run(capsys, "match", "999", "--json")
    assert (status, out) == (2, "")
    assert err == "llc-bot: no profile for member 999\n"


async def test_match_jsonl_answers_every_line_and_reports_bad_ones(capsys, tmp_path: Path):
    await imported(capsys, tmp_path)
    queries = write_jsonl(tmp_path / "q.jsonl", [
        {"id": "a", "member": "111", "mode": "similar", "top": 1},
        {"id": "b", "member": "999"},
        {"id": "c", "member": "222", "mode": "best"},
        "not json",
        {"id": "e", "member": "333", "mode": "improved", "top": 2}])
    status, out, _ = await run(capsys, "match", "--jsonl", str(queries))
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c", 4, "e"]
    assert lines[0]["matches"][0]["member"] == "222" and len(lines[0]["matches"]) == 1
    assert lines[1] == {"id": "b", "error": "no profile for member 999"}
    assert "mode must be" in lines[2]["error"] and "error" in lines[3]
    assert lines[4]["mode"] == "improved"


async def test_match_round_dry_run_prints_groups_and_records_nothing(capsys, tmp_path: Path):
    await imported(capsys, tmp_path)
    status, out, _ = await run(capsys, "match", "round", "--dry-run", "--json")
    assert status == 0
    plan = json.loads(out)
    assert set(plan) == {"groups", "unpaired"}
    placed = sorted(m for group in plan["groups"] for m in group) + plan["unpaired"]
    assert sorted(placed) == ["111", "222", "333"]
    assert any({"111", "222"} <= set(group) for group in plan["groups"])
    status, again, _ = await run(capsys, "match", "round", "--dry-run", "--json")
    assert json.loads(again) == plan


async def test_the_moderators_export_is_pseudonymised_csv(capsys, tmp_path: Path):
    await imported(capsys, tmp_path)
    status, out, _ = await run(capsys, "profiles", "export")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4
    assert "member" not in rows[0] and "story" not in rows[0]
    assert sorted(row["pseudonym"] for row in rows) == ["p00001", "p00002", "p00003", "p00004"]
    assert not any(cell in ("111", "222", "333", "444") for row in rows for cell in row.values())
    assert {row["muscles"] for row in rows} == {"hamstrings;glutes", "calves"}


async def test_a_fresh_data_dir_is_migrated_by_the_command(capsys, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "fresh"))
    status, out, _ = await run(capsys, "profiles", "export", "--json")
    assert (status, out) == (0, "")


async def test_match_round_records_the_round_once(capsys, tmp_path: Path):
    await imported(capsys, tmp_path)
    status, out, _ = await run(capsys, "match", "round", "--json")
    assert status == 0
    recorded = json.loads(out)
    await run(capsys, "profiles", "import", str(write_jsonl(tmp_path / "more.jsonl", [
        {"member": "555", "side": "left", "rounds": "2w",
         "consent": {"profile": True, "matching": True}}])))
    status, again, _ = await run(capsys, "match", "round", "--json")
    assert json.loads(again) == recorded  # the stored plan stands for this round


async def test_privacy_export_and_forget_include_profiles_blocks_introductions_and_rounds(
        capsys, tmp_path: Path):
    await imported(capsys, tmp_path)
    await run(capsys, "match", "round", "--json")
    status, out, _ = await run(capsys, "privacy", "export", "111")
    assert status == 0
    exported = json.loads(out)
    assert exported["profiles"]["fields"]["side"] == "right"
    assert exported["match_rounds"][0]["grouped"]
    assert "222" not in json.dumps(exported["match_rounds"])  # a peer is no one's to name
    assert {"match_exclusions", "introductions", "story_vectors"} <= set(exported)
    status, out, _ = await run(capsys, "privacy", "forget", "111", "--json")
    deleted = json.loads(out)["deleted"]
    assert deleted["profiles"] == 1 and deleted["match_rounds"] == 1
    status, out, _ = await run(capsys, "match", "111", "--json")
    assert status == 2


async def test_a_story_the_content_checks_refuse_is_skipped_with_the_reason(capsys,
                                                                            tmp_path: Path):
    rows = [{**ROWS[0], "story": "Book at https://llc-cure.example: it cured me"}, ROWS[1]]
    status, out, err = await run(capsys, "profiles", "import",
                                 str(write_jsonl(tmp_path / "p.jsonl", rows)), "--json")
    assert status == 0 and json.loads(out)["imported"] == 1
    assert "p.jsonl:1: skipped: story: other runners read it" in err and "a link" in err


async def test_a_block_outlives_the_blocked_members_forget_on_the_command_line(
        capsys, tmp_path: Path, database_url: str):
    await imported(capsys, tmp_path)
    database = Database.from_url(database_url)
    try:
        store = Store.over(database, member_hash=MemberHash.for_deployment(None, tmp_path))
        await store.match_exclusions.add(111, 222, "block")
    finally:
        await database.dispose()
    status, _, _ = await run(capsys, "privacy", "forget", "222", "--json")
    assert status == 0
    await imported(capsys, tmp_path)  # 222 comes back
    status, out, _ = await run(capsys, "match", "111", "--json")
    assert status == 0 and "222" not in [m["member"] for m in json.loads(out)["matches"]]
