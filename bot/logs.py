"""Logging set-up shared by the CLI and the bot."""

from __future__ import annotations

import logging

# Libraries that log at INFO or DEBUG on every start; their chatter hides our own lines.
_NOISY = ("bm25s", "sentence_transformers", "faiss", "faiss.loader", "transformers",
          "httpx", "urllib3", "discord.gateway", "aiosqlite", "asyncio")


def quiet_libraries(level: int = logging.WARNING) -> None:
    """Raise noisy third-party loggers to `level`."""
    for name in _NOISY:
        logging.getLogger(name).setLevel(level)
