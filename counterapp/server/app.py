"""The counterapp server: where every station's outbox arrives (ARCHITECTURE.md,
decisions 3 and 5).

A batch is checked whole (``wire.check_batch``), then applied in one database
transaction: ``INSERT … ON CONFLICT (id) DO NOTHING`` on ``received_record``
tells which records are new, and only those are expanded into ``sale``,
``sale_line``, ``tender`` and ``audit_entry``. Sending a batch again changes
nothing, so a station may repeat any push it is unsure of.

Endpoints are plain ``def``: FastAPI runs them in its thread pool, each with
its own short-lived SQLAlchemy session. Logs name stations, counts and
record ids, never payload contents (MFIPPA: no personal data in logs).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path as FilePath
from typing import Annotated, Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from counterapp.domain.chain import record_hash
from counterapp.domain.retention import is_redacted
from counterapp.server.access import QUEUE_READ, HeadOfficeUser, site_caller
from counterapp.server.bulk import insert_new, insert_rows
from counterapp.server.chain import (
    ProblemView,
    ReceiptCheck,
    check_receipt,
    record_arrivals,
    record_refused_copies,
    recorded_problems,
)
from counterapp.server.db import (
    AuditEntry,
    ReceivedRecord,
    Sale,
    SaleLine,
    Tender,
    create_schema,
    make_server_engine,
    normalise_url,
    session_factories,
)
from counterapp.server.headoffice import install_head_office
from counterapp.server.hq import install_hq
from counterapp.server.hq.auth import NotSignedIn, authenticate, require
from counterapp.server.hq.permissions import permission_allowed
from counterapp.server.hq.totals import add_sales
from counterapp.server.limits import (
    BATCH_PATH,
    MAX_BODY_DEPTH,
    OPEN311_PREFIX,
    BodyLimit,
    IsoDate,
    LogControlCharacters,
    json_depth,
    printable,
)
from counterapp.server.open311 import install_open311
from counterapp.server.openapi import describe_api
from counterapp.server.ownership import KeyTaken, check_ownership
from counterapp.server.programs import expand_registrations
from counterapp.server.queue import install_queue  # the walk-in queue's tables and routes
from counterapp.server.reference import unknown_services
from counterapp.server.service_requests import expand_intakes
from counterapp.server.station_api import StationAuth, StationCaller, install_station_api
from counterapp.server.stations import install_receipt_gaps
from counterapp.sync.protocol import REGISTER_PATH, STATION_HEADER
from counterapp.sync.wire import (
    AuditPayload,
    Batch,
    BatchAck,
    BatchRejected,
    ClaimRefused,
    IntakePayload,
    RegistrationPayload,
    SaleLinePayload,
    SalePayload,
    TenderPayload,
    check_batch,
)

log = logging.getLogger(__name__)

DEFAULT_SQLITE_FILE = "counterapp-server.sqlite3"
DATABASE_ENV = "COUNTERAPP_SERVER_DB"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class RecordConflict(Exception):
    """A record id the server already holds, sent again with different content;
    ``other_station``: held for another station than the sender's."""

    def __init__(self, message: str, *, other_station: bool = False) -> None:
        super().__init__(message)
        self.other_station = other_station


def _note_refused_copies(writers: Callable[[], Session], batch: Batch) -> None:
    """A refused batch's copies of other stations' records, kept for finance
    (``chain.record_refused_copies``) in a transaction of their own: the
    batch's was rolled back. Each is logged once, when first seen."""
    with writers() as session, session.begin():
        found = record_refused_copies(session, batch.station_code, batch.entries, datetime.now(UTC))
    _log_chain_problems(found)


