"""The moderation desk: verdicts turned into decisions, with infractions kept in storage.

The checks are pure; this is where a guild's overrides and lockdown are loaded (and kept in
the database, so they survive a restart), a member's recent infractions decide the rung of
the ladder, crisis alerts are paced for the whole bot, and everything the adapter must do
about a message is decided, down to the texts it sends. The adapter applies a `Decision`
without deciding policy again. A database that went away must not stop the server's
protection: the verdict is still enforced, the infraction is logged as not recorded, and the
settings are loaded again on the next message instead of being taken for the defaults.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from knowledge.understanding import Reading
from moderation import mod_log
from moderation.config import ModerationConfig, ModerationConfigError, deep_merge
from moderation.ladder import Enforcement, escalate
from moderation.message import JoinEvent, MessageContext
from moderation.moderator import Moderator
from moderation.pacing import CrisisAlertPacer
from moderation.raid import RaidStatus
from moderation.state import LastSeen
from moderation.verdict import CrisisOutcome, Verdict, build_verdict, with_reading
from storage import StorageUnavailable, Store
from storage.records import Appeal, Infraction, InfractionKind

log = logging.getLogger(__name__)

SETTINGS_KEY = "moderation"
LOCKDOWN_KEY = "lockdown"
INFRACTION_MEMORY = timedelta(days=30)
LOCKDOWN_ACCOUNT_DAYS = 7
# Turning these off or down would let a crisis message go unseen.
PROTECTED_SETTINGS = frozenset({"crisis", "max_scan_chars"})
# Settings no server owns: a server's override would be stored and change nothing, so
# `/mod config` refuses them (every setting it accepts takes effect in that server).
NOT_A_SERVERS = {
    "scope.check_dms": "direct messages belong to no server, so it is set for the whole bot "
                       "in moderation/defaults.yaml",
}
MAX_APPEAL_CHARS = 1500
MAX_NOTE_CHARS = 1000
MAX_REMEMBERED_MEMBERS = 10_000
LOCKDOWN_NOTICE = (
    "The server is in a short lockdown because of a wave of new accounts, so your message was "
    "removed. Please try again later; the moderators have been told."
)

# The understanding model, as the adapter runs it (off the event loop, or its pattern floor
# when the model has no room).
MeaningCheck = Callable[[str], Awaitable[Reading]]


@dataclass(frozen=True, slots=True)
class Decision:
    """Everything the adapter does about one message, decided here so it never re-decides.

    In order: remove the message (`remove`), time the author out (`timeout_seconds`), DM them
    `author_notice`, send the warm crisis reply (`warm_reply`; by DM or ephemerally when
    `warm_reply_privately`), and post `mod_log` to the moderators' log when
    `alert_moderators`. When `crisis_alert` is set, `mod_log` is a crisis alert: call
    `desk.crisis_pacer.record_alert(author_id)` once it was actually sent.
    """

    verdict: Verdict
    enforcement: Enforcement
    infraction: Infraction | None  # None: nothing to record, or the database was unavailable
    lockdown: bool = False  # removed because the server is locked down for new accounts
    remove: bool = False
    timeout_seconds: int | None = None
    author_notice: str | None = None
    warm_reply: bool = False
    warm_reply_privately: bool = False
    alert_moderators: bool = False
    crisis_alert: bool = False
    mod_log: str | None = None  # ids, mentions and reasons; never the message text
    # Uncertain risk: `mod_log` is a quiet check-in note (nothing is said to the member);
    # call `desk.check_in_pacer.record_alert(author_id)` once it was actually sent.
    check_in: bool = False


@dataclass(frozen=True, slots=True)
class ReviewedAppeal:
    """A moderator's answer to an appeal, and the DM the member is sent about it."""

    appeal: Appeal
    infraction: Infraction  # pardoned when the appeal was accepted
    member_message: str


class AppealNotOpen(LookupError):
    """The appeal was already accepted or refused."""

    def __init__(self, appeal: Appeal) -> None:
        super().__init__(f"Appeal #{appeal.id} was already {appeal.status.value}.")
        self.appeal = appeal


