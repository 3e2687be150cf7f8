"""Limits every request meets before any of it is parsed (issue 15).

``BodyLimit`` is plain ASGI middleware, outermost: a declared
``Content-Length`` over the limit is answered 413 before a byte of the body
is read; a body sent without one (chunked) is counted as it streams and cut
off at the limit. A batch may be large (1,000 records); every other body is
small. Nested JSON is refused (422) before Python's parser could recurse on it.

``quiet_disconnects`` turns a client that went away mid-request into one log
line instead of a traceback.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator
from starlette.requests import ClientDisconnect

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BATCH_PATH = "/api/v1/batches"
MAX_BATCH_BODY = 8 * 1024 * 1024  # 1,000 records of a few kilobytes each
MAX_BODY = 64 * 1024  # registration, queue calls
MAX_BODY_DEPTH = 32  # a batch nests 6 deep; free-form details are checked on their own

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date(value: Any) -> Any:
    # Pydantic would read "0" as 1970-01-01 (a timestamp): a day is YYYY-MM-DD only.
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class BodyTooLarge(Exception):
    pass


def _went_away(scope: Scope) -> None:
    log.info(
        "%s went away during %s %s (nothing applied)",
        _who(scope),
        scope.get("method", "?"),
        scope.get("path", "?"),
    )


def json_depth(raw: bytes) -> int:
    """How deep the JSON in ``raw`` nests (strings skipped), without parsing it."""
    depth = deepest = 0
    for m in _BRACKETS.finditer(_STRINGS.sub(b'""', raw)):
        if m.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def body_limit(path: str) -> int:
    return MAX_BATCH_BODY if path == BATCH_PATH else MAX_BODY


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _who(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-counterapp-station":
            return "station " + value.decode("latin-1")[:16]
    client = scope.get("client")
    return f"client {client[0]}" if client else "a client"


class BodyLimit:
    """413 for a body over its path's limit, before anything reads it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = body_limit(path)
        declared = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        too_large = f"the request body is larger than {limit:,} bytes"
        if declared is not None and declared > limit:
            log.warning("security: %s refused on %s: body of %d bytes", _who(scope), path, declared)
            await _answer(send, 413, too_large)
            return

        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        wrapped: Receive = counted
        if path != BATCH_PATH and scope.get("method") in ("POST", "PUT", "PATCH"):
            # Small bodies: read whole here, so their nesting is checked before
            # FastAPI's JSON parser (which would recurse) ever sees them.
            chunks = []
            try:
                while True:
                    message = await counted()
                    if message["type"] == "http.disconnect":
                        _went_away(scope)
                        return
                    chunks.append(message.get("body", b""))
                    if not message.get("more_body"):
                        break
            except BodyTooLarge:
                log.warning(
                    "security: %s refused on %s: body over %d bytes", _who(scope), path, limit
                )
                await _answer(send, 413, too_large)
                return
            raw = b"".join(chunks)
            if json_depth(raw) > MAX_BODY_DEPTH:
                await _answer(
                    send,
                    422,
                    f"request refused: the JSON nests deeper than {MAX_BODY_DEPTH} levels",
                )
                return
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": raw, "more_body": False}
                return await receive()

            wrapped = replay
        try:
            await self.app(scope, wrapped, tracking)
        except ClientDisconnect:
            _went_away(scope)  # one line, not a traceback
        except BodyTooLarge:
            log.warning("security: %s refused on %s: body over %d bytes", _who(scope), path, limit)
            if not started:
                await _answer(send, 413, too_large)
