"""The `llc-bot` command line.

Every user mistake ends in one line on stderr and exit status 2, never a traceback: click's
usage errors are caught here, and so are the errors our services raise for bad input.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from bot.logs import quiet_libraries
from bot.settings import Settings, SettingsError, load_settings
from community.json_lines import parse_json_line

log = logging.getLogger("llc_bot.cli")


class UserError(click.ClickException):
    """A mistake the user can fix; printed as one line, exit status 2."""

    exit_code = 2


def fail(message: str) -> NoReturn:
    raise UserError(message)


def _settings() -> Settings:
    try:
        settings = load_settings()
    except SettingsError as error:
        fail(str(error))
    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet_libraries()
    return settings


def encoder(settings: Settings) -> Any:
    """The sentence encoder the settings describe, or one line on how to export it (exit 2)."""
    from embeddings.encoder import Encoder, EncoderUnavailable

    try:
        return Encoder(**settings.encoder_options())
    except EncoderUnavailable as error:
        fail(str(error))


def _service(settings: Settings, rebuild: bool = False):
    from knowledge.corpus import CorpusError
    from knowledge.service import AnswerService

    try:
        return AnswerService.load(settings.data_dir, encoder=encoder(settings),
                                  rebuild_index=rebuild,
                                  understanding_dir=settings.resolved_understanding_dir())
    except CorpusError as error:
        fail(f"the knowledge base is invalid: {error}")


def _emit(obj: dict[str, Any]) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def read_file(path: Path) -> bytes:
    """The bytes of a file the user named, or one line saying why it cannot be read."""
    if not path.is_file():
        fail(f"no such file: {path}")
    try:
        return path.read_bytes()
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror or error}")


def read_jsonl(path: Path, field: str,
               check: Callable[[str], object] | None = None) -> Iterator[dict[str, Any]]:
    """The good lines of a JSONL file, each an object with a `field` string that passes
    `check` (which raises ValueError for a bad one). Every bad line is reported on stderr
    with its number and skipped, so one bad line never costs the rest of the file."""
    for number, line in enumerate(read_file(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = parse_json_line(line)
            if not isinstance(obj, dict) or not isinstance(obj.get(field), str):
                raise ValueError(f'needs a "{field}" string')
            if check is not None:
                check(obj[field])
        except ValueError as error:  # BadLine too
            problem = str(error)
        else:
            yield obj
            continue
        click.echo(f"{path}:{number}: skipped: {problem}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """llc-bot: answers, peer support and moderation for runners with LLC."""


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.option("--jsonl", "jsonl", type=click.Path(path_type=Path),
              help='Answer every {"id", "question"} line of FILE (a line may add "previous", '
                   'the turn a follow-up comes after); one JSON line each.')
@click.option("--all", "everything", is_flag=True,
              help='Include the passages Discord keeps behind "More from the summary".')
def ask(question: str | None, as_json: bool, jsonl: Path | None, everything: bool) -> None:
    """Answer QUESTION from the summary and its literature list."""
    from bot.render_text import answer_as_text
    from knowledge.evaluate import context_of
    from knowledge.service import QuestionError, clean_question

    if (question is None) == (jsonl is None):
        fail("give either a QUESTION or --jsonl FILE")
    if question is not None:
        try:
            clean_question(question)
        except QuestionError as error:
            fail(str(error))
        answer = _service(_settings()).answer(question)
        if as_json:
            _emit(answer.contract(everything))
        else:
            click.echo(answer_as_text(answer, everything))
        return
    assert jsonl is not None
    good = list(read_jsonl(jsonl, "question", check=clean_question))
    service = _service(_settings())
    for start in range(0, len(good), 64):
        chunk = good[start : start + 64]
        answers = service.answer_many([item["question"] for item in chunk],
                                      [context_of(item) for item in chunk])
        for item, answer in zip(chunk, answers, strict=True):
            _emit({"id": item.get("id"), **answer.contract(everything)})


@cli.command()
def chat() -> None:
    """A conversation in this terminal, no Discord token needed."""
    from bot.console import run_console

    run_console(_service(_settings()))


@cli.group()
def index() -> None:
    """The vector index of the knowledge base."""


def _index_info(service: Any) -> dict[str, Any]:
    info = service.index_info
    return {"path": info.path, "key": info.key, "vectors": info.vectors,
            "dimension": info.dimension, "model": info.model_id, "rebuilt": info.rebuilt,
            "corpus_digest": service.corpus.digest,
            "sections": len(service.corpus.summary.sections),
            "papers": len(service.corpus.literature.papers)}


@index.command("build")
@click.option("--json", "as_json", is_flag=True)
def index_build(as_json: bool) -> None:
    """Encode the corpus and write the index, even if a current one exists."""
    info = _index_info(_service(_settings(), rebuild=True))
    _emit(info) if as_json else click.echo(f"built {info['vectors']} vectors at {info['path']}")


@index.command("info")
@click.option("--json", "as_json", is_flag=True)
def index_info(as_json: bool) -> None:
    """Where the index is, what it holds, and whether it had to be rebuilt."""
    info = _index_info(_service(_settings()))
    if as_json:
        _emit(info)
    else:
        for key, value in info.items():
            click.echo(f"{key}: {value}")


@cli.command("eval")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@click.option("--lowo", is_flag=True,
              help="Leave one writer out: each corpus writer's questions answered by intents "
                   "and a section ranker trained without that writer (minutes).")
@click.option("--json", "as_json", is_flag=True)
def eval_command(file: Path | None, lowo: bool, as_json: bool) -> None:
    """Score the answer engine on a labelled JSONL question file, or leave-one-writer-out."""
    from knowledge.evaluate import evaluate, evaluate_lowo, pooled

    if (file is None) == (not lowo):
        fail("give either a FILE or --lowo")
    if file is not None and not file.is_file():
        fail(f"no such file: {file}")
    service = _service(_settings())
    if lowo:
        writers = evaluate_lowo(service)
        report = pooled(list(writers.values()))
        if as_json:
            _emit({**_report_json(report), "writers": {w: r.metrics()
                                                       for w, r in writers.items()}})
            return
        click.echo(f"leave one writer out, {len(writers)} writers, every figure on a writer "
                   "the model never read:")
        _echo_report(report)
        for writer, one in writers.items():
            m = one.metrics()
            click.echo(f"{writer:>22}: passage@1 {m['passage_at_1']:.0%}, passage@3 "
                       f"{m['passage_at_3']:.0%}, fact {m['fact_in_answer']:.0%}, look-alike "
                       f"{m['lookalike_abstention']:.0%}, care {m['care']:.0%}")
        return
    assert file is not None
    try:
        report = evaluate(service, file)
    except (ValueError, KeyError) as error:
        fail(f"{file}: not an evaluation file ({error})")
    if as_json:
        _emit(_report_json(report))
        return
    _echo_report(report)


def _report_json(report: Any) -> dict[str, Any]:
    return {**report.metrics(), "counts": report.counts(), "features": report.feature_scores(),
            "by_category": report.category_scores(), "failures": report.failures}


def _echo_report(report: Any) -> None:
    counts = report.counts()
    for name, value in report.metrics().items():
        click.echo(f"{name:>22}: {value:.1%}  (of {counts[name]})")
    if features := report.feature_scores():
        click.echo("features (precision / recall, expected values):")
    for name, scores in features.items():
        click.echo(f"{name:>22}: {scores['precision']:.1%} / {scores['recall']:.1%} "
                   f"({scores['expected']})")
    click.echo("fully right, by category:")
    for name, value in report.category_scores().items():
        click.echo(f"{name:>22}: {value:.1%}")
    click.echo(f"failures: {', '.join(report.failures) or 'none'}")


@cli.command()
def run() -> None:
    """Start the Discord bot (same as `python -m bot`)."""
    from bot.__main__ import main as run_bot

    sys.exit(run_bot())


@cli.group()
def db() -> None:
    """The database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration (safe to run again)."""
    from storage import StorageError, upgrade_database

    settings = _settings()
    try:
        asyncio.run(upgrade_database(settings.resolved_database_url()))
    except StorageError as error:
        fail(str(error))
    click.echo("database is up to date")


@cli.group()
def moderation() -> None:
    """Moderation checks."""


@moderation.command("check")
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@click.option("--jsonl", "jsonl", type=click.Path(path_type=Path),
              help='Check every {"id", "text"} line of FILE; one JSON line each.')
def moderation_check(text: str | None, as_json: bool, jsonl: Path | None) -> None:
    """The verdict on TEXT: action, categories, crisis and the reasons."""
    from moderation import check_text

    if (text is None) == (jsonl is None):
        fail("give either a TEXT or --jsonl FILE")
    understanding = _understanding(_settings())
    if text is not None:
        verdict = check_text(text, reading=understanding.read(text)).summary()
        if as_json:
            _emit(verdict)
            return
        click.echo(f"action: {verdict['action']}")
        click.echo(f"categories: {', '.join(verdict['categories']) or 'none'}")
        click.echo(f"crisis: {'yes' if verdict['crisis'] else 'no'}")
        for reason in verdict["reasons"]:
            click.echo(f"- {reason}")
        return
    assert jsonl is not None
    for item in read_jsonl(jsonl, "text"):
        reading = understanding.read(item["text"])
        _emit({"id": item.get("id"), **check_text(item["text"], reading=reading).summary()})


def _understanding(settings: Settings, sentence_encoder: Any = None) -> Any:
    """The understanding model (trained first when its cache is missing), on its own: the
    moderation check needs it without the answer engine's index."""
    from knowledge.understanding import Understanding
    from knowledge.understanding.corpus import CorpusError

    try:
        return Understanding.load(settings.resolved_understanding_dir(),
                                  sentence_encoder or encoder(settings))
    except CorpusError as error:
        fail(f"the understanding corpus is invalid: {error}")


