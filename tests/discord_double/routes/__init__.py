"""The REST routes the bot uses, answered from the double's state.

Where Discord would reject a call (unknown channel, a second interaction response, an empty
message, a message in a forum), the double rejects it with Discord's error code, so a bug in the
bot fails the test instead of passing silently.
"""

from __future__ import annotations

from ..rest import Route
from ..state import DoubleState
from .application import ApplicationRoutes
from .channels import ChannelRoutes
from .common import Announce
from .guild import GuildRoutes
from .interactions import InteractionRoutes


def all_routes(state: DoubleState, announce: Announce, gateway_url: str) -> list[Route]:
    """Every route, in matching order (`/users/@me` before `/users/{user_id}`)."""
    return [
        *ApplicationRoutes(state, announce, gateway_url).table(),
        *InteractionRoutes(state, announce).table(),
        *ChannelRoutes(state, announce).table(),
        *GuildRoutes(state, announce).table(),
    ]
