"""The REST half of the double: parse a request, check the token, run the matching route,
record the call and answer with JSON discord.py will parse."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .payloads import error_payload
from .records import RecordedFile, RecordedRequest
from .request_log import RequestLog, compile_path

API_PREFIX = "/api/v10"


@dataclass(frozen=True)
class Call:
    """A parsed request as a route sees it."""

    method: str
    path: str
    params: Mapping[str, str]
    query: Mapping[str, str]
    json: Any
    files: tuple[RecordedFile, ...]


@dataclass(frozen=True)
class Reply:
    """A route's answer; `body=None` is an empty 204-style body."""

    status: int
    body: Any = None


def ok(body: Any) -> Reply:
    return Reply(200, body)


def no_content() -> Reply:
    return Reply(204)


def fail(status: int, code: int, message: str) -> Reply:
    return Reply(status, error_payload(code, message))


Handler = Callable[[Call], Awaitable[Reply]]


@dataclass(frozen=True)
class Route:
    """`methods`: one or more HTTP methods, space-separated. `authorized=False` for interaction
    callbacks and webhooks, which carry their token in the path and no Authorization header."""

    methods: str
    path: str
    handler: Handler
    authorized: bool = True

    @property
    def regex(self) -> re.Pattern[str]:
        return compile_path(self.path)


def _encode(reply: Reply) -> bytes | None:
    return None if reply.body is None else json.dumps(reply.body).encode()


def json_response(status: int, body: bytes | None) -> web.Response:
    """Bytes with Content-Type exactly `application/json`: discord.py parses JSON only then, and
    aiohttp's `json_response` would add a charset. `Connection: close`: see connections.py."""
    headers = {"Connection": "close"}
    if body is None:
        return web.Response(status=status, headers=headers)
    headers["Content-Type"] = "application/json"
    return web.Response(status=status, body=body, headers=headers)


async def _read_body(request: web.Request) -> tuple[Any, tuple[RecordedFile, ...]]:
    if request.content_type == "multipart/form-data":
        body: Any = None
        files: list[RecordedFile] = []
        reader = await request.multipart()
        async for part in reader:
            data = await part.read()  # type: ignore[union-attr]
            if part.name == "payload_json":
                body = json.loads(data)
            else:
                files.append(
                    RecordedFile(
                        field=part.name or "",
                        filename=part.filename or "",
                        content_type=part.headers.get("Content-Type", "application/octet-stream"),
                        data=bytes(data),
                    )
                )
        return body, tuple(files)
    raw = await request.read()
    return (json.loads(raw) if raw else None), ()


class RestServer:
    """Dispatches every request under `/api/v10` to the first route that matches."""

    def __init__(
        self,
        routes: list[Route],
        log: RequestLog,
        token: str,
        answered: Callable[[web.BaseRequest], Awaitable[None]],
    ) -> None:
        self._routes = [(route, route.regex) for route in routes]
        self._log = log
        self._token = token
        self._answered = answered

    async def handle(self, request: web.BaseRequest) -> web.Response:
        path = request.path.removeprefix(API_PREFIX)
        body, files = await _read_body(request)
        reply = await self._route(request, path, body, files)
        encoded = _encode(reply)
        # Record only once the client has read the answer: a test woken by the record must not
        # get an event to the bot ahead of it (a click on a view the bot has yet to store).
        response = json_response(reply.status, encoded)
        await response.prepare(request)
        await response.write_eof()
        await self._answered(request)
        await self._log.add(
            RecordedRequest(
                method=request.method,
                path=path,
                query=dict(request.query),
                json=body,
                files=files,
                headers={k: v for k, v in request.headers.items() if k.lower() != "authorization"},
                status=reply.status,
                # A copy, so later edits of the same message do not rewrite history.
                response=None if encoded is None else json.loads(encoded),
            )
        )
        return response

    async def _route(
        self, request: web.BaseRequest, path: str, body: Any, files: tuple[RecordedFile, ...]
    ) -> Reply:
        if not request.path.startswith(API_PREFIX):
            return fail(404, 0, "404: Not Found")
        for route, regex in self._routes:
            match = regex.fullmatch(path)
            if match is None or request.method not in route.methods.split():
                continue
            if route.authorized and request.headers.get("Authorization") != f"Bot {self._token}":
                return fail(401, 0, "401: Unauthorized")
            call = Call(request.method, path, match.groupdict(), dict(request.query), body, files)
            return await route.handler(call)
        return fail(404, 0, "404: Not Found")
