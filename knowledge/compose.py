"""Turn retrieved passages into an answer a runner can read, every sentence cited.

The answer is extractive: the summary's own sentences, in quotation, numbered to match the
citations. Nothing is paraphrased, so no number or claim can drift from the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from knowledge import messages
from knowledge.compare import INTRO as COMPARISON_INTRO
from knowledge.compare import Aspect
from knowledge.corpus import Corpus, Paper
from knowledge.literature import describe
from knowledge.models import Citation
from knowledge.passages import Passage
from knowledge.retrieve import Hit

SAME_SECTION_CUTOFF = 0.5  # a further sentence of the best section must score this share
OTHER_SECTION_CUTOFF = 0.75  # a sentence of another section must score this share...
DENSE_SPREAD = 0.12  # ...and be this close in meaning to the best one
MAX_SECTIONS = 3


@dataclass(frozen=True)
class Span:
    """Consecutive sentences of one section, quoted as one verbatim piece."""

    first: Passage
    last: Passage
    score: float

    def quote(self, section_text: str) -> str:
        return section_text[self.first.start : self.last.end]


def citation(passage: Passage, score: float, quote: str | None = None) -> Citation:
    return Citation(
        source=passage.source,  # type: ignore[arg-type]
        title=passage.title,
        section=passage.section,
        quote=passage.text if quote is None else quote,
        score=round(score, 4),
    )


def select(hits: list[Hit], sentences_of: Callable[[str], list[Passage]],
           max_sections: int = MAX_SECTIONS) -> list[Span]:
    """The best passage with its section's other relevant sentences, then the best sentence
    of up to two other sections that are nearly as good.

    When three or more sentences of the best section are relevant, the whole section is
    quoted: the summary's paragraphs are short and often enumerate ("First... Third...").
    """
    if not hits:
        return []
    best = hits[0]
    section = best.passage.section
    own = [h for h in hits if h.passage.section == section
           and h.score >= SAME_SECTION_CUTOFF * best.score]
    sentences = sentences_of(section)
    numbers = sorted(h.passage.sentence for h in own)
    first, last = (0, len(sentences) - 1) if len(own) >= 3 else (numbers[0], numbers[-1])
    spans = [Span(sentences[first], sentences[last], best.score)]
    seen = {section}
    for hit in hits[1:]:
        if len(spans) == max_sections:
            break
        if hit.passage.section in seen:
            continue
        close = hit.dense >= best.dense - DENSE_SPREAD
        if hit.score >= OTHER_SECTION_CUTOFF * best.score and close:
            spans.append(Span(hit.passage, hit.passage, hit.score))
            seen.add(hit.passage.section)
    return spans


def extractive(spans: list[Span], corpus: Corpus) -> tuple[str, list[Citation]]:
    """Numbered quotes of the chosen spans."""
    lines = [messages.INTRO]
    citations = []
    for number, span in enumerate(spans, start=1):
        quote = span.quote(corpus.section(span.first.section).text)
        lines.append(f"[{number}] \u201c{quote}\u201d")
        citations.append(citation(span.first, span.score, quote))
    return "\n".join(lines), citations


def with_community(text: str, cited: int, community: list[Citation]) -> str:
    """Add saved member answers after the `cited` citations, labelled as experience."""
    if text == messages.ABSTAIN:
        text = "The summary doesn't cover this, but a community member shared this experience:"
    lines = [f"[{number}] Community experience, not from the literature: \u201c{c.quote}\u201d"
             for number, c in enumerate(community, start=cited + 1)]
    return "\n".join([text, *lines])


def literature(papers: list[Paper], corpus: Corpus, note: Passage, everything: bool,
               paper_passages: dict[str, Passage]) -> tuple[str, list[Citation]]:
    """Full references for the papers asked about, or the whole list with its totals."""
    lit = corpus.literature
    if everything:
        lines = [
            f"The summary lists nine papers as all known cases of runner's dystonia in the "
            f"medical literature, {lit.totals.cases_listed} cases in all. "
            f"{lit.totals.explanation}",
            f"[1] \u201c{note.text}\u201d",
        ]
        citations = [citation(note, 1.0)]
    else:
        lines, citations = [], []
    offset = len(citations)
    for number, paper in enumerate(papers, start=offset + 1):
        lines.append(f"[{number}] {describe(paper)}")
        citations.append(citation(paper_passages[paper.key], 1.0))
    return "\n".join(lines), citations


def comparison(aspects: list[Aspect], sentence: dict[tuple[str, int], Passage]
               ) -> tuple[str, list[Citation]]:
    """For each aspect, runner's dystonia on one side and LLC on the other."""
    citations: list[Citation] = []
    numbers: dict[tuple[str, int], int] = {}

    def ref(pointer: tuple[str, int]) -> str:
        if pointer not in numbers:
            numbers[pointer] = len(citations) + 1
            citations.append(citation(sentence[pointer], 1.0))
        return f"\u201c{sentence[pointer].text}\u201d [{numbers[pointer]}]"

    lines = [f"LLC and runner's dystonia, side by side. {ref(COMPARISON_INTRO)}"]
    for aspect in aspects:
        dystonia = ref(aspect.dystonia)  # numbered first, as it is read first
        llc = " ".join(ref(p) for p in aspect.llc)
        lines.append(f"\u2022 {aspect.name}\n  Runner's dystonia: {dystonia}\n  LLC: {llc}")
    return "\n".join(lines), citations
