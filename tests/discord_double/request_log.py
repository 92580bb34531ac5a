"""The ordered record of the bot's REST calls, and waiting for one without sleeping."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .records import RecordedRequest

BodyPredicate = Callable[[Any], bool]
Methods = str | tuple[str, ...] | None
PathPattern = str | re.Pattern[str]

_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def compile_path(pattern: PathPattern) -> re.Pattern[str]:
    """`/channels/{channel_id}/messages` -> a regex; each `{name}` or `{}` is one path segment."""
    if isinstance(pattern, re.Pattern):
        return pattern
    regex, position = "", 0
    for placeholder in _PLACEHOLDER.finditer(pattern):
        regex += re.escape(pattern[position : placeholder.start()])
        name = placeholder.group(1)
        regex += f"(?P<{name}>[^/]+)" if name else "[^/]+"
        position = placeholder.end()
    return re.compile(regex + re.escape(pattern[position:]))


class NoMatchingRequest(AssertionError):
    """The bot did not make the expected call in time; the message lists what it did call."""


class RequestLog:
    """Requests in arrival order.

    Each recorded request is handed out by at most one `wait_for`, earliest first, so two waits
    for the same pattern return the bot's first and second such call, whether they arrived before
    or after the wait started.
    """

    def __init__(self) -> None:
        self._requests: list[RecordedRequest] = []
        self._claimed: set[int] = set()
        self._changed = asyncio.Condition()

    @property
    def requests(self) -> tuple[RecordedRequest, ...]:
        return tuple(self._requests)

    async def add(self, request: RecordedRequest) -> None:
        """Record `request` as the next one (its `index` is set here) and wake the waiters."""
        async with self._changed:
            self._requests.append(replace(request, index=len(self._requests)))
            self._changed.notify_all()

    def matching(
        self,
        method: Methods,
        path: PathPattern,
        body: BodyPredicate | None = None,
        *,
        successful: bool = False,
    ) -> list[RecordedRequest]:
        """All recorded requests that match, claimed or not (for assertions after the fact).
        `method` is one method, a tuple of them, or None for any."""
        regex = compile_path(path)
        methods = (
            None
            if method is None
            else {m.upper() for m in ((method,) if isinstance(method, str) else method)}
        )
        return [
            request
            for request in self._requests
            if (methods is None or request.method in methods)
            and regex.fullmatch(request.path)
            and (not successful or request.status < 300)
            and (body is None or body(request.json))
        ]

    async def wait_for(
        self,
        method: Methods,
        path: PathPattern,
        body: BodyPredicate | None = None,
        *,
        within: float,
        successful: bool = False,
    ) -> RecordedRequest:
        """The earliest unclaimed matching request, claiming it; waits up to `within` seconds."""

        def first_unclaimed() -> RecordedRequest | None:
            for request in self.matching(method, path, body, successful=successful):
                if request.index not in self._claimed:
                    return request
            return None

        try:
            async with asyncio.timeout(within), self._changed:
                found = await self._changed.wait_for(first_unclaimed)
                self._claimed.add(found.index)
        except TimeoutError:
            raise NoMatchingRequest(self._describe_miss(method, path, within)) from None
        return found

    def _describe_miss(self, method: Methods, path: PathPattern, within: float) -> str:
        pattern = path.pattern if isinstance(path, re.Pattern) else path
        recent = "\n".join(
            f"  #{r.index} {r.method} {r.path} -> {r.status}"
            + (" (claimed)" if r.index in self._claimed else "")
            for r in self._requests[-15:]
        )
        return (
            f"no {method or 'ANY'} {pattern} from the bot within {within}s; "
            f"last requests:\n{recent or '  (none)'}"
        )
