"""The published API is the API (issue 15): the OpenAPI document declares
every body (the batch's too: it is parsed by hand for speed), the headers a
station sends, how it proves itself, and every answer with its error shape.

Every refusal has one shape, ``Problem``: ``detail`` (one line for a person),
``problems`` (each entry or field refused, when there are several) and
``kind`` (the queue's refusal, for the client to raise the right error).
``schemathesis run --checks all`` fuzzes the server against this document
(tests/test_openapi_fuzz.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from counterapp.server.limits import BATCH_PATH
from counterapp.server.station_api import STATION_HEADERS
from counterapp.sync.protocol import (
    CHANGES_PATH,
    PROTOCOL_HEADER,
    REGISTER_PATH,
)
from counterapp.sync.wire import Batch


class Problem(BaseModel):
    """Why a request was refused (every 4xx and 5xx answer)."""

    detail: str
    problems: list[str] = Field(default_factory=list, description="each thing refused")
    kind: str | None = Field(default=None, description="the queue's refusal, e.g. TicketTaken")


_REASONS = {
    "400": "The body is not JSON text",
    "401": "No credential, or one head office does not accept (the same answer either way)",
    "403": "A proven caller that may not do this (revoked, another site, a staff role)",
    "404": "No such thing",
    "409": "Conflicts with what is already stored, or with the queue's state",
    "413": "The body is larger than this path accepts",
    "422": "A field or record breaks a rule; ``detail`` names it",
    "426": "The station's software is too old: update it",
    "503": "The server's database is unavailable; try again later",
}

STATION_SECURITY: list[dict[str, list[str]]] = [{"stationCode": [], "stationSecret": []}]
# A head-office user: a browser's session cookie, or a script's API token
# (``Authorization: Bearer hq_…``, made on the user's account page).
HEAD_OFFICE_SECURITY: list[dict[str, list[str]]] = [
    {"headOfficeSession": []},
    {"headOfficeToken": []},
]
_SECURITY_SCHEMES = {
    "stationCode": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Counterapp-Station",
        "description": "The station's code, with its secret as the bearer credential",
    },
    "stationSecret": {"type": "http", "scheme": "bearer"},
    "headOfficeSession": {
        "type": "apiKey",
        "in": "cookie",
        "name": "hq_session",
        "description": "A head-office user's browser session (signed in at /hq/login)",
    },
    "headOfficeToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "A head-office user's API token (hq_…); it may do what the user's role may",
    },
}


def _problem(status: str) -> dict[str, Any]:
    return {
        "description": _REASONS[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _header(name: str, description: str, *, required: bool, schema: dict[str, Any]) -> Any:
    return {
        "name": name,
        "in": "header",
        "required": required,
        "description": description,
        "schema": schema,
    }


_PROTOCOL = _header(
    PROTOCOL_HEADER,
    "The station's protocol version (426 when too old)",
    # Missing means a station from before the header: told to update (426).
    required=False,
    schema={"type": "integer", "minimum": 1, "maximum": 1000},
)
_STATION_EXTRAS = [
    _header(h.name, h.description, required=False, schema=h.schema()) for h in STATION_HEADERS
]


# The wire's guard (``limits.BodyLimit``) refuses a control character in any
# path or query parameter: the document says so.
NO_CONTROL_CHARACTERS = "^[^\\x00-\\x1f\\x7f]*$"


def _no_control_characters(schema: dict[str, Any]) -> None:
    for option in [schema, *schema.get("anyOf", ())]:
        if option.get("type") == "string" and "pattern" not in option and "format" not in option:
            option["pattern"] = NO_CONTROL_CHARACTERS


TEXT_WITHOUT_CONTROLS = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"


GUARDED_JSON: dict[str, Any] = {
    "description": "any JSON whose text and keys pass the wire's guard",
    "anyOf": [
        {"type": "string", "pattern": TEXT_WITHOUT_CONTROLS},
        {"type": ["number", "boolean", "null"]},
        {"type": "array", "items": {"$ref": "#/components/schemas/GuardedJSON"}},
        {
            "type": "object",
            "propertyNames": {"pattern": NO_CONTROL_CHARACTERS},
            "additionalProperties": {"$ref": "#/components/schemas/GuardedJSON"},
        },
    ],
}


def _text_only(schema: Any) -> None:
    """Text values without control characters (tab and line ends pass), keys
    without any: what ``limits.body_refusal`` refuses, declared."""
    if isinstance(schema, list):
        for item in schema:
            _text_only(item)
        return
    if not isinstance(schema, dict):
        return
    constrained = {"pattern", "format", "enum", "const"} & set(schema)
    if schema.get("type") == "string" and not constrained:
        schema["pattern"] = TEXT_WITHOUT_CONTROLS
    if schema.get("type") == "object" or "properties" in schema:
        schema.setdefault("propertyNames", {"pattern": NO_CONTROL_CHARACTERS})
        if schema.get("additionalProperties", True) in (True, {}):
            # Fields the server ignores pass the guard too: any JSON, its text checked.
            schema["additionalProperties"] = {"$ref": "#/components/schemas/GuardedJSON"}
    for key, value in schema.items():
        if key not in ("propertyNames", "pattern"):
            _text_only(value)


def _is_station_path(path: str) -> bool:
    return path.startswith("/api/v1/queue/") or path in (BATCH_PATH, CHANGES_PATH)


def describe_api(app: FastAPI) -> None:
    """Make ``app.openapi()`` the complete document (built once)."""

    def document() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title,
            version=app.version,
            description=__doc__,
            routes=app.routes,
        )
        components = doc.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        schemas["Problem"] = Problem.model_json_schema()
        # Every other body's text passes the wire's guard: the document says so
        # (a batch's own rules are ``sync.wire``'s, checked whole).
        for sub in schemas.values():
            _text_only(sub)
        schemas["GuardedJSON"] = GUARDED_JSON
        batch = Batch.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in batch.pop("$defs", {}).items():
            schemas.setdefault(name, sub)
        schemas["Batch"] = batch
        components["securitySchemes"] = _SECURITY_SCHEMES
        for path, item in doc.get("paths", {}).items():
            for method, op in item.items():
                _complete(path, method, op)
        # FastAPI's own 422 shape is not what the server answers: Problem is.
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = doc
        return doc

    app.openapi = document  # type: ignore[method-assign]


def _complete(path: str, method: str, op: dict[str, Any]) -> None:
    responses = op.setdefault("responses", {})
    statuses = ["422", "503"]
    params = op.setdefault("parameters", [])
    if _is_station_path(path) or path == REGISTER_PATH:
        params.append(_PROTOCOL)
        statuses.append("426")
    if _is_station_path(path):
        params.extend(_STATION_EXTRAS)
        statuses += ["401", "403"]
        if path.startswith("/api/v1/queue/"):
            # A site's queue answers its own stations, and head-office users whose
            # role allows it (``server.access.site_caller``).
            op["security"] = STATION_SECURITY + HEAD_OFFICE_SECURITY
        else:
            op["security"] = STATION_SECURITY
    elif path not in (REGISTER_PATH, "/api/v1/health"):
        # Head office's views, behind its sign-in; a role that may not: 403.
        op["security"] = HEAD_OFFICE_SECURITY
        statuses += ["401", "403"]
    if path == REGISTER_PATH:
        statuses.append("403")
    if method == "post":
        statuses += ["400", "413"]
    if path == BATCH_PATH:
        statuses.append("409")
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Batch"}}},
        }
    if path.startswith("/api/v1/queue/") and method == "post":
        statuses += ["404", "409"]
    if "{" in path or path == REGISTER_PATH:
        statuses.append("404")  # no such station, receipt or ticket
    if path == REGISTER_PATH:
        statuses.append("409")  # the code was already used by another PC (issue 12)
    for status in statuses:
        responses[status] = _problem(status)
    for param in params:
        if param.get("in") in ("path", "query"):
            _no_control_characters(param.get("schema", {}))
    if path.endswith("/events"):
        responses["200"] = {
            "description": "Server-sent events: every change of the site's queue",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        }
