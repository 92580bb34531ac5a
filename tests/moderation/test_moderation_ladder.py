"""The enforcement ladder: note -> warn -> delete -> timeout by recent infractions."""

import pytest

from moderation import ModerationConfig, Verdict, escalate

CONFIG = ModerationConfig.defaults()


def verdict(action: str, *, crisis: bool = False, timeout_seconds: int | None = None) -> Verdict:
    return Verdict(
        action=action,
        categories=["crisis"] if crisis else ["spam"],
        crisis=crisis,
        reasons=["because"],
        timeout_seconds=timeout_seconds,
    )


@pytest.mark.parametrize(
    ("infractions", "step", "timeout"),
    [(0, "delete", None), (1, "delete", None), (2, "delete", None), (3, "timeout", 600),
     (5, "timeout", 86400), (40, "timeout", 86400)],
)
def test_removed_message_escalates_with_recent_infractions(infractions, step, timeout):
    enforcement = escalate(verdict("delete"), infractions, CONFIG)

    assert (enforcement.step, enforcement.timeout_seconds) == (step, timeout)
    assert enforcement.dm_author


@pytest.mark.parametrize(("infractions", "step"), [(0, "note"), (1, "warn"), (7, "warn")])
def test_flagged_message_is_noted_then_warned_but_never_removed(infractions, step):
    assert escalate(verdict("flag"), infractions, CONFIG).step == step


def test_first_note_does_not_message_the_author():
    assert escalate(verdict("flag"), 0, CONFIG).dm_author is False


def test_verdict_timeout_is_kept_when_longer_than_the_ladder():
    enforcement = escalate(verdict("timeout", timeout_seconds=3600), 3, CONFIG)

    assert (enforcement.step, enforcement.timeout_seconds) == ("timeout", 3600)


def test_crisis_is_never_an_infraction():
    assert escalate(verdict("flag", crisis=True), 10, CONFIG).step == "note"


def test_allowed_message_needs_nothing():
    assert escalate(verdict("allow"), 10, CONFIG).step == "none"


def test_guild_can_set_its_own_ladder():
    strict = CONFIG.with_overrides(
        {"ladder": [{"after": 0, "step": "timeout", "timeout_seconds": 60}]}
    )

    enforcement = escalate(verdict("delete"), 0, strict)

    assert (enforcement.step, enforcement.timeout_seconds) == ("timeout", 60)
