"""Questions about the nine papers, answered from literature.yaml with full references.

Runners ask "who published in Movement Disorders?" or "which paper is the PT case report?";
those are lookups in a table, not similarity search, so they are matched on authors,
journals, years, titles and a few names runners use for a paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.corpus import Corpus, Paper
from knowledge.expand import normalise, words

# What runners call a paper when they don't know its authors.
_NICKNAMES: dict[str, tuple[str, ...]] = {
    "chang-josephs-2013": ("levodopa", "l-dopa"),
    "mcclinton-heiderscheit-2012": (
        "physical therapy case", "physical-therapy case", "physical therapy journal",
        "pt case", "physio case", "orthopaedic", "orthopedic", "physical therapist case",
    ),
    "katz-2013": ("case series", "repetitive exercise"),
    "rana-boke-2013": ("foot posture",),
    "bozi-bhatia-2003": ("paroxysmal", "young-onset", "young onset"),
    "leveille-clement-2008": ("action-induced", "action induced", "sports medicine"),
}
_PARKINSON = re.compile(r"parkinson")

_GENERIC = re.compile(
    r"\b(?:papers?|stud(?:y|ies)|literature|published|publications?|journals?|articles?|"
    r"references?|citations?|case reports?|authors|research(?:ers)? (?:say|found|show)|"
    r"medical literature|reported cases|known cases|cases in total|how many cases)\b"
)

# Questions about what the literature's cases show are answered by the summary's prose.
_SUMMARY_TOPIC = re.compile(
    r"\b(?:foot|ankle|nineteen|19|adequately|spread|walking|gait|treat\w*|drugs?|botulinum|"
    r"botox|prognosis|return to sport|location|recover\w*|case stud\w*|yet|the author|"
    r"survey\w*)\b"
)


@dataclass(frozen=True)
class _PaperNames:
    """Everything a paper can be named by, normalised once rather than per question."""

    paper: Paper
    surnames: re.Pattern[str]  # the first two authors, as runners cite them
    journals: tuple[str, ...]  # as corrected, and as the summary misprints it
    year: re.Pattern[str]
    title_words: frozenset[str]
    parkinson: bool


_NAMES: dict[str, list[_PaperNames]] = {}


def _names(corpus: Corpus) -> list[_PaperNames]:
    if corpus.digest not in _NAMES:
        _NAMES[corpus.digest] = [_PaperNames(
            paper=paper,
            surnames=re.compile(r"\b(?:" + "|".join(
                re.escape(normalise(a.split(",")[0])) for a in paper.authors[:2]) + r")\b"),
            journals=tuple({normalise(paper.journal),
                            *([normalise("Journal of the Neruological Sciences")]
                              if "Neruological" in paper.reference_as_printed else [])}),
            year=re.compile(rf"\b{paper.year}\b"),
            title_words=frozenset(w for w in words(paper.title) if len(w) > 3),
            parkinson="parkinson" in normalise(paper.title),
        ) for paper in corpus.literature.papers]
    return _NAMES[corpus.digest]


def _title_overlap(names: _PaperNames, question_words: set[str]) -> float:
    """Share of a long title's words in the question; short titles ("Runner's Dystonia")
    are the condition's own name and say nothing about which paper is meant."""
    if len(names.title_words) < 4:
        return 0.0
    return len(names.title_words & question_words) / len(names.title_words)


def matching_papers(corpus: Corpus, question: str) -> list[Paper]:
    """Papers the question names by author, journal, year, title or nickname."""
    text = normalise(question)
    question_words = set(words(question))
    found: list[Paper] = []
    for names in _names(corpus):
        paper = names.paper
        if (
            names.surnames.search(text)
            or any(journal in text for journal in names.journals)
            or names.year.search(text)
            or any(nick in text for nick in _NICKNAMES.get(paper.key, ()))
            or (names.parkinson and _PARKINSON.search(text))
            or _title_overlap(names, question_words) >= 0.6
        ):
            found.append(paper)
    found += [p for p in _superlatives(corpus, text) if p not in found]
    # Levodopa narrows "Parkinson's" to the paper that is about levodopa response.
    if "levodopa" in text or "l-dopa" in text:
        found = [p for p in found if "levodopa" in normalise(p.title)] or found
    return found


def _superlatives(corpus: Corpus, text: str) -> list[Paper]:
    """Papers picked out by a property: oldest, newest, most cases, a single case."""
    papers = corpus.literature.papers
    if not re.search(r"\b(?:paper|papers|study|studies|article|report|literature|reference)", text):
        return []
    if re.search(r"\b(?:oldest|earliest|first)\b", text):
        return [p for p in papers if p.year == min(q.year for q in papers)]
    if re.search(r"\b(?:newest|latest|most\s+recent)\b", text):
        return [p for p in papers if p.year == max(q.year for q in papers)]
    if re.search(r"\b(?:most|largest|biggest)\s+(?:cases|patients)\b", text):
        return [p for p in papers if p.cases == max(q.cases for q in papers)]
    if re.search(r"\b(?:single|one|1)\s+(?:case|patient|runner)\b", text):
        return [p for p in papers if p.cases == 1]
    return []


def is_literature_question(question: str) -> bool:
    """Asks about the list of papers rather than about what their cases showed."""
    text = normalise(question)
    return bool(_GENERIC.search(text)) and not _SUMMARY_TOPIC.search(text)


def describe(paper: Paper) -> str:
    """One paper in a sentence: who, when, how many cases, the full reference, the notes."""
    unit = "case" if paper.cases == 1 else "cases"
    notes = " ".join(paper.summary_notes)
    return f"{paper.label} ({paper.year}), {paper.cases} {unit}: {paper.reference()} {notes}"
