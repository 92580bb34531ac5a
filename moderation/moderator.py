"""The stateful moderator: scope, exemptions, and volume over time.

One `Moderator` serves one guild's settings (the desk keeps one per guild and builds a new
one when the settings change). Crisis alerts are paced for the whole bot by the desk's
`CrisisAlertPacer`, not here; this only remembers who wrote in crisis lately, so the volume
rules hold that member's messages for a moderator instead of muting them. Windows are
measured on an injected monotonic clock, not on Discord timestamps, so late or replayed
events cannot open or close a window; message timestamps are used only for the author's
account and membership age.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from knowledge.crisis import CrisisSignal
from knowledge.understanding import Reading
from moderation.antispam import MessageRecord, check_window, horizon_seconds
from moderation.config import Action, ModerationConfig
from moderation.content import ContentChecker
from moderation.message import JoinEvent, MessageContext
from moderation.normalise import fingerprint
from moderation.raid import RaidDetector, RaidStatus
from moderation.state import LastSeen, RollingWindows
from moderation.verdict import (
    ALLOW,
    SEVERITY,
    CrisisOutcome,
    Finding,
    Verdict,
    build_verdict,
    cap_action,
    with_reading,
)

_MAX_RECORDS_PER_MEMBER = 64
_HELD_AFTER_CRISIS = (
    " Held for a moderator instead of removed: the member wrote about being in crisis recently."
)
_NO_REMOVAL_IN_DMS = "The bot cannot remove messages in a DM, so this is for a moderator."


@dataclass(frozen=True, slots=True)
class Assessment:
    """What one message showed, before the verdict: the findings, the crisis language the
    patterns saw, and the ceiling on the action (a DM cannot be removed)."""

    author_id: int
    findings: tuple[Finding, ...] = ()
    crisis: CrisisSignal | None = None
    ceiling: Action | None = None
    exempt: bool = False


class Moderator:
    """Judges messages for one guild's settings, remembering a little about recent ones."""

    def __init__(
        self,
        config: ModerationConfig | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_members: int = 10_000,
    ) -> None:
        self._config = config or ModerationConfig.defaults()
        self._clock = clock
        self._content = ContentChecker(self._config)
        self._windows: RollingWindows[MessageRecord] = RollingWindows(
            horizon_seconds(self._config.antispam),
            max_keys=max_members,
            max_records=_MAX_RECORDS_PER_MEMBER,
        )
        self._crisis_seen = LastSeen(max_keys=max_members)
        self._raids = RaidDetector(self._config.raid, clock)

    @property
    def config(self) -> ModerationConfig:
        """The settings this moderator applies."""
        return self._config

    def check(self, message: MessageContext, *, reading: Reading | None = None) -> Verdict:
        """The verdict on one message; call it once per message, in order of arrival."""
        return self.conclude(self.assess(message), reading=reading)

    def assess(self, message: MessageContext) -> Assessment:
        """Run the checks and count the message in the member's window (once per message)."""
        scope = self._config.scope
        if not message.author_role_ids.isdisjoint(scope.bypass_roles):
            return Assessment(message.author_id, exempt=True)
        now = self._clock()
        if message.is_dm:
            if not scope.check_dms:
                return self._crisis_only(message, now)
            return replace(self._full_check(message, now), ceiling="flag")
        if not self._in_scope(message.channel_id):
            return self._crisis_only(message, now)
        return self._full_check(message, now)

    def conclude(self, assessment: Assessment, *, reading: Reading | None = None) -> Verdict:
        """The verdict on an assessment; `reading` is the understanding model's, which the
        caller computes off the event loop (the same model `/ask` uses)."""
        if assessment.exempt:
            return ALLOW
        crisis = None
        if assessment.crisis is not None:
            crisis = CrisisOutcome(imminent=assessment.crisis.imminent)
        elif reading is not None and reading.crisis == "act":
            self._crisis_seen.mark(assessment.author_id, self._clock())
            crisis = CrisisOutcome(imminent=reading.imminent)
        verdict = with_reading(build_verdict(list(assessment.findings), crisis), reading)
        if assessment.ceiling is not None:
            verdict = cap_action(verdict, assessment.ceiling, _NO_REMOVAL_IN_DMS)
        return verdict

    def follow_up_crisis(self, text: str) -> CrisisSignal | None:
        """Means, a plan or a time in the text, for a caller that knows the author wrote in
        crisis lately somewhere this moderator did not see (another guild, a DM, `/ask`)."""
        return self._content.follow_up_crisis(text)

    def record_join(self, join: JoinEvent) -> RaidStatus:
        """Count a member joining, for raid detection."""
        return self._raids.record_join(join)

    def _in_scope(self, channel_id: int) -> bool:
        scope = self._config.scope
        if channel_id in scope.exclude_channels:
            return False
        return not scope.include_channels or channel_id in scope.include_channels

    def _crisis_only(self, message: MessageContext, now: float) -> Assessment:
        """Out of scope, crisis language is still answered: a member may write anywhere."""
        signal = self._crisis(self._content.crisis(message.text), message, now)
        return Assessment(message.author_id, crisis=signal)

    def _full_check(self, message: MessageContext, now: float) -> Assessment:
        report = self._content.check(
            message.text,
            message.mentions,
            public=not message.is_dm,
            new_member=self._is_new(message),
        )
        # Before the volume rules, so this very message is held rather than muted.
        signal = self._crisis(report.crisis, message, now)
        findings = list(report.findings)
        if not message.is_dm:
            findings += self._volume(message, now, report.links, report.prepared.lower)
        return Assessment(message.author_id, tuple(findings), signal)

    def _crisis(
        self, signal: CrisisSignal | None, message: MessageContext, now: float
    ) -> CrisisSignal | None:
        """The crisis language of the message; for a member who wrote in crisis within the
        grace period, means, a plan or a time ("I have the pills, tonight") count as an
        imminent crisis even without crisis words. Remembers who wrote in crisis."""
        grace = self._config.crisis.grace_seconds
        if signal is None and self._crisis_seen.within(message.author_id, now, grace):
            signal = self._content.follow_up_crisis(message.text)
        if signal is not None:
            self._crisis_seen.mark(message.author_id, now)
        return signal

    def _volume(
        self, message: MessageContext, now: float, links: int, lower: str
    ) -> list[Finding]:
        """Volume rules over the member's window in this guild."""
        mentions = message.mentions
        record = MessageRecord(
            at=now,
            fingerprint=fingerprint(lower),
            chars=len(message.text),
            mentions=mentions.users + mentions.roles + int(mentions.everyone),
            attachments=message.attachments,
            links=links,
        )
        window = self._windows.add((message.guild_id, message.author_id), record)
        findings = check_window(window, now, self._config.antispam)
        grace = self._config.crisis.grace_seconds
        if findings and self._crisis_seen.within(message.author_id, now, grace):
            findings = [_held_for_moderator(finding) for finding in findings]
        return findings

    def _is_new(self, message: MessageContext) -> bool:
        links = self._config.links
        account_age = message.timestamp - message.account_created_at
        if account_age < timedelta(days=links.new_account_days):
            return True
        return message.joined_at is not None and (
            message.timestamp - message.joined_at < timedelta(minutes=links.new_member_minutes)
        )


def _held_for_moderator(finding: Finding) -> Finding:
    if SEVERITY[finding.action] <= SEVERITY["flag"]:
        return finding
    return replace(
        finding, action="flag", reason=finding.reason + _HELD_AFTER_CRISIS, timeout_seconds=None
    )
