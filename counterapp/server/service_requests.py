"""The town's service requests at head office (issue 16): every request and
complaint handed off at a counter, and every one the town's other systems
(its CRM) file through Open311, in one table the CRM can query.

- A counter's intake arrives as a record (``received_record``, kind
  ``intake``) and is expanded here into ``service_request`` in the batch's
  own transaction (``expand_intakes``), like a sale into ``sale``.
  Correspondence stamped "Received" is a letter, not a request: it stays a
  record only.
- A service is a kind of intake (request, complaint) for one department: the
  departments the catalogue and the sites' intake categories name
  (``services``), plus any a request already went to.
- The CRM's status change (``update_status``) updates the row and publishes
  the ``intake_status`` item stations receive, so the desk's status look-up
  shows it; a request filed through Open311 is published when it is filed,
  so a resident who walks in with its number is answered at any counter.

Personal data held here (issue 15's retention must cover it):
``service_request.contact_name``, ``contact``, ``email``, ``phone``,
``address``, ``lat``, ``long`` and the free text (``summary``, ``description``,
``documents``, ``callback``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Float,
    Integer,
    String,
    Text,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from counterapp.ids import uuid7
from counterapp.server.db import ServerBase, UTCDateTime
from counterapp.server.reference import Publish, ReferenceItem, publish
from counterapp.sync.wire import IntakePayload

log = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]

KINDS: dict[str, tuple[str, str]] = {  # kind → (reference prefix, name)
    "request": ("SR", "Service request"),
    "complaint": ("CP", "Complaint"),
}
OPEN, CLOSED = "open", "closed"
KEY_PREFIX = "o311_"
#: Reference numbers of requests filed through Open311: SR-O311-000001.
ORIGIN = "O311"
DEFAULT_SPAN = timedelta(days=90)  # GeoReport v2's default window for GET requests
MAX_ROWS = 1000  # and its default number of requests
# Status words a CRM may send (Open311 open/closed, and the states FixMyStreet's
# extension of it names) → closed or not.
CLOSED_WORDS = frozenset(
    {
        "closed",
        "fixed",
        "resolved",
        "completed",
        "done",
        "duplicate",
        "not_councils_responsibility",
        "no_further_action",
        "internal_referral",
        "unable_to_fix",
        "wont_fix",
        "fermé",
        "fermée",
    }
)
OPEN_WORDS = frozenset(
    {"open", "in_progress", "action_scheduled", "investigating", "received", "reopened"}
)


class ServiceRequest(ServerBase):
    """A request or complaint the town holds, from a counter or from Open311."""

    __tablename__ = "service_request"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the intake record's id
    reference_no: Mapped[str] = mapped_column(String(32), unique=True)  # service_request_id
    kind: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(60))
    service_code: Mapped[str] = mapped_column(String(80), index=True)
    subject: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    documents: Mapped[str] = mapped_column(Text, default="")
    callback: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # as Open311 shows it
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(250), default="")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    long: Mapped[float | None] = mapped_column(Float, nullable=True)
    media_url: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(8))  # "counter" | "open311"
    station_code: Mapped[str] = mapped_column(String(16), default="")
    api_key_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(8), default=OPEN)  # open | closed
    status_text: Mapped[str] = mapped_column(String(40), default="Received")  # the desk's word
    answer: Mapped[str] = mapped_column(Text, default="")  # the department's answer
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Open311Key(ServerBase):
    """An API key a town system (its CRM) posts with; only its SHA-256 is kept."""

    __tablename__ = "open311_key"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Open311Counter(ServerBase):
    """One row: the last number given to a request filed through Open311."""

    __tablename__ = "open311_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class RequestRefused(ValueError):
    """Input that cannot be accepted; ``field`` names it (Open311's 400)."""

    def __init__(self, field_name: str, message: str, code: int = 400) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.code = code


class NoSuchRequest(LookupError):
    pass


# --- services -------------------------------------------------------------------------


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "x"


def service_code(kind: str, department: str) -> str:
    return f"{kind}-{slug(department)}"[:80]


@dataclass(frozen=True, slots=True)
class Service:
    code: str
    kind: str
    department: str
    categories: tuple[str, ...] = ()  # the intake categories that route to it

    @property
    def name(self) -> str:
        return f"{KINDS[self.kind][1]} – {self.department}"

    @property
    def description(self) -> str:
        what = "A request" if self.kind == "request" else "A complaint"
        return (
            f"{what} for {self.department}, taken at a service counter "
            "or filed by the town's systems."
        )


def _published(session: Session, entity: str) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(ReferenceItem.data).where(
            ReferenceItem.entity == entity, ReferenceItem.deleted.is_(False)
        )
    )
    return [dict(r) for r in rows if r]


