"""What travels from a station to the server (ARCHITECTURE.md, decision 3).

A station sends its outbox as a ``Batch`` of ``WireEntry``; the server answers
with a ``BatchAck``. Each entry's ``payload`` is checked against the typed model
of its kind (``SalePayload`` mirrors ``services.sales.sale_payload``,
``AuditPayload`` mirrors ``services.audit.record``) and a sale must balance.
Amounts are integer cents: ``StrictInt`` refuses a float, even ``50.0``.

``check_batch`` is the server's gate: a batch that breaks any rule is refused
whole, with a message naming the entry, and nothing of it is applied.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from annotated_types import GroupedMetadata
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

from counterapp.domain.retention import SALT_KEY
from counterapp.domain.tender import TenderKind

MAX_BATCH_ENTRIES = 1000

# --- domain limits (issue 15) ---------------------------------------------------------
# A town's counter never takes $10 million on one line, nor sells 10,000 of a
# thing at once. The limits are checked at the wire (a 422 naming the field),
# so nothing out of range reaches a database column, and they keep every sum
# head office makes far inside a 64-bit integer: a billion sales of the
# largest possible total still add up to less than 2^63 cents.
MAX_LINE_CENTS = 1_000_000_000  # $10,000,000.00 on one line (fee, amount or tax)
MAX_QUANTITY = 10_000
MAX_LINES = 200
MAX_TENDERS = 20
MAX_SALE_CENTS = 5_000_000_000  # $50,000,000.00: a sale's total, tender or change
MAX_ROUNDING_CENTS = 100
MAX_SEQ = 2**31 - 1  # sequence numbers fit the server's INTEGER columns
MAX_COUNT = 1_000_000  # pieces of one denomination in a drawer count
MAX_DETAIL_BYTES = 16_384  # a free-form ``detail`` as JSON
MAX_DOCUMENT_BYTES = 65_536  # a Z report or deposit slip as JSON
MAX_JSON_DEPTH = 8  # nesting inside a free-form field
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

# Record ids are UUIDv7 strings made on the station, in canonical (lower-case,
# hyphenated) form: the server compares ids as text, so "A1…" and "a1…" must
# not both be accepted as the same record.
RecordId = Annotated[
    str,
    StringConstraints(
        strict=True,
        pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    ),
]


Cents = Annotated[StrictInt, Field(ge=0, le=MAX_SALE_CENTS)]
SignedCents = Annotated[StrictInt, Field(ge=-MAX_SALE_CENTS, le=MAX_SALE_CENTS)]
LineCents = Annotated[StrictInt, Field(ge=-MAX_LINE_CENTS, le=MAX_LINE_CENTS)]
RoundingCents = Annotated[StrictInt, Field(ge=-MAX_ROUNDING_CENTS, le=MAX_ROUNDING_CENTS)]
Count = Annotated[StrictInt, Field(ge=1, le=MAX_SEQ)]
Quantity = Annotated[StrictInt, Field(ge=1, le=MAX_QUANTITY)]
PieceCount = Annotated[StrictInt, Field(ge=-MAX_COUNT, le=MAX_COUNT)]


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store a NUL character, and no person types one.
    if "\x00" in value:
        raise ValueError("text must not contain a NUL character")
    return value


@dataclass(frozen=True, slots=True)
class _length(GroupedMetadata):  # noqa: N801 - reads as the constraint it is
    """Text of a column's length, without NUL characters.

    Lengths match the server's columns, so a long value is refused here with
    a message instead of failing in the database."""

    max_length: int
    min_length: int = 0

    def __iter__(self) -> Iterator[Any]:
        yield StringConstraints(strict=True, min_length=self.min_length, max_length=self.max_length)
        yield AfterValidator(_no_nul)


def _plausible(at: datetime) -> datetime:
    if not EARLIEST <= at <= LATEST:
        raise ValueError(f"a moment between {EARLIEST.year} and {LATEST.year} is expected")
    return at


When = Annotated[AwareDatetime, AfterValidator(_plausible)]


def _walk(value: Any, depth: int = 0) -> Iterator[str]:
    """Problems of a free-form JSON value: too deep, NUL text, huge numbers."""
    if depth > MAX_JSON_DEPTH:
        yield f"nested deeper than {MAX_JSON_DEPTH} levels"
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if "\x00" in k:
                yield "a key contains a NUL character"
            yield from _walk(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, depth + 1)
    elif isinstance(value, str):
        if "\x00" in value:
            yield "text contains a NUL character"
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > 2**53:
            yield "a number is out of range"
    elif isinstance(value, float) and not math.isfinite(value):
        yield "a number is not a finite number"


def _free_json(limit: int) -> AfterValidator:
    def check(value: dict[str, Any]) -> dict[str, Any]:
        for problem in _walk(value):
            raise ValueError(problem)
        if len(json.dumps(value, separators=(",", ":"))) > limit:
            raise ValueError(f"more than {limit} bytes of detail")
        return value

    return AfterValidator(check)


Detail = Annotated[dict[str, Any], _free_json(MAX_DETAIL_BYTES)]
Document = Annotated[dict[str, Any], _free_json(MAX_DOCUMENT_BYTES)]
Key = Annotated[str, _length(16, min_length=1)]
CashCount = Annotated[
    dict[Key, Annotated[dict[Key, PieceCount], Field(max_length=40)]], Field(max_length=10)
]
ByTender = Annotated[dict[Key, SignedCents], Field(max_length=20)]
StationCode = Annotated[str, _length(16, min_length=1)]
ChainHash = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{64}$")]
SiteCode = Annotated[str, _length(8, min_length=1)]


_SALT = re.compile(r"^[0-9a-f]{32}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecordPayload(_Strict):
    """What every record kind's payload has: its id and the station it was made at."""

    id: RecordId
    station_code: StationCode

    @model_validator(mode="before")
    @classmethod
    def _personal_data_salt(cls, data: Any) -> Any:
        """The salt of a record's personal-data digests (``domain.retention``), added
        by the station's chain: checked here, kept only in the record as sent."""
        if isinstance(data, dict) and SALT_KEY in data:
            salt = data[SALT_KEY]
            if not (isinstance(salt, str) and _SALT.match(salt)):
                raise ValueError(f"{SALT_KEY}: 32 hexadecimal digits expected")
            data = {k: v for k, v in data.items() if k != SALT_KEY}
        return data


