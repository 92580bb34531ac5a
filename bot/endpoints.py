"""Point discord.py at the configured REST base and gateway.

Settings decide where the client talks (discord.com in production, the local Discord double
in tests), so the code under test is configured, never patched.
"""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl

DISCORD_API_BASE_DEFAULT = "https://discord.com/api/v10"


def apply_endpoints(api_base: str | None, gateway_url: str | None) -> None:
    """Route every REST call (interaction callbacks and webhooks included) and the gateway."""
    discord.http.Route.BASE = (api_base or DISCORD_API_BASE_DEFAULT).rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
