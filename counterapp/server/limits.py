"""Limits every request meets before any of it is parsed (issue 15).

``BodyLimit`` is plain ASGI middleware, outermost: a declared
``Content-Length`` over the limit is answered 413 before a byte of the body
is read; a body sent without one (chunked) is counted as it streams and cut
off at the limit. A batch may be large (1,000 records); every other body is
small. Nested JSON is refused (422) before Python's parser could recurse on it.

The same middleware guards the wire for every route (issue 15, "every input
bounded"): a control character (NUL above all) in the path or the query string
is refused (422 naming the parameter) before any route runs; a route that
needs a credential has it checked (``app.state.credential_first``) before a
byte of its body is read; a small body is then read whole, its nesting checked,
and a NUL or other control character in any of its JSON or form fields refused
(422 naming the field; tab, newline and carriage return pass in values). The
Open311 paths answer such refusals in Open311's own error format, with 400.

Days and times the server accepts lie in ``FIRST_YEAR``..``LAST_YEAR``
(``IsoDate``, ``WireTime``, ``time_refusal``): a year 9999 or 0001 would
overflow the moment a zone or a day is added to it.

A client that went away mid-request is one log line instead of a traceback;
nothing a caller sent is written raw into a log line (``printable``).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import suppress
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import parse_qsl

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Match

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BATCH_PATH = "/api/v1/batches"
MAX_BATCH_BODY = 8 * 1024 * 1024  # 1,000 records of a few kilobytes each
MAX_BODY = 64 * 1024  # registration, queue calls
MAX_INTEGER = 2**31 - 1  # the databases' INTEGER columns (a sequence, an event's seq)
MAX_BODY_DEPTH = 32  # a batch nests 6 deep; free-form details are checked on their own

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date(value: Any) -> Any:
    # Pydantic would read "0" as 1970-01-01 (a timestamp): a day is YYYY-MM-DD only.
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


# Every day or time the server accepts (issue 15): a business date, never year 1 or 9999.
FIRST_YEAR = 2000
LAST_YEAR = 2999


def time_refusal(value: date | datetime) -> str | None:
    """Why ``value`` is outside the server's range, or None."""
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    return f"a date from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31 is expected"


def _in_range(value: Any) -> Any:
    refusal = time_refusal(value)
    if refusal:
        raise ValueError(refusal)
    return value


# The published document says the range too (a year from 2000 to 2999).
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    AfterValidator(_in_range),
    WithJsonSchema({"type": "string", "format": "date", "pattern": "^2[0-9]{3}-"}),
]
WireTime = Annotated[
    datetime,
    AfterValidator(_in_range),
    # No pattern for the years: a generator filtering date-times through one gives
    # up (schemathesis); the range is said in words, and a time outside it is 422.
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "A time with its zone, in the years 2000 to 2999",
        }
    ),
]

# Control characters: never in an identifier (path, query, a key); in a text
# value, tab, newline and carriage return only.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_REFUSED = "control characters (such as NUL) are refused"


def printable(text: str, limit: int = 80) -> str:
    """``text`` for a log line: control characters escaped, never written raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text[:limit])


class LogControlCharacters(logging.Filter):
    """A handler's filter: a log line never carries a raw control character."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _CONTROL_IN_TEXT.search(message):
            record.msg = _CONTROL_IN_TEXT.sub(lambda m: f"\\x{ord(m.group()):02x}", message)
            record.args = None
        return True


class BodyTooLarge(Exception):
    pass


def _went_away(scope: Scope) -> None:
    log.info(
        "%s went away during %s %s (nothing applied)",
        _who(scope),
        scope.get("method", "?"),
        printable(scope.get("path", "?")),
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
            return "station " + printable(value.decode("latin-1"), 16)
    client = scope.get("client")
    return f"client {client[0]}" if client else "a client"


OPEN311_PREFIX = "/open311/"


def path_refusal(scope: Scope) -> str | None:
    """A control character in the path: named by its route's parameter."""
    path = scope.get("path", "")
    if not _CONTROL.search(path):
        return None
    router = getattr(scope.get("app"), "router", None)
    name = _path_parameter(getattr(router, "routes", ()), scope) or "path"
    return f"{name}: {CONTROL_REFUSED}"


def _path_parameter(routes: Any, scope: Scope) -> str | None:
    """The path parameter holding a control character (routers searched whole)."""
    for route in routes:
        inner = getattr(getattr(route, "original_router", None), "routes", None)
        if inner is not None:
            found = _path_parameter(inner, scope)
            if found:
                return found
            continue
        match, child = route.matches(scope)
        if match == Match.FULL:
            for name, value in child.get("path_params", {}).items():
                if isinstance(value, str) and _CONTROL.search(value):
                    return str(name)
            return None
    return None


def _pairs(raw: str) -> list[tuple[str, str]]:
    return parse_qsl(raw, keep_blank_values=True)


def query_refusal(scope: Scope) -> str | None:
    """A control character in a query parameter's name or value."""
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in _pairs(query):
        if _CONTROL.search(name) or _CONTROL.search(value):
            return f"{printable(name, 40) or 'query'}: {CONTROL_REFUSED}"
    return None


def _strings(value: Any, where: str) -> Iterator[tuple[str, str, bool]]:
    """(where, text, is_key) for every string in parsed JSON."""
    if isinstance(value, str):
        yield where, value, False
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            yield inner, str(key), True
            yield from _strings(item, inner)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}.{i}" if where else str(i))