class ModerationDesk:
    """One per bot: a `Moderator` per guild, built from the defaults and the guild's overrides,
    and the one `CrisisAlertPacer` (`crisis_pacer`) every guild, DM and `/ask` shares."""

    def __init__(
        self,
        store: Store,
        *,
        bypass_roles: frozenset[int] = frozenset(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._bypass_roles = bypass_roles
        self._clock = clock
        self.crisis_pacer = CrisisAlertPacer(
            ModerationConfig.defaults().crisis.alert_cooldown_seconds, clock=clock
        )
        # Check-ins are paced like alerts, apart from them: a check-in never delays an alert.
        self.check_in_pacer = CrisisAlertPacer(
            ModerationConfig.defaults().crisis.alert_cooldown_seconds, clock=clock
        )
        self._moderators: dict[int | None, Moderator] = {}
        # Guilds whose moderator was built on the defaults while storage was down.
        self._provisional: set[int | None] = set()
        self._lockdown: dict[int, bool] = {}
        self._crisis_seen = LastSeen(max_keys=MAX_REMEMBERED_MEMBERS)
        self._building = asyncio.Lock()

    # -- settings -------------------------------------------------------------------------
    async def _load_overrides(self, guild_id: int | None) -> Mapping[str, Any]:
        """The guild's stored overrides; StorageUnavailable propagates."""
        if guild_id is None:
            return {}
        return await self.store.guild_settings.get(guild_id, SETTINGS_KEY, {}) or {}

    async def moderator(self, guild_id: int | None) -> Moderator:
        """The guild's moderator; moderator roles always bypass the checks."""
        # Messages arrive concurrently: one lock, so a burst shares one moderator's windows.
        async with self._building:
            return await self._build_moderator(guild_id)

    async def _build_moderator(self, guild_id: int | None) -> Moderator:
        current = self._moderators.get(guild_id)
        if current is not None and guild_id not in self._provisional:
            return current
        try:
            overrides = await self._load_overrides(guild_id)
        except StorageUnavailable:
            # Protect with the defaults for now, and load again on the next message.
            log.warning("moderation overrides unavailable, defaults for now: guild=%s", guild_id)
            if current is None:
                current = self._new_moderator(guild_id, {})
                self._moderators[guild_id] = current
                self._provisional.add(guild_id)
            return current
        self._provisional.discard(guild_id)
        if current is None or overrides:
            current = self._new_moderator(guild_id, overrides)
            self._moderators[guild_id] = current
        return current

    def _new_moderator(self, guild_id: int | None, overrides: Mapping[str, Any]) -> Moderator:
        try:
            config = ModerationConfig.defaults().with_overrides(overrides)
        except ModerationConfigError:
            # Stored overrides that today's settings refuse: protect with the defaults.
            log.error("stored moderation overrides are invalid, using defaults: guild=%s",
                      guild_id)
            config = ModerationConfig.defaults()
        if self._bypass_roles:
            bypass = sorted(set(config.scope.bypass_roles) | self._bypass_roles)
            config = config.with_overrides({"scope": {"bypass_roles": bypass}})
        return Moderator(config, clock=self._clock)

    # -- judging ----------------------------------------------------------------------------
    async def judge(self, message: MessageContext, *, meaning: MeaningCheck | None = None
                    ) -> Decision:
        """Check a message and decide everything done about it; record an infraction when due.

        `meaning` is the understanding model; it reads every message the patterns did not
        already find in crisis (an explicit statement acts without it).
        """
        moderator = await self.moderator(message.guild_id)
        assessment = moderator.assess(message)
        if (assessment.crisis is None and not assessment.exempt
                and self._crisis_seen.within(message.author_id, self._clock(),
                                             moderator.config.crisis.grace_seconds)):
            # In crisis lately anywhere (another guild, a DM, /ask): means or a plan alerts.
            assessment = replace(assessment,
                                 crisis=moderator.follow_up_crisis(message.text))
        reading = None
        if meaning is not None and assessment.crisis is None and not assessment.exempt:
            reading = await meaning(message.text)
        verdict = moderator.conclude(assessment, reading=reading)
        if verdict.crisis:
            self.note_crisis(message.author_id)
        if (verdict.action == "allow" and not verdict.crisis and not assessment.exempt
                and await self._locked_out(message)):
            return self._lockdown_decision(message)
        if (verdict.action == "allow" or message.guild_id is None
                or (verdict.crisis and verdict.action != "delete")):
            step = "note" if verdict.crisis else "none"
            return self._decide(message, verdict, Enforcement(step=step), None)
        recent = await self._recent_infractions(message)
        enforcement = escalate(verdict, recent, moderator.config)
        infraction = await self._record(message, verdict, enforcement)
        return self._decide(message, verdict, enforcement, infraction)

    def late_reading(self, message: MessageContext, reading: Reading) -> Decision | None:
        """The decision for a message the model could read only after it was judged (the
        model was saturated then): a crisis or a check-in reaches the moderators late
        rather than never. The message is not checked or counted again."""
        if reading.crisis == "none" and not reading.check_in:
            return None
        crisis = CrisisOutcome(imminent=reading.imminent) if reading.crisis == "act" else None
        verdict = with_reading(build_verdict([], crisis), reading)
        if verdict.crisis:
            self.note_crisis(message.author_id)
        step = "note" if verdict.crisis else "none"
        return self._decide(message, verdict, Enforcement(step=step), None)

    def _decide(self, message: MessageContext, verdict: Verdict, enforcement: Enforcement,
                infraction: Infraction | None) -> Decision:
        remove = enforcement.step in ("delete", "timeout")
        crisis_alert = verdict.crisis and self.crisis_pacer.should_alert(
            message.author_id, verdict.crisis_imminent)
        beyond_crisis = any(category != "crisis" for category in verdict.categories)
        alert = crisis_alert or (verdict.alert_moderators and beyond_crisis)
        timeout = None
        if enforcement.step == "timeout":
            timeout = enforcement.timeout_seconds or verdict.timeout_seconds
        notice = None
        if remove or enforcement.dm_author:
            notice = mod_log.author_notice(message, verdict, infraction)
        entry = None
        if alert:
            entry = mod_log.decision_entry(message, verdict, enforcement, infraction,
                                           removed=remove, crisis_alert_due=crisis_alert)
        check_in = (verdict.check_in and not alert
                    and self.check_in_pacer.should_alert(message.author_id, False))
        if check_in:
            entry = mod_log.check_in_note(
                message.author_id, guild_id=message.guild_id, channel_id=message.channel_id,
                link=mod_log.jump_url(message.guild_id, message.channel_id,
                                      message.message_id))
        return Decision(
            verdict=verdict, enforcement=enforcement, infraction=infraction, remove=remove,
            timeout_seconds=timeout, author_notice=notice, warm_reply=verdict.warm_reply,
            warm_reply_privately=verdict.warm_reply and (remove or message.is_dm),
            alert_moderators=alert or check_in, crisis_alert=crisis_alert, mod_log=entry,
            check_in=check_in)

    def _lockdown_decision(self, message: MessageContext) -> Decision:
        verdict = Verdict(
            action="delete", categories=["spam"], crisis=False,
            reasons=["The server is locked down: new accounts can't post for now."],
            notify_author=LOCKDOWN_NOTICE, alert_moderators=True)
        enforcement = Enforcement(step="delete", dm_author=True)
        return Decision(
            verdict=verdict, enforcement=enforcement, infraction=None, lockdown=True,
            remove=True, author_notice=LOCKDOWN_NOTICE, alert_moderators=True,
            mod_log=mod_log.decision_entry(message, verdict, enforcement, None, removed=True,
                                           crisis_alert_due=False))

    async def _locked_out(self, message: MessageContext) -> bool:
        if message.guild_id is None or not await self.lockdown(message.guild_id):
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
        """The bot's own action, recorded with actor None. A crisis message that carried harm
        is recorded as a note: the removal is on file but never makes the next one harsher."""
        if enforcement.step == "none":
            return None
        kind = InfractionKind.NOTE if verdict.crisis else InfractionKind(enforcement.step)
        expires = None
        if enforcement.timeout_seconds:
            expires = datetime.now(UTC) + INFRACTION_MEMORY
        try:
            return await self.store.infractions.add(
                guild_id=message.guild_id or 0, member_id=message.author_id, kind=kind,
                reason="; ".join(verdict.reasons)[:1000],
                categories=list(verdict.categories), actor_id=None, expires_at=expires)
        except StorageUnavailable:
            log.warning("infraction not recorded: database unavailable (member=%s)",
                        message.author_id)
            return None

    def note_crisis(self, member_id: int) -> None:
        """Remember that the member wrote in crisis (the `/ask` path calls this too), so that
        means, a plan or a time in their next messages, anywhere, is an imminent crisis."""
        self._crisis_seen.mark(member_id, self._clock())

    # -- joins and lockdown -------------------------------------------------------------
    async def record_join(self, join: JoinEvent) -> RaidStatus:
        """Count a member joining, for raid detection."""
        return (await self.moderator(join.guild_id)).record_join(join)

    async def set_lockdown(self, guild_id: int, enabled: bool) -> bool:
        """Turn the lockdown on or off: new accounts' messages are removed while it is on.

        It takes effect at once; the return value says whether it was also saved (False: the
        database is down, so it will not survive a restart).
        """
        self._lockdown[guild_id] = enabled
        try:
            await self.store.guild_settings.set(guild_id, LOCKDOWN_KEY, enabled)
        except StorageUnavailable:
            log.warning("lockdown not saved: database unavailable (guild=%s)", guild_id)
            return False
        return True

    async def lockdown(self, guild_id: int) -> bool:
        """Whether the guild is locked down, loaded from the database on first use (and
        again later when the database was down)."""
        if guild_id in self._lockdown:
            return self._lockdown[guild_id]
        try:
            enabled = bool(await self.store.guild_settings.get(guild_id, LOCKDOWN_KEY, False))
        except StorageUnavailable:
            log.warning("lockdown state unavailable, assuming off for now: guild=%s", guild_id)
            return False
        self._lockdown[guild_id] = enabled
        return enabled

    # -- moderators' tools ----------------------------------------------------------------
    async def configure(self, guild_id: int, dotted_key: str, value: Any) -> ModerationConfig:
        """Override one setting (e.g. "antispam.burst.max"); invalid values change nothing.
        StorageUnavailable when the current overrides cannot be read (never overwritten
        blind)."""
        parts = [p for p in dotted_key.strip().split(".") if p]
        if not parts:
            raise ModerationConfigError("Name a setting, for example antispam.burst.max.")
        if parts[0] in PROTECTED_SETTINGS:
            raise ModerationConfigError(
                f"{parts[0]} can't be changed here: it protects members in crisis.")
        change: dict[str, Any] = {parts[-1]: value}
        for part in reversed(parts[:-1]):
            change = {part: change}
        for setting, reason in NOT_A_SERVERS.items():
            if any(path.startswith(setting) for path in _leaf_paths(change)):
                raise ModerationConfigError(f"{setting} can't be changed here: {reason}.")
        _reject_unknown(ModerationConfig.defaults().model_dump(), parts)
        merged = deep_merge(dict(await self._load_overrides(guild_id)), change)
        config = ModerationConfig.defaults().with_overrides(merged)
        await self.store.guild_settings.set(guild_id, SETTINGS_KEY, merged)
        async with self._building:
            self._moderators.pop(guild_id, None)
            self._provisional.discard(guild_id)
        return config

    async def infractions(self, member_id: int, guild_id: int) -> list[Infraction]:
        """A member's infractions in the guild, newest first."""
        return await self.store.infractions.list_for(member_id, guild_id=guild_id)

    async def pardon(self, infraction_id: int, guild_id: int, actor_id: int) -> Infraction:
        """Pardon an infraction of this guild, recording who did; another guild's infraction
        is RecordNotFound, as if it did not exist."""
        return await self.store.infractions.pardon(
            infraction_id, guild_id=guild_id, actor_id=actor_id)

    async def appeal(self, infraction_id: int, member_id: int, text: str) -> Appeal:
        """A member contests one of their own infractions."""
        return await self.store.infractions.add_appeal(
            infraction_id, member_id, text[:MAX_APPEAL_CHARS])

    async def open_appeals(self, guild_id: int) -> list[Appeal]:
        """Appeals waiting for this guild's moderators, oldest first."""
        return await self.store.infractions.open_appeals(guild_id)

    async def review_appeal(self, appeal_id: int, guild_id: int, actor_id: int, accept: bool,
                            note: str) -> ReviewedAppeal:
        """Accept (pardoning the infraction) or refuse an open appeal of this guild, with a
        note for the member. RecordNotFound for another guild's appeal; AppealNotOpen when it
        was already reviewed."""
        note = note.strip()[:MAX_NOTE_CHARS]
        appeal, infraction, reviewed_now = await self.store.infractions.review_appeal(
            appeal_id, guild_id=guild_id, actor_id=actor_id, accept=accept, note=note)
        if not reviewed_now:
            raise AppealNotOpen(appeal)
        return ReviewedAppeal(appeal, infraction, _appeal_answer(appeal, accept, note))


def _appeal_answer(appeal: Appeal, accepted: bool, note: str) -> str:
    """The DM the member gets about their appeal."""
    if accepted:
        outcome = (f"Your appeal #{appeal.id} was accepted: infraction #{appeal.infraction_id} "
                   "is pardoned and no longer counts against you.")
    else:
        outcome = (f"Your appeal #{appeal.id} about infraction #{appeal.infraction_id} was "
                   "not accepted; the infraction stands.")
    said = f"\n\nThe moderators' note: {note}" if note else ""
    return outcome + said


def _leaf_paths(change: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The dotted paths of the values a (nested) change sets."""
    paths = []
    for key, value in change.items():
        path = f"{prefix}{key}"
        paths += _leaf_paths(value, f"{path}.") if isinstance(value, Mapping) else [path]
    return paths


def _reject_unknown(defaults: Mapping[str, Any], parts: list[str]) -> None:
    node: Any = defaults
    for part in parts:
        if not isinstance(node, Mapping) or part not in node:
            raise ModerationConfigError(f"There is no moderation setting called "
                                        f"{'.'.join(parts)}.")
        node = node[part]
