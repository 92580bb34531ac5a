"""Counters of writes to what peer matching reads, so a pool built once knows it is stale.

Building the matching pool costs seconds at 100,000 profiles, so it is built once and kept
(`community.pool_cache`). The repositories that write what it reads count each write here,
in two kinds: `profiles` when the pool's profiles themselves change (a profile saved or
deleted, profile or story consent given or withdrawn, a member forgotten), and `rules` when
only who may meet whom changes (matching consent, a pause or snooze, a block, a request, a
round). A counter is per process: another process's writes reach the pool when it expires.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Consent scopes whose change alters the profiles in the pool (the rest only its rules).
PROFILE_SCOPES = frozenset({"profile", "story"})
MATCHING_SCOPES = frozenset({"profile", "matching", "story"})


@dataclass(slots=True)
class MatchingChanges:
    """How many writes of each kind this process has made."""

    profiles: int = 0
    rules: int = 0

    def profile_changed(self) -> None:
        self.profiles += 1
        self.rules += 1

    def rules_changed(self) -> None:
        self.rules += 1

    def consent_changed(self, scope: str) -> None:
        """A consent was given or withdrawn: which kind depends on its scope."""
        if scope in PROFILE_SCOPES:
            self.profile_changed()
        elif scope in MATCHING_SCOPES:
            self.rules_changed()