class WireEntry(_Strict):
    """One outbox entry as sent: ``id`` is the record id and the idempotency key."""

    id: RecordId
    seq: Count  # the station's outbox order
    kind: Annotated[str, _length(16, min_length=1)]  # a key of PAYLOAD_MODELS (server column)
    created_at: When
    payload: dict[str, Any]
    # The station's record chain (``domain.chain``); absent from stations before it.
    prev_hash: ChainHash | None = None
    hash: ChainHash | None = None


class Batch(_Strict):
    station_code: StationCode
    entries: list[WireEntry] = Field(min_length=1, max_length=MAX_BATCH_ENTRIES)


class BatchAck(BaseModel):
    """Every id of the batch the server now holds; ``stored`` new, ``duplicates`` already had."""

    # A station reads this: it ignores what a newer server adds.
    model_config = ConfigDict(extra="ignore", frozen=True)

    acked: list[str]
    stored: int
    duplicates: int


class SaleLinePayload(_Strict):
    # Amounts are signed: a void or a refund carries them negative. The sale's
    # own validator checks the sign against its kind.
    id: RecordId
    line_no: Annotated[StrictInt, Field(ge=1, le=MAX_LINES)]
    service_code: Annotated[str, _length(32, min_length=1)]
    description: Annotated[str, _length(120)]
    quantity: Quantity
    unit_fee_cents: LineCents
    tax_code: Annotated[str, _length(8, min_length=1)]
    tax_cents: LineCents
    amount_cents: LineCents
    gl_account: Annotated[str, _length(32)]
    department: Annotated[str, _length(60)]
    detail: Detail

    @model_validator(mode="after")
    def _amount_is_quantity_times_fee(self) -> SaleLinePayload:
        if self.amount_cents != self.quantity * self.unit_fee_cents:
            raise ValueError(
                f"line {self.line_no}: amount {self.amount_cents} is not "
                f"quantity {self.quantity} × fee {self.unit_fee_cents}"
            )
        return self


class TenderPayload(_Strict):
    id: RecordId
    seq: Annotated[StrictInt, Field(ge=1, le=MAX_TENDERS)]
    kind: TenderKind
    # Positive on a sale, negative on a void or refund (money handed back).
    tendered_cents: SignedCents
    # 0 is possible: cash handed over for a 1-2 cent balance that rounds to 0.
    applied_cents: SignedCents
    reference: Annotated[str, _length(40)]