def services(session: Session) -> list[Service]:
    """Every service, in a stable order (department, then kind)."""
    categories: dict[str, list[str]] = {}
    for item in _published(session, "setting"):
        if item.get("name") == "intake_categories" and isinstance(item.get("value"), dict):
            for category, dept in item["value"].items():
                if isinstance(dept, str) and dept.strip():
                    categories.setdefault(dept.strip(), []).append(str(category))
    departments = set(categories)
    departments |= {
        str(i.get("department", "")).strip()
        for i in _published(session, "service")
        if str(i.get("department", "")).strip()
    }
    departments |= set(session.scalars(select(ServiceRequest.department).distinct()))
    out: dict[str, Service] = {}
    # A department's name fits the records that carry it (60 characters).
    for dept in sorted(d for d in departments if d and len(d) <= 60):
        for kind in KINDS:
            code = service_code(kind, dept)
            out.setdefault(code, Service(code, kind, dept, tuple(sorted(categories.get(dept, [])))))
    return list(out.values())


def find_service(session: Session, code: str) -> Service | None:
    return next((s for s in services(session) if s.code == code), None)


# --- expanding a counter's intakes -------------------------------------------------------


def _compose(subject: str, summary: str, documents: str, callback: str) -> str:
    parts = [subject]
    if summary:
        parts.append(summary)
    if documents:
        parts.append(f"Documents: {documents}")
    if callback:
        parts.append(f"Call back: {callback}")
    return "\n\n".join(parts)


def intake_row(p: IntakePayload) -> dict[str, Any] | None:
    """The ``service_request`` row for a counter's intake (None for a letter)."""
    if p.kind not in KINDS:
        return None
    return {
        "id": p.id,
        "reference_no": p.reference_no,
        "kind": p.kind,
        "department": p.department,
        "service_code": service_code(p.kind, p.department),
        "subject": p.subject,
        "summary": p.summary,
        "documents": p.documents,
        "callback": p.callback,
        "description": _compose(p.subject, p.summary, p.documents, p.callback),
        "contact_name": p.contact_name,
        "contact": p.contact,
        "email": "",
        "phone": "",
        "address": "",
        "lat": None,
        "long": None,
        "media_url": "",
        "source": "counter",
        "station_code": p.station_code,
        "api_key_id": None,
        "requested_at": p.at,
        "status": OPEN,
        "status_text": "Received",
        "answer": "",
        "updated_at": p.at,
    }


def expand_intakes(session: Session, intakes: Iterable[IntakePayload]) -> int:
    """Add the new intakes' rows (in the batch's transaction). A reference
    number is the sending station's own (``wire.identity_problems``), so only
    that station can have used it before (a replaced PC that numbered again):
    the first row is kept and the batch is never refused for it — the record
    itself is kept in ``received_record`` — and the clash is logged."""
    rows = [r for r in (intake_row(p) for p in intakes) if r is not None]
    if rows:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(ServiceRequest).on_conflict_do_nothing().returning(ServiceRequest.id)
        added = set(session.scalars(stmt, sorted(rows, key=_by_id)))
        for row in rows:
            if row["id"] not in added:
                log.warning(
                    "intake %s from %s: reference number %s already held by another "
                    "request: kept as received, not added to the request list",
                    row["id"],
                    row["station_code"],
                    row["reference_no"],
                )
    return len(rows)


def _by_id(row: Mapping[str, Any]) -> str:
    return str(row["id"])


