"""Adversarial message texts: the shapes that make a backtracking regex engine go quadratic.

Shared by tests/test_patterns_linear.py and benchmarks/bench_moderation.py. Each shape is a
function of the length, so a test can compare 1,000 characters with 4,000: work that grows
with the square of the length shows up as sixteen times slower, not four.
"""

from __future__ import annotations

import random
from collections.abc import Callable

MESSAGE_CHARS = 4_000  # Discord's own cap on a message (with Nitro)


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _framed(head: str, unit: str, tail: str) -> Callable[[int], str]:
    return lambda n: head + _repeat(unit)(max(0, n - len(head) - len(tail))) + tail


def _mixed(seed: int, alphabet: str) -> Callable[[int], str]:
    return lambda n: "".join(random.Random(seed).choices(alphabet, k=n))


SHAPES: dict[str, Callable[[int], str]] = {
    "spaces": _repeat(" "),
    "spaces between words": _framed("I want ", " ", " to die and since"),
    # First person and a word of distress, but no crisis phrase: the semantic net's gate opens.
    "spaces in a vent": _framed("I am so tired ", " ", " of the pain"),
    "tabs and newlines": _repeat(" \t\n"),
    "newlines": _repeat("\n"),
    "blank lines": _repeat("\n \n\t"),
    "dots": _repeat("."),
    "a.a.a...@": _framed("", "a.", "@"),
    "a.a.a...@x": _framed("", "a.", "@x.y"),
    "a@a@a@": _repeat("a@"),
    "aaaa": _repeat("a"),
    "aaaa@": _framed("", "a", "@"),
    "AAAA": _repeat("A"),
    "a-a-a-": _repeat("a-"),
    "a.b-": _repeat("a.b-"),
    "punctuation": _repeat("!?.,;:-_*~`'\"()[]{}<>/\\|@#$%^&+="),
    "emoji": _repeat("\U0001f62d\U0001f3c3\u200d\u2640\ufe0f "),
    "repeated words": _repeat("i want to "),
    "repeated crisis words": _repeat("kill my self i "),
    "you you": _repeat("you "),
    "my my": _repeat("my "),
    "capitalised words": _repeat("Aaaa "),
    "names with 's": _repeat("John's "),
    "digits": _repeat("1"),
    "digits with dashes": _repeat("1-"),
    "digits with spaces": _repeat("12 "),
    "digits with dots": _repeat("1."),
    "phone-like": _repeat("(555) 1"),
    "plus signs": _repeat("+1 "),
    "pace and splits": _repeat("7:30/mi 5x1000m "),
    "money": _repeat("$1"),
    "mentions": _repeat("<@1"),
    "urls": _repeat("http://"),
    "www": _repeat("www."),
    "domains": _repeat("discord."),
    "postcode-like": _repeat("AB1 "),
    "markdown": _repeat("#`>*_~|"),
    "mixed": _mixed(0, "ab .,!?@:/-_'\n1234567890AB\U0001f62d"),
    "mixed words": _mixed(1, "abcdefghijklmnopqrstuvwxyz      .,'\n"),
}


def adversarial_texts(chars: int = MESSAGE_CHARS) -> dict[str, str]:
    """Every shape at the given length."""
    return {name: make(chars) for name, make in SHAPES.items()}
