"""The prefill code: round trips, fits a custom id, refuses tampering, and only ever names
the contract's vocabulary; saving records the consent first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community.profile_prefill import (
    BIT_SETS,
    CODE_DIGITS,
    OUTCOMES,
    SIDES,
    STRATEGIES,
    AlreadyHasProfile,
    PrefillCodeError,
    ProfileOffers,
    decode,
    encode,
    prefilled_profile,
    worth_offering,
)
from knowledge.features import extract_features
from storage import Store

MEMBER = 123456789012345678
STORY = ("My right hamstring and glutes stop firing after about 8 km on flat roads. Easy trail "
         "runs are fine. I took three months off and it didn't help.")


def _subset(values: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), unique=True).map(
        lambda chosen: [v for v in values if v in chosen])


found_fields = st.fixed_dictionaries({}, optional={
    "side": st.sampled_from(SIDES),
    **{name: _subset(values).filter(bool) for name, values in BIT_SETS},
    "tried": st.dictionaries(st.sampled_from(STRATEGIES), st.sampled_from(OUTCOMES),
                             min_size=1).map(lambda d: {s: d[s] for s in STRATEGIES if s in d}),
})


def _unordered(fields):
    """The code keeps the contract's value order, not the order they were told in."""
    return {k: sorted(v) if isinstance(v, list) else v for k, v in fields.items()}


@given(found_fields)
def test_a_code_round_trips_and_fits_a_custom_id(fields):
    code = encode(fields)
    assert decode(code) == fields
    assert len(f"llc:prefill-offer:{2**64 - 1}:{code}") <= 100


@given(st.integers(min_value=0, max_value=16**CODE_DIGITS - 1))
def test_any_code_decodes_to_a_valid_profile_or_is_refused(number):
    code = f"{number:0{CODE_DIGITS}x}"
    try:
        fields = decode(code)
    except PrefillCodeError:
        return
    assert encode(fields) == code
    prefilled_profile(MEMBER, fields)  # only the contract's vocabulary: it validates


@given(st.text(max_size=20))
def test_text_that_is_not_a_code_is_refused(text):
    try:
        fields = decode(text)
    except PrefillCodeError:
        return
    assert encode(fields) == text  # only exactly what encode writes is accepted


@pytest.mark.parametrize("code", ["", "0" * (CODE_DIGITS - 1), "0" * (CODE_DIGITS + 1),
                                  "A" * CODE_DIGITS, "f" * CODE_DIGITS, " " + "0" * CODE_DIGITS,
                                  "0" * (CODE_DIGITS - 1) + "\n", "g" * CODE_DIGITS])
def test_tampered_codes_are_refused(code):
    with pytest.raises(PrefillCodeError):
        decode(code)


def test_values_outside_the_vocabulary_are_not_encoded():
    for fields in ({"side": "middle"}, {"muscles": ["toes"]}, {"tried": {"yoga": "helped"}},
                   {"tried": {"surgery": "maybe"}}):
        with pytest.raises(ValueError):
            encode(fields)


def test_a_story_gives_enough_for_an_offer_and_a_question_does_not():
    fields = extract_features(STORY).profile_fields()
    assert worth_offering(fields) and _unordered(decode(encode(fields))) == _unordered(fields)
    assert not worth_offering(extract_features("What makes LLC worse?").profile_fields())


async def test_an_offer_stores_nothing_and_saving_records_consent_first(store: Store):
    offers = ProfileOffers(store)
    fields = extract_features(STORY).profile_fields()
    code = await offers.offer_code(MEMBER, fields)
    assert code is not None
    assert await store.consents.history(MEMBER) == []
    assert await store.profiles.get(MEMBER) is None
    saved = await offers.save(MEMBER, prefilled_profile(MEMBER, decode(code)))
    assert saved.fields["side"] == "right"
    assert [c.scope for c in await store.consents.history(MEMBER)] == ["profile"]
    assert await offers.offer_code(MEMBER, fields) is None  # a profile now: no offer
    with pytest.raises(AlreadyHasProfile):
        await offers.save(MEMBER, prefilled_profile(MEMBER, fields))