def _batch_refused(
    writers: Callable[[], Session],
    batch: Batch,
    exc: ClaimRefused | KeyTaken | BatchRejected | RecordConflict,
) -> JSONResponse:
    """The answer to a refused batch (nothing of it applied): 409 when an id or
    key is already held, else 422, with the problems found (they name entries,
    fields and ids, never values: no personal data). A claim on another station's
    record is a security event; the batch's copies of other stations' records are
    noted for finance, except for a plain resend of this station's own record."""
    resent = isinstance(exc, RecordConflict) and not exc.other_station
    if not resent:
        _note_refused_copies(writers, batch)
    if (
        isinstance(exc, ClaimRefused)
        or (isinstance(exc, KeyTaken) and exc.foreign)
        or (isinstance(exc, RecordConflict) and exc.other_station)
    ):
        log.warning("security: station %s refused: %s", batch.station_code, exc)
    else:
        log.warning("batch from %s refused: %s", batch.station_code, exc)
    content: dict[str, Any] = {"detail": str(exc)}
    if not isinstance(exc, RecordConflict):
        content["problems"] = exc.problems[:100]
    status = 409 if isinstance(exc, (KeyTaken, RecordConflict)) else 422
    return JSONResponse(status_code=status, content=content)


def _log_chain_problems(problems: Iterable[ProblemView]) -> None:
    for problem in problems:
        log.warning(
            "security: station %s record %s (seq %d): chain %s: %s",
            problem.station_code,
            problem.record_id,
            problem.seq,
            problem.kind,
            problem.detail,
        )


# --- applying a batch --------------------------------------------------------


