"""Moderation settings: one typed section per check, defaults in YAML, overrides per guild.

The defaults live only in `defaults.yaml` (no second copy in Python), so moderators can read
and change them in one place. A guild's overrides are a partial dict (stored as JSON by the
adapter) deep-merged over the defaults and validated; unknown keys are refused so a typo in
an override cannot silently switch a check off.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Action = Literal["allow", "flag", "delete", "timeout"]
LadderStepName = Literal["note", "warn", "delete", "timeout"]


class ModerationConfigError(ValueError):
    """Guild overrides that do not describe valid moderation settings."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WindowLimit(_Section):
    """A rolling-window rule: more than `max` within `interval_seconds` triggers `action`."""

    enabled: bool
    max: int = Field(ge=0)
    interval_seconds: float = Field(gt=0)
    action: Action
    timeout_seconds: int = Field(ge=0)

    @model_validator(mode="after")
    def _timeout_has_a_duration(self) -> WindowLimit:
        if self.action == "timeout" and self.timeout_seconds <= 0:
            raise ValueError("a rule whose action is timeout needs timeout_seconds above 0")
        return self


class MessageLimit(_Section):
    """A per-message rule: more than `max` in one message triggers `action`."""

    enabled: bool
    max: int = Field(ge=0)
    action: Action


class ScopeSettings(_Section):
    """Where checks run and who is exempt."""

    include_channels: list[int]  # empty: every channel
    exclude_channels: list[int]
    bypass_roles: list[int]
    check_dms: bool


class AntiSpamSettings(_Section):
    """Volume rules over a member's recent messages, and per-message size rules."""

    burst: WindowLimit
    flood: WindowLimit
    duplicates: WindowLimit
    characters: WindowLimit
    attachments: WindowLimit
    mentions: WindowLimit
    links: WindowLimit
    user_mentions: MessageLimit
    role_mentions: MessageLimit
    everyone_mentions: MessageLimit
    emoji: MessageLimit
    newlines: MessageLimit
    blank_lines: MessageLimit
    repeated_characters: MessageLimit


class LinkSettings(_Section):
    """Links: invites, sites outside the allowlist, and newcomers posting links."""

    enabled: bool
    allowed_domains: list[str]  # "domain" or "domain/path-prefix"; subdomains included
    invite_action: Action
    unknown_domain_action: Action
    new_member_action: Action
    new_member_minutes: int = Field(ge=0)
    new_account_days: int = Field(ge=0)
    protected_brands: dict[str, list[str]]  # brand -> its official domains


class CategorySettings(_Section):
    """A content check with a single action."""

    enabled: bool
    action: Action


class PersonalDataSettings(CategorySettings):
    """Phone numbers, emails, street addresses and other people's health records."""

    allowed_email_domains: list[str]
    not_names: list[str]  # capitalised words with 's that are not people (eponyms, days)


class AbuseSettings(CategorySettings):
    """Insults aimed at people, threats and slurs; plain venting is allowed."""

    allow_words: list[str]  # removed from better-profanity's list
    insult_words: list[str]  # added to it
    slurs: list[str]  # abuse wherever they appear


class CrisisSettings(_Section):
    """How crisis alerts are paced; crisis messages are never removed."""

    enabled: bool
    alert_cooldown_seconds: float = Field(ge=0)
    grace_seconds: float = Field(ge=0)


class RaidSettings(_Section):
    """A wave of new accounts joining: suggest a lockdown to moderators."""

    enabled: bool
    window_seconds: float = Field(gt=0)
    max_new_accounts: int = Field(ge=1)
    new_account_days: int = Field(ge=0)
    suggestion_cooldown_seconds: float = Field(ge=0)


class LadderStep(_Section):
    """From `after` recent infractions on, enforcement is at least `step`."""

    after: int = Field(ge=0)
    step: LadderStepName
    timeout_seconds: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _timeout_has_a_duration(self) -> LadderStep:
        if self.step == "timeout" and self.timeout_seconds is None:
            raise ValueError("a timeout step needs timeout_seconds")
        return self


class ModerationConfig(_Section):
    """Every moderation setting of one guild."""

    max_scan_chars: int = Field(gt=0)
    scope: ScopeSettings
    antispam: AntiSpamSettings
    links: LinkSettings
    spam: CategorySettings
    scam: CategorySettings
    misinformation: CategorySettings
    personal_data: PersonalDataSettings
    abuse: AbuseSettings
    crisis: CrisisSettings
    raid: RaidSettings
    ladder: list[LadderStep] = Field(min_length=1)

    @classmethod
    def defaults(cls) -> ModerationConfig:
        """The community's defaults from `moderation/defaults.yaml`."""
        return _load_defaults()

    def with_overrides(self, overrides: Mapping[str, Any]) -> ModerationConfig:
        """These settings with a guild's partial overrides merged in, validated."""
        merged = deep_merge(self.model_dump(), overrides)
        try:
            return ModerationConfig.model_validate(merged)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
                for item in error.errors()
            )
            raise ModerationConfigError(f"Invalid moderation settings: {problems}") from None


def deep_merge(base: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Merge nested dicts key by key; lists and scalars in `overrides` replace the base."""
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=1)
def _load_defaults() -> ModerationConfig:
    text = resources.files("moderation").joinpath("defaults.yaml").read_text(encoding="utf-8")
    return ModerationConfig.model_validate(yaml.safe_load(text))
