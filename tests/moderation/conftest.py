"""Fixtures of the moderation tests: a clock that moves only when told, and messages built
with plausible defaults so a test names only what it is about."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from moderation_helpers import CHANNEL, GUILD, MEMBER, POSTED_AT, FakeClock

from moderation import MessageContext, ModerationConfig, Moderator

Post = Callable[..., MessageContext]


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_moderator(fake_clock: FakeClock) -> Callable[..., Moderator]:
    """A moderator on the fake clock, with the defaults plus the given overrides."""

    def make(**overrides: Any) -> Moderator:
        config = ModerationConfig.defaults().with_overrides(overrides)
        return Moderator(config, clock=fake_clock)

    return make


@pytest.fixture
def moderator(make_moderator: Callable[..., Moderator]) -> Moderator:
    return make_moderator()


@pytest.fixture
def post() -> Post:
    """A message from an established member in a public channel, unless told otherwise."""

    def make(text: str = "Easy 8k today, legs felt fine.", **given: Any) -> MessageContext:
        fields: dict[str, Any] = {
            "text": text,
            "author_id": MEMBER,
            "channel_id": CHANNEL,
            "guild_id": GUILD,
            "account_created_at": POSTED_AT - timedelta(days=900),
            "joined_at": POSTED_AT - timedelta(days=200),
            "timestamp": POSTED_AT,
        }
        fields.update(given)
        return MessageContext(**fields)

    return make
