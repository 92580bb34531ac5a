"""The moderation desk: verdicts turned into enforcement, with infractions kept in storage.

The checks are pure; this is where a guild's overrides are loaded, a member's recent
infractions decide the rung of the ladder, and what was done is recorded so moderators can
review, pardon and hear appeals. A database that went away must not stop the server's
protection: the verdict is still enforced and the infraction is logged as not recorded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from moderation.config import ModerationConfig, ModerationConfigError, deep_merge
from moderation.ladder import Enforcement, escalate
from moderation.message import JoinEvent, MessageContext
from moderation.moderator import Moderator
from moderation.raid import RaidStatus
from moderation.verdict import Verdict
from storage import StorageUnavailable, Store
from storage.records import Appeal, Infraction, InfractionKind

log = logging.getLogger(__name__)

SETTINGS_KEY = "moderation"
LOCKDOWN_KEY = "lockdown"
INFRACTION_MEMORY = timedelta(days=30)
LOCKDOWN_ACCOUNT_DAYS = 7
# Turning these off or down would let a crisis message go unseen.
PROTECTED_SETTINGS = frozenset({"crisis", "max_scan_chars"})


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do about one message."""

    verdict: Verdict
    enforcement: Enforcement
    infraction: Infraction | None  # None: nothing to record, or the database was unavailable
    lockdown: bool = False  # removed because the server is locked down for new accounts


class ModerationDesk:
    """One per bot: a `Moderator` per guild, built from the defaults and the guild's overrides."""

    def __init__(self, store: Store, *, bypass_roles: frozenset[int] = frozenset()) -> None:
        self.store = store
        self._bypass_roles = bypass_roles
        self._moderators: dict[int | None, Moderator] = {}
        self._lockdown: dict[int, bool] = {}
        self._building = asyncio.Lock()

    async def _overrides(self, guild_id: int | None) -> Mapping[str, Any]:
        if guild_id is None:
            return {}
        try:
            return await self.store.guild_settings.get(guild_id, SETTINGS_KEY, {}) or {}
        except StorageUnavailable:
            log.warning("moderation overrides unavailable, using defaults: guild=%s", guild_id)
            return {}

    async def moderator(self, guild_id: int | None) -> Moderator:
        """The guild's moderator; moderator roles always bypass the checks."""
        # Messages arrive concurrently: one lock, so a burst shares one moderator's windows.
        async with self._building:
            return await self._build_moderator(guild_id)

    async def _build_moderator(self, guild_id: int | None) -> Moderator:
        if guild_id not in self._moderators:
            config = ModerationConfig.defaults().with_overrides(await self._overrides(guild_id))
            if self._bypass_roles:
                bypass = sorted(set(config.scope.bypass_roles) | self._bypass_roles)
                config = config.with_overrides({"scope": {"bypass_roles": bypass}})
            self._moderators[guild_id] = Moderator(config)
        return self._moderators[guild_id]

    async def judge(self, message: MessageContext) -> Decision:
        """Check a message and decide the enforcement; record an infraction when one is due."""
        moderator = await self.moderator(message.guild_id)
        verdict = moderator.check(message)
        if verdict.action == "allow" and not verdict.crisis and self._locked_out(message):
            verdict = Verdict(
                action="delete", categories=["spam"], crisis=False,
                reasons=["The server is locked down: new accounts can't post for now."],
                notify_author="The server is in a short lockdown because of a wave of new "
                "accounts, so your message was removed. Please try again later; the "
                "moderators have been told.",
                alert_moderators=False)
            return Decision(verdict, Enforcement(step="delete", dm_author=True), None, True)
        if verdict.action == "allow" or verdict.crisis or message.guild_id is None:
            return Decision(verdict, Enforcement(step="none" if not verdict.crisis else "note"),
                            None)
        recent = await self._recent_infractions(message)
        enforcement = escalate(verdict, recent, moderator.config)
        infraction = await self._record(message, verdict, enforcement)
        return Decision(verdict, enforcement, infraction)

    def _locked_out(self, message: MessageContext) -> bool:
        if message.guild_id is None or not self._lockdown.get(message.guild_id):
            return False
        age = message.timestamp - message.account_created_at
        return age < timedelta(days=LOCKDOWN_ACCOUNT_DAYS)

    async def _recent_infractions(self, message: MessageContext) -> int:
        since = datetime.now(UTC) - INFRACTION_MEMORY
        try:
            return await self.store.infractions.active_count(
                message.author_id, since, guild_id=message.guild_id)
        except StorageUnavailable:
            return 0

    async def _record(self, message: MessageContext, verdict: Verdict,
                      enforcement: Enforcement) -> Infraction | None:
        if enforcement.step == "none":
            return None
        expires = None
        if enforcement.timeout_seconds:
            expires = datetime.now(UTC) + INFRACTION_MEMORY
        try:
            return await self.store.infractions.add(
                guild_id=message.guild_id or 0, member_id=message.author_id,
                kind=InfractionKind(enforcement.step), reason="; ".join(verdict.reasons)[:1000],
                categories=list(verdict.categories), expires_at=expires)
        except StorageUnavailable:
            log.warning("infraction not recorded: database unavailable (member=%s)",
                        message.author_id)
            return None

    # -- joins and lockdown -------------------------------------------------------------
    async def record_join(self, join: JoinEvent) -> RaidStatus:
        return (await self.moderator(join.guild_id)).record_join(join)

    def set_lockdown(self, guild_id: int, enabled: bool) -> None:
        """New accounts' messages are removed while the lockdown is on."""
        self._lockdown[guild_id] = enabled

    def lockdown(self, guild_id: int) -> bool:
        return self._lockdown.get(guild_id, False)

    # -- moderators' tools ----------------------------------------------------------------
    async def configure(self, guild_id: int, dotted_key: str, value: Any) -> ModerationConfig:
        """Override one setting (e.g. "antispam.burst.max"); invalid values change nothing."""
        parts = [p for p in dotted_key.strip().split(".") if p]
        if not parts:
            raise ModerationConfigError("Name a setting, for example antispam.burst.max.")
        if parts[0] in PROTECTED_SETTINGS:
            raise ModerationConfigError(
                f"{parts[0]} can't be changed here: it protects members in crisis.")
        change: dict[str, Any] = {parts[-1]: value}
        for part in reversed(parts[:-1]):
            change = {part: change}
        _reject_unknown(ModerationConfig.defaults().model_dump(), parts)
        merged = deep_merge(dict(await self._overrides(guild_id)), change)
        config = ModerationConfig.defaults().with_overrides(merged)
        await self.store.guild_settings.set(guild_id, SETTINGS_KEY, merged)
        self._moderators.pop(guild_id, None)
        return config

    async def infractions(self, member_id: int, guild_id: int) -> list[Infraction]:
        return await self.store.infractions.list_for(member_id, guild_id=guild_id)

    async def pardon(self, infraction_id: int) -> Infraction:
        return await self.store.infractions.pardon(infraction_id)

    async def appeal(self, infraction_id: int, member_id: int, text: str) -> Appeal:
        return await self.store.infractions.add_appeal(infraction_id, member_id, text[:1500])


def _reject_unknown(defaults: Mapping[str, Any], parts: list[str]) -> None:
    node: Any = defaults
    for part in parts:
        if not isinstance(node, Mapping) or part not in node:
            raise ModerationConfigError(f"There is no moderation setting called "
                                        f"{'.'.join(parts)}.")
        node = node[part]