# --- API keys -----------------------------------------------------------------------------


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def add_key(session: Session, name: str, created_by: str, *, now: datetime | None = None) -> str:
    """A new key for the town system ``name``; returns the key (shown once)."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= 80:
        raise RequestRefused("name", "Give the system a name of 1 to 80 characters.")
    live = select(Open311Key.id).where(Open311Key.name == name, Open311Key.revoked_at.is_(None))
    if session.scalar(live) is not None:
        raise RequestRefused("name", "This system already has a key in use: revoke it first.")
    value = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(
        Open311Key(
            id=uuid7(),
            name=name,
            key_hash=_sha(value),
            created_by=created_by,
            created_at=now or datetime.now(UTC),
        )
    )
    return value


def revoke_key(session: Session, key_id: str, *, now: datetime | None = None) -> Open311Key:
    key = session.get(Open311Key, key_id)
    if key is None:
        raise NoSuchRequest(key_id)
    if key.revoked_at is None:
        key.revoked_at = now or datetime.now(UTC)
    return key


def keys(session: Session) -> list[Open311Key]:
    return list(session.scalars(select(Open311Key).order_by(Open311Key.created_at)))


def check_key(session: Session, value: str, *, now: datetime | None = None) -> Open311Key:
    """The live key with this value, or RequestRefused (403) naming ``api_key``."""
    value = value.strip()
    if not value:
        raise RequestRefused("api_key", "an api_key is required.", 403)
    key = session.scalars(select(Open311Key).where(Open311Key.key_hash == _sha(value))).first()
    if key is None or key.revoked_at is not None:
        raise RequestRefused("api_key", "this api_key is not valid (unknown or revoked).", 403)
    when = now or datetime.now(UTC)
    if key.last_used_at is None or when - key.last_used_at > timedelta(minutes=1):
        key.last_used_at = when
    return key


# --- queries --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None


def find_requests(
    session: Session, q: Query, *, now: datetime | None = None
) -> list[ServiceRequest]:
    """GeoReport v2's GET requests: by ids (the other filters are then ignored),
    else by service, status and period (the last 90 days when none is given),
    newest first, at most 1000."""
    stmt = select(ServiceRequest)
    if q.ids:
        numbers = [normalise(i) for i in q.ids]
        stmt = stmt.where(ServiceRequest.reference_no.in_(numbers))
    else:
        end = q.end or (q.start + DEFAULT_SPAN if q.start else (now or datetime.now(UTC)))
        start = q.start or end - DEFAULT_SPAN
        stmt = stmt.where(ServiceRequest.requested_at >= start, ServiceRequest.requested_at <= end)
        if q.service_codes:
            stmt = stmt.where(ServiceRequest.service_code.in_(q.service_codes))
        if q.statuses:
            stmt = stmt.where(ServiceRequest.status.in_(q.statuses))
    stmt = stmt.order_by(ServiceRequest.requested_at.desc(), ServiceRequest.reference_no.desc())
    return list(session.scalars(stmt.limit(MAX_ROWS)))


def normalise(reference_no: str) -> str:
    return "".join(reference_no.split()).upper()


def get_request(session: Session, reference_no: str) -> ServiceRequest:
    row = session.scalars(
        select(ServiceRequest).where(ServiceRequest.reference_no == normalise(reference_no))
    ).first()
    if row is None:
        raise NoSuchRequest(reference_no)
    return row


# --- filing through Open311 ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewRequest:
    service_code: str
    description: str = ""
    subject: str = ""
    documents: str = ""
    callback: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    lat: float | None = None
    long: float | None = None
    media_url: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


LIMITS = {
    "description": 4000,
    "attribute[subject]": 120,
    "attribute[documents]": 1000,
    "attribute[callback]": 120,
    "first_name": 60,
    "last_name": 60,
    "email": 120,
    "phone": 40,
    "address_string": 250,
    "media_url": 500,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean(name: str, text: str, *, multiline: bool = False) -> str:
    value = text.strip()
    allowed = {"\n", "\t", "\r"} if multiline else set()
    if any((ord(ch) < 32 and ch not in allowed) or ord(ch) == 127 for ch in value):
        raise RequestRefused(name, "control characters are not accepted.")
    limit = LIMITS.get(name)
    if limit is not None and len(value) > limit:
        raise RequestRefused(name, f"at most {limit} characters.")
    return value.replace("\r\n", "\n")


def _next_number(session: Session) -> int:
    bumped = session.execute(
        update(Open311Counter)
        .where(Open311Counter.id == 1)
        .values(value=Open311Counter.value + 1)
        .returning(Open311Counter.value)
    ).scalar()
    if bumped is None:
        session.add(Open311Counter(id=1, value=1))
        session.flush()
        return 1
    return int(bumped)


def file_request(
    writers: SessionFactory, api_key: str, new: NewRequest, *, now: datetime | None = None
) -> ServiceRequest:
    """File a request through Open311: checked field by field, numbered, stored
    and published for the counters' status look-up."""
    when = now or datetime.now(UTC)
    description = clean("description", new.description, multiline=True)
    subject = clean("attribute[subject]", new.subject)
    documents = clean("attribute[documents]", new.documents, multiline=True)
    callback = clean("attribute[callback]", new.callback)
    first = clean("first_name", new.first_name)
    last = clean("last_name", new.last_name)
    email = clean("email", new.email)
    phone = clean("phone", new.phone)
    address = clean("address_string", new.address)
    media = clean("media_url", new.media_url)
    if email and not _EMAIL.match(email):
        raise RequestRefused("email", "not an e-mail address.")
    if media and not media.startswith(("https://", "http://")):
        raise RequestRefused("media_url", "give an http(s) URL.")
    if (new.lat is None) != (new.long is None):
        raise RequestRefused("lat" if new.lat is None else "long", "give both lat and long.")
    if not subject:
        first_line = description.split("\n", 1)[0].strip()
        subject = first_line[:117] + "..." if len(first_line) > 120 else first_line
    if not subject:
        raise RequestRefused("description", "say what the request is about.")
    with writers() as session, session.begin():
        key = check_key(session, api_key, now=when)
        service = find_service(session, new.service_code.strip())
        if service is None:
            raise RequestRefused("service_code", f"there is no service {new.service_code!r}.")
        category = new.attributes.get("category", "")
        if category and category not in service.categories:
            choices = ", ".join(service.categories) or "none"
            raise RequestRefused(
                "attribute[category]", f"not one of this service's categories ({choices})."
            )
        number = _next_number(session)
        prefix = KINDS[service.kind][0]
        text = description or subject
        extra = _compose("", "", documents, callback).strip()
        row = ServiceRequest(
            id=uuid7(),
            reference_no=f"{prefix}-{ORIGIN}-{number:06d}",
            kind=service.kind,
            department=service.department,
            service_code=service.code,
            subject=subject,
            summary=description,
            documents=documents,
            callback=callback,
            description=f"{text}\n\n{extra}" if extra else text,
            contact_name=" ".join(p for p in (first, last) if p),
            contact=email or phone,
            email=email,
            phone=phone,
            address=address,
            lat=new.lat,
            long=new.long,
            media_url=media,
            source="open311",
            station_code="",
            api_key_id=key.id,
            requested_at=when,
            status=OPEN,
            status_text="Received",
            answer="",
            updated_at=when,
        )
        session.add(row)
        _audit(session, key, "open311.request", row.reference_no, {"service": service.code}, when)
    publish(writers, [Publish("intake_status", _status_item(row))], now=when)
    return row


