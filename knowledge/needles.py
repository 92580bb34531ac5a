"""Literal needles of a regex: words at least one of which every match contains.

A phrase pattern tries its alternatives at every word of a message, which is what makes a
long message cost milliseconds. Most messages contain none of the words a pattern needs
("nitro", "cure", "self"), and `needle in text` finds that out at memchr speed. The needles
are read off the parsed pattern itself, so they cannot drift from it: for a sequence, the
needles of any one required part (its longest literal run, a required group); for an
alternation, the union of every branch's; anything that can match without a literal (an
optional part, a character class, a case-insensitive group) has none, and the pattern then
always runs. A prefilter never changes what matches, only how often the engine is asked.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's own opcodes, as `re` itself uses them
from re import _parser

Needles = frozenset[str]

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literals one of which every match of `pattern` contains, or None if there are none."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    return None if found is None else tuple(sorted(found))


def may_match(found: tuple[str, ...] | None, text: str) -> bool:
    """False only when the text holds none of the needles, so the pattern cannot match."""
    return found is None or any(needle in text for needle in found)


def _sequence(items: _parser.SubPattern) -> Needles | None:
    """Every part of a sequence is in the match: the best part's needles will do."""
    candidates: list[Needles] = []
    run: list[str] = []
    for op, argument in items:
        if op is sre.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        part = _part(op, argument)
        if part is not None:
            candidates.append(part)
    if run:
        candidates.append(frozenset({"".join(run)}))
    return max(candidates, key=_selectivity, default=None)


def _part(op: object, argument: object) -> Needles | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = argument  # type: ignore[misc]
        return None if add_flags & re.IGNORECASE else _sequence(body)
    if op is sre.ATOMIC_GROUP:
        return _sequence(argument)  # type: ignore[arg-type]
    if op is sre.BRANCH:
        _, branches = argument  # type: ignore[misc]
        union: set[str] = set()
        for branch in branches:
            found = _sequence(branch)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op in _REPEATS:
        minimum, _maximum, body = argument  # type: ignore[misc]
        return _sequence(body) if minimum >= 1 else None
    return None  # classes, anchors, lookarounds, "any": no literal is certain


def _selectivity(found: Needles) -> tuple[int, int]:
    """Longer needles are rarer; fewer of them are cheaper to look for."""
    return min(len(needle) for needle in found), -len(found)