def apply_batch(
    session_factory: Callable[[], Session], batch: Batch, *, site_code: str | None = None
) -> BatchAck:
    """Check ``batch`` and apply it in one transaction; all of it or nothing.

    ``site_code`` is the sending station's site: a record naming another is
    refused. Raises ``BatchRejected`` (a rule is broken; ``ClaimRefused``: a
    record claims another station's number, sale, shift or seat), ``KeyTaken``
    (a new sale's line or tender id is another record's) or ``RecordConflict``
    (an id already stored with a different payload) before anything is committed.
    """
    payloads = check_batch(batch, site_code=site_code)
    now = datetime.now(UTC)
    with session_factory() as session, session.begin():
        _refuse_unknown_services(session, batch, payloads)
        check_ownership(session, batch, payloads)  # a station acts only on its own
        rows = [
            {
                "id": e.id,
                "station_code": batch.station_code,
                "kind": e.kind,
                "seq": e.seq,
                "payload": e.payload,
                "received_at": now,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in batch.entries
        ]
        # ON CONFLICT (id) DO NOTHING, in id order (see bulk.insert_new).
        new_ids = insert_new(session, cast(Table, ReceivedRecord.__table__), rows)
        _refuse_changed_duplicates(session, batch, new_ids)
        # The station's chain: every break is kept for finance, nothing refused.
        broken = record_arrivals(
            session, batch.station_code, [e for e in batch.entries if e.id in new_ids], now
        )
        _log_chain_problems(broken)

        new = [(e.id, p) for e, p in zip(batch.entries, payloads, strict=True) if e.id in new_ids]
        sales = [p for _, p in new if isinstance(p, SalePayload)]
        audits = [p for _, p in new if isinstance(p, AuditPayload)]
        if sales:
            sale_rows = [_sale_row(p) for p in sales]
            line_rows = [_line_row(p.id, line) for p in sales for line in p.lines]
            tender_rows = [_tender_row(p.id, t) for p in sales for t in p.tenders]
            _insert_many(session, Sale, sale_rows)
            _insert_many(session, SaleLine, line_rows)
            _insert_many(session, Tender, tender_rows)
            add_sales(session, sale_rows, line_rows, tender_rows)  # head office's running totals
        if audits:
            _insert_many(session, AuditEntry, [a.model_dump() for a in audits])
        intakes = [p for _, p in new if isinstance(p, IntakePayload)]
        if intakes:
            expand_intakes(session, intakes)  # the Open311 view (issue 16)
        seats = [p for _, p in new if isinstance(p, RegistrationPayload)]
        if seats:
            expand_registrations(session, seats, now)  # oversold programs settled (issue 16)
    ack = BatchAck(
        acked=[e.id for e in batch.entries],
        stored=len(new_ids),
        duplicates=len(batch.entries) - len(new_ids),
    )
    log.info(
        "batch from %s: %d entries, %d stored, %d duplicates",
        batch.station_code,
        len(batch.entries),
        ack.stored,
        ack.duplicates,
    )
    return ack


def _refuse_unknown_services(session: Session, batch: Batch, payloads: Sequence[object]) -> None:
    lines = [
        (i, e.id, line.service_code)
        for i, (e, p) in enumerate(zip(batch.entries, payloads, strict=True))
        if isinstance(p, SalePayload)
        for line in p.lines
    ]
    unknown = set(unknown_services(session, (code for _, _, code in lines)))
    if unknown:
        raise BatchRejected(
            [
                f"entry {i} (id {rid}, sale): unknown service {code!r}"
                for i, rid, code in lines
                if code in unknown
            ]
        )


def _insert_many(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert new rows (COPY on PostgreSQL, see ``bulk``)."""
    insert_rows(session, model.__table__, rows)


def _refuse_changed_duplicates(session: Session, batch: Batch, new_ids: set[str]) -> None:
    """A record sent again must be the same record: else the station and head
    office disagree about a fact, and neither copy may silently win."""
    already = {e.id: e for e in batch.entries if e.id not in new_ids}
    if not already:
        return
    stored = session.execute(
        select(
            ReceivedRecord.id,
            ReceivedRecord.station_code,
            ReceivedRecord.kind,
            ReceivedRecord.payload,
            ReceivedRecord.hash,
        ).where(ReceivedRecord.id.in_(list(already)))
    )
    for record_id, station_code, kind, payload, stored_hash in stored:
        entry = already[record_id]
        if (
            (station_code, kind) == (batch.station_code, entry.kind)
            and is_redacted(kind, payload)
            and entry.hash is not None
            and entry.hash == stored_hash
            and record_hash(entry.id, entry.kind, entry.payload, entry.prev_hash) == entry.hash
        ):
            continue  # the same record, its personal data since redacted here
        if (station_code, kind, payload) != (batch.station_code, entry.kind, entry.payload):
            other = station_code != batch.station_code
            raise RecordConflict(
                f"batch refused, nothing applied: record {record_id} ({entry.kind}) was "
                f"already received from {station_code} with different content"
                + (
                    f": station {batch.station_code} cannot send station {station_code}'s record"
                    if other
                    else ""
                ),
                other_station=other,
            )


def _sale_row(p: SalePayload) -> dict[str, Any]:
    return p.model_dump(exclude={"lines", "tenders"})


def _line_row(sale_id: str, line: SaleLinePayload) -> dict[str, Any]:
    return {"sale_id": sale_id, **line.model_dump()}


def _tender_row(sale_id: str, tender: TenderPayload) -> dict[str, Any]:
    return {"sale_id": sale_id, **tender.model_dump(mode="json")}


# --- reading what arrived (tests, and later the head-office view) -----------


class SaleLineView(BaseModel):
    line_no: int
    service_code: str
    description: str
    quantity: int
    unit_fee_cents: int
    tax_code: str
    tax_cents: int
    amount_cents: int
    gl_account: str
    department: str


class TenderView(BaseModel):
    seq: int
    kind: str
    tendered_cents: int
    applied_cents: int
    reference: str


class SaleView(BaseModel):
    id: str
    receipt_no: str
    seq: int
    staff_id: str
    completed_at: datetime
    subtotal_cents: int
    tax_cents: int
    total_cents: int
    rounding_cents: int
    change_cents: int
    lines: list[SaleLineView]
    tenders: list[TenderView]


class StationDay(BaseModel):
    """A station's sales on one day (in time zone ``tz``), with their totals."""

    station_code: str
    date: date
    tz: str
    count: int
    subtotal_cents: int
    tax_cents: int
    total_cents: int
    sales: list[SaleView]


class StationTotals(BaseModel):
    station_code: str
    count: int
    total_cents: int


class Summary(BaseModel):
    count: int
    total_cents: int
    stations: list[StationTotals]


def station_day(session: Session, station_code: str, day: date, tz: tzinfo) -> list[SaleView]:
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    sales = session.scalars(
        select(Sale)
        .where(
            Sale.station_code == station_code,
            Sale.completed_at >= start,
            Sale.completed_at < end,
        )
        .order_by(Sale.completed_at, Sale.seq)
    ).all()
    ids = [s.id for s in sales]
    lines: dict[str, list[SaleLineView]] = {i: [] for i in ids}
    tenders: dict[str, list[TenderView]] = {i: [] for i in ids}
    if ids:
        for ln in session.scalars(
            select(SaleLine).where(SaleLine.sale_id.in_(ids)).order_by(SaleLine.line_no)
        ):
            lines[ln.sale_id].append(SaleLineView.model_validate(ln, from_attributes=True))
        for t in session.scalars(
            select(Tender).where(Tender.sale_id.in_(ids)).order_by(Tender.seq)
        ):
            tenders[t.sale_id].append(TenderView.model_validate(t, from_attributes=True))
    return [
        SaleView(
            id=s.id,
            receipt_no=s.receipt_no,
            seq=s.seq,
            staff_id=s.staff_id,
            completed_at=s.completed_at,
            subtotal_cents=s.subtotal_cents,
            tax_cents=s.tax_cents,
            total_cents=s.total_cents,
            rounding_cents=s.rounding_cents,
            change_cents=s.change_cents,
            lines=lines[s.id],
            tenders=tenders[s.id],
        )
        for s in sales
    ]


def summary(session: Session) -> Summary:
    rows: list[tuple[str, int, Any]]
    try:
        rows = [
            (c, n, t)
            for c, n, t in session.execute(
                select(
                    Sale.station_code, func.count(), func.coalesce(func.sum(Sale.total_cents), 0)
                )
                .group_by(Sale.station_code)
                .order_by(Sale.station_code)
            )
        ]
    except (OperationalError, DataError):
        # SQLite's SUM stops at 2^63 ("integer overflow"); the wire's limits
        # keep any real history far below it, but a summary must answer
        # whatever is stored: add up in Python, whose integers do not overflow.
        session.rollback()
        rows = _summed_in_python(session)
    # PostgreSQL sums a bigint as numeric (a Decimal here): back to int cents.
    stations = [StationTotals(station_code=c, count=n, total_cents=int(t)) for c, n, t in rows]
    return Summary(
        count=sum(s.count for s in stations),
        total_cents=sum(s.total_cents for s in stations),
        stations=stations,
    )


def _summed_in_python(session: Session) -> list[tuple[str, int, Any]]:
    totals: dict[str, list[int]] = {}
    for code, cents in session.execute(
        select(Sale.station_code, Sale.total_cents).execution_options(yield_per=5000)
    ):
        t = totals.setdefault(code, [0, 0])
        t[0] += 1
        t[1] += int(cents)
    return [(code, n, cents) for code, (n, cents) in sorted(totals.items())]


def _time_zone(name: str) -> tzinfo:
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise HTTPException(422, detail=f"unknown time zone {name!r}") from None


# --- the application ---------------------------------------------------------


def resolve_database_url(database_url: str | None = None) -> str:
    """The URL given, else ``COUNTERAPP_SERVER_DB`` (a URL or a SQLite file's
    path), else ``./counterapp-server.sqlite3``."""
    if database_url:
        return database_url
    configured = os.environ.get(DATABASE_ENV, "").strip()
    if "://" in configured:
        return configured
    path = FilePath(configured or DEFAULT_SQLITE_FILE).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite", database=str(path)).render_as_string()


def _head_office_user(request: Request, permission: str) -> HeadOfficeUser | None:
    """A signed-in head-office user (session or API token) whose role grants
    ``permission`` on a site's queue (``permission_allowed``), else None."""
    try:
        who = authenticate(request)
    except NotSignedIn:
        return None
    if not permission_allowed(who, permission):
        return None
    return HeadOfficeUser(who.username, who.role)


# The routes that take a body from a caller without a credential, by nature:
# a station registering (its one-time code is in the body), a head-office
# user signing in, and Open311 (its API key is a form field, as GeoReport asks).
OPEN_BODY_PATHS = frozenset({REGISTER_PATH, "/hq/login"})
QUEUE_PREFIX = "/api/v1/queue/"


def credential_first(request: Request) -> None:
    """Raises the route's own refusal (401/403/426) when the caller has no
    credential the route would take: ``BodyLimit`` asks before it reads a body."""
    path = request.url.path
    if path in OPEN_BODY_PATHS or path.startswith(OPEN311_PREFIX):
        return
    if path.startswith(QUEUE_PREFIX):
        site_caller(request, path[len(QUEUE_PREFIX) :].split("/", 1)[0], QUEUE_READ)
    elif request.headers.get(STATION_HEADER):
        request.app.state.station_auth(request)
    else:
        authenticate(request)  # NotSignedIn: head office's own answer


def create_app(database_url: str | None = None) -> FastAPI:
    """The server on ``database_url`` (see ``resolve_database_url``); its
    schema is migrated to the newest revision. ``app.state.engine`` is the
    database engine."""
    url = normalise_url(resolve_database_url(database_url))
    engine = make_server_engine(url)
    create_schema(engine)
    readers, writers = session_factories(engine)
    log.info("server database: %s", url.render_as_string(hide_password=True))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="counterapp server", version="1", lifespan=lifespan)
    app.state.engine = engine
    app.state.sessions = (readers, writers)
    app.state.head_office_permission = _head_office_user  # issue 14's users, issue 15's hook
    app.state.credential_first = credential_first  # asked before any body is read
    app.add_middleware(BodyLimit)
    app.add_exception_handler(RequestValidationError, _request_refused)
    app.add_exception_handler(StarletteHTTPException, _http_refused)
    app.add_exception_handler(SQLAlchemyError, _database_failed)
    install_queue(app, readers, writers)

    @app.get("/api/v1/health")
    def health() -> dict[str, str]:
        with readers() as session:
            session.execute(text("SELECT 1"))
        return {"status": "ok", "database": engine.dialect.name}

    auth = StationAuth(readers, writers)
    install_station_api(app, auth, readers, writers)
    install_head_office(app, readers)
    install_hq(app)  # head office's users, pages and permissions (issue 14)
    install_open311(app)  # the town's CRM: Open311 GeoReport v2 (issue 16)

    @app.post("/api/v1/batches", response_model=BatchAck)
    def receive_batch(
        # The caller first: an unknown caller is refused before its body is read.
        caller: StationCaller,
        batch: Annotated[Batch, Depends(batch_body)],
        request: Request,
    ) -> BatchAck | JSONResponse:
        if batch.station_code != caller.code:
            log.warning(
                "security: station %s refused: it sent a batch as %s",
                caller.code,
                batch.station_code,
            )
            return JSONResponse(
                status_code=403,
                content={
                    "detail": f"batch refused, nothing applied: station {caller.code} "
                    f"cannot write records in station {batch.station_code}'s name"
                },
            )
        try:
            ack = apply_batch(writers, batch, site_code=caller.site_code)
            auth.contact(caller, request, last_seq=max(e.seq for e in batch.entries))
            return ack
        except (ClaimRefused, KeyTaken, BatchRejected, RecordConflict) as exc:
            return _batch_refused(writers, batch, exc)
        except IntegrityError as exc:
            # Not the record id (ON CONFLICT handles that): another unique key,
            # such as a receipt number already used by a different sale (one
            # committed while this batch was checked: ``ownership`` names the rest).
            _note_refused_copies(writers, batch)
            log.warning("batch from %s refused: %s", batch.station_code, _constraint_name(exc))
            return JSONResponse(
                status_code=409,
                content={
                    "detail": "batch refused, nothing applied: it conflicts with records "
                    "already stored (a receipt number or line id used by another record)"
                },
            )

    install_receipt_gaps(app, readers)  # receipt numbers that never arrived (issue 12)

    @app.get(
        "/api/v1/stations/{station_code}/sales",
        response_model=StationDay,
        dependencies=[Depends(require("finance.read"))],
    )
    def station_sales(
        station_code: str,
        day: Annotated[IsoDate, Query(alias="date", description="YYYY-MM-DD")],
        tz: Annotated[str, Query(description="IANA time zone of the day")] = "UTC",
    ) -> StationDay:
        zone = _time_zone(tz)
        with readers() as session:
            sales = station_day(session, station_code, day, zone)
        return StationDay(
            station_code=station_code,
            date=day,
            tz=tz,
            count=len(sales),
            subtotal_cents=sum(s.subtotal_cents for s in sales),
            tax_cents=sum(s.tax_cents for s in sales),
            total_cents=sum(s.total_cents for s in sales),
            sales=sales,
        )

    @app.get(
        "/api/v1/receipts/{receipt_no}/check",
        response_model=ReceiptCheck,
        dependencies=[Depends(require("finance.read"))],
    )
    def receipt_check(
        receipt_no: Annotated[str, Path(min_length=1, max_length=32)],
        code: Annotated[str, Query(min_length=1, max_length=16, description="ABCD-1234")],
    ) -> ReceiptCheck:
        """Is this paper receipt the one head office holds? (its printed check code)"""
        with readers() as session:
            found = check_receipt(session, receipt_no, code)
        if found is None:
            raise HTTPException(404, detail=f"head office holds no receipt {receipt_no!r}")
        return found

    @app.get(
        "/api/v1/chain/problems",
        response_model=list[ProblemView],
        dependencies=[Depends(require("finance.read"))],
    )
    def chain_problems() -> list[ProblemView]:
        """Breaks in stations' record chains, newest first (for finance)."""
        with readers() as session:
            return recorded_problems(session)

    @app.get(
        "/api/v1/summary", response_model=Summary, dependencies=[Depends(require("finance.read"))]
    )
    def sales_summary() -> Summary:
        with readers() as session:
            return summary(session)

    describe_api(app)
    return app


def run(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    database_url: str | None = None,
    *,
    certfile: str | None = None,
    keyfile: str | None = None,
    stop_with_stdin: bool = False,
) -> None:
    """Serve until interrupted (``counterapp server``); HTTPS when given a
    certificate and its key (or put a reverse proxy that ends TLS in front).
    ``stop_with_stdin``: also stop, gracefully, when standard input closes — the
    demo's server goes with the station that started it, even one that crashed
    or was killed (its end of the pipe closes with it), on any system."""
    if bool(certfile) != bool(keyfile):
        raise SystemExit("HTTPS needs both --certfile and --keyfile")
    if not logging.getLogger().handlers:  # the server's own lines, next to uvicorn's
        logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(LogControlCharacters())  # no raw control character in a line
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(database_url),
            host=host,
            port=port,
            log_level="info",
            ssl_certfile=certfile,
            ssl_keyfile=keyfile,
        )
    )
    if stop_with_stdin:

        def stop_at_end_of_input() -> None:
            while sys.stdin.buffer.read(4096):
                pass
            log.info("standard input closed: stopping")
            server.should_exit = True

        threading.Thread(target=stop_at_end_of_input, name="stdin watch", daemon=True).start()
    server.run()


