"""Turn retrieved passages into an answer a runner can read, every sentence cited.

The answer is extractive: the summary's own sentences, in quotation, numbered to match the
citations. Nothing is paraphrased, so no number or claim can drift from the source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
OTHER_SECTION_SHARE = 0.6  # with the ranker: another section's share of the best's probability
MORE_SHARE = 0.25  # a section behind "More from the summary" needs this share of the best's
MAX_MORE = 4
# A section that opens with runner's dystonia's grim course is led by what it says of LLC,
# then the contrast (two quotes, both verbatim): a member asking "will it get worse?"
# hears first what the summary says of their own condition. (first, last) sentence numbers.
LLC_FIRST: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "prognosis-compared": ((1, 2), (0, 0)),
}
# Sections about runner's dystonia alone: they never lead an answer unless the member asks
# about runner's dystonia (its treatments' poor results are not LLC's).
DYSTONIA_ONLY = frozenset({"runners-dystonia-treatments"})
MAX_SOURCES = 4  # sections (or papers) quoted in the main answer; the rest behind "More"
MAX_POINTS = 3  # "how this relates to what you wrote": at most this many points


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
           max_sections: int = MAX_SECTIONS,
           section_probs: Mapping[str, float] | None = None) -> list[Span]:
    """The best passage with its section's other relevant sentences, then up to two other
    sections that are nearly as good, each as the span of its relevant sentences.

    With `section_probs` (the section ranker's), the best section is the ranker's first and
    is quoted whole (the summary's sections are short paragraphs that answer one thing), and
    another section is nearly as good when the ranker gives it `OTHER_SECTION_SHARE` of the
    first's probability. Without, both are read off the fused retrieval scores, and the
    best section is quoted whole when three or more of its sentences are relevant (its
    paragraphs often enumerate: "First... Third...").
    """
    if not hits:
        return []
    best = hits[0]
    section = best.passage.section
    sentences = sentences_of(section)
    if section_probs is not None and section in LLC_FIRST:
        llc, dystonia = LLC_FIRST[section]
        spans = [Span(sentences[llc[0]], sentences[llc[1]], best.score),
                 Span(sentences[dystonia[0]], sentences[dystonia[1]], best.score)]
    elif section_probs is not None:
        spans = [Span(sentences[0], sentences[-1], best.score)]
    else:
        own = _relevant(hits, section, best.score)
        whole = len(own) >= 3
        spans = [_span(own, sentences, best.score, whole)]
    seen = {section}
    for hit in hits[1:]:
        if len(spans) == max_sections:
            break
        other = hit.passage.section
        if other in seen:
            continue
        if section_probs is not None:
            good = (section_probs.get(other, 0.0)
                    >= OTHER_SECTION_SHARE * section_probs.get(section, 0.0))
            span = _span(_relevant(hits, other, hit.score), sentences_of(other), hit.score)
        else:
            good = (hit.score >= OTHER_SECTION_CUTOFF * best.score
                    and hit.dense >= best.dense - DENSE_SPREAD)
            span = Span(hit.passage, hit.passage, hit.score)
        if good:
            spans.append(span)
            seen.add(other)
    return spans


def _relevant(hits: list[Hit], section: str, top: float) -> list[Hit]:
    """A section's sentences scoring at least `SAME_SECTION_CUTOFF` of its best."""
    return [h for h in hits if h.passage.section == section
            and h.score >= SAME_SECTION_CUTOFF * top]


def _span(own: list[Hit], sentences: list[Passage], score: float, whole: bool = False) -> Span:
    """The consecutive sentences from the first relevant one to the last (or all)."""
    if whole:
        return Span(sentences[0], sentences[-1], score)
    numbers = sorted(h.passage.sentence for h in own)
    return Span(sentences[numbers[0]], sentences[numbers[-1]], score)


def dystonia_not_first(probs: Mapping[str, float]) -> dict[str, float]:
    """The ranker's probabilities with a runner's-dystonia-only section, when first, placed
    just behind the best section about LLC (`DYSTONIA_ONLY`)."""
    ranked = sorted(probs, key=lambda s: -probs[s])
    if not ranked or ranked[0] not in DYSTONIA_ONLY:
        return dict(probs)
    llc = next((s for s in ranked if s not in DYSTONIA_ONLY), None)
    if llc is None:
        return dict(probs)
    moved = dict(probs)
    moved[llc], moved[ranked[0]] = probs[ranked[0]], probs[llc]
    return moved


def further(hits: list[Hit], spans: list[Span], section_probs: Mapping[str, float],
            limit: int = MAX_MORE) -> list[Span]:
    """The best sentence of each further section the ranker finds relevant, for "More from
    the summary": what did not make the main answer, nothing quoted twice."""
    quoted = {span.first.section for span in spans}
    top = max(section_probs.values(), default=0.0)
    more: list[Span] = []
    for hit in hits:
        section = hit.passage.section
        if len(more) == limit:
            break
        if section in quoted or section_probs.get(section, 0.0) < MORE_SHARE * top:
            continue
        more.append(Span(hit.passage, hit.passage, hit.score))
        quoted.add(section)
    return more


def unquoted(candidates: list[Citation], cited: list[Citation]) -> list[Citation]:
    """The candidates that repeat nothing already cited (nor sit inside a cited quote)."""
    quotes = [c.quote for c in cited]
    return [c for c in candidates
            if not any(c.quote in q or q in c.quote for q in quotes)]


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
