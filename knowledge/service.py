"""The question-answering service that the CLI, the console and Discord all call.

Loading is the slow part (the model and the index), so one service is built per process and
shared; `answer_many` encodes a whole batch at once. `ask` runs the model in a worker thread
so an event loop (the Discord client) never blocks on it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.encoder import Encoder
from embeddings.index import IndexInfo, VectorIndex
from knowledge import compose, messages, relate
from knowledge.abstain import (
    TOPIC_IN,
    TOPIC_OUT,
    has_signature,
    names_a_topic,
    relevance,
    uncovered_topic,
)
from knowledge.batching import MicroBatcher, RunInThread
from knowledge.compare import (
    ASPECTS,
    aspects_asked,
    is_comparison,
    mentions_dystonia,
    within_sources,
)
from knowledge.compare import INTRO as COMPARISON_INTRO
from knowledge.corpus import Corpus, load_corpus
from knowledge.expand import ExpandedQuery, expand, normalise
from knowledge.features import SymptomFeatures, extract_features
from knowledge.literature import is_literature_question, matching_papers
from knowledge.models import Answer, Citation
from knowledge.passages import Passage, build_passages
from knowledge.presume import WEAK_DENSE, presumed_terms, takes_topic_for_granted
from knowledge.rank import SectionRanker, by_section, fit_ranker
from knowledge.retrieve import HybridRetriever
from knowledge.support import REASONS as SUPPORT_REASONS
from knowledge.topic import TopicClassifier
from knowledge.triage import (
    FEAR_OF_DISEASE_REASON,
    MEDICATION_REASON,
    Triage,
    asks_about_dose,
    triage,
)
from knowledge.understanding import Reading, Understanding, pieces
from knowledge.understanding.corpus import Example, load_examples
from knowledge.understanding.labels import ANSWER_INTENTS
from knowledge.understanding.reader import encoded_corpus

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000  # what is ranked against the summary (a Discord message's length)
# What is read for red flags, crisis, low mood and the story's features: a blog post or a long
# forum post can tell its walking trouble in the last paragraph. Every check is linear.
MAX_READ_CHARS = 8000


# How the summary tells LLC apart from other problems: only while running, no spot of pain,
# no numbness or shooting pain (the first section's second to fourth sentences).
LLC_DESCRIBED = (("what-is-llc", 1), ("what-is-llc", 3))


class QuestionError(ValueError):
    """The question cannot be answered as given; the message is meant for the member."""


@dataclass(frozen=True)
class CommunityAnswer:
    """A reply from a trusted member that moderators saved, retrievable as experience in the
    server it was saved in (`guild_id`) only."""

    id: int
    question: str
    text: str
    link: str
    guild_id: int | None = None


def clean_question(question: str) -> str:
    """Reject empty questions and trim absurdly long ones to a size worth reading."""
    text = " ".join(question.split())
    if not text:
        raise QuestionError("Please type a question: it was empty.")
    return text[:MAX_READ_CHARS]


class AnswerService:
    """Grounded answers over the summary, the literature list and saved community answers."""

    def __init__(self, corpus: Corpus, encoder: Encoder, index: VectorIndex,
                 passages: list[Passage], understanding: Understanding, topic: bool = True,
                 cache_dir: Path | None = None) -> None:
        self.corpus = corpus
        self.encoder = encoder
        self.index_info: IndexInfo = index.info
        self._passages = passages
        # Papers are answered by the literature table; free-text ranking covers the summary.
        self._retriever = HybridRetriever(passages, index, sources={"summary"})
        self._sentence = {(p.section, p.sentence): p for p in passages if p.source == "summary"}
        self._passage_number = {(p.section, p.text): i for i, p in enumerate(passages)}
        self._paper_passage = {p.section: p for p in passages if p.source == "literature"}
        self._by_section: dict[str, list[Passage]] = {}
        for passage in passages:
            self._by_section.setdefault(passage.section, []).append(passage)
        self._batchers: dict[tuple[str, RunInThread], MicroBatcher[Any, Any]] = {}
        self._batcher_loop: asyncio.AbstractEventLoop | None = None
        self.understanding = understanding
        self.ranker: SectionRanker | None = None  # set by `load`; retrieval order without it
        # Without the classifier, abstention falls back on the word lists alone (measured
        # both ways in issue 9).
        self.topic: TopicClassifier | None = (
            TopicClassifier(encoder, cache_dir=cache_dir and cache_dir / "topic")
            if topic else None)
        self._community: list[CommunityAnswer] = []
        self._community_vectors = np.zeros((0, encoder.dimension), dtype=np.float32)

    @classmethod
    def load(cls, data_dir: Path, encoder: Encoder | None = None,
             rebuild_index: bool = False, understanding: Understanding | None = None,
             understanding_dir: Path | None = None) -> AnswerService:
        """Validate the corpus, load the model, load or build the vector index, and load (or
        train) the understanding model, cached in `understanding_dir` (default: in
        `data_dir`)."""
        corpus = load_corpus()
        encoder = encoder or Encoder()
        passages = build_passages(corpus)
        index = VectorIndex.load_or_build(
            data_dir / "index", [p.search_text for p in passages], encoder.model_id,
            encoder.encode, force=rebuild_index,
        )
        understanding = understanding or Understanding.load(
            understanding_dir or data_dir / "understanding", encoder)
        service = cls(corpus, encoder, index, passages, understanding, cache_dir=data_dir)
        service.ranker = service.section_ranker()
        return service

    def section_ranker(self, examples: Sequence[Example] | None = None,
                       intents_of: Understanding | None = None) -> SectionRanker:
        """The section ranker for this corpus, cached beside the understanding model; with
        `examples`, fitted on those alone (leave-one-writer-out evaluation)."""
        folder = self.understanding.folder
        path = folder / f"ranker-{self.corpus.digest[:12]}.json" if folder else None
        if examples is None and path is not None and (cached := SectionRanker.load(path)):
            return cached
        encoded = encoded_corpus(self.encoder, folder, windows=False) if folder else None
        everything = encoded.examples if encoded else load_examples()
        chosen = list(examples) if examples is not None else everything
        ids = {e.id for e in chosen}
        rows = [i for i, e in enumerate(everything) if e.id in ids and e.sections]
        vectors = (encoded.whole(rows)[0] if encoded is not None
                   else self.encoder.encode([everything[i].text for i in rows]))
        ranker = fit_ranker([everything[i] for i in rows], vectors, self._retriever,
                            [s.id for s in self.corpus.summary.sections], ANSWER_INTENTS)
        if examples is None and path is not None:
            ranker.save(path)
        return ranker

    # -- community answers -------------------------------------------------------------
    def set_community_answers(self, answers: Sequence[CommunityAnswer]) -> None:
        """Replace the saved community answers that may be offered beside the summary."""
        self._community = list(answers)
        texts = [f"{a.question} {a.text}" for a in self._community]
        self._community_vectors = (
            self.encoder.encode(texts) if texts
            else np.zeros((0, self.encoder.dimension), dtype=np.float32)
        )

    def _community_citations(self, vector: np.ndarray, guild_id: int | None) -> list[Citation]:
        """The saved answer closest to the question among those of its server, if close."""
        here = [i for i, a in enumerate(self._community) if a.guild_id == guild_id]
        if not here:
            return []
        sims = self._community_vectors[here] @ vector
        best = int(np.argmax(sims))
        if sims[best] < 0.6:
            return []
        item = self._community[here[best]]
        return [Citation(source="community", title="Community experience (not literature)",
                         section=item.link, quote=item.text, score=round(float(sims[best]), 4))]

    # -- answering ---------------------------------------------------------------------
    def answer(self, question: str, context: Sequence[str] = (),
               guild_id: int | None = None) -> Answer:
        """Answer one question; `context` holds earlier questions of the same thread, and
        `guild_id` is the server asked in (whose saved community answers may be offered)."""
        return self.answer_many([question], [context], [guild_id])[0]

    def answer_many(self, questions: Sequence[str],
                    contexts: Sequence[Sequence[str]] | None = None,
                    guild_ids: Sequence[int | None] | None = None) -> list[Answer]:
        """Answer a batch, encoding every question in one call to the model."""
        cleaned = [clean_question(q) for q in questions]
        contexts = contexts or [()] * len(cleaned)
        guild_ids = guild_ids or [None] * len(cleaned)
        queries = [expand(" ".join([*ctx[-1:], q[:MAX_QUESTION_CHARS]]))
                   for q, ctx in zip(cleaned, contexts, strict=True)]
        # The understanding model reads the member's own words as written (in windows when
        # long, lines kept), exactly as moderation reads them, not the expanded query; in the
        # same pass of the encoder as the queries.
        parts = [pieces(q[:MAX_READ_CHARS]) for q in questions]
        # The member's words, encoded once for both: the whole message is the understanding
        # model's first piece and the dense query (the ranker learnt from message vectors;
        # BM25 still reads the expanded query). A follow-up's query holds the turn before,
        # and a message past the ranked length is cut, so those are encoded as queries.
        own = [bool(group) and not ctx and len(q) <= MAX_QUESTION_CHARS
               for q, group, ctx in zip(cleaned, parts, contexts, strict=True)]
        extra = [query.text for query, mine in zip(queries, own, strict=True) if not mine]
        flat = [piece for group in parts for piece in group]
        encoded = self.encoder.encode(flat + extra)
        readings = self.understanding.read_encoded(questions, parts, encoded[: len(flat)])
        vectors = np.empty((len(queries), self.encoder.dimension), dtype=np.float32)
        starts = np.cumsum([0] + [len(group) for group in parts])[:-1]
        extra_rows = iter(range(len(flat), len(flat) + len(extra)))
        for i, mine in enumerate(own):
            vectors[i] = encoded[starts[i]] if mine else encoded[next(extra_rows)]
        topics: list[float | None] = [None] * len(queries)
        if self.topic is not None:
            topics = [float(p) for p in self.topic.about_llc(vectors)]
            queries, vectors = self._presume_topic(cleaned, queries, vectors, topics)
        features = [extract_features(q, self.encoder) for q in cleaned]
        return [self._answer(q, query, vec, reading, feats, topic, guild)
                for q, query, vec, reading, feats, topic, guild
                in zip(cleaned, queries, vectors, readings, features, topics, guild_ids,
                       strict=True)]

    def _presume_topic(self, questions: list[str], queries: list[ExpandedQuery],
                       vectors: np.ndarray, topics: list[float | None]
                       ) -> tuple[list[ExpandedQuery], np.ndarray]:
        """"What helps?" here means "what helps LLC?": short messages the classifier reads as
        about LLC are ranked with the topic spelled out."""
        chosen = [i for i, (q, p) in enumerate(zip(questions, topics, strict=True))
                  if p is not None and p >= TOPIC_IN and takes_topic_for_granted(q)
                  and not names_a_topic(queries[i].text, self._retriever.vocabulary)
                  and max(h.dense for h in self._retriever.rank(queries[i], vectors[i])[:5])
                  < WEAK_DENSE]
        if not chosen:
            return queries, vectors
        queries = list(queries)
        for i in chosen:
            query = queries[i]
            queries[i] = ExpandedQuery(query.original, query.normalised,
                                       (*query.added_terms, *presumed_terms(query.original)))
        vectors = vectors.copy()
        vectors[chosen] = self.encoder.encode([queries[i].text for i in chosen])
        return queries, vectors

    def read(self, text: str) -> Reading:
        """What a message means (crisis, low mood, red flags), as moderation reads every
        message: the same model as the answers, so the two doors agree."""
        return self.understanding.read(text[:MAX_READ_CHARS])

    async def ask(self, question: str, context: Sequence[str] = (), *,
                  run: RunInThread = asyncio.to_thread, guild_id: int | None = None) -> Answer:
        """`answer` off the event loop; questions asked together share one model pass.
        `run` is how a batch reaches a thread (the bot passes its model executor's), and
        `guild_id` is the server asked in (whose saved community answers may be offered)."""
        clean_question(question)  # a bad question fails alone, not the batch it would join
        batcher = self._batcher("answer", run, lambda items: self.answer_many(
            [q for q, _, _ in items], [c for _, c, _ in items], [g for _, _, g in items]))
        return await batcher.submit((question, context, guild_id))

    async def read_soon(self, text: str, *, run: RunInThread = asyncio.to_thread) -> Any:
        """`read` off the event loop; messages read together share one model pass. With the
        executor's `run_if_room` as `run`, a full executor's SHED is returned instead."""
        batcher = self._batcher("read", run, lambda texts: self.understanding.read_many(
            [t[:MAX_READ_CHARS] for t in texts]))
        return await batcher.submit(text)

    def _batcher(self, kind: str, run: RunInThread,
                 process: Callable[[Sequence[Any]], Sequence[Any]]) -> MicroBatcher[Any, Any]:
        loop = asyncio.get_running_loop()
        if self._batcher_loop is not loop:
            self._batchers, self._batcher_loop = {}, loop
        batcher = self._batchers.get((kind, run))
        if batcher is None:
            batcher = self._batchers[(kind, run)] = MicroBatcher(process, run=run)
        return batcher

    def _answer(self, question: str, query: ExpandedQuery, vector: np.ndarray,
                reading: Reading, features: SymptomFeatures | None = None,
                topic: float | None = None, guild_id: int | None = None) -> Answer:
        features = features or SymptomFeatures()
        # Something else, clearly: a topic the summary does not cover. A condition that looks
        # like LLC (an injury with a spot or a moment, a trapped nerve, another dystonia) is
        # the understanding model's to read, below.
        elsewhere = uncovered_topic(question) is not None
        signature = has_signature(question) or bool(features.movements)
        # The course a story tells (stairs, the bike, walking) is read as LLC's only in a
        # story of LLC: after a cold or a sprain it says nothing about spreading.
        about_llc = signature or not elsewhere
        checked = triage(question, reading, features=features if about_llc else None,
                         about_llc=about_llc)
        if reading.lookalike and reading.crisis != "act":
            # A condition the summary does not cover: say so, and what it does say of LLC
            # that may help tell them apart, rather than answer it as LLC.
            return _abstained(self._lookalike_text(), checked, reading)
        if MEDICATION_REASON in checked.reasons and asks_about_dose(normalise(question)):
            # Nothing quoted: beside a dose, any sentence about drugs could read as advice.
            return _abstained(messages.ABSTAIN, checked, reading)
        # A story is related to the summary when it is about LLC: the classifier says so, or
        # it tells of lost coordination; a topic the summary does not cover needs the latter.
        story = (topic is not None and (topic >= TOPIC_IN or (signature and topic >= TOPIC_OUT))
                 and (signature or not elsewhere)
                 and (features.describes_symptoms() or bool(features.tried or features.tests_done)))
        plain = (not elsewhere and (topic is None or topic >= TOPIC_OUT)
                 and not self._is_reference_question(question))
        # A member's own worry (Parkinson's, MS, "is it in my head") is answered even though
        # the summary does not cover those illnesses, and it outranks the literature it was
        # read in ("I read in the case reports that everyone ended up struggling to walk").
        asked = [] if is_comparison(question) else relate.asked_lines(
            question, fears_disease="fear_disease" in reading.care)
        outcome = relate.outcome_lines(question) if plain else []
        # A member low about their running hears the summary's hopeful evidence too, even
        # when their words find no passage of their own.
        hope = (relate.hope_lines() if (story or plain) and relate.about_running(question)
                and SUPPORT_REASONS & set(checked.reasons) else [])
        told = relate.story_lines(features) if story else []
        # With a red flag the quotes on why it does not fit LLC come first; one retrieved
        # passage is enough beside them.
        sections = 1 if checked.grounding else compose.MAX_SECTIONS
        text, citations, more = self._grounded(question, query, vector, sections, topic,
                                               literature=not asked, intents=reading.intents,
                                               care=reading.care)
        if text == messages.ABSTAIN and not (asked or told):
            outcome = []  # "recovery" in a message about something else is not an outcome
        outcome = outcome or hope
        if asked or outcome or told:
            text, citations, overflow = self._related(checked, (asked, outcome, told), text,
                                                      citations, question)
            more = overflow + more
        elif checked.grounding and about_llc:
            # Beside an injury or another topic, the note to see a clinician is the answer;
            # the summary's sentences on why a sign does not fit LLC would be beside the point.
            text, citations = self._ground_red_flags(checked, text, citations)
        community = self._community_citations(vector, guild_id)
        if community:
            text = compose.with_community(text, len(citations), community)
            citations += community
        abstained = not citations
        return Answer(
            answer=_with_triage(text, checked),
            citations=citations,
            screening=messages.SCREENING,
            triage=checked.level,
            abstained=abstained,
            triage_reasons=checked.reasons,
            check_in=checked.check_in,
            risk=reading.risk,
            profile_fields=features.profile_fields() if story else {},
            more=compose.unquoted(more, citations),
        )

    def _related(self, checked: Triage,
                 lines: tuple[list[relate.Line], list[relate.Line], list[relate.Line]],
                 text: str, citations: list[Citation], question: str
                 ) -> tuple[str, list[Citation], list[Citation]]:
        """What the member asked first (a worry, or the retrieved answer to a question),
        then how the summary relates to what they wrote, in at most `MAX_POINTS` points:
        red flags, hopeful evidence, the story told. A story that asks nothing is related
        first, point by point, and the retrieved passages follow. Citations past
        `MAX_SOURCES` sections go behind "More from the summary" (returned third)."""
        asked, outcome, told = lines
        assembly = relate.Assembly(self._sentence, max_sources=compose.MAX_SOURCES)
        points = [*relate.misfit_lines(checked), *outcome, *told]
        if asked or (relate.asks(question) and text != messages.ABSTAIN):
            points = points[: compose.MAX_POINTS]  # beside the answer, the story is second
            if asked:
                assembly.parts.append(messages.ON_YOUR_WORRY)
                assembly.lines(asked)
            else:
                assembly.retrieved(citations, messages.ON_WHAT_YOU_ASKED)
            if points:
                assembly.parts.append(messages.RELATES_TO_YOURS)
                assembly.lines(points)
            if asked:
                assembly.retrieved(citations, messages.ALSO_SAYS)
        else:
            assembly.parts.append(messages.STORY_INTRO)
            assembly.lines(points)
            assembly.retrieved(citations, messages.ALSO_SAYS)
        if text == messages.ABSTAIN and (topic := uncovered_topic(question)) is not None:
            assembly.parts.append(messages.UNCOVERED_IN_STORY.format(topic=topic))
        return assembly.text(), assembly.citations, assembly.overflow

    def _is_reference_question(self, question: str) -> bool:
        """Papers and comparisons have answers of their own; they are not reframed."""
        return is_literature_question(question) or is_comparison(question) or (
            bool(matching_papers(self.corpus, question)) and not relate.asked_lines(question))

    def _grounded(self, question: str, query: ExpandedQuery, vector: np.ndarray,
                  max_sections: int, topic: float | None = None, literature: bool = True,
                  intents: Mapping[str, float] | None = None, care: tuple[str, ...] = ()
                  ) -> tuple[str, list[Citation], list[Citation]]:
        """The retrieved answer and what goes behind "More from the summary"; `literature`
        False when the member's own worry, not the papers, is what they ask about (a named
        paper is still listed). `intents` (what the message asks) let the section ranker
        choose the section that answers it."""
        papers = matching_papers(self.corpus, question)
        if is_comparison(question) and not papers:
            shown, rest = within_sources(aspects_asked(question), compose.MAX_SOURCES)
            text, citations = compose.comparison(shown, self._sentence)
            further = [compose.citation(self._sentence[p], 1.0)
                       for aspect in rest for p in (aspect.dystonia, *aspect.llc)]
            return text, citations, compose.unquoted(further, citations)
        if papers or (literature and is_literature_question(question)):
            return (*compose.literature(
                papers or self.corpus.literature.papers, self.corpus,
                self._sentence[("references-note", 1)], everything=not papers,
                paper_passages=self._paper_passage,
            ), [])
        hits = self._retriever.rank(query, vector)
        # A follow-up ("and is that permanent?") is about what the turn before it was about.
        follow_up = query.original != question[:MAX_QUESTION_CHARS]
        relevant = relevance(query.original if follow_up else question, query.text,
                             hits[:5], self._retriever.vocabulary, topic)
        if not relevant.answerable:
            return messages.ABSTAIN, [], []
        if self.ranker is None:
            spans = compose.select(hits, self._sentences_of, max_sections)
            return (*compose.extractive(spans, self.corpus), [])
        probs = self.ranker.probabilities(hits, intents or {})
        if not (mentions_dystonia(question) or "medication" in care):
            # Runner's dystonia's poor treatments lead only when asked about: a medicine
            # ("does botox work?") or runner's dystonia itself.
            probs = compose.dystonia_not_first(probs)
        ordered = by_section(hits, probs)
        spans = compose.select(ordered, self._sentences_of, max_sections, probs)
        text, citations = compose.extractive(spans, self.corpus)
        more = [compose.citation(span.first, span.score)
                for span in compose.further(ordered, spans, probs)]
        return text, citations, more

    def _ground_red_flags(self, checked: Triage, text: str, citations: list[Citation]
                          ) -> tuple[str, list[Citation]]:
        """Quote the sentences that show why a red flag does not fit LLC, ahead of the rest."""
        quoted = {c.quote for c in citations}
        extra = [self._sentence[p] for p in checked.grounding]
        extra = [p for p in extra if not any(p.text in q for q in quoted)]
        if not extra:
            return text, citations
        lines = ["What the summary says about this:"]
        lines += [f"[{n}] \u201c{p.text}\u201d" for n, p in enumerate(extra, start=1)]
        grounded = [compose.citation(p, 1.0) for p in extra]
        if text == messages.ABSTAIN:
            return "\n".join(lines), grounded
        renumbered = text
        for old in range(len(citations), 0, -1):
            renumbered = renumbered.replace(f"[{old}]", f"[{old + len(extra)}]")
        return "\n".join(lines) + "\n\n" + renumbered, grounded + citations

    # -- "More from the summary" -----------------------------------------------------
    def passage_ids(self, citations: Sequence[Citation]) -> list[int]:
        """Stable numbers of quoted summary sentences, so a button can carry them (no
        member data in it, and it works after a restart)."""
        return [self._passage_number[(c.section, c.quote)] for c in citations
                if (c.section, c.quote) in self._passage_number]

    def passages_by_id(self, ids: Sequence[int]) -> list[Citation]:
        """The citations behind `passage_ids`; unknown numbers are skipped."""
        return [compose.citation(self._passages[i], 1.0) for i in ids
                if 0 <= i < len(self._passages)]

    def _lookalike_text(self) -> str:
        """The look-alike reply, quoting how the summary describes LLC (verbatim)."""
        first, last = self._sentence[LLC_DESCRIBED[0]], self._sentence[LLC_DESCRIBED[1]]
        section = self.corpus.section(first.section)
        return messages.LOOKALIKE.format(lead=section.text[first.start : last.end],
                                         title=section.title)

    def _sentences_of(self, section: str) -> list[Passage]:
        return self._by_section[section]

    # -- checks used by tests and `index info` -----------------------------------------
    def comparison_pointers(self) -> list[tuple[str, int]]:
        """Every sentence the comparison table points at (all must exist)."""
        pointers = [COMPARISON_INTRO]
        for aspect in ASPECTS:
            pointers += [aspect.dystonia, *aspect.llc]
        return pointers


def _abstained(text: str, checked: Triage, reading: Reading) -> Answer:
    """An answer that quotes nothing (no citations), with its triage notes ahead."""
    return Answer(answer=_with_triage(text, checked), screening=messages.SCREENING,
                  triage=checked.level, abstained=True, triage_reasons=checked.reasons,
                  check_in=checked.check_in, risk=reading.risk)


def _with_triage(text: str, checked: Triage) -> str:
    """The triage notes, most serious first, ahead of the answer."""
    if checked.level == "crisis":
        return messages.CRISIS_REPLY + ("\n\n" + text if text != messages.ABSTAIN else "")
    signs = ", ".join(r for r in checked.reasons if r not in SUPPORT_REASONS
                      and r not in (MEDICATION_REASON, FEAR_OF_DISEASE_REASON))
    notes = []
    if checked.level == "urgent":
        notes.append(messages.URGENT_NOTE.format(reasons=signs))
    elif checked.level == "see_doctor" and signs:
        notes.append(messages.SEE_DOCTOR_NOTE.format(reasons=signs))
    if MEDICATION_REASON in checked.reasons:
        notes.append(messages.MEDICATION_NOTE)
    if FEAR_OF_DISEASE_REASON in checked.reasons:
        notes.append(messages.FEAR_OF_DISEASE_NOTE)
    if any(r in SUPPORT_REASONS for r in checked.reasons):
        notes.append(messages.SUPPORT_REPLY)
    if notes and text == messages.ABSTAIN:
        return "\n\n".join(notes)
    return "\n\n".join([*notes, text])
