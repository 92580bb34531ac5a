"""Text prepared once per message for every check: capped, quotes straightened, lowercased."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.unicode_text import normalise

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_NOT_WORD = re.compile(r"[\W_]+")

# Shorter normalised texts ("thanks!", "same", "+1") repeat naturally and are never duplicates.
_MIN_FINGERPRINT_CHARS = 8


@dataclass(frozen=True, slots=True)
class PreparedText:
    """The message text as every check reads it."""

    original: str
    lower: str

    @classmethod
    def of(cls, text: str, max_chars: int) -> PreparedText:
        """Bound the work per message (Discord caps messages anyway, the CLI does not), and
        normalise first: a zero-width space must not hide a phone number or an invite."""
        original = normalise(text[:max_chars]).translate(_QUOTES)
        return cls(original=original, lower=original.lower())


def fingerprint(lower_text: str) -> int | None:
    """A hash that ignores case, punctuation and spacing, so near-identical reposts match."""
    squeezed = _NOT_WORD.sub("", lower_text)
    if len(squeezed) < _MIN_FINGERPRINT_CHARS:
        return None
    return hash(squeezed)
