"""Open311 GeoReport v2 over the town's service requests (issue 16), so its
CRM (Dynamics 365, AMANDA, Lagan) can pull what the counters hand off, file
its own, and post status changes back.

Paths (each in ``.xml``, which the specification requires, and ``.json``):

- ``GET /open311/discovery``: the service discovery document;
- ``GET /open311/v2/services``: one service per kind (request, complaint)
  and department (``service_requests.services``);
- ``GET /open311/v2/services/{service_code}``: its definition (attributes
  ``subject``, ``category``, ``documents``, ``callback``);
- ``GET /open311/v2/requests`` (``service_request_id``, ``service_code``,
  ``start_date``, ``end_date``, ``status``; ``extensions=true`` adds the
  counter's details and the resident's contact) and
  ``GET /open311/v2/requests/{service_request_id}``;
- ``POST /open311/v2/requests``: file one (``api_key``);
- ``POST /open311/v2/servicerequestupdates``: a status change, shaped as
  FixMyStreet's published extension (``service_request_id``, ``status``,
  ``description``, ``updated_datetime``, ``update_id``), sent down to
  every station.

Reading requests needs an ``api_key`` too: they hold what residents said
(MFIPPA). Keys are head office's administrator's (``/hq/admin/open311``).
Times carry the sites' offset. Every refusal is the specification's error
document (``<errors><error><code/><description/></error></errors>``, or a
JSON array) with a 4xx status, its description naming the field.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from counterapp.server.limits import time_refusal
from counterapp.server.reference import ReferenceItem
from counterapp.server.service_requests import (
    CLOSED,
    OPEN,
    NewRequest,
    NoSuchRequest,
    Query,
    RequestRefused,
    Service,
    ServiceRequest,
    check_key,
    file_request,
    find_requests,
    find_service,
    get_request,
    services,
    update_status,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
ATTRIBUTES = ("subject", "category", "documents", "callback")

router = APIRouter()


# --- answers ------------------------------------------------------------------------------


def _xml(root: ET.Element) -> bytes:
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def _answer(fmt: str, value: Any, root: str, status: int = 200) -> Response:
    """``value`` (lists and dicts of text) as JSON, or as XML under ``root``."""
    if fmt == "json":
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        return Response(body, status_code=status, media_type=FORMATS["json"])
    element = ET.Element(root)
    _fill(element, value)
    return Response(_xml(element), status_code=status, media_type=FORMATS["xml"])


_ITEM = {  # a list's XML element name under its parent
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "service_request_updates": "request_update",
}


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, list):
        child_tag = _ITEM.get(element.tag, "item")
        for v in value:
            _fill(ET.SubElement(element, child_tag), v)
    elif isinstance(value, dict):
        for k, v in value.items():
            _fill(ET.SubElement(element, k), v)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is None:
        element.text = ""
    else:
        element.text = str(value)


def _printable(text: str) -> str:
    """What XML 1.0 can carry (an error may quote what the client sent)."""
    return "".join(
        ch
        if ch in "\n\t" or (ord(ch) >= 32 and ch != "\x7f" and not 0xD800 <= ord(ch) <= 0xDFFF)
        else "?"
        for ch in text
    )


def _error(fmt: str, code: int, description: str) -> Response:
    return _answer(
        fmt if fmt in FORMATS else "xml",
        [{"code": code, "description": _printable(description)}],
        "errors",
        code,
    )


def open311_error(path: str, description: str) -> Response:
    """400 in Open311's format, the format the path asks for (the wire's guard)."""
    return _error(_split(path.rsplit("/", 1)[-1])[1], 400, description)


def _split(name: str) -> tuple[str, str]:
    """("request-public-works", "xml") from "request-public-works.xml"."""
    stem, dot, fmt = name.rpartition(".")
    if not dot:
        return name, ""
    return stem, fmt.lower()


def _iso(at: datetime | None, zone: tzinfo) -> str:
    if at is None:
        return ""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(zone).isoformat(timespec="seconds")


def _zone(request: Request) -> tzinfo:
    z: tzinfo = request.app.state.hq_zone
    return z


def _sessions(request: Request) -> tuple[Callable[[], Session], Callable[[], Session]]:
    readers, writers = request.app.state.sessions
    return readers, writers


def _guarded(fmt: str, work: Callable[[], Response]) -> Response:
    if fmt not in FORMATS:
        return _error("xml", 404, "format: use .xml or .json")
    try:
        return work()
    except RequestRefused as exc:
        return _error(fmt, exc.code, str(exc))


async def _with_params(
    fmt: str, request: Request, work: Callable[[dict[str, str]], Response]
) -> Response:
    """``_guarded`` for the routes that read their parameters (query or form body)."""
    if fmt not in FORMATS:
        return _error("xml", 404, "format: use .xml or .json")
    try:
        params = await _params(request)
    except RequestRefused as exc:
        return _error(fmt, exc.code, str(exc))
    # The database work runs on the thread pool, as a plain route's would: never on the loop.
    return await run_in_threadpool(_guarded, fmt, lambda: work(params))


# --- what the documents say --------------------------------------------------------------------


def _service(s: Service) -> dict[str, Any]:
    return {
        "service_code": s.code,
        "service_name": s.name,
        "description": s.description,
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(s.categories),
        "group": s.department,
    }


def _definition(s: Service) -> dict[str, Any]:
    attributes: list[dict[str, Any]] = [
        {
            "variable": True,
            "code": "subject",
            "datatype": "string",
            "required": False,
            "datatype_description": (
                "At most 120 characters; the first line of the description when left out."
            ),
            "order": 1,
            "description": "What it is about, in a line",
        },
    ]
    if s.categories:
        attributes.append(
            {
                "variable": True,
                "code": "category",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "",
                "order": 2,
                "description": "The kind of matter",
                "values": [{"key": c, "name": c} for c in s.categories],
            }
        )
    attributes += [
        {
            "variable": True,
            "code": "documents",
            "datatype": "text",
            "required": False,
            "datatype_description": "At most 1000 characters.",
            "order": 3,
            "description": "Documents the resident has or left, described",
        },
        {
            "variable": True,
            "code": "callback",
            "datatype": "string",
            "required": False,
            "datatype_description": "At most 120 characters, for example: phone after 4 pm.",
            "order": 4,
            "description": "How and when the department should call back",
        },
    ]
    return {"service_code": s.code, "attributes": attributes}


def _request(row: ServiceRequest, zone: tzinfo, *, extensions: bool) -> dict[str, Any]:
    from counterapp.server.service_requests import KINDS

    out: dict[str, Any] = {
        "service_request_id": row.reference_no,
        "status": row.status,
        "status_notes": row.answer or row.status_text,
        "service_name": f"{KINDS.get(row.kind, ('', row.kind))[1]} – {row.department}",
        "service_code": row.service_code,
        "description": row.description,
        "agency_responsible": row.department,
        "service_notice": "",
        "requested_datetime": _iso(row.requested_at, zone),
        "updated_datetime": _iso(row.updated_at, zone),
        "expected_datetime": "",
        "address": row.address,
        "address_id": "",
        "zipcode": "",
        "lat": row.lat,
        "long": row.long,
        "media_url": row.media_url,
    }
    if extensions:
        out["extended_attributes"] = {
            "kind": row.kind,
            "subject": row.subject,
            "documents": row.documents,
            "callback": row.callback,
            "status_text": row.status_text,
            "contact_name": row.contact_name,
            "contact": row.contact,
            "email": row.email,
            "phone": row.phone,
            "station_code": row.station_code,
            "source": row.source,
        }
    return out


def _changeset(session: Session, zone: tzinfo) -> str:
    newest = session.scalar(
        select(func.max(ReferenceItem.updated_at)).where(
            ReferenceItem.entity.in_(("service", "setting"))
        )
    )
    return _iso(newest or datetime(2026, 1, 1, tzinfo=UTC), zone)


# --- parameters ---------------------------------------------------------------------------------


def _list(raw: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in raw.split(",") if p.strip())


def _when(name: str, raw: str) -> datetime | None:
    text = raw.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise RequestRefused(
            name, "give an ISO 8601 time, such as 2026-12-01T09:00:00-05:00."
        ) from None
    if value.tzinfo is None:
        raise RequestRefused(name, "give the time's offset (Z or ±HH:MM), as ISO 8601 asks.")
    refusal = time_refusal(value)
    if refusal:
        raise RequestRefused(name, refusal + ".")
    return value


def _coordinate(name: str, raw: str, limit: float) -> float | None:
    text = raw.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RequestRefused(name, "give a number in decimal degrees.") from None
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise RequestRefused(name, f"give a number from -{limit:g} to {limit:g}.")
    return value


async def _params(request: Request) -> dict[str, str]:
    """The query string and the form (the form wins), as plain strings."""
    values = {k: v for k, v in request.query_params.items()}
    if request.method == "POST":
        try:
            form = await request.form()
        except Exception:  # a body that is not a form at all
            raise RequestRefused(
                "body", "send the fields as application/x-www-form-urlencoded."
            ) from None
        values.update({k: v for k, v in form.items() if isinstance(v, str)})
    return values


def _key_checked(request: Request, params: dict[str, str]) -> None:
    _readers, writers = _sessions(request)
    with writers() as session, session.begin():
        check_key(session, params.get("api_key", ""))


# --- routes ------------------------------------------------------------------------------


@router.get("/open311/{name}")
def discovery(name: str, request: Request) -> Response:
    stem, fmt = _split(name)
    if stem != "discovery":
        return _error(fmt, 404, f"{name}: no such document; start at discovery.xml")

    def work() -> Response:
        readers, _ = _sessions(request)
        with readers() as session:
            changeset = _changeset(session, _zone(request))
        base = str(request.base_url).rstrip("/")
        doc = {
            "changeset": changeset,
            "contact": "Head office, Service counter administration (ask for an Open311 key).",
            "key_service": f"{base}/hq/admin/open311",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": f"{base}/open311/v2",
                    "changeset": changeset,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        }
        return _answer(fmt, doc, "discovery")

    return _guarded(fmt, work)


@router.get("/open311/v2/services.{fmt}")
def service_list(fmt: str, request: Request) -> Response:
    def work() -> Response:
        readers, _ = _sessions(request)
        with readers() as session:
            found = services(session)
        return _answer(fmt, [_service(s) for s in found], "services")

    return _guarded(fmt.lower(), work)


@router.get("/open311/v2/services/{name}")
def service_definition(name: str, request: Request) -> Response:
    code, fmt = _split(name)

    def work() -> Response:
        readers, _ = _sessions(request)
        with readers() as session:
            service = find_service(session, code)
        if service is None:
            raise RequestRefused("service_code", f"there is no service {code!r}.", 404)
        return _answer(fmt, _definition(service), "service_definition")

    return _guarded(fmt, work)


@router.get("/open311/v2/requests.{fmt}")
async def request_list(fmt: str, request: Request) -> Response:
    fmt = fmt.lower()

    def work(params: dict[str, str]) -> Response:
        _key_checked(request, params)
        statuses = tuple(s.lower() for s in _list(params.get("status", "")))
        bad = [s for s in statuses if s not in (OPEN, CLOSED)]
        if bad:
            raise RequestRefused("status", f"{bad[0][:20]!r}: use open or closed.")
        start = _when("start_date", params.get("start_date", ""))
        end = _when("end_date", params.get("end_date", ""))
        if start and end and end < start:
            raise RequestRefused("end_date", "is before start_date.")
        query = Query(
            ids=_list(params.get("service_request_id", "")),
            service_codes=_list(params.get("service_code", "")),
            statuses=statuses,
            start=start,
            end=end,
        )
        readers, _ = _sessions(request)
        with readers() as session:
            rows = find_requests(session, query)
        extensions = params.get("extensions", "").lower() == "true"
        zone = _zone(request)
        return _answer(
            fmt, [_request(r, zone, extensions=extensions) for r in rows], "service_requests"
        )

    return await _with_params(fmt, request, work)


@router.get("/open311/v2/requests/{name}")
async def one_request(name: str, request: Request) -> Response:
    number, fmt = _split(name)

    def work(params: dict[str, str]) -> Response:
        _key_checked(request, params)
        readers, _ = _sessions(request)
        with readers() as session:
            try:
                row = get_request(session, number)
            except NoSuchRequest:
                raise RequestRefused(
                    "service_request_id", f"there is no request {number[:40]!r}.", 404
                ) from None
        extensions = params.get("extensions", "").lower() == "true"
        return _answer(
            fmt, [_request(row, _zone(request), extensions=extensions)], "service_requests"
        )

    return await _with_params(fmt, request, work)


@router.post("/open311/v2/requests.{fmt}")
async def new_request(fmt: str, request: Request) -> Response:
    fmt = fmt.lower()

    def work(params: dict[str, str]) -> Response:
        code = params.get("service_code", "").strip()
        if not code:
            raise RequestRefused("service_code", "give the service's code (see services).")
        attributes: dict[str, str] = {}
        for key, value in params.items():
            if key.startswith("attribute[") and key.endswith("]"):
                name = key[len("attribute[") : -1]
                if name not in ATTRIBUTES:
                    raise RequestRefused(key[:40], "this service has no such attribute.")
                attributes[name] = value.strip()
        new = NewRequest(
            service_code=code,
            description=params.get("description", ""),
            subject=attributes.get("subject", ""),
            documents=attributes.get("documents", ""),
            callback=attributes.get("callback", ""),
            first_name=params.get("first_name", ""),
            last_name=params.get("last_name", ""),
            email=params.get("email", ""),
            phone=params.get("phone", ""),
            address=params.get("address_string", ""),
            lat=_coordinate("lat", params.get("lat", ""), 90),
            long=_coordinate("long", params.get("long", ""), 180),
            media_url=params.get("media_url", ""),
            attributes=attributes,
        )
        _, writers = _sessions(request)
        row = file_request(writers, params.get("api_key", ""), new)
        notice = f"Routed to {row.department}. Keep {row.reference_no} to ask how it is going."
        answer = [
            {"service_request_id": row.reference_no, "service_notice": notice, "account_id": ""}
        ]
        return _answer(fmt, answer, "service_requests", 201)

    return await _with_params(fmt, request, work)


@router.post("/open311/v2/servicerequestupdates.{fmt}")
async def status_update(fmt: str, request: Request) -> Response:
    fmt = fmt.lower()

    def work(params: dict[str, str]) -> Response:
        number = params.get("service_request_id", "").strip()
        if not number:
            raise RequestRefused("service_request_id", "give the request's id.")
        when = _when("updated_datetime", params.get("updated_datetime", ""))
        _, writers = _sessions(request)
        row = update_status(
            writers,
            params.get("api_key", ""),
            number,
            params.get("status", ""),
            notes=params.get("description", ""),
            updated_at=when,
        )
        update_id = (
            params.get("update_id", "").strip()[:64]
            or f"{row.reference_no}@{_iso(row.updated_at, UTC)}"
        )
        return _answer(fmt, [{"update_id": update_id}], "service_request_updates")

    return await _with_params(fmt, request, work)


def install_open311(app: FastAPI) -> None:
    # Its own published specification, not the server's OpenAPI document.
    app.include_router(router, include_in_schema=False)
