"""A local Discord double for end-to-end tests of the real discord.py client.

See `DiscordDouble` (server.py) for the test-facing API and `running_bot` (runner.py) to run a
`commands.Bot` against it; fixtures live in tests/e2e/conftest.py.
"""

from .events import UnknownCommand
from .gateway import GatewayFrame, GatewayNotConnected
from .guild import FakeChannel, FakeGuild, FakeRole, FakeUser, default_guild
from .records import (
    BotMessage,
    ForumPost,
    InteractionResult,
    Modal,
    ModalField,
    RecordedFile,
    RecordedRequest,
)
from .request_log import NoMatchingRequest
from .runner import running_bot
from .server import DEFAULT_TOKEN, DiscordDouble

__all__ = [
    "DEFAULT_TOKEN",
    "BotMessage",
    "DiscordDouble",
    "FakeChannel",
    "FakeGuild",
    "FakeRole",
    "FakeUser",
    "ForumPost",
    "GatewayFrame",
    "GatewayNotConnected",
    "InteractionResult",
    "Modal",
    "ModalField",
    "NoMatchingRequest",
    "RecordedFile",
    "RecordedRequest",
    "UnknownCommand",
    "default_guild",
    "running_bot",
]
