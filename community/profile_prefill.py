"""A profile prefilled from the story a member told the bot, offered and never kept unasked.

When the answer engine finds enough symptom features in a member's story, the answer offers
to start a profile from them. Nothing is stored by offering: a private ask or a direct
message keeps no question text, so the values found travel in the button itself, as a
compact code of bit sets over the profile contract's value lists (at most 41 bits, eleven
hex digits, well within Discord's 100-character custom id). The code is parsed strictly and
can only ever name values of the contract's vocabulary: a tampered code is refused, or at
worst names other values the member sees and confirms before anything is saved.

Saving records the member's profile consent (scope and time) and then the profile.
"""

from __future__ import annotations

import logging
import re
from typing import Any, get_args

from community.profiles import (
    Movement,
    Muscle,
    Outcome,
    Profile,
    Strategy,
    Test,
    Tolerated,
    Trigger,
    parse_profile,
)
from storage import StorageUnavailable, Store
from storage.records import StoredProfile

log = logging.getLogger(__name__)

MIN_FIELDS = 2  # fewer found fields make no useful start

SIDES: tuple[str, ...] = ("left", "right", "both")
# The list fields as bit sets, in this order, each over its contract values.
BIT_SETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("muscles", get_args(Muscle)),
    ("movements", get_args(Movement)),
    ("triggers", get_args(Trigger)),
    ("tolerated", get_args(Tolerated)),
    ("tests_done", get_args(Test)),
)
STRATEGIES: tuple[str, ...] = get_args(Strategy)
OUTCOMES: tuple[str, ...] = get_args(Outcome)
OUTCOME_BITS = 2  # 0: not told, else 1 + the outcome's index
SIDE_BITS = 2  # 0: not told, else 1 + the side's index
BITS = SIDE_BITS + sum(len(values) for _, values in BIT_SETS) + OUTCOME_BITS * len(STRATEGIES)
CODE_DIGITS = (BITS + 3) // 4
assert len(SIDES) == len(OUTCOMES) == 2**SIDE_BITS - 1 == 2**OUTCOME_BITS - 1
_CODE = re.compile(rf"[0-9a-f]{{{CODE_DIGITS}}}")


class PrefillCodeError(ValueError):
    """A code that is not one this module wrote."""


class AlreadyHasProfile(RuntimeError):
    """The member made a profile meanwhile: the prefill would overwrite it."""


def encode(fields: dict[str, Any]) -> str:
    """The code of the contract fields `side`, the list fields above and `tried`; other
    fields are not carried. A value outside the vocabulary is a ValueError."""
    number, shift = 0, 0

    def put(value: int, width: int) -> None:
        nonlocal number, shift
        number |= value << shift
        shift += width

    side = fields.get("side")
    put(0 if side is None else 1 + SIDES.index(side), SIDE_BITS)
    for name, values in BIT_SETS:
        chosen = fields.get(name) or []
        put(sum(1 << values.index(value) for value in set(chosen)), len(values))
    tried = fields.get("tried") or {}
    unknown = set(tried) - set(STRATEGIES)
    if unknown:
        raise ValueError(f"tried: {sorted(unknown)} not in the vocabulary")
    for strategy in STRATEGIES:
        outcome = tried.get(strategy)
        put(0 if outcome is None else 1 + OUTCOMES.index(outcome), OUTCOME_BITS)
    return f"{number:0{CODE_DIGITS}x}"


def decode(code: str) -> dict[str, Any]:
    """The fields a code names, in the contract's names and value order; PrefillCodeError
    for anything `encode` could not have written."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise PrefillCodeError("not a prefill code")
    number = int(code, 16)
    if number >> BITS:
        raise PrefillCodeError("not a prefill code")

    def take(width: int) -> int:
        nonlocal number
        value = number & ((1 << width) - 1)
        number >>= width
        return value

    fields: dict[str, Any] = {}
    # Three sides and three outcomes fill their two bits exactly: every number names values.
    side = take(SIDE_BITS)
    if side:
        fields["side"] = SIDES[side - 1]
    for name, values in BIT_SETS:
        bits = take(len(values))
        if bits:
            fields[name] = [value for i, value in enumerate(values) if bits >> i & 1]
    tried = {}
    for strategy in STRATEGIES:
        outcome = take(OUTCOME_BITS)
        if outcome:
            tried[strategy] = OUTCOMES[outcome - 1]
    if tried:
        fields["tried"] = tried
    return fields


def worth_offering(fields: dict[str, Any]) -> bool:
    """Enough was found to make a useful start."""
    return len([value for value in fields.values() if value]) >= MIN_FIELDS


def prefilled_profile(member_id: int, fields: dict[str, Any]) -> Profile:
    """The profile the member would have, validated like any other (nothing stored)."""
    return parse_profile({**fields, "member": str(member_id)})


class ProfileOffers:
    """Whether to offer a prefilled profile, and saving it once the member says yes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def offer_code(self, member_id: int, fields: dict[str, Any]) -> str | None:
        """The code for the offer, or None: too little found, a profile already there, or
        the database unavailable (the answer goes out without the offer)."""
        if not worth_offering(fields):
            return None
        try:
            code = encode(fields)
        except ValueError:
            log.warning("prefill not offered: a found value is outside the vocabulary")
            return None
        try:
            if await self.store.profiles.get(member_id) is not None:
                return None
        except StorageUnavailable:
            return None
        return code

    async def has_profile(self, member_id: int) -> bool:
        """Whether to offer the prefilled form at all: a member with a profile edits it instead."""
        return await self.store.profiles.get(member_id) is not None

    async def save(self, member_id: int, profile: Profile) -> StoredProfile:
        """Record the profile consent, then save; AlreadyHasProfile if one exists."""
        if await self.has_profile(member_id):
            raise AlreadyHasProfile("You have a profile already: /profile view or /profile edit.")
        await self.store.consents.grant(member_id, "profile")
        return await self.store.profiles.save(
            member_id, profile.model_dump(exclude={"member", "consent"}))