async def batch_body(request: Request) -> Batch:
    """The request's batch, parsed straight from the JSON bytes (pydantic's own
    parser, one pass) rather than decoded to dicts first and then validated."""
    raw = await request.body()
    try:
        return Batch.model_validate_json(raw)
    except ValidationError as exc:
        try:
            body: Any = json.loads(raw) if json_depth(raw) <= MAX_BODY_DEPTH else None
        except (ValueError, RecursionError):
            body = None
        errors = [
            {**e, "loc": ("body", *e["loc"])}
            for e in exc.errors(include_input=False, include_url=False)
        ]
        raise RequestValidationError(errors, body=body) from None


async def _http_refused(request: Request, exc: Exception) -> Response:
    """FastAPI's answer, but a 405's ``Allow`` lists every method of the path:
    Starlette names only the first route it found there (a path served by a GET
    and a POST route would say ``Allow: POST``)."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 405:
        methods = set(_methods_at(request.app.router.routes, request.scope))
        if methods:
            exc = StarletteHTTPException(
                405, detail=exc.detail, headers={"Allow": ", ".join(sorted(methods))}
            )
    return await http_exception_handler(request, exc)


def _methods_at(routes: Iterable[Any], scope: Any) -> Iterator[str]:
    """The methods of every route whose path matches (routers included whole,
    their routes carrying their full paths, as every router here does)."""
    for route in routes:
        inner = getattr(getattr(route, "original_router", None), "routes", None)
        if inner is not None:
            yield from _methods_at(inner, scope)
            continue
        match, _child = route.matches(scope)
        if match != Match.NONE:
            yield from getattr(route, "methods", None) or ()


def _request_refused(request: Request, exc: Exception) -> JSONResponse:
    """A request that does not parse: one line naming the entry, no input values."""
    assert isinstance(exc, RequestValidationError)
    problems = [_where(exc.body, err["loc"]) + err["msg"] for err in exc.errors()]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    first = problems[0] if problems else "the request does not parse"
    # A batch is all or nothing, and says so; any other request is one thing refused.
    batch = request.method == "POST" and request.url.path == BATCH_PATH
    refused = "batch refused, nothing applied" if batch else "request refused"
    return JSONResponse(
        status_code=422,
        content={
            "detail": f"{refused}: {first}{more}",
            "problems": problems[:100],
        },
    )


def _where(body: Any, loc: Sequence[Any]) -> str:
    parts = list(loc[1:] if loc and loc[0] == "body" else loc)
    if len(parts) >= 2 and parts[0] == "entries" and isinstance(parts[1], int):
        i = parts[1]
        record_id = "?"
        with suppress(KeyError, IndexError, TypeError):
            record_id = str(body["entries"][i]["id"])[:36]
        rest = ".".join(str(p) for p in parts[2:])
        return f"entry {i} (id {record_id}): " + (f"{rest}: " if rest else "")
    joined = ".".join(str(p) for p in parts)
    return f"{joined}: " if joined else ""


def _database_failed(request: Request, exc: Exception) -> JSONResponse:
    # The exception's text holds the statement's parameters: log its kind only.
    orig = getattr(exc, "orig", None)
    log.error(
        "database error on %s %s: %s%s",
        request.method,
        printable(request.url.path),
        type(exc).__name__,
        f" ({type(orig).__name__})" if orig is not None else "",
    )
    unavailable = isinstance(exc, DBAPIError) and exc.connection_invalidated
    return JSONResponse(
        status_code=503,
        content={
            "detail": "the server's database is unavailable; try again later"
            if unavailable
            else "the server's database failed; try again later"
        },
    )


def _constraint_name(exc: IntegrityError) -> str:
    diag = getattr(exc.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    return f"unique key {name} already used" if name else "a unique key already used"
