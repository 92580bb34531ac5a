"""Settings that are wrong are named in one line, and secrets never show."""

from __future__ import annotations

import pytest

from bot.__main__ import main as run_bot_main
from bot.settings import Settings, SettingsError, load_settings


def test_unknown_log_level_is_one_line_and_exit_2(run_cli, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    status, out, err = run_cli("privacy", "export", "42")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "LOG_LEVEL" in err and "Traceback" not in err


def test_python_m_bot_reports_a_bad_log_level_before_the_token(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LOG_LEVEL", "verbose")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert run_bot_main() == 2
    assert "LOG_LEVEL" in capsys.readouterr().err


def test_log_level_is_case_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "debug")
    assert load_settings().log_level == "DEBUG"


def test_database_url_is_secret_and_still_used(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+asyncpg://llc:hunter2@db:5432/llc"
    monkeypatch.setenv("DATABASE_URL", url)
    settings = Settings()
    assert "hunter2" not in repr(settings) and "hunter2" not in str(settings.model_dump())
    assert settings.resolved_database_url() == url


def test_a_bad_setting_error_never_echoes_the_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUILD_ID", "s3cret-not-a-number")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert "GUILD_ID" in str(raised.value) and "s3cret" not in str(raised.value)