def body_refusal(raw: bytes, content_type: str) -> str | None:
    """A NUL or other control character in a JSON or form field, named."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        found: Iterator[tuple[str, str, bool]] = (
            (name, text, is_key)
            for name, value in _pairs(raw.decode("latin-1"))
            for text, is_key in ((name, True), (value, False))
        )
    elif content_type.startswith("multipart/"):
        return None  # no route here takes one
    else:
        try:
            found = _strings(json.loads(raw), "")
        except (ValueError, RecursionError):
            return None  # not JSON: the route's own parser answers
    for where, text, is_key in found:
        if (_CONTROL if is_key else _CONTROL_IN_TEXT).search(text):
            return f"{printable(where, 60) or 'body'}: {CONTROL_REFUSED}"
    return None


async def _refuse(scope: Scope, send: Send, detail: str) -> None:
    """422 naming what was refused; Open311 answers in its own format (400)."""
    path = scope.get("path", "")
    log.warning("security: %s refused on %s: %s", _who(scope), printable(path), detail)
    if path.startswith(OPEN311_PREFIX):
        from counterapp.server.open311 import open311_error  # it imports this module

        response = open311_error(path, detail)
        response.headers["connection"] = "close"
        await response(scope, _no_body, send)
        return
    await _answer(send, 422, f"request refused: {detail}")


async def _drain(receive: Receive, limit: int, seconds: float = 1.0, idle: float = 0.25) -> None:
    """Read and drop what the client is sending (up to ``limit``, for at most
    ``seconds``, until it pauses for ``idle``), so the refusal is not lost to a
    connection reset; nothing read is kept."""

    async def read() -> None:
        received = 0
        while received <= limit:
            message = await asyncio.wait_for(receive(), idle)
            if message["type"] != "http.request":
                return
            received += len(message.get("body", b""))
            if not message.get("more_body"):
                return

    with suppress(TimeoutError, ClientDisconnect):
        await asyncio.wait_for(read(), seconds)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


def _served(routes: Any, scope: Scope) -> bool:
    """Does a route take this method at this path? (routers searched whole)"""
    for route in routes:
        inner = getattr(getattr(route, "original_router", None), "routes", None)
        if inner is not None:
            if _served(inner, scope):
                return True
        elif route.matches(scope)[0] == Match.FULL:
            return True
    return False


async def _credential_refused(scope: Scope) -> Response | None:
    """The app's answer when the caller has no credential its route would take
    (``app.state.credential_first``: raises the route's own refusal), else None."""
    app = scope.get("app")
    check = getattr(getattr(app, "state", None), "credential_first", None)
    if check is None or not _served(getattr(getattr(app, "router", None), "routes", ()), scope):
        return None  # no route takes this method here: the app's own 404 or 405
    request = Request(scope)
    try:
        await run_in_threadpool(check, request)
    except Exception as exc:
        handlers = getattr(app, "exception_handlers", {})
        handler = next((handlers[c] for c in type(exc).__mro__ if c in handlers), None)
        if handler is None:
            raise
        if inspect.iscoroutinefunction(handler):
            response = await handler(request, exc)
        else:
            response = await run_in_threadpool(handler, request, exc)
        response.headers["connection"] = "close"  # its body is never read
        return response
    return None


class BodyLimit:
    """The wire's guard: control characters, the credential before the body, and
    413 for a body over its path's limit, before anything reads it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = body_limit(path)
        declared = None
        content_type = ""
        chunked = False
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
            elif name == b"content-type":
                content_type = value.decode("latin-1").lower()
            elif name == b"transfer-encoding":
                chunked = True
        received = 0
        started = False
        # A body is coming (declared, or chunked) until its last part is read.
        body_pending = bool(declared) or chunked

        async def counted() -> Message:
            nonlocal received, body_pending
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if not message.get("more_body"):
                    body_pending = False
                if received > limit:
                    raise BodyTooLarge
            else:
                body_pending = False
            return message

        async def tracking(message: Message) -> None:
            nonlocal started, body_pending
            if message["type"] == "http.response.start":
                started = True
                if body_pending:
                    # An answer before the body was read (a refusal): read and
                    # drop the rest, else the closing socket resets the answer.
                    body_pending = False
                    await _drain(receive, limit)
            await send(message)

        refusal = path_refusal(scope) or query_refusal(scope)
        if refusal:
            await _refuse(scope, tracking, refusal)
            return
        too_large = f"the request body is larger than {limit:,} bytes"
        if declared is not None and declared > limit:
            log.warning(
                "security: %s refused on %s: body of %d bytes",
                _who(scope),
                printable(path),
                declared,
            )
            await _answer(send, 413, too_large)  # not read: too much to drain
            return

        wrapped: Receive = counted
        if path != BATCH_PATH and scope.get("method") in ("POST", "PUT", "PATCH"):
            # The caller first: a route that needs a credential refuses a caller
            # without one before a byte of its body is read (a batch's route
            # does so itself, its body being read by a dependency after it).
            answer = await _credential_refused(scope)
            if answer is not None:
                await answer(scope, _no_body, tracking)
                return
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
                    "security: %s refused on %s: body over %d bytes",
                    _who(scope),
                    printable(path),
                    limit,
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
            refusal = body_refusal(raw, content_type)
            if refusal:
                await _refuse(scope, send, refusal)
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
            log.warning(
                "security: %s refused on %s: body over %d bytes",
                _who(scope),
                printable(path),
                limit,
            )
            if not started:
                await _answer(send, 413, too_large)
