"""Start the bot: settings, logging, database, the answer engine, then Discord."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import discord

from bot.endpoints import apply_endpoints
from bot.logs import quiet_libraries
from bot.settings import Settings

log = logging.getLogger("llc_bot")


async def build_and_run(settings: Settings) -> None:
    from bot.client import LLCBot
    from bot.services import build_services

    services = await build_services(settings)
    bot = LLCBot(services)
    # `docker stop` sends SIGTERM: close the gateway and the database instead of dying.
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(stop_signal, lambda: loop.create_task(bot.close()))
    try:
        async with bot:
            await bot.start(settings.discord_token.get_secret_value())  # type: ignore[union-attr]
    finally:
        await services.aclose()


def run_bot(settings: Settings) -> int:
    """Run until stopped; a rejected token or an unreachable database exits with status 2."""
    from embeddings.encoder import EncoderUnavailable
    from storage import StorageError

    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet_libraries()
    apply_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    try:
        asyncio.run(build_and_run(settings))
    except discord.LoginFailure:
        print("llc-bot: Discord rejected DISCORD_TOKEN. Reset the token in the developer portal "
              "and update .env (see README.md).", file=sys.stderr)
        return 2
    except discord.Forbidden:
        print("llc-bot: Discord refused to sync the commands: is the bot in the server GUILD_ID "
              "names, invited with the applications.commands scope? (see README.md)",
              file=sys.stderr)
        return 2
    except discord.PrivilegedIntentsRequired:
        print("llc-bot: turn on the Message Content and Server Members intents for the bot in "
              "the developer portal (see README.md).", file=sys.stderr)
        return 2
    except (StorageError, EncoderUnavailable) as error:  # no database, its hash key, no encoder
        print(f"llc-bot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0
