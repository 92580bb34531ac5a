"""docker-compose.yml cannot be started here (no Docker engine), so check it statically:
valid structure, a healthy PostgreSQL before the bot, and only settings the app reads."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))


def test_compose_has_the_bot_and_a_healthchecked_postgres_with_volumes() -> None:
    services = compose()["services"]
    assert set(services) == {"bot", "postgres"}
    assert services["bot"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    for service in services.values():
        for volume in service["volumes"]:
            assert volume.split(":")[0] in compose()["volumes"]


# Read by docker-compose.yml itself, not by the app.
COMPOSE_ONLY = {"POSTGRES_PASSWORD"}


def settings_read() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


def env_example_names() -> set[str]:
    lines = (ROOT / ".env.example").read_text("utf-8").splitlines()
    return {line.split("=")[0] for line in lines if re.match(r"^[A-Z_]+=", line)}


def test_compose_passes_exactly_the_settings_the_app_reads() -> None:
    passed = set(compose()["services"]["bot"]["environment"])
    read = settings_read()
    assert passed == read, f"read, not passed: {read - passed}; passed, not read: {passed - read}"


def test_env_example_offers_exactly_the_settings_the_app_reads() -> None:
    names = env_example_names() - COMPOSE_ONLY
    read = settings_read()
    assert names == read, f"read, not offered: {read - names}; offered, not read: {names - read}"


def test_the_defaults_written_in_env_example_and_compose_are_the_apps() -> None:
    """A value written out for a person to see must be the one the app would use anyway."""
    example = dict(line.split("=", 1) for line in
                   (ROOT / ".env.example").read_text("utf-8").splitlines()
                   if re.match(r"^[A-Z_]+=.", line))
    environment = compose()["services"]["bot"]["environment"]

    def read(name: str, value: str) -> object:
        # A keyword argument wins over the environment; no .env file is read.
        return getattr(Settings(_env_file=None, **{name.lower(): value}), name.lower())

    for name in ("DISCORD_API_BASE", "DB_UPGRADE_ON_START", "ASK_COOLDOWN_SECONDS", "LOG_LEVEL",
                 "QUESTION_RETENTION_DAYS"):
        default = Settings.model_fields[name.lower()].default
        composed = re.fullmatch(rf"\$\{{{name}:-(.+)\}}", environment[name])
        assert composed and read(name, composed[1]) == default, name
        assert read(name, example[name]) == default, name


def test_postgres_password_is_required_never_defaulted() -> None:
    text = (ROOT / "docker-compose.yml").read_text("utf-8")
    assert "${POSTGRES_PASSWORD:-" not in text
    postgres = compose()["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    url = compose()["services"]["bot"]["environment"]["DATABASE_URL"]
    for value in (postgres, url):
        assert "${POSTGRES_PASSWORD:?" in value


def test_bot_uses_postgres_with_the_async_driver() -> None:
    bot = compose()["services"]["bot"]
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert bot["env_file"] == ".env"


def test_compose_passes_the_encoder_settings_with_the_images_export_as_default() -> None:
    environment = compose()["services"]["bot"]["environment"]
    assert environment["ENCODER_DIR"] == "${ENCODER_DIR:-/opt/encoder}"
    assert environment["ENCODER_THREADS"] == "${ENCODER_THREADS:-}"


def test_env_example_offers_the_encoder_settings() -> None:
    lines = (ROOT / ".env.example").read_text("utf-8").splitlines()
    assert {"ENCODER_DIR=", "ENCODER_THREADS="} <= set(lines)


def test_env_file_is_ignored_by_git() -> None:
    assert ".env" in (ROOT / ".gitignore").read_text("utf-8").splitlines()


def test_the_member_hash_key_is_a_setting_in_env_example_and_compose() -> None:
    assert "member_hash_key" in Settings.model_fields
    assert "MEMBER_HASH_KEY=" in (ROOT / ".env.example").read_text("utf-8").splitlines()
    passed = compose()["services"]["bot"]["environment"]["MEMBER_HASH_KEY"]
    assert passed == "${MEMBER_HASH_KEY:-}"  # empty: the key kept in DATA_DIR
