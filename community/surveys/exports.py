"""Pseudonymised CSV of survey responses, for moderators and research.

A member appears as a keyed hash (HMAC-SHA256 with a secret kept in the data folder), not
their Discord id: the same member gets the same pseudonym in every export, so answers can
be followed across waves, but the id cannot be recovered, nor tested by hashing guesses,
without the key. Free text and anonymous questions are left out.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import secrets
from pathlib import Path
from typing import Any

from community.surveys.definitions import Question, Survey
from community.surveys.report import AnswerRow

KEY_FILE = "survey-pseudonym.key"


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


def responses_csv(survey: Survey, rows: list[AnswerRow], key: bytes) -> str:
    """One line per submitted response: pseudonym, wave, then one column per question
    (a matrix gets one column per row); lists are joined by ';' as in profile CSVs."""
    questions = exported_questions(survey)
    header = ["member", "wave"]
    for question in questions:
        if question.type == "matrix":
            header += [f"{question.id}.{row.value}" for row in question.rows or []]
        else:
            header.append(question.id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for member, wave, answers in rows:
        line = [pseudonym(key, member), wave]
        for question in questions:
            value = answers.get(question.id)
            if question.type == "matrix":
                line += [(value or {}).get(row.value, "") for row in question.rows or []]
            else:
                line.append(_cell(value))
        writer.writerow(line)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)