class SalePayload(RecordPayload):
    """A completed sale: the wire format of kind "sale" (``services.sales.sale_payload``)."""

    id: RecordId
    receipt_no: Annotated[str, _length(32, min_length=1)]
    station_code: StationCode
    site_code: SiteCode
    seq: Count  # the receipt number's sequence at the station
    staff_id: Annotated[str, _length(36, min_length=1)]
    completed_at: When
    subtotal_cents: SignedCents
    tax_cents: SignedCents
    total_cents: SignedCents
    rounding_cents: RoundingCents
    change_cents: Cents
    lines: list[SaleLinePayload] = Field(min_length=1, max_length=MAX_LINES)
    # None only when there is nothing to pay (checked below).
    tenders: list[TenderPayload] = Field(max_length=MAX_TENDERS)
    # "sale"; voids and refunds are records of their own referencing the original.
    kind: Literal["sale", "void", "refund"] = "sale"
    original_sale_id: RecordId | None = None
    reason: Annotated[str, _length(200)] = ""
    approved_by: Annotated[str, _length(36)] | None = None
    shift_id: Annotated[str, _length(36)] | None = None

    @model_validator(mode="after")
    def _tendered_unless_free(self) -> SalePayload:
        if not self.tenders and self.total_cents != 0:
            raise ValueError("a sale with something to pay needs at least one tender")
        return self

    @model_validator(mode="after")
    def _signs_follow_the_kind(self) -> SalePayload:
        # A sale takes money in; a void or a refund hands it back, references
        # the original sale and says why and who approved it.
        if self.kind == "sale":
            if any(
                x.amount_cents < 0 or x.tax_cents < 0 or x.unit_fee_cents < 0 for x in self.lines
            ):
                raise ValueError("a sale's line amounts cannot be negative")
            if any(t.tendered_cents <= 0 or t.applied_cents < 0 for t in self.tenders):
                raise ValueError("a sale's tenders must be more than zero")
            return self
        if any(x.amount_cents > 0 or x.tax_cents > 0 for x in self.lines):
            raise ValueError(f"a {self.kind}'s line amounts cannot be positive")
        if any(t.tendered_cents >= 0 or t.applied_cents > 0 for t in self.tenders):
            raise ValueError(f"a {self.kind}'s tenders hand money back: they must be negative")
        if self.change_cents != 0:
            raise ValueError(f"a {self.kind} gives no change")
        if self.original_sale_id is None:
            raise ValueError(f"a {self.kind} must reference the original sale")
        if not self.reason.strip():
            raise ValueError(f"a {self.kind} needs a reason")
        if not self.approved_by:
            raise ValueError(f"a {self.kind} needs the approving supervisor")
        return self

    @model_validator(mode="after")
    def _balances(self) -> SalePayload:
        lines_amount = sum(line.amount_cents for line in self.lines)
        if lines_amount != self.subtotal_cents:
            raise ValueError(
                f"lines add up to {lines_amount} cents but the subtotal is {self.subtotal_cents}"
            )
        lines_tax = sum(line.tax_cents for line in self.lines)
        if lines_tax != self.tax_cents:
            raise ValueError(
                f"line taxes add up to {lines_tax} cents but the tax is {self.tax_cents}"
            )
        if self.total_cents != self.subtotal_cents + self.tax_cents:
            raise ValueError(
                f"total {self.total_cents} is not subtotal {self.subtotal_cents} "
                f"+ tax {self.tax_cents}"
            )
        applied = sum(t.applied_cents for t in self.tenders)
        due = self.total_cents + self.rounding_cents
        if applied != due:
            raise ValueError(
                f"tenders apply {applied} cents but total {self.total_cents} "
                f"+ rounding {self.rounding_cents} = {due}"
            )
        change = sum(t.tendered_cents for t in self.tenders) - applied
        if change != self.change_cents:
            raise ValueError(
                f"tendered minus applied is {change} cents but the change is {self.change_cents}"
            )
        return self


