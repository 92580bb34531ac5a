"""What this process wrote of what peer matching reads, so a pool kept in memory can take
each change in instead of being built again.

Building the matching pool costs seconds at 100,000 profiles, so the bot builds it once and
keeps it (`community.pool_cache`). The repositories that write what it reads say here what
changed: a member's profile (saved or deleted, profile or story consent given or withdrawn),
a member's standing in the pool (matching consent, a pause or snooze), whether two members
are excluded (a block or a "don't match me with"), a pair's new history (a request, an
introduction), or all the rules at once (a round recorded, a forget). Each change takes the
next number of one counter, and a reader asks what changed after the number it has seen.
The record is per process: another process's writes reach the pool when it is next built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

#: Consent scopes whose change alters the member's profile in the pool (the rest, its rules).
PROFILE_SCOPES = frozenset({"profile", "story"})
MATCHING_SCOPES = frozenset({"profile", "matching", "story"})
MAX_REMEMBERED = 10_000  # changes of a kind remembered one by one; beyond, "all changed"

Pair = tuple[int, int]
_Key = TypeVar("_Key", int, Pair)  # what a change names: a member, or a pair of them


@dataclass(frozen=True, slots=True)
class Changed:
    """What changed after a given count (see `MatchingChanges.since`)."""

    all_profiles: bool  # more than could be listed: build the pool again
    all_rules: bool  # a write that touched many pairs, or too many to list: read the rules
    profiles: frozenset[int]
    standings: frozenset[int]
    exclusions: frozenset[Pair]
    history: frozenset[Pair]

    @property
    def rules(self) -> bool:
        """Whether anything about who may meet whom changed."""
        return bool(self.all_rules or self.profiles or self.standings or self.exclusions
                    or self.history)


_NOTHING = Changed(all_profiles=False, all_rules=False, profiles=frozenset(),
                   standings=frozenset(), exclusions=frozenset(), history=frozenset())


@dataclass(slots=True)
class MatchingChanges:
    """The numbered record of this process's writes to matching data."""

    count: int = 0
    _all_profiles_at: int = 0
    _all_rules_at: int = 0
    _profiles: dict[int, int] = field(default_factory=dict)  # member -> count at change
    _standings: dict[int, int] = field(default_factory=dict)
    _exclusions: dict[Pair, int] = field(default_factory=dict)
    _history: dict[Pair, int] = field(default_factory=dict)

    def profile_changed(self, member_id: int) -> None:
        """A profile was saved or deleted: the pool re-reads that member's profile."""
        self.count += 1
        self._profiles[member_id] = self.count
        if len(self._profiles) > MAX_REMEMBERED:
            self._all_profiles_at = self.count
            self._profiles.clear()

    def standing_changed(self, member_id: int) -> None:
        """A pause or snooze changed: only whether the member is in the pool needs reading."""
        self._note_rule(self._standings, member_id)

    def exclusion_changed(self, one: int, other: int) -> None:
        """A block or "don't match me with" between two members was added or removed."""
        self._note_rule(self._exclusions, (min(one, other), max(one, other)))

    def history_added(self, one: int, other: int) -> None:
        """Two members were asked or introduced: never to be suggested to each other again."""
        self._note_rule(self._history, (min(one, other), max(one, other)))

    def all_rules_changed(self) -> None:
        """A write touched more pairs than are worth listing (a forget, a round): the rules are
        read again whole."""
        self.count += 1
        self._all_rules_at = self.count
        for remembered in (self._standings, self._exclusions, self._history):
            remembered.clear()

    def consent_changed(self, member_id: int, scope: str) -> None:
        """A consent was given or withdrawn: which kind depends on its scope."""
        if scope in PROFILE_SCOPES:
            self.profile_changed(member_id)
        elif scope in MATCHING_SCOPES:
            self.standing_changed(member_id)

    def since(self, count: int) -> Changed:
        """What changed after `count`."""
        if count >= self.count:
            return _NOTHING

        def after(remembered: dict[_Key, int]) -> frozenset[_Key]:
            return frozenset(key for key, at in remembered.items() if at > count)
        return Changed(all_profiles=self._all_profiles_at > count,
                       all_rules=self._all_rules_at > count, profiles=after(self._profiles),
                       standings=after(self._standings), exclusions=after(self._exclusions),
                       history=after(self._history))

    def _note_rule(self, remembered: dict[_Key, int], key: _Key) -> None:
        self.count += 1
        remembered[key] = self.count
        if len(remembered) > MAX_REMEMBERED:
            self.all_rules_changed()