@cli.group()
def understand() -> None:
    """The understanding model: crisis, low mood and red flags, learnt from data."""


@understand.command("train")
@click.option("--force", is_flag=True, help="Train again even when a cached model exists.")
@click.option("--json", "as_json", is_flag=True, help="Print what it was trained on as JSON.")
def understand_train(force: bool, as_json: bool) -> None:
    """Train the model from the committed corpus, unless it is cached for this corpus and
    encoder already (`--force` trains it again)."""
    from knowledge.understanding.reader import model_key

    settings = _settings()
    sentence_encoder = encoder(settings)
    folder = settings.resolved_understanding_dir() / model_key(sentence_encoder.model_id)
    if force:
        (folder / "heads.npz").unlink(missing_ok=True)
    card = _understanding(settings, sentence_encoder).trained_on
    if as_json:
        _emit(card)
    else:
        click.echo(f"model for {card.get('examples')} messages from "
                   f"{len(card.get('writers', {}))} writers, cached in {folder}")


@understand.command("eval")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--held-out", "held_out", type=click.Path(path_type=Path),
              help="Also score this JSONL set of a writer the corpus does not hold.")
def understand_eval(as_json: bool, held_out: Path | None) -> None:
    """Leave-one-writer-out recall and false alarms, per label and per writer."""
    from knowledge.understanding.corpus import CorpusError
    from knowledge.understanding.report import evaluation_report

    if held_out is not None and not held_out.is_file():
        fail(f"no such file: {held_out}")
    settings = _settings()
    try:
        report = evaluation_report(encoder(settings), settings.resolved_understanding_dir(),
                                   held_out)
    except (CorpusError, ValueError) as error:
        fail(str(error))
    if as_json:
        _emit(report)
        return
    _print_figures("leave one writer out", report["leave_one_writer_out"])
    if "held_out" in report:
        _print_figures(f"held out: {report['held_out']['file']}",
                       report["held_out"]["figures"])