class AuditPayload(RecordPayload):
    """Who did what, when, where: the wire format of kind "audit" (``services.audit.record``)."""

    id: RecordId
    at: When
    station_code: StationCode
    staff_id: Annotated[str, _length(36, min_length=1)] | None
    action: Annotated[str, _length(40, min_length=1)]
    entity: Annotated[str, _length(40)]
    entity_id: Annotated[str, _length(36)]  # "" when a failed login names no known staff
    detail: Detail


# --- drawers and shifts (end of day) ---------------------------------------------------
# ``services.drawer`` writes these; each is a fact of its own (a shift opened,
# cash moved out, the blind count, the sign-off, a correction), never an update.

StaffId = Annotated[str, _length(36, min_length=1)]
Reason = Annotated[str, _length(200)]


class ShiftPayload(RecordPayload):
    """A drawer opened with its counted float (kind "shift")."""

    site_code: Annotated[str, _length(8, min_length=1)]
    drawer_code: Annotated[str, _length(16, min_length=1)]
    staff_id: StaffId
    opened_at: When
    float_cents: Annotated[StrictInt, Field(gt=0, le=MAX_SALE_CENTS)]
    float_count: CashCount


class CashMovementPayload(RecordPayload):
    """A pickup to the safe or a paid-out (kind "cash_movement")."""

    shift_id: RecordId
    kind: Literal["pickup", "paid_out"]
    seq: Count
    at: When
    staff_id: StaffId
    amount_cents: Annotated[StrictInt, Field(gt=0, le=MAX_SALE_CENTS)]
    reason: Reason
    gl_account: Annotated[str, _length(32)]
    count: CashCount


class ChequeCountPayload(_Strict):
    reference: Annotated[str, _length(40)]
    amount_cents: Annotated[StrictInt, Field(gt=0, le=MAX_SALE_CENTS)]


class ShiftCountPayload(RecordPayload):
    """The associate's blind count with the expected figures fixed at that moment."""

    shift_id: RecordId
    at: When
    staff_id: StaffId
    cash_count: CashCount
    cheques: list[ChequeCountPayload] = Field(max_length=500)
    counted: ByTender
    expected: ByTender
    over_short_cents: SignedCents

    @model_validator(mode="after")
    def _over_short_adds_up(self) -> ShiftCountPayload:
        kinds = set(self.counted) | set(self.expected)
        diff = sum(self.counted.get(k, 0) - self.expected.get(k, 0) for k in kinds)
        if diff != self.over_short_cents:
            raise ValueError(
                f"counted minus expected is {diff} cents but over/short is {self.over_short_cents}"
            )
        return self


class ShiftClosePayload(RecordPayload):
    """The supervisor's sign-off, with the Z report and deposit slip as issued."""

    shift_id: RecordId
    at: When
    supervisor_id: StaffId
    over_short_cents: SignedCents
    reason: Reason
    z_report: Document
    deposit: Document


class ShiftAdjustmentPayload(RecordPayload):
    """A supervisor's correction of a closed shift's count."""

    shift_id: RecordId
    at: When
    supervisor_id: StaffId
    tender_kind: TenderKind
    amount_cents: SignedCents
    reason: Annotated[str, _length(200, min_length=1)]


class QueueEventPayload(RecordPayload):
    """One event of a walk-in ticket's timeline (``counterapp.queue.engine``): issued,
    called, recalled, served, transferred, parked, resumed, closed, no_show, expired,
    backup.
    No visitor name: the ticket label and ids only."""

    id: RecordId
    station_code: StationCode
    site_code: Annotated[str, _length(8, min_length=1)]
    seq: Annotated[StrictInt, Field(ge=0, le=MAX_SEQ)]
    ticket_id: RecordId | None
    ticket: Annotated[str, _length(12)]
    kind: Annotated[str, _length(16, min_length=1)]
    at: When
    staff_id: Annotated[str, _length(36)] | None
    category: Annotated[str, _length(4)]
    detail: Detail


class StockIssuePayload(RecordPayload):
    """A numbered form or tag issued with a sale line, or spoiled (``services.issuing``)."""

    stock_kind: Annotated[str, _length(24, min_length=1)]
    number: Annotated[str, _length(24, min_length=1)]
    status: Literal["issued", "spoiled"]
    sale_id: RecordId | None
    sale_line_id: RecordId | None
    staff_id: Annotated[str, _length(36, min_length=1)]
    at: When
    reason: Annotated[str, _length(200)]

    @model_validator(mode="after")
    def _issued_with_a_sale_spoiled_with_a_reason(self) -> StockIssuePayload:
        if self.status == "issued" and self.sale_id is None:
            raise ValueError("issued stock belongs to a sale")
        if self.status == "spoiled" and not self.reason.strip():
            raise ValueError("a spoiled form needs a reason")
        return self


