"""Settings from the environment or `.env`, with the names of ARCHITECTURE.md.

Built in `main()` and passed in, never at import time, so importing the bot (tests
included) needs no token.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage import default_sqlite_url
from storage.member_hash import MemberHash

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def default_data_dir() -> Path:
    """A per-user data folder (XDG on Linux)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "llc-bot"


class Settings(BaseSettings):
    """Every setting the app reads; docker-compose.yml passes exactly these names."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore", case_sensitive=False)

    discord_token: SecretStr | None = None
    discord_api_base: str = "https://discord.com/api/v10"
    discord_gateway_url: str | None = None
    guild_id: int | None = None
    help_forum_channel_id: int | None = None
    mod_log_channel_id: int | None = None
    community_channel_id: int | None = None
    # The daily digest of help-forum posts waiting for a person; unset: the mod log.
    help_digest_channel_id: int | None = None
    moderator_role_id: int | None = None
    trusted_role_id: int | None = None
    # A URL may carry a password: kept secret so it never shows in a repr, a log or an error.
    database_url: SecretStr | None = None
    data_dir: Path = Field(default_factory=default_data_dir)
    log_level: str = "INFO"
    db_upgrade_on_start: bool = True
    ask_cooldown_seconds: float = 10.0
    # Stored questions are deleted after this many days (see /privacy info).
    question_retention_days: int = Field(default=365, ge=1)
    # Where the trained understanding model is cached (by corpus and encoder hash); unset:
    # DATA_DIR/understanding. Trained from the committed corpus on first use.
    understanding_dir: Path | None = None
    # The ONNX export of the encoder (`llc-bot model export`); unset: `encoder` in DATA_DIR.
    encoder_dir: Path | None = None
    # ONNX Runtime's intra-op threads for the encoder; unset: one per core.
    encoder_threads: int | None = Field(default=None, ge=1)
    # The secret of the keyed hash that blocks and moderation records keep of a forgotten
    # member (storage/member_hash.py); unset: a key created once in DATA_DIR.
    member_hash_key: SecretStr | None = Field(default=None, min_length=16)

    @field_validator(
        "discord_token", "discord_gateway_url", "guild_id", "help_forum_channel_id",
        "mod_log_channel_id", "community_channel_id", "help_digest_channel_id",
        "moderator_role_id", "trusted_role_id",
        "database_url", "understanding_dir", "encoder_dir", "encoder_threads", "member_hash_key",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # docker-compose passes unset variables as empty strings.
        return None if value == "" else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _known_log_level(cls, value: object) -> object:
        name = str(value).strip().upper()
        if name not in LOG_LEVELS:
            raise ValueError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        return name

    def resolved_understanding_dir(self) -> Path:
        """The configured cache of the understanding model, or one in the data folder."""
        return self.understanding_dir or self.data_dir / "understanding"

    def member_hash(self) -> MemberHash:
        """The deployment's keyed hash of member ids (creating its key on first use)."""
        key = self.member_hash_key.get_secret_value() if self.member_hash_key else None
        return MemberHash.for_deployment(key, self.data_dir)

    def resolved_database_url(self) -> str:
        """The configured URL, or SQLite in the data folder."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return default_sqlite_url(self.data_dir)

    def resolved_encoder_dir(self) -> Path:
        """The configured export folder, or `encoder` in the data folder."""
        return self.encoder_dir if self.encoder_dir is not None else self.data_dir / "encoder"

    def encoder_options(self) -> dict[str, Any]:
        """Keyword arguments of `embeddings.encoder.Encoder` from these settings (the class
        is not imported here: the settings load before any model)."""
        threads = self.encoder_threads or max(1, os.cpu_count() or 1)
        return {"encoder_dir": self.resolved_encoder_dir(), "threads": threads}


class SettingsError(ValueError):
    """A setting in the environment or `.env` is invalid; the message names it for a person."""


def load_settings() -> Settings:
    """The settings, or SettingsError with one line per bad setting (never its value, which
    may be a secret)."""
    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            name = ".".join(str(part) for part in issue["loc"]).upper() or "a setting"
            problems.append(f"{name}: {issue['msg'].removeprefix('Value error, ')}")
        raise SettingsError("invalid setting " + "; ".join(problems)) from None
