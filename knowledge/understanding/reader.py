"""The one understanding model every door uses: `/ask`, mentions, DMs, forum posts, the
moderation check of every message and edit, and the CLI.

It turns a message into a `Reading`: calibrated risk per head, the crisis outcome (act,
quiet or none), whether a red flag calls for a clinician and why, and low mood. Explicit
statements of intent caught by the pattern floor (`knowledge/crisis.py`) always act; the
floor alone is also what runs when the model has no room (see `floor_reading`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from knowledge.crisis import CrisisSignal, detect_crisis, is_imminent
from knowledge.understanding.corpus import corpus_hash, load_examples
from knowledge.understanding.labels import (
    CARE_INTENTS,
    GENERIC_RED_FLAG_REASON,
    RED_FLAG_FAMILIES,
)
from knowledge.understanding.model import (
    MODEL_VERSION,
    EncodedCorpus,
    Heads,
    Scores,
    encode_corpus,
    manifest,
    train_heads,
    write_manifest,
)
from knowledge.understanding.text import pieces
from knowledge.understanding.thresholds import Thresholds

log = logging.getLogger(__name__)

CrisisOutcome = Literal["act", "quiet", "none"]
NO_SCORES = Scores(crisis=0.0, low_mood=0.0, red_flag=0.0, families={})
# Other processes (the bot, the CLI, test workers) may train the same model at once: one
# trains, the others wait for its file.
LOCK_FILE = ".training.lock"


class SentenceEncoder(Protocol):
    """What the model needs of the encoder."""

    model_id: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Reading:
    """What one message means, as every door acts on it."""

    scores: Scores
    crisis: CrisisOutcome
    floor: CrisisSignal | None = None
    red_flag: bool = False
    red_flag_reasons: tuple[str, ...] = ()
    urgent: bool = False
    low_mood: bool = False
    model_read: bool = True  # False when only the pattern floor ran (the model was busy)
    imminent: bool = False  # a plan, a means or a time: the alert never waits for a cooldown
    # What the message asks that only a clinician can answer (a medication, fear of another
    # disease), and whether it describes a condition the summary does not cover.
    care: tuple[str, ...] = ()
    lookalike: bool = False

    @property
    def intents(self) -> dict[str, float]:
        """What the message asks: one probability per intent (issue 17)."""
        return self.scores.intents

    @property
    def check_in(self) -> bool:
        """Moderators are quietly asked to look; nothing is said to the member."""
        return self.crisis == "quiet"

    @property
    def risk(self) -> dict[str, float]:
        """The contract's `risk` object: calibrated, 0-1, rounded for display."""
        return {"crisis": round(self.scores.crisis, 4),
                "low_mood": round(self.scores.low_mood, 4),
                "red_flag": round(self.scores.red_flag, 4)}


