"""Pseudonymised CSV of survey responses, for moderators and research.

It is record-level: one line per submitted response, so a line is one member's answers.
A member appears as a keyed hash (HMAC-SHA256 with a secret kept in the data folder), not
their Discord id: the same member gets the same pseudonym in every export, so answers can
be followed across waves, but the id cannot be recovered, nor tested by hashing guesses,
without the key. Free text and anonymous questions are left out.

Counting its lines must not give back what the report hides, so the file follows the
report's small-group rule: a value whose count the report hides is written `hidden` on
every line (with the unanswered cells of a matrix row that has one), a question the report
hides whole (fewer than five answers, or shown only after an answer whose count is hidden)
is `hidden` on every line, a multiple choice with a hidden option carries `hidden` among
the options on every answered line, and a wave with fewer than five responses is left out
(the report hides its size).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import secrets
from collections import Counter
from pathlib import Path
from typing import Any

from community.surveys.definitions import Question, Survey
from community.surveys.report import AnswerRow, SurveyReport, build_report, hidden_values
from community.surveys.suppression import SUPPRESSED_BELOW

KEY_FILE = "survey-pseudonym.key"
HIDDEN = "hidden"


def pseudonym_key(data_dir: Path) -> bytes:
    """The secret of the pseudonyms, created on first use (readable by its owner only)."""
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def pseudonym(key: bytes, member_id: int) -> str:
    """The member's stable pseudonym under `key`."""
    return hmac.new(key, str(member_id).encode(), hashlib.sha256).hexdigest()[:16]


def exported_questions(survey: Survey) -> list[Question]:
    """The questions a CSV carries: not free text, not anonymous."""
    return [q for q in survey.questions if q.type != "text" and not q.anonymous]


def responses_csv(survey: Survey, rows: list[AnswerRow], key: bytes,
                  report: SurveyReport | None = None) -> str:
    """One line per submitted response: pseudonym, wave, then one column per question
    (a matrix gets one column per row); lists are joined by ';' as in profile CSVs.

    `report` is the report the file goes with (built from `rows` when not given): what it
    hides, the file hides too.
    """
    report = report or build_report(survey, rows)
    questions = exported_questions(survey)
    hidden = {q.id: hidden_values(report.questions[q.id]) for q in questions}
    header = ["member", "wave"]
    for question in questions:
        if question.type == "matrix":
            header += [f"{question.id}.{row.value}" for row in question.rows or []]
        else:
            header.append(question.id)
    waves = Counter(wave for _, wave, _ in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for member, wave, answers in rows:
        if waves[wave] < SUPPRESSED_BELOW:
            continue
        line = [pseudonym(key, member), wave]
        for question in questions:
            line += _cells(question, answers, hidden[question.id])
        writer.writerow(line)
    return buffer.getvalue()


def _cells(question: Question, answers: dict[str, Any],
           hidden: set[str] | None) -> list[str]:
    """The question's cells on one line; what the report hides is written `hidden`
    (`hidden` None: the report hides the whole question)."""
    value = answers.get(question.id)
    rows = [row.value for row in question.rows or []] if question.type == "matrix" else []
    if hidden is None:
        return [HIDDEN] * (len(rows) or 1)
    if question.type == "matrix":
        if value is None:
            return [""] * len(rows)
        cells = []
        for row in rows:
            choice = value.get(row)
            # Where a row has a hidden count, its unanswered cells are hidden too: the
            # report counted them in the hidden total.
            row_hidden = any(key.startswith(f"{row}:") for key in hidden)
            cells.append(HIDDEN if row_hidden and (choice is None or f"{row}:{choice}" in hidden)
                         else choice or "")
        return cells
    if value is None:
        return [""]
    if question.type == "multiple":
        kept = [v for v in value if v not in hidden]
        return [";".join(kept + ([HIDDEN] if hidden else []))]
    return [HIDDEN if str(value) in hidden else _cell(value)]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)
