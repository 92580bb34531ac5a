"""Needles read off a regex: a prefilter that may skip the engine but never a match."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import crisis
from knowledge.needles import may_match, needles
from moderation.message_spam import ADVERTISING_RULES
from moderation.misinformation import _CLAIMS
from moderation.scam import SCAM_RULES

EVAL_FILE = Path(__file__).parents[1] / "data" / "moderation_eval.jsonl"
PATTERNS = [
    crisis._CRISIS,
    *(r.pattern for r in SCAM_RULES), *(r.pattern for r in ADVERTISING_RULES),
    *(c.rule.pattern for c in _CLAIMS),
]
WORDS = ["i", "want", "to", "die", "free", "nitro", "claim", "cure", "my", "self", "kill",
         "legs", "doctors", "don't", "tell", "you", "suicide", "sprints", "hopeless", ".", "!"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"free\s+nitro", ("nitro",)),
        (r"\b(?:wants?|wanted)\s+to\s+die", ("want",)),
        (r"cure|heal(?:ed)?", ("cure", "heal")),
        (r"(?:buy\s+)?now", ("now",)),
        (r"a|\d+", None),  # one branch needs no literal
        (r"(?i:nitro)", None),  # case-insensitive: no literal is certain
        (r"x?", None),
    ],
)
def test_needles_of_simple_patterns(pattern, expected):
    assert needles(re.compile(pattern)) == expected


def test_no_pattern_matches_a_message_without_its_needles():
    texts = [json.loads(line)["text"].lower() for line in EVAL_FILE.read_text("utf-8").splitlines()]
    for pattern in PATTERNS:
        found = needles(pattern)
        for text in texts:
            if pattern.search(text):
                assert may_match(found, text), (pattern.pattern[:40], text)


PREFILTERED = [(pattern, needles(pattern)) for pattern in PATTERNS]


@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_no_pattern_matches_generated_text_without_its_needles(text):
    for pattern, found in PREFILTERED:
        if pattern.search(text):
            assert may_match(found, text)