class Understanding:
    """Reads messages with the trained heads and the thresholds in `thresholds.yaml`."""

    def __init__(self, encoder: SentenceEncoder, heads: Heads,
                 thresholds: Thresholds | None = None,
                 trained_on: dict[str, object] | None = None,
                 folder: Path | None = None) -> None:
        self.encoder = encoder
        self.heads = heads
        self.thresholds = thresholds or Thresholds.load()
        self.trained_on = trained_on or {}
        self.folder = folder  # the cache it was loaded from (the answer ranker lives there)

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, cache_dir: Path, encoder: SentenceEncoder) -> Understanding:
        """The cached model for this corpus and encoder, trained first when missing."""
        folder = cache_dir / model_key(encoder.model_id)
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / LOCK_FILE).open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                heads = Heads.load(folder / "heads.npz")
                card = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            except (OSError, ValueError, KeyError):
                heads, card = train(encoder, folder)  # missing or damaged: train it again
        return cls(encoder, heads, trained_on=card, folder=folder)

    # -- reading -------------------------------------------------------------------------
    def read(self, text: str) -> Reading:
        """One message."""
        return self.read_many([text])[0]

    def read_many(self, texts: Sequence[str]) -> list[Reading]:
        """A batch, every piece of every message in one pass of the encoder."""
        parts = [pieces(text) for text in texts]
        flat = [piece for group in parts for piece in group]
        vectors = self.encoder.encode(flat) if flat else np.zeros((0, 1), dtype=np.float32)
        return self.read_encoded(texts, parts, vectors)

    def read_encoded(self, texts: Sequence[str], parts: Sequence[Sequence[str]],
                     vectors: np.ndarray) -> list[Reading]:
        """Readings from pieces the caller already encoded (the answer service encodes them
        with its queries, in one pass)."""
        readings, start = [], 0
        for text, group in zip(texts, parts, strict=True):
            scores = (self.heads.score_pieces(vectors[start : start + len(group)], group)
                      if group else NO_SCORES)
            start += len(group)
            readings.append(self.decide(text, scores))
        return readings

    def decide(self, text: str, scores: Scores) -> Reading:
        """Thresholds and the pattern floor applied to a message's scores."""
        t = self.thresholds
        floor = detect_crisis(text)
        if floor is not None or scores.crisis >= t.crisis_act:
            crisis: CrisisOutcome = "act"
        elif scores.crisis >= t.crisis_quiet:
            crisis = "quiet"
        else:
            crisis = "none"
        red_flag = scores.red_flag >= t.red_flag_note
        families = sorted((name for name, p in scores.families.items()
                           if p >= t.red_flag_family), key=lambda n: -scores.families[n])
        reasons = tuple(RED_FLAG_FAMILIES[name][0] for name in families) if red_flag else ()
        if red_flag and not reasons:
            reasons = (GENERIC_RED_FLAG_REASON,)
        urgent = red_flag and any(RED_FLAG_FAMILIES[name][1] for name in families)
        care = tuple(name for name in sorted(CARE_INTENTS)
                     if scores.intents.get(name, 0.0) >= t.care_intent)
        return Reading(scores=scores, crisis=crisis, floor=floor, red_flag=red_flag,
                       red_flag_reasons=reasons, urgent=urgent,
                       low_mood=scores.low_mood >= t.low_mood_support,
                       imminent=crisis == "act" and is_imminent(text), care=care,
                       lookalike=scores.intents.get("lookalike", 0.0) >= t.lookalike)


def floor_reading(text: str) -> Reading:
    """The pattern floor alone, for when the encoder's queue is full: explicit statements
    still act at once; the message is read again by the model when there is room."""
    floor = detect_crisis(text)
    return Reading(scores=NO_SCORES, crisis="act" if floor else "none", floor=floor,
                   model_read=False, imminent=bool(floor and floor.imminent))


def model_key(encoder_id: str) -> str:
    """The cache folder's name: the corpus, the encoder and the training code's version."""
    text = f"{corpus_hash()}|{encoder_id}|{MODEL_VERSION}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def train(encoder: SentenceEncoder, folder: Path) -> tuple[Heads, dict[str, object]]:
    """Train on the whole committed corpus and cache the result in `folder`."""
    examples = load_examples()
    folder.mkdir(parents=True, exist_ok=True)
    encoded = encoded_corpus(encoder, folder, windows=False)
    heads = train_heads(encoded)
    heads.save(folder / "heads.npz")
    card = manifest(examples, corpus_hash(), encoder.model_id, heads)
    write_manifest(folder / "manifest.json", card)
    log.info("understanding model trained: examples=%d", len(examples))
    return heads, card


def encoded_corpus(encoder: SentenceEncoder, folder: Path, windows: bool) -> EncodedCorpus:
    """The corpus's vectors, cached in `folder`: whole messages for training, with their
    windows for evaluation."""
    examples = load_examples()
    path = folder / ("corpus_windows.npz" if windows else "corpus_messages.npz")
    cached = EncodedCorpus.load(path, examples, windows)
    if cached is not None:
        return cached
    folder.mkdir(parents=True, exist_ok=True)
    encoded = encode_corpus(examples, encoder.encode, windows)
    encoded.save(path)
    return encoded


