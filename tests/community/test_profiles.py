"""The profile contract, per-field visibility, the anonymised card and the completeness hint."""

from __future__ import annotations

import pytest

from community.profiles import (
    Profile,
    ProfileError,
    Viewer,
    Visibility,
    card,
    completeness,
    parse_profile,
    visibility_with,
)

FULL = {
    "member": "123456789012345678", "side": "right", "muscles": ["hamstrings", "glutes"],
    "movements": ["hip_flexion"], "triggers": ["flat_surfaces", "faster_pace"],
    "tolerated": ["easy_pace_rough_terrain"], "onset_age": 41, "years_since_onset": 3.5,
    "weekly_km_before": 70, "level_at_worst": "stopped", "level_now": "some_restrictions",
    "tried": {"hip_thigh_strength": "helped", "surgery": "no_change"},
    "tests_done": ["mri"], "other_diagnoses": ["ITB syndrome"],
    "story": "My right hamstring stops firing on flat fast runs.",
    "timezone": "Europe/Berlin", "wants": "improved", "rounds": "2w",
    "consent": {"profile": True, "matching": True, "story": True},
}


def test_only_member_is_required_and_absent_fields_take_the_contract_defaults():
    profile = parse_profile({"member": "42"})
    assert profile.rounds == "4w"
    assert profile.consent.model_dump() == {"profile": False, "matching": False,
                                            "story": False}
    assert profile.contract()["member"] == "42"


def test_a_full_profile_round_trips_through_its_contract_form():
    profile = parse_profile(FULL)
    assert parse_profile(profile.contract()) == profile


@pytest.mark.parametrize(("change", "field"), [
    ({"side": "sideways"}, "side"),
    ({"muscles": ["hamstrings", "elbows"]}, "muscles"),
    ({"level_now": "great"}, "level_now"),
    ({"tried": {"yoga": "helped"}}, "tried"),
    ({"tried": {"surgery": "amazing"}}, "tried"),
    ({"rounds": "weekly"}, "rounds"),
    ({"consent": {"profile": "maybe"}}, "consent"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"onset_age": "old"}, "onset_age"),
    ({"favourite_shoe": "x"}, "favourite_shoe"),
    ({"member": "not-an-id"}, "member"),
])
def test_a_value_outside_the_lists_is_an_error_naming_the_field(change, field):
    with pytest.raises(ProfileError) as raised:
        parse_profile({**FULL, **change})
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")


def test_a_missing_member_is_named():
    with pytest.raises(ProfileError, match=r"^member: is required"):
        parse_profile({"side": "left"})


def test_improved_means_a_better_level_or_a_strategy_that_helped():
    assert Profile(member="1", level_at_worst="stopped", level_now="far_below").improved
    assert Profile(member="1", tried={"extended_break": "helped"}).improved
    assert not Profile(member="1", level_at_worst="far_below", level_now="far_below",
                       tried={"surgery": "worse"}).improved


def test_a_peer_sees_the_symptoms_but_not_story_age_diagnoses_or_time_zone():
    shown = card(parse_profile(FULL), Viewer.PEER)
    assert "hamstrings and glutes" in shown and "right leg" in shown
    for private in ("Berlin", "ITB", "flat fast runs", "41", FULL["member"]):
        assert private not in shown


def test_the_member_sees_everything_on_their_own_card_and_moderators_see_more_than_peers():
    profile = parse_profile(FULL)
    assert "ITB syndrome" in card(profile, Viewer.SELF)
    assert "Story: My right hamstring" in card(profile, Viewer.SELF)
    assert "Age at onset: 41" in card(profile, Viewer.MODERATOR)
    assert "Age at onset: 41" not in card(profile, Viewer.PEER)


def test_a_member_can_share_their_story_with_peers_only_with_story_consent():
    shared = visibility_with({"story": "peers"})
    profile = parse_profile(FULL)
    assert "Story:" in card(profile, Viewer.PEER, shared)
    no_consent = parse_profile({**FULL, "consent": {"profile": True}})
    assert "Story:" not in card(no_consent, Viewer.PEER, shared)


def test_a_member_can_hide_a_field_from_peers():
    hidden = visibility_with({"muscles": "me"})
    assert hidden["muscles"] is Visibility.ME
    assert "hamstrings" not in card(parse_profile(FULL), Viewer.PEER, hidden)
    with pytest.raises(ProfileError, match=r"^muscles: visibility"):
        visibility_with({"muscles": "everyone"})


def test_completeness_names_what_would_help_most():
    share, hint = completeness(parse_profile({"member": "1", "side": "left"}))
    assert 0 < share < 0.2
    assert "muscles" in hint and "triggers" in hint
    assert completeness(parse_profile(FULL)) == (1.0, "Your profile is complete.")
