"""Settings from the environment or `.env`, with the names of ARCHITECTURE.md.

Built in `main()` and passed in, never at import time, so importing the bot (tests
included) needs no token.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage import default_sqlite_url


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
    moderator_role_id: int | None = None
    trusted_role_id: int | None = None
    database_url: str | None = None
    data_dir: Path = Field(default_factory=default_data_dir)
    log_level: str = "INFO"
    db_upgrade_on_start: bool = True
    ask_cooldown_seconds: float = 10.0
    # Stored questions are deleted after this many days (see /privacy info).
    question_retention_days: int = Field(default=365, ge=1)

    @field_validator(
        "discord_token", "discord_gateway_url", "guild_id", "help_forum_channel_id",
        "mod_log_channel_id", "community_channel_id", "moderator_role_id", "trusted_role_id",
        "database_url", mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # docker-compose passes unset variables as empty strings.
        return None if value == "" else value

    def resolved_database_url(self) -> str:
        """The configured URL, or SQLite in the data folder."""
        return self.database_url or default_sqlite_url(self.data_dir)
