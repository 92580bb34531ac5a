"""A member's say over the matching rounds: pause, resume, snooze until a date, leave, how
often, what happens when they are the odd one out, and a private "don't match me with" list.

Every change takes effect at once: the next round and every `/match` read the same rows.
Errors a member can cause are `PreferenceError`, with a message meant for them.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, date, datetime, time, timedelta

from storage import Store

MAX_SNOOZE = timedelta(days=366)
CADENCES = ("2w", "4w", "off")
ODD_ONE_CHOICES = ("trio", "carry_over")


class PreferenceError(ValueError):
    """The change cannot be made as asked; the message says why, for the member."""


NO_PROFILE = ("You have no profile in the matching pool yet: `/start` explains the choices, "
              "and `/profile create` makes one.")


class RoundPreferences:
    """Changes to one member's place in the rounds, checked before they are stored."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def pause(self, member_id: int) -> None:
        """No suggestions and no rounds until the member resumes."""
        await self._require(self.store.profiles.set_paused(member_id, True))

    async def resume(self, member_id: int) -> None:
        """Back in the pool: the pause and any snooze end."""
        await self._require(self.store.profiles.set_paused(member_id, False))
        await self.store.profiles.snooze(member_id, None)

    async def snooze(self, member_id: int, until: date, today: date) -> datetime:
        """No suggestions before `until` (the start of that day, UTC)."""
        if until <= today:
            raise PreferenceError("Please pick a date after today.")
        if until - today > MAX_SNOOZE:
            raise PreferenceError("A snooze can last up to a year; `/rounds pause` stops the "
                                  "rounds until you resume.")
        start = datetime.combine(until, time(0, 0), tzinfo=UTC)
        await self._require(self.store.profiles.snooze(member_id, start))
        return start

    async def leave(self, member_id: int) -> None:
        """Out of the pool at once: the matching consent is withdrawn (the profile stays)."""
        await self.store.consents.withdraw(member_id, "matching")

    async def set_cadence(self, member_id: int, cadence: str) -> None:
        """Every 2 or 4 weeks, or no rounds ("off": `/match` still works)."""
        if cadence not in CADENCES:
            raise PreferenceError(f"Choose one of {', '.join(CADENCES)}.")
        profile = await self.store.profiles.get(member_id)
        if profile is None:
            raise PreferenceError(NO_PROFILE)
        await self.store.profiles.save(member_id, {**profile.fields, "rounds": cadence})

    async def set_odd_one(self, member_id: int, choice: str) -> None:
        """Join a trio, or wait for the next round, when the pool is odd."""
        if choice not in ODD_ONE_CHOICES:
            raise PreferenceError(f"Choose one of {', '.join(ODD_ONE_CHOICES)}.")
        await self._require(self.store.profiles.set_odd_one(member_id, choice))

    async def avoid(self, member_id: int, other_id: int) -> None:
        """Never suggest these two to each other; the other member is not told."""
        if other_id == member_id:
            raise PreferenceError("You are never matched with yourself.")
        await self.store.match_exclusions.add(member_id, other_id, "avoid")

    async def unavoid(self, member_id: int, other_id: int) -> bool:
        """Take someone off the list; False when they were not on it."""
        return await self.store.match_exclusions.remove(member_id, other_id, "avoid")

    @staticmethod
    async def _require(changed: Awaitable[bool]) -> None:
        """A change that needs a profile: False from the repository means there is none."""
        if not await changed:
            raise PreferenceError(NO_PROFILE)
