"""`llc-bot profiles import|export` and `llc-bot match`: the profile and matching contract of
ARCHITECTURE.md on the command line, against the configured database (migrated first).

Import exit status: 0 when at least one row was imported (or the file had no rows); 2 when
the file cannot be read as JSON lines or CSV, or every row was bad. Each bad row is reported
on stderr as `FILE:LINE: skipped: FIELD: problem`, and the good rows are imported all the same.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path
from typing import Any, NoReturn

import click


def fail(message: str) -> NoReturn:
    from bot.cli import fail as cli_fail  # imported late: bot.cli imports this module

    cli_fail(message)


def _emit(obj: dict[str, Any]) -> None:
    from bot.cli import _emit as emit

    emit(obj)


def _store_call(work: Any) -> Any:
    """`bot.cli.with_store`, imported late: bot.cli imports this module."""
    from bot.cli import with_store

    return with_store(work)


def _encoder() -> Any:
    """The sentence encoder's `encode`, loaded only when a consented story needs it."""
    from bot.cli import _settings, encoder

    return encoder(_settings()).encode


class _LazyEncode:
    """Loads the model on the first story to encode, so story-free pools start fast."""

    def __init__(self) -> None:
        self._encode: Any = None

    def __call__(self, texts: list[str]) -> Any:
        if self._encode is None:
            self._encode = _encoder()
        return self._encode(texts)


@click.group()
def profiles() -> None:
    """Symptom profiles (the profile contract of ARCHITECTURE.md)."""


@profiles.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def profiles_import(file: Path, as_json: bool) -> None:
    """Import profiles from FILE: JSON lines or CSV (lists joined by ';'; tried and consent
    as key:value;key:value or JSON). A row needs consent.profile true to be stored."""
    from community.profile_files import ProfileFileError, read_profiles
    from community.profile_import import import_profile
    from community.profiles import Profile, ProfileError

    if not file.is_file():
        fail(f"no such file: {file}")
    try:
        rows = list(read_profiles(file))
    except (ProfileFileError, OSError) as error:
        fail(str(error))

    async def work(store: Any) -> tuple[int, list[dict[str, Any]]]:
        imported, skipped = 0, []
        for number, row in rows:
            if isinstance(row, Profile):
                try:
                    await import_profile(store, row)
                    imported += 1
                    continue
                except ProfileError as error:
                    row = error
            skipped.append({"line": number, "field": row.field, "error": row.problem})
        return imported, skipped

    imported, skipped = _store_call(work)
    for item in skipped:
        click.echo(f"{file}:{item['line']}: skipped: {item['field']}: {item['error']}",
                   err=True)
    if as_json:
        _emit({"imported": imported, "skipped": skipped})
    else:
        click.echo(f"imported {imported} profiles, skipped {len(skipped)} rows")
    if skipped and not imported:
        fail(f"no profile imported from {file}")


@profiles.command("export")
@click.option("--json", "as_json", is_flag=True,
              help="JSON lines in the profile contract, members' ids included.")
def profiles_export(as_json: bool) -> None:
    """Print every profile: by default the moderators' pseudonymised CSV (no ids, no
    story, only the fields each member shares with moderators); with --json the members'
    own data as JSON lines, re-importable with `profiles import`."""
    from community.match_pool import profile_of
    from community.profile_files import csv_cell
    from community.profiles import SYMPTOM_FIELDS, Viewer, can_see, visibility_with

    stored = _store_call(lambda store: store.profiles.all())
    if as_json:
        for item in stored:
            _emit(profile_of(item).contract())
        return
    columns = ["pseudonym", *SYMPTOM_FIELDS, "wants", "rounds"]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    # Numbered in a shuffled order, so a pseudonym says nothing about ids or join dates.
    order = list(range(len(stored)))
    random.SystemRandom().shuffle(order)
    rows = []
    for number, item in zip(order, stored, strict=True):
        profile = profile_of(item).contract()
        shown = visibility_with(item.visibility)
        rows.append([f"p{number + 1:05d}"] + [
            csv_cell(profile.get(name)) if name not in shown
            or can_see(shown[name], Viewer.MODERATOR) else "" for name in columns[1:]])
    writer.writerows(sorted(rows))


@click.command("match")
@click.argument("member", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as the contract says.")
@click.option("--mode", type=click.Choice(["similar", "improved"]), default="similar",
              show_default=True)
@click.option("--top", type=click.IntRange(min=1, max=100), default=10, show_default=True)
@click.option("--jsonl", type=click.Path(path_type=Path),
              help='Answer every {"id", "member", "mode", "top"} line of FILE.')
@click.option("--dry-run", is_flag=True, help="With `round`: plan without recording.")
def match(member: str | None, as_json: bool, mode: str, top: int, jsonl: Path | None,
          dry_run: bool) -> None:
    """The peers most like MEMBER (a Discord user id), or who improved; `match round`
    plans the current matching round."""
    if member == "round":
        _round(dry_run, as_json)
        return
    if (member is None) == (jsonl is None):
        fail("give either a MEMBER or --jsonl FILE")
    from community.matching import MatchError

    pool = _load_pool()
    if member is not None:
        try:
            matches = pool.index.suggest(member, mode, top)
        except MatchError as error:
            fail(str(error))
        if as_json:
            _emit({"member": member, "mode": mode, "matches": [m.contract() for m in matches]})
            return
        for number, found in enumerate(matches, start=1):
            click.echo(f"{number}. {found.member} ({found.score:.2f}): {found.why}")
        return
    assert jsonl is not None
    for number, item in _jsonl_items(jsonl):
        line_id = item.get("id", number) if isinstance(item, dict) else number
        try:
            if not isinstance(item, dict):
                raise MatchError("not a JSON object")
            line_mode = item.get("mode") or "similar"
            line_top = item.get("top") or 10
            if not isinstance(line_top, int) or isinstance(line_top, bool):
                raise MatchError("top must be a whole number")
            found = pool.index.suggest(str(item.get("member", "")), line_mode, line_top)
        except MatchError as error:
            _emit({"id": line_id, "error": str(error)})
            continue
        _emit({"id": line_id, "member": str(item["member"]), "mode": line_mode,
               "matches": [m.contract() for m in found]})


def _jsonl_items(path: Path) -> list[tuple[int, Any]]:
    from bot.cli import read_file  # imported late: bot.cli imports this module

    try:
        lines = read_file(path).decode("utf-8").splitlines()
    except UnicodeDecodeError:
        fail(f"cannot read {path}: not UTF-8")
    items = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                items.append((number, json.loads(line)))
            except json.JSONDecodeError:
                items.append((number, None))
    return items


def _load_pool() -> Any:
    from community.match_pool import load_pool
    from community.story_vectors import StoryVectors
    from storage.timestamps import utc_now

    return _store_call(lambda store: load_pool(store, utc_now(), StoryVectors(_LazyEncode())))


def _round(dry_run: bool, as_json: bool) -> None:
    from community.rounds import RoundService
    from community.story_vectors import StoryVectors

    async def work(store: Any) -> Any:
        return await RoundService(store, StoryVectors(_LazyEncode())).plan(dry_run=dry_run)

    starts_at, plan = _store_call(work)
    if as_json:
        _emit(plan.contract())
        return
    state = "planned (not recorded)" if dry_run else "recorded"
    click.echo(f"round starting {starts_at:%Y-%m-%d}, {state}: {len(plan.groups)} groups, "
               f"{len(plan.unpaired)} unpaired")
    for group in plan.contract()["groups"]:
        click.echo("  " + ", ".join(group))