def _status_item(row: ServiceRequest) -> dict[str, Any]:
    return {
        "reference_no": row.reference_no,
        "kind": row.kind,
        "department": row.department,
        "subject": row.subject,
        "status": row.status_text,
        "status_at": row.updated_at.isoformat(),
        "answer": row.answer,
        "received_at": row.requested_at.isoformat(),
    }


def _audit(
    session: Session, key: Open311Key, action: str, ref: str, detail: dict[str, Any], at: datetime
) -> None:
    from counterapp.server.hq.models import HqAudit

    session.add(
        HqAudit(
            id=uuid7(),
            at=at,
            user_id=None,
            username=f"open311:{key.name}"[:64],
            action=action,
            entity="service_request",
            key=ref,
            detail=detail,
        )
    )


# --- status changes from the town's systems ------------------------------------------------------


def status_word(status: str) -> tuple[str, str]:
    """(open|closed, the word the desk shows) for a status a CRM sends."""
    raw = "_".join(status.strip().lower().replace("-", " ").split())
    if not raw:
        raise RequestRefused("status", "give the new status (open or closed).")
    if raw in CLOSED_WORDS:
        state = CLOSED
    elif raw in OPEN_WORDS:
        state = OPEN
    else:
        raise RequestRefused(
            "status", f"{status.strip()[:40]!r} is not a status: use open or closed."
        )
    shown = raw.replace("_", " ").capitalize()
    if raw == "open":
        shown = "In progress"
    return state, shown[:40]


def apply_status(
    session: Session,
    reference_no: str,
    *,
    state: str,
    shown: str,
    answer: str | None,
    when: datetime,
) -> ServiceRequest | None:
    """Set a request's status in ``session`` (None: no such request here)."""
    row = session.scalars(
        select(ServiceRequest)
        .where(ServiceRequest.reference_no == normalise(reference_no))
        .with_for_update()
    ).first()
    if row is None:
        return None
    row.status = state
    row.status_text = shown
    if answer is not None:
        row.answer = answer
    row.updated_at = when
    return row


def update_status(
    writers: SessionFactory,
    api_key: str,
    reference_no: str,
    status: str,
    *,
    notes: str = "",
    updated_at: datetime | None = None,
    now: datetime | None = None,
) -> ServiceRequest:
    """The CRM's status change: stored and sent down to every station."""
    when = updated_at or now or datetime.now(UTC)
    state, shown = status_word(status)
    answer = clean("description", notes, multiline=True)
    if len(answer) > 2000:
        raise RequestRefused("description", "at most 2000 characters.")
    if not normalise(reference_no):
        raise RequestRefused("service_request_id", "give the request's id.")
    with writers() as session, session.begin():
        key = check_key(session, api_key, now=now)
        row = apply_status(
            session, reference_no, state=state, shown=shown, answer=answer, when=when
        )
        if row is None:
            raise RequestRefused(
                "service_request_id", f"there is no request {normalise(reference_no)!r}.", 404
            )
        _audit(session, key, "open311.status", row.reference_no, {"status": shown}, when)
        item = _status_item(row)
    publish(writers, [Publish("intake_status", item)], now=when)
    return row


def closed_word(status: str) -> str:
    """open or closed for a status typed at head office (``server intake-status``)."""
    raw = "_".join(status.strip().lower().split())
    return CLOSED if raw in CLOSED_WORDS else OPEN
