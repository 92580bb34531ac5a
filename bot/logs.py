"""Logging set-up shared by the CLI and the bot."""

from __future__ import annotations

import logging

# Libraries that log at INFO or DEBUG on every start; their chatter hides our own lines.
_NOISY = ("bm25s", "sentence_transformers", "faiss", "faiss.loader", "transformers",
          "httpx", "urllib3", "discord.gateway", "aiosqlite", "asyncio")


def quiet_libraries(level: int = logging.WARNING) -> None:
    """Raise noisy third-party loggers to `level`.

    discord.py at DEBUG logs request bodies (members' questions) and interaction URLs (which
    hold tokens), so its loggers stay at INFO or above whatever LOG_LEVEL says.
    """
    for name in _NOISY:
        logging.getLogger(name).setLevel(level)
    discord_logger = logging.getLogger("discord")
    discord_logger.setLevel(max(logging.INFO, discord_logger.getEffectiveLevel()))