def _print_figures(title: str, table: dict[str, Any]) -> None:
    click.echo(title)
    for name, rate in table.items():
        if rate["value"] is None:
            continue
        low, high = rate["ci95"]
        click.echo(f"  {name}: {rate['value']:.3f} ({rate['hits']}/{rate['total']}; "
                   f"95% CI {low:.3f}-{high:.3f})")


def _with_services(work: Any) -> Any:
    """Run `await work(services)` on the application's services (database migrated first),
    closing them afterwards."""
    from bot.services import build_services
    from knowledge.corpus import CorpusError
    from storage import StorageError

    async def run() -> Any:
        services = await build_services(_settings())
        try:
            return await work(services)
        finally:
            await services.aclose()

    try:
        return asyncio.run(run())
    except StorageError as error:
        fail(str(error))
    except CorpusError as error:
        fail(f"the knowledge base is invalid: {error}")


def with_store(work: Any) -> Any:
    """Run `await work(store)` on the configured database, migrated first: for commands that
    need only the store (profiles, matching, surveys), without loading the answer engine."""
    from storage import Database, StorageError, Store, upgrade_database

    async def run() -> Any:
        settings = _settings()
        url = settings.resolved_database_url()
        await upgrade_database(url)
        database = Database.from_url(url)
        try:
            return await work(Store.over(database, member_hash=settings.member_hash()))
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except StorageError as error:
        fail(str(error))