class CommissioningLogPayload(RecordPayload):
    """One entry of the commissioner's log (``services.issuing``)."""

    sale_id: RecordId
    sale_line_id: RecordId
    at: When
    document_type: Annotated[str, _length(120, min_length=1)]
    deponent_name: Annotated[str, _length(120, min_length=1)]
    id_type: Annotated[str, _length(60, min_length=1)]
    id_last_digits: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]{3,4}$")]
    commissioner_id: Annotated[str, _length(36, min_length=1)]


class IntakePayload(RecordPayload):
    """A request, complaint or letter received at the counter (``services.intake``)."""

    reference_no: Annotated[str, _length(32, min_length=1)]
    kind: Literal["request", "complaint", "correspondence"]
    department: Annotated[str, _length(60, min_length=1)]
    subject: Annotated[str, _length(120, min_length=1)]
    summary: Annotated[str, _length(1000)]
    contact_name: Annotated[str, _length(120)]
    contact: Annotated[str, _length(120)]
    staff_id: Annotated[str, _length(36, min_length=1)]
    at: When
    # A warm hand-off (issue 16); absent from stations before it.
    documents: Annotated[str, _length(1000)] = ""
    callback: Annotated[str, _length(120)] = ""


class RegistrationPayload(RecordPayload):
    """A program seat or waitlist place taken at the counter (``services.registrations``);
    head office settles seats oversold while offline."""

    registration_id: RecordId  # the seat; a cancellation is a record of its own
    service_code: Annotated[str, _length(32, min_length=1)]
    participant_name: Annotated[str, _length(120, min_length=1)]
    status: Literal["enrolled", "waitlisted", "cancelled"]
    sale_id: RecordId
    sale_line_id: RecordId
    at: When


class InquiryPayload(RecordPayload):
    """A tier-1 inquiry answered from a knowledge-base article (``services.knowledge``):
    the article and who answered, never who asked."""

    article_id: Annotated[str, _length(36, min_length=1)]
    article_title: Annotated[str, _length(200, min_length=1)]
    department: Annotated[str, _length(60)]
    language: Literal["en", "fr"]
    tier: Literal[1]
    outcome: Literal["resolved"]
    ticket_id: RecordId | None
    channel: Literal["desk", "greeter"]
    staff_id: Annotated[str, _length(36, min_length=1)]
    at: When


# Every kind of record a station may send, with the model its payload must
# match. A kind's model needs ``id`` and ``station_code`` (see RecordPayload).
# The server keeps every record in ``received_record``; kinds with a table of
# their own (sale, audit) are also expanded there.
PAYLOAD_MODELS: dict[str, type[RecordPayload]] = {
    "sale": SalePayload,
    "audit": AuditPayload,
    "shift": ShiftPayload,
    "cash_movement": CashMovementPayload,
    "shift_count": ShiftCountPayload,
    "shift_close": ShiftClosePayload,
    "shift_adjustment": ShiftAdjustmentPayload,
    "queue_event": QueueEventPayload,
    "stock_issue": StockIssuePayload,
    "commission_log": CommissioningLogPayload,
    "intake": IntakePayload,
    "registration": RegistrationPayload,
    "inquiry": InquiryPayload,
}


def outbox_payload(record: RecordPayload) -> dict[str, Any]:
    """A record as it is kept in the outbox and sent: built from its wire model (checked
    when the model was made), never by hand, so the station writes what the server reads."""
    return record.model_dump(mode="json")


def record_payload(model: type[RecordPayload], row: object, **given: Any) -> dict[str, Any]:
    """``model``'s fields read from ``row`` (a database row) by name, ``given`` ones as
    given, checked by the model and dumped for the outbox (``outbox_payload``)."""
    fields = {f: given[f] if f in given else getattr(row, f) for f in model.model_fields}
    return outbox_payload(model(**fields))


