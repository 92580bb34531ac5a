"""`python -m bot`: start the Discord bot, or explain clearly why it cannot start."""

from __future__ import annotations

import sys

NO_TOKEN = (
    "llc-bot: DISCORD_TOKEN is not set. Create a bot in the Discord developer portal and put "
    "its token in .env (see README.md, 'Running the bot in Discord'). Without a token you can "
    "still talk to the bot in this terminal: llc-bot chat"
)


def main() -> int:
    """Exit status 2 without a token; otherwise run until stopped."""
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"llc-bot: {error}", file=sys.stderr)
        return 2
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.runner import run_bot

    return run_bot(settings)


if __name__ == "__main__":
    sys.exit(main())
