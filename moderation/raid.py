"""Raids: a wave of brand-new accounts joining at once. Moderation cannot tell one newcomer from
a raider, so it only counts and suggests a lockdown; moderators decide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from pydantic import BaseModel, ConfigDict

from moderation.config import RaidSettings
from moderation.message import JoinEvent
from moderation.state import LastSeen, RollingWindows

_MAX_GUILDS = 1_000


class RaidStatus(BaseModel):
    """What one join means for the guild."""

    model_config = ConfigDict(frozen=True)

    new_account: bool
    new_accounts_in_window: int
    suggest_lockdown: bool
    reasons: list[str]


@dataclass(frozen=True, slots=True)
class _Join:
    at: float


class RaidDetector:
    """Counts new accounts joining each guild in a rolling window."""

    def __init__(self, settings: RaidSettings, clock: Callable[[], float]) -> None:
        self._settings = settings
        self._clock = clock
        self._joins: RollingWindows[_Join] = RollingWindows(
            settings.window_seconds, max_keys=_MAX_GUILDS, max_records=settings.max_new_accounts * 4
        )
        self._suggested = LastSeen(max_keys=_MAX_GUILDS)

    def record_join(self, join: JoinEvent) -> RaidStatus:
        """Count the join; suggest a lockdown once per cooldown when the wave is too big."""
        settings = self._settings
        account_age = join.joined_at - join.account_created_at
        new_account = account_age < timedelta(days=settings.new_account_days)
        if not settings.enabled or not new_account:
            return RaidStatus(
                new_account=new_account, new_accounts_in_window=0, suggest_lockdown=False,
                reasons=[],
            )
        now = self._clock()
        count = len(self._joins.add(join.guild_id, _Join(at=now)))
        raid = count > settings.max_new_accounts
        suggest = raid and not self._suggested.within(
            join.guild_id, now, settings.suggestion_cooldown_seconds
        )
        if suggest:
            self._suggested.mark(join.guild_id, now)
        reasons = (
            [
                f"{count} accounts younger than {settings.new_account_days} days joined in the "
                f"last {settings.window_seconds:g} seconds; consider locking the server down."
            ]
            if raid
            else []
        )
        return RaidStatus(
            new_account=True, new_accounts_in_window=count, suggest_lockdown=suggest,
            reasons=reasons,
        )
