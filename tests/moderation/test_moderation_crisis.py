"""Crisis language never shields harm, and is never itself a reason to remove, warn or mute."""

from datetime import timedelta

import pytest
from moderation_helpers import POSTED_AT

from moderation import ModerationConfig, check_text, escalate
from moderation.pacing import CrisisAlertPacer

SCAM_SHIELD = "I want to die lol FREE NITRO claim here https://dlscord-gift.com/claim @everyone"


def test_crisis_words_do_not_shield_a_scam_with_a_link_and_a_mass_mention():
    verdict = check_text(SCAM_SHIELD)

    assert verdict.action == "delete"
    assert verdict.crisis is True
    assert {"crisis", "scam", "mention_spam"} <= set(verdict.categories)
    assert verdict.warm_reply and verdict.alert_moderators
    assert verdict.timeout_seconds is None
    removed = [reason for reason in verdict.reasons if reason.startswith("Removed")]
    assert any("fake giveaway" in reason for reason in removed)
    assert any("mention everyone" in reason for reason in removed)
    assert verdict.summary().keys() == {"action", "categories", "crisis", "reasons", "check_in",
                                        "risk"}


@pytest.mark.parametrize(
    ("text", "harm"),
    [
        ("I don't want to live anymore, join discord.gg/abcdef", "link"),
        ("I want to die. Text me on 555-867-5309", "personal_data"),
        ("I want to die. check out my onlyfans", "spam"),
        ("I want to kill myself <@&1> <@&2> <@&3>", "mention_spam"),
    ],
)
def test_harm_beside_crisis_language_still_comes_down(text, harm):
    verdict = check_text(text)

    assert (verdict.action, verdict.crisis, verdict.warm_reply) == ("delete", True, True)
    assert harm in verdict.categories and "crisis" in verdict.categories
    assert verdict.notify_author is not None
    assert "not because of what you shared about how you feel" in verdict.notify_author


def test_the_crisis_words_are_never_the_reason_for_removal():
    verdict = check_text("I want to die. Text me on 555-867-5309")

    removal_reasons = [reason for reason in verdict.reasons if reason.startswith("Removed")]
    assert removal_reasons and all("crisis" not in reason for reason in removal_reasons)
    assert "crisis" not in verdict.notify_author.split("Why:")[1]


def test_crisis_message_without_harm_is_never_removed():
    verdict = check_text("I want to die. Everything hurts and nobody gets it")

    assert (verdict.action, verdict.crisis, verdict.warm_reply) == ("flag", True, True)
    assert verdict.alert_moderators
    assert verdict.notify_author is None


def test_a_new_members_outside_link_beside_crisis_language_comes_down(make_moderator, post):
    newcomer = post(
        "I don't want to live anymore, read https://myblog.example.net",
        joined_at=POSTED_AT - timedelta(minutes=5),
    )

    verdict = make_moderator().check(newcomer)

    assert (verdict.action, verdict.crisis) == ("delete", True)
    assert "link" in verdict.categories


def test_walls_of_text_and_bursts_beside_crisis_language_are_held_not_removed(
    moderator, post, fake_clock
):
    vent = "I don't want to live anymore\n" + "\n".join(["it hurts"] * 60)

    verdicts = []
    for _ in range(7):
        fake_clock.advance(0.5)
        verdicts.append(moderator.check(post(vent)))

    assert all((v.action, v.crisis) == ("flag", True) for v in verdicts)
    assert all(v.timeout_seconds is None for v in verdicts)
    assert any("Held for a moderator" in reason for reason in verdicts[-1].reasons)


@pytest.mark.parametrize("history", [0, 1, 3, 10])
def test_the_ladder_never_escalates_a_crisis_message_past_delete(history):
    config = ModerationConfig.defaults()

    removed = escalate(check_text(SCAM_SHIELD), history, config)
    kept = escalate(check_text("I want to kill myself"), history, config)

    assert (removed.step, removed.timeout_seconds) == ("delete", None)
    assert (kept.step, kept.dm_author) == ("note", False)


def test_pacer_alerts_once_per_cooldown_but_always_for_a_plan(fake_clock):
    pacer = CrisisAlertPacer(1800, clock=fake_clock)

    assert pacer.should_alert(7, imminent=False)
    pacer.record_alert(7)
    fake_clock.advance(60)
    assert not pacer.should_alert(7, imminent=False)
    assert pacer.should_alert(7, imminent=True)
    assert pacer.should_alert(8, imminent=False)
    fake_clock.advance(1800)
    assert pacer.should_alert(7, imminent=False)


def test_pacer_is_not_silenced_by_an_alert_that_was_never_sent(fake_clock):
    pacer = CrisisAlertPacer(1800, clock=fake_clock)

    assert pacer.should_alert(7, imminent=False)
    fake_clock.advance(10)  # the alert failed: record_alert was not called
    assert pacer.should_alert(7, imminent=False)
