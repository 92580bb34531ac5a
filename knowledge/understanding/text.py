"""Text as the understanding model reads it: normalised, and long messages in windows.

Normalising first closes a hole that patterns and models share: a zero-width space or a
soft hyphen inside "kill myself" hides it from a regex and shifts it for the tokenizer.
Windows exist because the encoder reads at most about 200 words and averages what it reads:
a crisis sentence in the middle of a long running story would be diluted or cut off.
"""

from __future__ import annotations

import re

from knowledge.unicode_text import normalise

# A sentence ends at . ! ? or a line break; "..." and "!!" end one sentence, not several.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

WINDOW_SENTENCES = 2  # a sentence read with its neighbour keeps "...killed me. PB though!"
MIN_WORDS_FOR_WINDOWS = 45  # shorter messages are read whole: the encoder sees all of it
MAX_WINDOWS = 48  # 8,000 characters of story is about 40 two-sentence windows


def sentences(text: str) -> list[str]:
    """The sentences of normalised text, in order."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def pieces(text: str) -> list[str]:
    """What the model reads for one message: the whole of it, and for a long message also
    each run of `WINDOW_SENTENCES` sentences, so its most serious part decides."""
    normal = normalise(text)
    if not normal:
        return []
    whole = [normal.replace("\n", " ")]
    if len(normal.split()) < MIN_WORDS_FOR_WINDOWS:
        return whole
    parts = sentences(normal)
    if len(parts) <= WINDOW_SENTENCES:
        return whole
    windows = [" ".join(parts[i : i + WINDOW_SENTENCES])
               for i in range(len(parts) - WINDOW_SENTENCES + 1)]
    return whole + windows[:MAX_WINDOWS]
