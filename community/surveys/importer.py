"""Reading responses from JSON lines (`llc-bot survey import`), row by row.

Each line is `{"member": str, "wave": str, "submitted_at": ISO 8601, "answers": {...}}`
(ARCHITECTURE.md). A bad line is reported with its number and skipped; the others are
imported, so one typo never costs a whole file. Importing the same line again replaces the
member's answers to that wave instead of adding a second response.

A historical survey has gaps: an answer the live form requires may be missing, and is then
imported as missing (not counted in that question's n). A line with no answer at all is
refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from community.json_lines import parse_json_line
from community.surveys.definitions import AnswerError, Survey
from storage import Store

MAX_DISCORD_ID = 2**63 - 1  # what the database's BigInteger holds


@dataclass(frozen=True, slots=True)
class ImportedResponse:
    """One line of an import file, checked against the survey like an answer from Discord."""

    member_id: int
    wave: str
    submitted_at: datetime
    answers: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LineProblem:
    """Why one line of an import file was refused, by line number, so the file can be fixed."""

    line: int
    problem: str


def parse_response(survey: Survey, obj: Any) -> ImportedResponse:
    """One line's object as a response, or ValueError saying what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    member = obj.get("member")
    if (not isinstance(member, str) or not member.isascii() or not member.isdigit()
            or not 0 < int(member) <= MAX_DISCORD_ID):
        raise ValueError('"member" must be a Discord user id: a string of at most 19 digits')
    wave = obj.get("wave")
    if not isinstance(wave, str) or not wave.strip() or len(wave) > 64:
        raise ValueError('"wave" must be a non-empty string of at most 64 characters')
    try:
        submitted_at = datetime.fromisoformat(str(obj.get("submitted_at")))
    except ValueError:
        raise ValueError('"submitted_at" must be an ISO 8601 time') from None
    if submitted_at.tzinfo is None:
        submitted_at = submitted_at.replace(tzinfo=UTC)  # a time without zone is read as UTC
    try:
        answers = survey.check_answers(obj.get("answers"), complete=False)
    except AnswerError as error:
        raise ValueError(f"answers: {error}") from None
    if not answers:
        raise ValueError("answers: none given")
    return ImportedResponse(int(member), wave.strip(), submitted_at, answers)


def parse_lines(survey: Survey, raw: bytes) -> tuple[list[ImportedResponse], list[LineProblem]]:
    """The good responses of a JSONL file and the problems of the bad lines."""
    good: list[ImportedResponse] = []
    problems: list[LineProblem] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            good.append(parse_response(survey, parse_json_line(line)))
        except ValueError as error:  # BadLine too
            problems.append(LineProblem(number, str(error)))
    return good, problems


async def import_responses(store: Store, survey: Survey,
                           responses: list[ImportedResponse]) -> int:
    """Store the responses as submitted (anonymous answers apart); the number stored."""
    anonymous = frozenset(q.id for q in survey.questions if q.anonymous)
    return await store.surveys.import_submitted(
        survey.id, survey.version,
        [(r.member_id, r.wave, r.submitted_at, r.answers) for r in responses], anonymous)