@cli.group()
def privacy() -> None:
    """A member's own data."""


async def _privacy(services: Any, action: str, member: int) -> Any:
    """Export or forget through the privacy service, with the bot's community posts
    deleted over Discord's REST API when DISCORD_TOKEN is set."""
    from bot.community_posts import CommunityPosts, PostsNotDeletable, rest_deleter

    settings = services.settings
    token = settings.discord_token.get_secret_value() if settings.discord_token else None
    async with rest_deleter(token if action == "forget" else None,
                            settings.discord_api_base) as delete:
        services.privacy.register(CommunityPosts(services.store, delete))
        try:
            if action == "export":
                return await services.privacy.export(member)
            return await services.privacy.forget(member)
        except PostsNotDeletable as error:
            fail(str(error))


@privacy.command("export")
@click.argument("member", type=click.IntRange(min=1))
def privacy_export(member: int) -> None:
    """Print everything kept about MEMBER (a Discord user id) as JSON."""
    data = _with_services(lambda services: _privacy(services, "export", member))
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@privacy.command("forget")
@click.argument("member", type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True)
def privacy_forget(member: int, as_json: bool) -> None:
    """Delete everything kept about MEMBER (a Discord user id)."""
    report = _with_services(lambda services: _privacy(services, "forget", member))
    left = [item for items in report.left_behind.values() for item in items]
    if as_json:
        _emit({"member": member, "deleted": report.deleted, "total": report.total,
               "left_behind": left})
        return
    click.echo(f"deleted {report.total} records of member {member}")
    if left:
        click.echo(f"Discord refused to delete {len(left)} post(s) for now: {'; '.join(left)}; "
                   "the running bot tries again until they are gone", err=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    try:
        cli.main(args=argv, prog_name="llc-bot", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.UsageError as error:
        click.echo(f"llc-bot: {error.format_message()}", err=True)
        return 2
    except click.ClickException as error:
        click.echo(f"llc-bot: {error.format_message()}", err=True)
        return error.exit_code
    except BrokenPipeError:
        return 0
    return 0


from bot import cli_match  # noqa: E402  (registers after `cli` exists)

cli.add_command(cli_match.profiles)
cli.add_command(cli_match.match)

from bot.cli_survey import survey as survey_commands  # noqa: E402  (it imports this module)

cli.add_command(survey_commands)

from bot.cli_model import model as model_commands  # noqa: E402

cli.add_command(model_commands)

if __name__ == "__main__":
    sys.exit(main())
