"""Settings: YAML defaults, per-guild overrides stored as JSON, readable errors."""

import json

import pytest

from moderation import ModerationConfig, ModerationConfigError


def test_defaults_allow_research_and_running_sites():
    config = ModerationConfig.defaults()

    assert "pubmed.ncbi.nlm.nih.gov" in config.links.allowed_domains
    assert "strava.com" in config.links.allowed_domains
    assert config.misinformation.action == "flag"


def test_settings_survive_a_json_round_trip():
    config = ModerationConfig.defaults().with_overrides({"scope": {"bypass_roles": [1, 2]}})

    stored = json.dumps(config.model_dump(mode="json"))

    assert ModerationConfig.model_validate(json.loads(stored)) == config


def test_overrides_change_only_what_they_name():
    defaults = ModerationConfig.defaults()

    config = defaults.with_overrides(
        {"antispam": {"flood": {"max": 30}}, "links": {"allowed_domains": ["example.org"]}}
    )

    assert config.antispam.flood.max == 30
    assert config.antispam.flood.interval_seconds == defaults.antispam.flood.interval_seconds
    assert config.antispam.burst == defaults.antispam.burst
    assert config.links.allowed_domains == ["example.org"]


def test_misspelt_override_is_refused_with_a_readable_message():
    with pytest.raises(ModerationConfigError, match=r"antispam\.flod"):
        ModerationConfig.defaults().with_overrides({"antispam": {"flod": {"max": 3}}})


def test_timeout_without_a_duration_is_refused():
    with pytest.raises(ModerationConfigError, match="timeout"):
        ModerationConfig.defaults().with_overrides(
            {"antispam": {"burst": {"action": "timeout", "timeout_seconds": 0}}}
        )


def test_unknown_action_is_refused():
    with pytest.raises(ModerationConfigError, match=r"scam\.action"):
        ModerationConfig.defaults().with_overrides({"scam": {"action": "ban"}})
