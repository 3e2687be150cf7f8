"""The server's station-facing endpoints besides batches: registration, the
reference-data feed, the station list; and the check every station call
passes (``StationAuth``): protocol version, then the station's credential.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from sqlalchemy.orm import Session

from counterapp.server.reference import DEFAULT_PAGE, MAX_PAGE, changes_since, without_french
from counterapp.server.stations import (
    Caller,
    StationRefused,
    authenticate,
    continue_after,
    record_contact,
    register,
)
from counterapp.sync.protocol import (
    BACKLOG_HEADER,
    BILINGUAL_PROTOCOL,
    CHANGES_PATH,
    MIN_STATION_PROTOCOL,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RECEIPTS_HEADER,
    REFUSAL_HEADER,
    REFUSAL_SERVER_TOO_OLD,
    REGISTER_PATH,
    SCHEMA_HEADER,
    STATION_HEADER,
    RegisterAnswer,
    RegisterRequest,
)
from counterapp.sync.refdata import ChangesPage
from counterapp.sync.wire import MAX_SEQ

log = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]


MAX_PROTOCOL = 1000
MAX_BACKLOG = 2**31 - 1
MAX_SCHEMA_REVISION = 32  # the station table's column


def check_protocol(request: Request) -> int:
    """The station's protocol version, or HTTP 426 telling it to update (a
    header that is there but is not a version: 422)."""
    raw = request.headers.get(PROTOCOL_HEADER, "").strip()
    version = 0
    if raw:
        if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_PROTOCOL:
            raise HTTPException(
                422, detail=f"{PROTOCOL_HEADER}: a version number up to {MAX_PROTOCOL} is expected"
            )
        version = int(raw)
    if version < MIN_STATION_PROTOCOL:
        raise HTTPException(
            426,
            detail=(
                f"this station's software is too old for the server (protocol "
                f"{version or 'unknown'}, the server needs {MIN_STATION_PROTOCOL} to "
                f"{PROTOCOL_VERSION}): update counterapp on this station"
            ),
        )
    return version


def _int_header(request: Request, name: str) -> int | None:
    try:
        return int(request.headers[name])
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class StationHeader:
    """A header a station sends about itself: what it may hold (it is stored)."""

    name: str
    description: str
    maximum: int | None = None  # a count from 0 up to this
    max_length: int | None = None  # else printable text of at most this many characters

    def refusal(self, raw: str) -> str | None:
        if self.maximum is not None:
            if raw.isascii() and raw.isdigit() and int(raw) <= self.maximum:
                return None
            return f"{self.name}: a count from 0 to {self.maximum} is expected"
        assert self.max_length is not None
        if len(raw) <= self.max_length and raw.isascii() and raw.isprintable():
            return None
        return f"{self.name}: at most {self.max_length} printable characters"

    def schema(self) -> dict[str, Any]:
        if self.maximum is not None:
            return {"type": "integer", "minimum": 0, "maximum": self.maximum}
        return {"type": "string", "maxLength": self.max_length, "pattern": "^[ -~]*$"}


# Every header a station sends about itself, checked before any work (422
# naming it) and declared in the OpenAPI document from this same list.
STATION_HEADERS = (
    StationHeader(
        SCHEMA_HEADER,
        "The station database's schema revision",
        max_length=MAX_SCHEMA_REVISION,
    ),
    StationHeader(BACKLOG_HEADER, "Records waiting at the station", maximum=MAX_BACKLOG),
    StationHeader(
        RECEIPTS_HEADER,
        "The sequence of the last receipt number the station handed out",
        maximum=MAX_SEQ,
    ),
)


def check_station_headers(request: Request) -> None:
    """What a station says about itself is stored: bounded like its columns (422)."""
    for header in STATION_HEADERS:
        raw = request.headers.get(header.name)
        if raw is not None:
            refusal = header.refusal(raw)
            if refusal:
                raise HTTPException(422, detail=refusal)


class StationAuth:
    """A FastAPI dependency: the calling station, authenticated, or 401/403/426."""

    def __init__(self, readers: SessionFactory, writers: SessionFactory) -> None:
        self._readers = readers
        self._writers = writers

    def __call__(self, request: Request) -> Caller:
        check_station_headers(request)  # malformed (422) before too old (426)
        check_protocol(request)
        auth = request.headers.get("Authorization", "")
        secret = auth[7:].strip() if auth[:7].lower() == "bearer " else None
        try:
            return authenticate(self._readers, request.headers.get(STATION_HEADER), secret)
        except StationRefused as exc:
            log.warning("security: station call refused (%d): %s", exc.status, exc.log_reason)
            raise HTTPException(exc.status, detail=str(exc)) from None

    def contact(
        self,
        caller: Caller,
        request: Request,
        *,
        last_seq: int | None = None,
        reference_version: int | None = None,
    ) -> None:
        record_contact(
            self._writers,
            caller,
            backlog=_int_header(request, BACKLOG_HEADER),
            receipts_reported=_int_header(request, RECEIPTS_HEADER),
            last_seq=last_seq,
            reference_version=reference_version,
            protocol=_int_header(request, PROTOCOL_HEADER),
            schema_revision=(request.headers.get(SCHEMA_HEADER) or None),
        )


def station_caller(request: Request) -> Caller:
    """The dependency endpoints name: the app's ``StationAuth`` on this request."""
    auth: StationAuth = request.app.state.station_auth
    return auth(request)


StationCaller = Annotated[Caller, Depends(station_caller)]


def install_station_api(
    app: FastAPI, auth: StationAuth, readers: SessionFactory, writers: SessionFactory
) -> None:
    app.state.station_auth = auth

    @app.post(REGISTER_PATH, response_model=RegisterAnswer)
    def register_station(req: RegisterRequest, request: Request) -> RegisterAnswer:
        check_protocol(request)
        if (_int_header(request, PROTOCOL_HEADER) or 0) > PROTOCOL_VERSION:
            raise HTTPException(
                426,
                detail=(
                    "the server is older than this station's software (the server speaks "
                    f"protocol {MIN_STATION_PROTOCOL} to {PROTOCOL_VERSION}): update counterapp "
                    "on the server first"
                ),
                headers={REFUSAL_HEADER: REFUSAL_SERVER_TOO_OLD},
            )
        try:
            station = register(writers, req)
        except StationRefused as exc:
            log.warning("security: registration refused: %s", exc.log_reason)
            headers = {REFUSAL_HEADER: exc.reason} if exc.reason else None
            raise HTTPException(exc.status, detail=str(exc), headers=headers) from None
        log.info("station %s registered", station.code)
        return RegisterAnswer(
            station_code=station.code,
            site_code=station.site_code,
            name=station.name,
            last_receipt_seq=continue_after(readers, station.code),
            protocol=PROTOCOL_VERSION,
        )

    @app.get(CHANGES_PATH, response_model=ChangesPage)
    def changes(
        caller: StationCaller,
        request: Request,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
    ) -> Response:
        with readers() as session:
            page = changes_since(session, caller.code, caller.site_code, since, limit)
        if (_int_header(request, PROTOCOL_HEADER) or MIN_STATION_PROTOCOL) < BILINGUAL_PROTOCOL:
            page = without_french(page)  # an older station refuses fields it does not know
        auth.contact(caller, request, reference_version=since)
        # Serialised once, here: a page can hold 20,000 items.
        return Response(page.model_dump_json(), media_type="application/json")

    # The station list for people is head office's (``hq.views.stations``).
