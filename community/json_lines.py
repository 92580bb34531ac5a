"""Reading one line of a JSON lines file, with what is wrong said in words a person reads.

Every import reads lines the same way, so each says the same thing about the same mistake,
and none lets a file's oddity through as a traceback: bytes that are not UTF-8, text that
is not JSON, or JSON nested so deeply that the decoder gives up (a RecursionError, which is
no ValueError and would otherwise escape every line's `except`).
"""

from __future__ import annotations

import json
from typing import Any


class BadLine(ValueError):
    """A line that is not one JSON value; the message says why, for the person importing."""


def parse_json_line(line: bytes | str) -> Any:
    """The JSON value of one line, or BadLine."""
    try:
        return json.loads(line.decode("utf-8") if isinstance(line, bytes) else line)
    except UnicodeDecodeError:
        raise BadLine("not UTF-8") from None
    except json.JSONDecodeError as error:
        raise BadLine(f"not valid JSON ({error.msg})") from None
    except RecursionError:
        raise BadLine("not readable: its JSON is nested too deeply") from None
