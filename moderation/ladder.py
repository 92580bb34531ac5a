"""The enforcement ladder: note -> warn (DM) -> delete -> timeout, by recent infractions.

A verdict's action is the floor (a scam is removed on a first offence); the member's history
can only raise it. Two exceptions keep people safe: a flagged message is held for a moderator,
so the ladder never removes it, and crisis language is not an infraction at all: a crisis
message that carried harm is removed (delete, with the author told why) but never escalated
to a warning or a timeout, whatever the member's history.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from moderation.config import LadderStepName, ModerationConfig
from moderation.verdict import Verdict

EnforcementStep = Literal["none", "note", "warn", "delete", "timeout"]

_ORDER: tuple[EnforcementStep, ...] = ("none", "note", "warn", "delete", "timeout")
_FLOOR: dict[str, EnforcementStep] = {
    "allow": "none", "flag": "note", "delete": "delete", "timeout": "timeout"
}


class Enforcement(BaseModel):
    """What to do to the member: "note" logs only, "warn" and above DM the author."""

    model_config = ConfigDict(frozen=True)

    step: EnforcementStep
    timeout_seconds: int | None = None
    dm_author: bool = False


def escalate(verdict: Verdict, recent_infractions: int, config: ModerationConfig) -> Enforcement:
    """The step for this verdict given how many infractions the member had recently."""
    if verdict.action == "allow":
        return Enforcement(step="none")
    if verdict.crisis:
        if verdict.action == "delete":
            return Enforcement(step="delete", dm_author=True)
        return Enforcement(step="note")
    reached = [step for step in config.ladder if step.after <= recent_infractions]
    history = max(reached, key=lambda step: step.after) if reached else None
    history_step: LadderStepName | Literal["none"] = history.step if history else "none"
    step = max(_FLOOR[verdict.action], history_step, key=_ORDER.index)
    if verdict.action == "flag":
        step = min(step, "warn", key=_ORDER.index)
    timeout = None
    if step == "timeout":
        timeout = max(
            verdict.timeout_seconds or 0, (history.timeout_seconds if history else None) or 0
        )
    return Enforcement(
        step=step,
        timeout_seconds=timeout or None,
        dm_author=_ORDER.index(step) >= _ORDER.index("warn"),
    )
