"""Counters of writes to what peer matching reads, so a pool built once knows it is stale.

Building the matching pool costs seconds at 100,000 profiles, so it is built once and kept
(`community.pool_cache`). The repositories that write what it reads count each write here,
in two kinds: a member's profile itself changing (saved or deleted, profile or story consent
given or withdrawn, forgotten), which the pool takes in for that member alone, and only who
may meet whom changing (matching consent, a pause or snooze, a block, a request, a round),
for which it reads its rules again. A counter is per process: another process's writes
reach the pool when it is next built afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Consent scopes whose change alters the member's profile in the pool (the rest, its rules).
PROFILE_SCOPES = frozenset({"profile", "story"})
MATCHING_SCOPES = frozenset({"profile", "matching", "story"})


@dataclass(slots=True)
class MatchingChanges:
    """How many writes of each kind this process has made, and whose profiles changed."""

    profiles: int = 0
    rules: int = 0
    _changed_at: dict[int, int] = field(default_factory=dict)  # member -> `profiles` then

    def profile_changed(self, member_id: int) -> None:
        self.profiles += 1
        self.rules += 1
        self._changed_at[member_id] = self.profiles

    def rules_changed(self) -> None:
        self.rules += 1

    def consent_changed(self, member_id: int, scope: str) -> None:
        """A consent was given or withdrawn: which kind depends on its scope."""
        if scope in PROFILE_SCOPES:
            self.profile_changed(member_id)
        elif scope in MATCHING_SCOPES:
            self.rules_changed()

    def profiles_changed_since(self, count: int) -> set[int]:
        """The members whose profile changed after the `profiles` counter was `count`."""
        return {member for member, at in self._changed_at.items() if at > count}
