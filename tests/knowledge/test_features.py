"""Symptom features from members' own words: patterns, negation, outcomes, profile values."""

from __future__ import annotations

import time

from knowledge.features import extract_features

PROFILE_SIDES = {"left", "right", "both"}
PROFILE_LISTS = {
    "muscles": {"calves", "hamstrings", "quadriceps", "glutes", "hip_flexors", "foot_ankle"},
    "movements": {"hip_flexion", "hip_rotation", "knee_extension", "foot_splay",
                  "ankle_inversion_eversion", "toe_clawing"},
    "triggers": {"longer_runs", "faster_pace", "flat_surfaces", "races", "long_fast_intervals",
                 "any_running"},
    "tolerated": {"easy_pace_rough_terrain", "short_fast_intervals"},
    "tests_done": {"mri", "emg", "nerve_conduction", "straight_leg_raise", "other"},
}
STRATEGIES = {"hip_thigh_strength", "physical_therapy", "training_changes", "extended_break",
              "surgery", "medication", "botulinum_toxin"}
OUTCOMES = {"helped", "no_change", "worse"}


def test_a_classic_story_yields_its_features_with_the_words_they_came_from() -> None:
    found = extract_features(
        "Started 3 years ago late in marathons: my right hammy tightens and the leg won't swing "
        "through. Now it comes on after 15 min of tempo. Trails at easy pace are fine though. "
        "MRI clean, physio did nothing.")
    fields = found.profile_fields()
    assert fields["side"] == "right"
    assert "hamstrings" in fields["muscles"]
    assert "hip_flexion" in fields["movements"]
    assert {"faster_pace", "races"} <= set(fields["triggers"])
    assert fields["tolerated"] == ["easy_pace_rough_terrain"]
    assert fields["tests_done"] == ["mri"]
    assert fields["tried"] == {"physical_therapy": "no_change"}
    assert any(e.words == "hammy" for e in found.muscles)


def test_profile_fields_use_only_the_contract_names_and_values() -> None:
    story = ("Left glute switches off on the road, my toes curl and ankle rolls in, foot splays. "
             "Strides are ok. Took 6 months off running which helped, botox made it worse, "
             "surgery didn't change a thing. Had EMG and nerve conduction and an MRI.")
    fields = extract_features(story).profile_fields()
    assert set(fields) <= {"side", *PROFILE_LISTS, "tried"}
    assert fields["side"] in PROFILE_SIDES
    for name, allowed in PROFILE_LISTS.items():
        assert set(fields.get(name, [])) <= allowed, name
    assert set(fields["tried"]) <= STRATEGIES and set(fields["tried"].values()) <= OUTCOMES
    assert fields["tried"] == {"extended_break": "helped", "botulinum_toxin": "worse",
                               "surgery": "no_change"}


def test_what_the_member_rules_out_is_not_a_feature() -> None:
    found = extract_features("Never had an MRI or an EMG, and no physio either.")
    assert found.tests_done == []
    assert found.tried == []


def test_a_clause_that_is_fine_gives_tolerated_not_triggers() -> None:
    found = extract_features("strides and 200s are fine but anything over a mile at 5k pace and "
                             "my leg falls apart")
    assert found.values("tolerated") == ["short_fast_intervals"]
    assert "short_fast_intervals" not in found.values("triggers")
    assert "faster_pace" in found.values("triggers")


def test_other_activities_affected_and_spreading_course() -> None:
    found = extract_features("It began in races, then long runs, and this year it's there on my "
                             "walks to work as well. Now cycling feels off too.")
    assert set(found.values("activities_affected")) == {"walking", "cycling"}
    assert "spreading" in found.values("course")


def test_stopping_to_walk_is_the_classic_picture_not_an_activity_affected() -> None:
    found = extract_features("When I stop and walk it goes away at once; walking is totally fine.")
    assert found.activities_affected == []


def test_a_worry_asked_is_not_a_symptom_told() -> None:
    assert extract_features("Will I stop being able to walk?").activities_affected == []


def test_course_stable_improving_worsening() -> None:
    assert extract_features("honestly not better not worse for years").values("course") == [
        "stable"]
    assert extract_features("it's slowly getting better").values("course") == ["improving"]
    assert extract_features("it comes on earlier and earlier").values("course") == ["worsening"]


def test_extraction_is_fast_on_adversarial_text() -> None:
    text = ("left " * 400 + "no not never " * 100 + "a" * 1500)[:4000]
    started = time.perf_counter()
    extract_features(text)
    assert time.perf_counter() - started < 0.5


def test_many_strategies_in_one_sentence_stay_linear() -> None:
    text = ("pt botox surgery " * 300)[:4000]
    started = time.perf_counter()
    extract_features(text)
    assert time.perf_counter() - started < 0.5
