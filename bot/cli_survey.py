"""`llc-bot survey list|import|report|due`: the surveys from the command line.

The database is the one in the settings, migrated first, so a fresh DATA_DIR works. The
main group's helpers are imported inside the commands: `bot.cli` imports this module at
its end to register the group, so a module-level import back would be circular.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from community.surveys.definitions import Survey, SurveyBook, SurveyError, default_surveys


def _book() -> SurveyBook:
    from bot.cli import fail

    try:
        return default_surveys()
    except SurveyError as error:
        fail(f"the survey definitions are invalid: {error}")


def _survey(survey_id: str) -> Survey:
    from bot.cli import fail

    try:
        return _book().get(survey_id)
    except SurveyError as error:
        fail(str(error))


def _write(path: Path, data: bytes | str) -> None:
    from bot.cli import fail

    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error}")


def _store_call(work: Any) -> Any:
    """`bot.cli.with_store`, imported late: bot.cli imports this module."""
    from bot.cli import with_store

    return with_store(work)


@click.group()
def survey() -> None:
    """Opt-in surveys: definitions, imports, reports, and what is due."""


@survey.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the surveys as one JSON object.")
def survey_list(as_json: bool) -> None:
    """The surveys and their questions."""
    from bot.cli import _emit

    surveys = [{"id": s.id, "version": s.version, "title": s.title, "kind": s.kind,
                "window_days": s.window_days,
                "questions": [{"id": q.id, "type": q.type, "required": q.required,
                               "anonymous": q.anonymous} for q in s.questions],
                "triggers": [t.model_dump() for t in s.triggers]} for s in _book()]
    if as_json:
        _emit({"surveys": surveys})
        return
    for item in surveys:
        click.echo(f"{item['id']} (v{item['version']}, {item['kind']}): {item['title']}, "
                   f"{len(item['questions'])} questions")


@survey.command("import")
@click.argument("survey_id")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def survey_import(survey_id: str, file: Path, as_json: bool) -> None:
    """Import responses to SURVEY_ID from JSON lines in FILE; bad lines are reported."""
    from bot.cli import _emit, read_file
    from community.surveys.importer import import_responses, parse_lines

    definition = _survey(survey_id)
    good, problems = parse_lines(definition, read_file(file))
    for problem in problems:
        click.echo(f"{file}:{problem.line}: skipped: {problem.problem}", err=True)
    if problems and not good:
        from bot.cli import fail

        fail(f"no response imported from {file}: every line was bad")
    imported = _store_call(lambda store: import_responses(store, definition, good))
    if as_json:
        _emit({"survey": survey_id, "imported": imported, "skipped": len(problems)})
    else:
        click.echo(f"imported {imported} responses to {survey_id}, skipped {len(problems)} lines")


@survey.command("report")
@click.argument("survey_id")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--png", "png", type=click.Path(path_type=Path), help="Write the chart to FILE.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path),
              help="Write the pseudonymised responses to FILE.")
@click.option("--guild", "guild_id", type=click.IntRange(min=1), default=None,
              help="Only the answers given in this server (default: every server's).")
def survey_report(survey_id: str, as_json: bool, png: Path | None,
                  csv_path: Path | None, guild_id: int | None) -> None:
    """Respondents, medians, protected counts and trends of SURVEY_ID."""
    from bot.cli import _emit, _settings
    from community.surveys.report import build_report

    definition = _survey(survey_id)

    async def load(store: Any) -> tuple[list, list]:
        return (await store.surveys.answer_rows(survey_id, guild_id),
                await store.surveys.anonymous_answers(survey_id, guild_id))

    rows, anonymous = _store_call(load)
    report = build_report(definition, rows, anonymous)
    if png is not None:
        from community.surveys.charts import report_chart, to_png

        _write(png, to_png(report_chart(report, definition)))
    if csv_path is not None:
        from community.surveys.exports import pseudonym_key, responses_csv

        _write(csv_path, responses_csv(definition, rows, pseudonym_key(_settings().data_dir),
                                       report))
    contract = report.contract()
    if as_json:
        _emit(contract)
        return
    click.echo(f"{definition.title}: respondents {_shown(contract['respondents'])}")
    for key, summary in contract["questions"].items():
        median = "" if summary["median"] is None else f", median {summary['median']:g}"
        counts = ", ".join(f"{value} {_shown(count)}" for value, count in
                           summary["counts"].items())
        click.echo(f"  {key}: n {_shown(summary['n'])}{median}" + (f"; {counts}" if counts
                                                                       else ""))


def _shown(count: int | None) -> str:
    return "hidden" if count is None else str(count)


async def _no_sender(_invitation: Any) -> None:
    raise RuntimeError("`survey due` never sends")


@survey.command("due")
@click.option("--json", "as_json", is_flag=True)
def survey_due(as_json: bool) -> None:
    """What the scheduler would send now (invitations and reminders), without sending."""
    from bot.cli import _emit
    from community.surveys.scheduler import SurveyScheduler
    from storage.timestamps import utc_now

    book = _book()
    due = _store_call(lambda store: SurveyScheduler(store, book, _no_sender,
                                                    clock=utc_now).due())
    items = [{"member": str(i.member_id), "survey": i.survey, "wave": i.wave,
              "reminder": i.reminder} for i in due]
    if as_json:
        _emit({"due": items})
        return
    for item in items:
        kind = "reminder" if item["reminder"] else "invitation"
        click.echo(f"{item['member']}: {item['survey']} {item['wave']} ({kind})")
    click.echo(f"{len(items)} due")

