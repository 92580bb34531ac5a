"""Nothing a member writes can stall the bot: every regex of moderation/ and knowledge/, and
the entry points that run them, stay linear on adversarial text.

The patterns are found, not listed: a fresh interpreter records every pattern compiled by code
of those packages while it imports each of their modules (walking the packages, so patterns
added later are covered too) and runs the entry points once, which builds the patterns made on
demand (cached builders, per-word patterns). Each is then run over every shape of
tests/adversarial_texts.py at 4,000 characters, the most a Discord message holds.

Limits are generous, to catch super-linear work rather than a slow machine: 50 ms of CPU per
pattern per text, and at most ten times slower at 4,000 characters than at 1,000 (linear
work is four times slower, quadratic sixteen) once the time is large enough to measure.
"""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from adversarial_texts import MESSAGE_CHARS, adversarial_texts

from community.community_post import compose_community_post
from knowledge.crisis import detect_crisis
from knowledge.triage import triage
from knowledge.understanding.text import pieces
from moderation import MentionCounts, MessageContext, Moderator, check_text
from moderation.personal_data import _EMAIL

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("moderation", "knowledge")
LIMIT_MS = 50.0
SHORT_CHARS = MESSAGE_CHARS // 4
MAX_GROWTH = 10.0  # linear: 4, quadratic: 16
MEASURABLE_MS = 5.0  # below this, timer noise swamps the growth ratio
ROUNDS = 5

_RECORD = textwrap.dedent(
    """
    import importlib, json, pkgutil, re, sys

    PACKAGES = {packages!r}
    seen = set()
    compile_ = re._compile

    def recording(pattern, flags):
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__", "").startswith("re"):
            frame = frame.f_back
        caller = "" if frame is None else frame.f_globals.get("__name__", "")
        if isinstance(pattern, str) and caller.split(".")[0] in PACKAGES:
            seen.add((caller, pattern, int(flags)))
        return compile_(pattern, flags)

    re._compile = recording
    for name in PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, name + "."):
            importlib.import_module(module.name)
    # Patterns built on first use: run the entry points on text that reaches them.
    from knowledge.understanding.text import pieces
    from knowledge.triage import triage
    from moderation import check_text
    sample = ("I want to die, f*ck this. Call me on 07700 900123 at jo@example.com, "
              "see https://dlscord-gift.com/x <@123> aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
              "my legs feel numb and I'm so tired of living since the injury")
    check_text(sample)
    triage(sample)
    pieces(sample)
    json.dump(sorted(seen), sys.stdout)
    """
)


@cache
def recorded_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(module, compiled pattern) for every pattern compiled by the packages' code."""
    script = _RECORD.format(packages=PACKAGES)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
             "PATH": "/usr/bin:/bin"},
    )
    found = json.loads(result.stdout)
    return tuple((module, re.compile(pattern, flags)) for module, pattern, flags in found)


def run_ms(run: Callable[[str], object], text: str) -> float:
    """The CPU time of one run on this thread, without the garbage collector (as timeit
    does): other processes on the machine, and threads of earlier tests holding the GIL,
    must not count, nor a collection, which costs with the size of the whole process."""
    gc.disable()
    try:
        started = time.thread_time_ns()
        run(text)
        return (time.thread_time_ns() - started) / 1e6
    finally:
        gc.enable()


def every_match(pattern: re.Pattern[str]) -> Callable[[str], object]:
    """Search from every position, as finditer, sub and split do: the worst way to run it."""
    return lambda text: sum(1 for _ in pattern.finditer(text))


def too_slow(run: Callable[[str], object], long: str, short: str) -> str | None:
    """Why `run` is not linear on this text, or None. The two lengths are timed in turns and
    the fastest of each kept, so a burst of other work on the machine cannot fake growth."""
    if run_ms(run, long) < MEASURABLE_MS:
        return None
    took = before = float("inf")
    for _ in range(ROUNDS):
        took = min(took, run_ms(run, long))
        before = min(before, run_ms(run, short))
    if took > LIMIT_MS:
        return f"{took:.1f} ms at {len(long)} characters"
    if took >= MEASURABLE_MS and took > MAX_GROWTH * max(before, 0.1):
        return f"{before:.2f} ms -> {took:.2f} ms from {len(short)} to {len(long)} characters"
    return None


def test_the_recorder_finds_module_and_built_patterns():
    patterns = {pattern.pattern for _, pattern in recorded_patterns()}
    modules = {module for module, _ in recorded_patterns()}

    assert _EMAIL.pattern in patterns
    assert {"moderation.links", "knowledge.crisis", "knowledge.triage"} <= modules
    assert any(p.startswith("([^") for p in patterns)  # message_spam's cached run builder


def test_every_pattern_is_linear_on_adversarial_text():
    long, short = adversarial_texts(MESSAGE_CHARS), adversarial_texts(SHORT_CHARS)
    # Most patterns run on lowercased text, a few look for capitals: both cases are tried.
    pairs = {(shape, case(long[shape]), case(short[shape]))
             for shape in long for case in (str, str.lower)}
    slow = [
        f"{module} {pattern.pattern[:60]!r} on {shape}: {why}"
        for module, pattern in recorded_patterns()
        for shape, text, shorter in sorted(pairs)
        if (why := too_slow(every_match(pattern), text, shorter))
    ]
    assert slow == []


def _moderate(text: str) -> object:
    posted = datetime(2026, 3, 1, tzinfo=UTC)
    return Moderator().check(MessageContext(
        text=text, author_id=1, channel_id=2, guild_id=3,
        account_created_at=posted - timedelta(days=900), joined_at=posted - timedelta(days=90),
        mentions=MentionCounts.from_text(text), timestamp=posted))


ENTRY_POINTS: dict[str, Callable[[str], object]] = {
    "check_text": check_text,
    "Moderator.check": _moderate,
    "detect_crisis": detect_crisis,
    "triage": triage,
    "pieces": pieces,
    "compose_community_post": lambda text: compose_community_post(
        text, member_id=1, anonymous=True),
}


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_entry_points_are_linear_on_adversarial_text(entry):
    run = ENTRY_POINTS[entry]
    long, short = adversarial_texts(MESSAGE_CHARS), adversarial_texts(SHORT_CHARS)
    slow = [f"{shape}: {why}" for shape, text in long.items()
            if (why := too_slow(run, text, short[shape]))]
    assert slow == []