class BatchRejected(ValueError):
    """A batch that breaks a rule. ``str()`` names the entry; ``problems`` lists them all."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"batch refused, nothing applied: {problems[0]}{more}")


def describe_errors(exc: ValidationError) -> str:
    """Pydantic errors as one line of "where: what", without the input values
    (they may hold personal data, and this message can end up in a log)."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


class ClaimRefused(BatchRejected):
    """A batch with a record that claims what belongs to another station or site
    (a number, a sale, a seat): a security event, refused whole."""


def receipt_number(station_code: str, seq: int) -> str:
    """A receipt's number: the station's code and its sequence (``take_receipt_number``)."""
    return f"{station_code}-{seq:06d}"


# An intake's reference number as a station makes it (``services.intake.record_intake``):
# the kind's prefix, the station's code, the station's intake sequence.
INTAKE_PREFIXES = {"request": "SR", "complaint": "CP", "correspondence": "RC"}


def is_own_reference_no(reference_no: str, kind: str, station_code: str) -> bool:
    """Whether ``reference_no`` is one station ``station_code`` could have numbered."""
    prefix = f"{INTAKE_PREFIXES[kind]}-{station_code}-"
    digits = reference_no[len(prefix) :]
    return (
        reference_no.startswith(prefix)
        and len(digits) >= 6
        and digits.isascii()
        and digits.isdigit()
    )


def identity_problems(
    payload: RecordPayload, station_code: str, site_code: str | None
) -> list[str]:
    """What in a record claims to be someone else's: another station's receipt
    number or intake reference number, another site's code. A station speaks
    only for itself. (What a record *references* — a sale, a shift, a seat — is
    checked against what head office holds: ``server.ownership``.)"""
    problems = []
    claimed_site = getattr(payload, "site_code", None)
    if site_code is not None and claimed_site is not None and claimed_site != site_code:
        problems.append(
            f"site_code {claimed_site!r} is not station {station_code}'s site {site_code!r}"
        )
    if isinstance(payload, SalePayload):
        own = receipt_number(station_code, payload.seq)
        if payload.receipt_no != own:
            problems.append(
                f"receipt_no {payload.receipt_no!r} is not station {station_code}'s receipt "
                f"number for sequence {payload.seq} ({own!r})"
            )
    if isinstance(payload, IntakePayload) and not is_own_reference_no(
        payload.reference_no, payload.kind, station_code
    ):
        problems.append(
            f"reference_no {payload.reference_no!r} is not one of station {station_code}'s "
            f"{payload.kind} numbers ({INTAKE_PREFIXES[payload.kind]}-{station_code}-NNNNNN)"
        )
    return problems


def check_batch(batch: Batch, *, site_code: str | None = None) -> list[RecordPayload]:
    """The typed payload of every entry, in order, or ``BatchRejected``.

    Checks what the models cannot see alone: each payload belongs to its entry
    (same id) and to the sending station (its code, its receipt and intake
    reference numbers, and its site when ``site_code`` is given), and no id
    appears twice. A batch with a record claiming another's is refused with
    ``ClaimRefused`` (a ``BatchRejected``), which the server logs as a security event.
    """
    problems: list[str] = []
    claimed = 0  # problems that claim another's: a security event (``ClaimRefused``)
    typed: list[RecordPayload] = []
    seen: set[str] = set()
    for i, entry in enumerate(batch.entries):
        name = f"entry {i} (id {entry.id}, {entry.kind})"
        if entry.id in seen:
            problems.append(f"{name}: the id appears twice in the batch")
        seen.add(entry.id)
        model = PAYLOAD_MODELS.get(entry.kind)
        if model is None:
            problems.append(f"{name}: this server does not know records of kind {entry.kind!r}")
            continue
        try:
            payload = model.model_validate(entry.payload)
        except ValidationError as exc:
            problems.append(f"{name}: {describe_errors(exc)}")
            continue
        if payload.id != entry.id:
            problems.append(f"{name}: the payload is record {payload.id}, not {entry.id}")
        if payload.station_code != batch.station_code:
            claimed += 1
            problems.append(
                f"{name}: recorded at station {payload.station_code}, "
                f"but the batch comes from {batch.station_code}"
            )
        claims = identity_problems(payload, batch.station_code, site_code)
        claimed += len(claims)
        problems += [f"{name}: {p}" for p in claims]
        typed.append(payload)
    if problems:
        raise (ClaimRefused if claimed else BatchRejected)(problems)
    return typed
