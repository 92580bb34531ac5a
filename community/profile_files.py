"""Reading and writing profile files: JSON lines or CSV in the contract's own field names.

CSV cells: an empty cell is an absent field; lists are joined by `;` (`hamstrings;glutes`);
`tried` and `consent` are `key:value;key:value` (`extended_break:helped;surgery:worse`,
`profile:true;matching:true`) or a JSON object. A file is JSON lines when its name ends in
.jsonl, .ndjson or .json, CSV when it ends in .csv, and otherwise by its first character
(`{` means JSON lines).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from community.json_lines import parse_json_line
from community.profiles import LIST_FIELDS, Profile, ProfileError, parse_profile

_NESTED = ("tried", "consent")
CSV_FIELDS: tuple[str, ...] = tuple(Profile.model_fields)


class ProfileFileError(ValueError):
    """The file as a whole cannot be read (not JSON lines or CSV, unknown column)."""


def read_profiles(path: Path) -> Iterator[tuple[int, Profile | ProfileError]]:
    """(line number, profile or the row's error) for every non-blank row of the file."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ProfileFileError(f"{path} is not UTF-8 text") from error
    suffix = path.suffix.lower()
    as_json = suffix in (".jsonl", ".ndjson", ".json") or (
        suffix != ".csv" and text.lstrip().startswith("{"))
    yield from (_json_rows(text) if as_json else _csv_rows(text))


def _json_rows(text: str) -> Iterator[tuple[int, Profile | ProfileError]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = parse_json_line(line)
        except ValueError as error:
            yield number, ProfileError("line", str(error))
            continue
        yield number, _parse(data)


def _csv_rows(text: str) -> Iterator[tuple[int, Profile | ProfileError]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise ProfileFileError(f"not a profile CSV: its header cannot be read ({error})") from None
    unknown = [name for name in header if name not in CSV_FIELDS]
    if not header or unknown:
        raise ProfileFileError(
            f"not a profile CSV: unknown column {unknown[0]!r}" if unknown
            else "not a profile CSV: no header row")
    if "member" not in header:
        raise ProfileFileError("not a profile CSV: no member column")
    while True:
        number = reader.line_num + 1  # where the next row starts
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # An unclosed quote swallows the rest of the file into one cell: the rows before
            # it are kept, the rest cannot be read.
            yield number, ProfileError("row", f"cannot be read ({error}); an unclosed quote? "
                                              "The rest of the file is skipped")
            return
        number = reader.line_num
        if not any((value or "").strip() for value in row.values()):
            continue
        try:
            data = {name: _cell(name, value) for name, value in row.items()
                    if name is not None and value is not None and value.strip()}
        except ProfileError as error:
            yield number, error
            continue
        if None in row:
            yield number, ProfileError("row", "has more cells than the header")
            continue
        yield number, _parse(data)


def _cell(name: str, value: str) -> Any:
    value = value.strip()
    if name in LIST_FIELDS:
        return [item.strip() for item in value.split(";") if item.strip()]
    if name in _NESTED:
        if value.startswith("{"):
            try:
                return parse_json_line(value)
            except ValueError as error:
                raise ProfileError(name, str(error)) from None
        pairs = {}
        for item in filter(None, (part.strip() for part in value.split(";"))):
            key, colon, setting = item.partition(":")
            if not colon:
                raise ProfileError(name, f"{item!r} is not key:value")
            pairs[key.strip()] = setting.strip()
        return pairs
    return value


def _parse(data: Any) -> Profile | ProfileError:
    try:
        return parse_profile(data)
    except ProfileError as error:
        return error


def csv_cell(value: Any) -> str:
    """A contract value as a CSV cell, the inverse of the import's reading."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, dict):
        return ";".join(f"{key}:{json.dumps(item) if isinstance(item, bool) else item}"
                        for key, item in value.items())
    return str(value)
