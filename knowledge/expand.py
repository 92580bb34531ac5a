"""Query normalisation and expansion from runner slang to the summary's vocabulary.

Members write "my hammy goes haywire on tempo runs"; the summary says "hamstrings",
"misfiring" and "fast continuous runs". Expansion adds those words for ranking; the
member's own words stay in the query, so nothing they said is lost.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

SYNONYMS_FILE = Path(__file__).parent / "corpus" / "synonyms.yaml"

_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": " ", "–": " "})


def normalise(text: str) -> str:
    """Lowercase, unify quotes and dashes, drop control characters, fold runs of space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = _CONTROL.sub(" ", text)
    text = text.replace("runner's", "runners").replace("runners'", "runners")
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Word tokens of normalised text."""
    return _WORD.findall(normalise(text))


@dataclass(frozen=True)
class ExpandedQuery:
    original: str
    normalised: str
    added_terms: tuple[str, ...]

    @property
    def text(self) -> str:
        """The member's words followed by the summary's words for the same things."""
        if not self.added_terms:
            return self.normalised
        return f"{self.normalised} ({' '.join(self.added_terms)})"


@cache
def _synonym_pattern(path: Path = SYNONYMS_FILE) -> tuple[re.Pattern[str], dict[str, str]]:
    table = {normalise(k): str(v) for k, v in yaml.safe_load(path.read_text("utf-8")).items()}
    phrases = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, phrases)) + r")(?![a-z0-9])")
    return pattern, table


def synonym_phrases() -> list[str]:
    """Every slang word or phrase the table knows."""
    return list(_synonym_pattern()[1])


def expand(question: str) -> ExpandedQuery:
    """Add the summary's words for the slang found in the question."""
    normalised = normalise(question)
    pattern, table = _synonym_pattern()
    added: list[str] = []
    for match in pattern.finditer(normalised):
        for term in table[match.group(1)].split():
            if term not in added and term not in normalised:
                added.append(term)
    return ExpandedQuery(question, normalised, tuple(added))
