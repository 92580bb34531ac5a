"""Unicode normalisation every reader of members' words shares: the patterns and the model.

A zero-width space or a soft hyphen inside "kill myself" hides it from a regex and shifts it
for the tokenizer; a curly apostrophe makes "I'm" a different word. Normalising once, first,
closes that hole for every check.
"""

from __future__ import annotations

import unicodedata

# Lookalike apostrophes and quotes, folded to ASCII so "I’m" and "I'm" read the same.
_LOOKALIKES = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\uff07": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
})

def normalise(text: str) -> str:
    """NFKC, format characters (zero-width, soft hyphen, bidi marks) removed, lookalike
    apostrophes folded, and runs of spaces on a line folded. Case and line breaks stay: the
    encoder reads case, and the windows read lines."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = text.translate(_LOOKALIKES)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
