"""Cut the corpus into citable passages that remember where they came from.

A passage is one sentence of a summary section (or one paper of the literature list), so
that every quote the bot shows is a verbatim span that a reader can find in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.corpus import Corpus, Paper

# A sentence ends at . ! or ? followed by space and a capital or an opening quote; the
# summary's abbreviations ("e.g. on trails", "etc.) are") are followed by lowercase or ")".
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")


@dataclass(frozen=True, slots=True)
class Passage:
    """A citable span: `text` is verbatim; `search_text` adds context used only for ranking."""

    index: int
    source: str  # "summary" | "literature" | "community"
    section: str  # section id or paper key
    title: str
    text: str
    start: int  # character span of `text` inside its section (summary) or reference line
    end: int
    sentence: int  # position of the sentence within its section
    search_text: str


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a section, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def paper_search_text(paper: Paper) -> str:
    """Everything a runner might name a paper by: authors, year, journal, title, notes."""
    return " ".join(
        [paper.heading_as_printed, paper.reference(), paper.journal, *paper.summary_notes]
    )


def build_passages(corpus: Corpus) -> list[Passage]:
    """Every sentence of every summary section, then one passage per paper."""
    passages: list[Passage] = []
    for section in corpus.summary.sections:
        for number, (start, end) in enumerate(split_sentences(section.text)):
            text = section.text[start:end]
            passages.append(
                Passage(
                    index=len(passages),
                    source="summary",
                    section=section.id,
                    title=section.title,
                    text=text,
                    start=start,
                    end=end,
                    sentence=number,
                    search_text=f"{section.title}. {text}",
                )
            )
    for paper in corpus.literature.papers:
        text = paper.reference_as_printed
        passages.append(
            Passage(
                index=len(passages),
                source="literature",
                section=paper.key,
                title=paper.title,
                text=text,
                start=0,
                end=len(text),
                sentence=0,
                search_text=paper_search_text(paper),
            )
        )
    return passages
