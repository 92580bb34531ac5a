"""Synthetic cohorts for tests, benchmarks and demos: no real member's data, ever.

Profiles draw every field from the contract's vocabulary; a story is written from the
fields in one of two wordings, so a planted "near twin" (same fields, one value changed,
the story reworded) reads differently but says the same.
"""

from __future__ import annotations

import random
from typing import Any, get_args

from community.profiles import (
    LEVELS,
    Movement,
    Muscle,
    Outcome,
    Profile,
    Strategy,
    Test,
    Tolerated,
    Trigger,
    join_words,
    words,
)

_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Europe/London",
          "America/Denver", "Asia/Tokyo")


def _some(rng: random.Random, values: tuple[str, ...], low: int, high: int) -> list[str]:
    return rng.sample(values, rng.randint(low, min(high, len(values))))


def random_fields(rng: random.Random) -> dict[str, Any]:
    """Every symptom field of the contract, drawn at random."""
    worst = rng.randrange(1, len(LEVELS))
    return {
        "side": rng.choice(("left", "right", "both")),
        "muscles": _some(rng, get_args(Muscle), 1, 3),
        "movements": _some(rng, get_args(Movement), 1, 2),
        "triggers": _some(rng, get_args(Trigger), 1, 3),
        "tolerated": _some(rng, get_args(Tolerated), 0, 2),
        "onset_age": rng.randint(18, 70),
        "years_since_onset": round(rng.uniform(0.5, 15), 1),
        "weekly_km_before": float(rng.randrange(10, 160, 5)),
        "level_at_worst": LEVELS[worst],
        "level_now": LEVELS[rng.randrange(0, worst + 1)],
        "tried": {s: rng.choice(get_args(Outcome))
                  for s in _some(rng, get_args(Strategy), 0, 3)},
        "tests_done": _some(rng, get_args(Test), 0, 2),
    }


def story(fields: dict[str, Any], wording: int) -> str:
    """A short first-person story that says what `fields` say, in wording 0 or 1."""
    leg = "both legs" if fields["side"] == "both" else f"my {fields['side']} leg"
    muscles = join_words([words(m) for m in fields["muscles"]])
    triggers = join_words([words(t) for t in fields["triggers"]])
    helped = join_words([words(s) for s, o in fields["tried"].items() if o == "helped"])
    if wording == 0:
        text = (f"When I run, {leg} stops cooperating: the {muscles} just will not fire. "
                f"It gets worse with {triggers}.")
        return text + (f" What helped me was {helped}." if helped else "")
    text = (f"My {muscles} in {leg.removeprefix('my ')} lose coordination whenever I go for a run, "
            f"especially with {triggers}.")
    return text + (f" I got better thanks to {helped}." if helped else "")


def random_profile(rng: random.Random, member: int, *, with_story: bool = True) -> Profile:
    """A consenting member's complete profile."""
    fields = random_fields(rng)
    extra: dict[str, Any] = {"story": story(fields, rng.randrange(2))} if with_story else {}
    return Profile.model_validate({
        "member": str(member), **fields, **extra, "timezone": rng.choice(_ZONES),
        "consent": {"profile": True, "matching": True, "story": with_story}})


def near_twin(rng: random.Random, original: Profile, member: int) -> Profile:
    """The same profile with one value changed and the story reworded."""
    fields = {k: v for k, v in original.contract().items()
              if k not in ("member", "story", "consent")}
    name = rng.choice(("side", "onset_age", "weekly_km_before", "years_since_onset",
                       "level_now", "movements"))
    if name == "side":
        fields["side"] = rng.choice([s for s in ("left", "right", "both") if s != fields["side"]])
    elif name == "movements":
        fields["movements"] = _some(rng, get_args(Movement), 1, 2)
    elif name == "level_now":
        fields["level_now"] = rng.choice([lv for lv in LEVELS if lv != fields["level_now"]])
    else:
        fields[name] = fields[name] + 3
    wording = 0 if original.story and original.story.startswith("My ") else 1
    extra = {"story": story(fields, wording)} if original.story else {}
    return Profile.model_validate({"member": str(member), **fields, **extra,
                                   "consent": original.consent.model_dump()})
