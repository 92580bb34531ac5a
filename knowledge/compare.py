"""Side-by-side answers to "how is LLC different from runner's dystonia?".

The summary makes the comparison in pairs of sentences spread over several paragraphs;
this table pairs them by aspect so that a runner sees both sides of each difference.
Every entry points at a sentence of the corpus (section id, sentence number), so the quotes
stay verbatim; a test checks that each pointer exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.expand import normalise


@dataclass(frozen=True)
class Aspect:
    name: str
    cue: re.Pattern[str]
    dystonia: tuple[str, int]  # (section id, sentence number) on runner's dystonia
    llc: tuple[tuple[str, int], ...]  # the sentences on loss of leg coordination


INTRO = ("similar-to-runners-dystonia", 0)

ASPECTS: tuple[Aspect, ...] = (
    Aspect("Where it happens", re.compile(r"\b(?:where|location|foot|feet|ankle|hip|thigh|"
           r"same\s+muscle|"
           r"toe|body part|part of the leg)\w*"),
           ("location-compared", 1), (("location-compared", 2), ("location-compared", 3))),
    Aspect("Which muscles, and how", re.compile(r"\b(?:muscle|contraction|misfir|spasm|cramp|"
           r"prime mover|fine motor|writer|musician|sustained|feel)\w*"),
           ("contraction-versus-misfiring", 0), (("contraction-versus-misfiring", 1),)),
    Aspect("Prognosis and course over time", re.compile(r"\b(?:prognosis|outlook|course|"
           r"spread|progress|over time|worse|stable|other activities|years)\w*"),
           ("prognosis-compared", 0), (("prognosis-compared", 2),)),
    Aspect("Walking", re.compile(r"\b(?:walk|gait)\w*"),
           ("prognosis-compared", 0), (("prognosis-compared", 1),)),
    Aspect("Return to sport", re.compile(r"\b(?:recover|return|sport|future|race again|"
           r"compete|outcome|cure)\w*"),
           ("runners-dystonia-treatments", 2), (("management-and-recovery", 2),)),
    Aspect("Treatment", re.compile(r"\b(?:treat|drug|medic|botox|botulinum|therap|help|"
           r"levodopa|cure)\w*"),
           ("runners-dystonia-treatments", 1), (("management-and-recovery", 1),)),
)

_COMPARISON = re.compile(
    r"\b(?:differ\w*|distinct|versus|vs\.?|compar\w*|contrast|unlike|same\s+(?:as|thing)|"
    r"similar|the\s+way|related|instead)\b"
    r"|\blike\s+(?:a\s+|the\s+)?(?:runners\s+|focal\s+|task-specific\s+)?(?:dystonia|writers?|musicians?)"
    r"|\bis\s+(?:this|it|llc|that|loss\s+of\s+leg\s+coordination)\s+(?:a\s+)?(?:form\s+of\s+|type\s+of\s+|kind\s+of\s+)?(?:focal\s+)?dystonia"
    r"|\b(?:do|could|might)\s+i\s+have\s+(?:runners\s+)?dystonia"
)
_DYSTONIA = re.compile(r"\bdystoni\w*|\bwriters?'?\s*cramp|\bmusicians?'?\b")


def mentions_dystonia(question: str) -> bool:
    """The member names dystonia (so a passage on runner's dystonia may lead the answer)."""
    return bool(_DYSTONIA.search(normalise(question)))


def is_comparison(question: str) -> bool:
    """The question sets LLC against runner's dystonia (or asks whether it is dystonia)."""
    text = normalise(question)
    return bool(_DYSTONIA.search(text) and _COMPARISON.search(text))


def within_sources(aspects: list[Aspect], limit: int) -> tuple[list[Aspect], list[Aspect]]:
    """The aspects whose sentences fit in `limit` sections (with the introduction's), in
    order, and the rest (behind "More from the summary")."""
    sections = {INTRO[0]}
    kept: list[Aspect] = []
    rest: list[Aspect] = []
    for aspect in aspects:
        needed = {aspect.dystonia[0], *(p[0] for p in aspect.llc)}
        if not rest and len(sections | needed) <= limit:
            sections |= needed
            kept.append(aspect)
        else:
            rest.append(aspect)
    return kept, rest


def aspects_asked(question: str) -> list[Aspect]:
    """The aspects the question names, or all of them when it names none."""
    text = normalise(question)
    named = [a for a in ASPECTS if a.cue.search(text)]
    return named or list(ASPECTS)
