"""One valid record of every kind a station sends, and the boundaries of every
field of its wire model, generated from the model's JSON schema (issue 15)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from counterapp.ids import uuid7
from counterapp.sync.wire import PAYLOAD_MODELS

AT = "2026-11-23T15:30:00+00:00"


def samples(station: str = "WHB-01", site: str = "WHB", seq: int = 1) -> dict[str, dict[str, Any]]:
    """A valid payload of every kind ``PAYLOAD_MODELS`` knows."""
    sale_id, shift_id, line_id = uuid7(), uuid7(), uuid7()
    staff = uuid7()
    cash = {"bills": {"2000": 2}, "coins": {"200": 1}}
    out: dict[str, dict[str, Any]] = {
        "sale": {
            "id": sale_id,
            "receipt_no": f"{station}-{seq:06d}",
            "station_code": station,
            "site_code": site,
            "seq": seq,
            "staff_id": staff,
            "completed_at": AT,
            "subtotal_cents": 4000,
            "tax_cents": 0,
            "total_cents": 4000,
            "rounding_cents": 0,
            "change_cents": 1000,
            "lines": [
                {
                    "id": line_id,
                    "line_no": 1,
                    "service_code": "COM-AFF",
                    "description": "Commissioning",
                    "quantity": 2,
                    "unit_fee_cents": 2000,
                    "tax_code": "EX",
                    "tax_cents": 0,
                    "amount_cents": 4000,
                    "gl_account": "4210-100",
                    "department": "Clerk's Office",
                    "detail": {"note": "x"},
                }
            ],
            "tenders": [
                {
                    "id": uuid7(),
                    "seq": 1,
                    "kind": "cash",
                    "tendered_cents": 5000,
                    "applied_cents": 4000,
                    "reference": "",
                }
            ],
            "kind": "sale",
            "original_sale_id": None,
            "reason": "",
            "approved_by": None,
            "shift_id": shift_id,
        },
        "audit": {
            "id": uuid7(),
            "at": AT,
            "station_code": station,
            "staff_id": staff,
            "action": "login",
            "entity": "staff",
            "entity_id": staff,
            "detail": {"ok": True},
        },
        "shift": {
            "id": shift_id,
            "station_code": station,
            "site_code": site,
            "drawer_code": "D1",
            "staff_id": staff,
            "opened_at": AT,
            "float_cents": 20000,
            "float_count": cash,
        },
        "cash_movement": {
            "id": uuid7(),
            "station_code": station,
            "shift_id": shift_id,
            "kind": "pickup",
            "seq": 1,
            "at": AT,
            "staff_id": staff,
            "amount_cents": 10000,
            "reason": "",
            "gl_account": "",
            "count": cash,
        },
        "shift_count": {
            "id": uuid7(),
            "station_code": station,
            "shift_id": shift_id,
            "at": AT,
            "staff_id": staff,
            "cash_count": cash,
            "cheques": [{"reference": "12", "amount_cents": 500}],
            "counted": {"cash": 4200},
            "expected": {"cash": 4000},
            "over_short_cents": 200,
        },
        "shift_close": {
            "id": uuid7(),
            "station_code": station,
            "shift_id": shift_id,
            "at": AT,
            "supervisor_id": staff,
            "over_short_cents": 200,
            "reason": "counted twice",
            "z_report": {"total_cents": 4000},
            "deposit": {"cash_cents": 4200},
        },
        "shift_adjustment": {
            "id": uuid7(),
            "station_code": station,
            "shift_id": shift_id,
            "at": AT,
            "supervisor_id": staff,
            "tender_kind": "cash",
            "amount_cents": -200,
            "reason": "recount",
        },
        "queue_event": {
            "id": uuid7(),
            "station_code": station,
            "site_code": site,
            "seq": 1,
            "ticket_id": uuid7(),
            "ticket": "T-001",
            "kind": "issued",
            "at": AT,
            "staff_id": staff,
            "category": "T",
            "detail": {},
        },
        "stock_issue": {
            "id": uuid7(),
            "station_code": station,
            "stock_kind": "dog_tag",
            "number": "000123",
            "status": "issued",
            "sale_id": sale_id,
            "sale_line_id": line_id,
            "staff_id": staff,
            "at": AT,
            "reason": "",
        },
        "commission_log": {
            "id": uuid7(),
            "station_code": station,
            "sale_id": sale_id,
            "sale_line_id": line_id,
            "at": AT,
            "document_type": "Affidavit",
            "deponent_name": "Dana Deponent",
            "id_type": "Passport",
            "id_last_digits": "1234",
            "commissioner_id": staff,
        },
        "intake": {
            "id": uuid7(),
            "station_code": station,
            "reference_no": f"SR-{station}-000001",
            "kind": "request",
            "department": "Clerk's Office",
            "subject": "Pothole",
            "summary": "On Main St.",
            "contact_name": "Chris Caller",
            "contact": "555-0100",
            "staff_id": staff,
            "at": AT,
        },
        "registration": {
            "id": uuid7(),
            "station_code": station,
            "registration_id": uuid7(),
            "service_code": "COM-AFF",
            "participant_name": "Pat Participant",
            "status": "enrolled",
            "sale_id": sale_id,
            "sale_line_id": line_id,
            "at": AT,
        },
        "inquiry": {
            "id": uuid7(),
            "station_code": station,
            "article_id": "kb-dog-en",
            "article_title": "Dog licences",
            "department": "Animal Services",
            "language": "en",
            "tier": 1,
            "outcome": "resolved",
            "ticket_id": None,
            "channel": "desk",
            "staff_id": staff,
            "at": AT,
        },
    }
    assert set(out) == set(PAYLOAD_MODELS), "a record kind without a sample"
    for kind, payload in out.items():
        PAYLOAD_MODELS[kind].model_validate(payload)
    return out


@dataclass(frozen=True)
class Mutation:
    kind: str
    path: tuple[str | int, ...]
    value: Any
    why: str

    def apply(self, payload: dict[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(payload)
        target: Any = out
        for part in self.path[:-1]:
            target = target[part]
        target[self.path[-1]] = self.value
        return out

    @property
    def field(self) -> str:
        return str([p for p in self.path if isinstance(p, str)][-1])


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return _resolve(defs[schema["$ref"].split("/")[-1]], defs)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            if options:
                return _resolve(options[0], defs)
    return schema


def _fields(
    value: Any, schema: dict[str, Any], defs: dict[str, Any], path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any], Any]]:
    schema = _resolve(schema, defs)
    if isinstance(value, dict) and "properties" in schema:
        for name, sub in schema["properties"].items():
            if name in value:
                yield from _fields(value[name], sub, defs, (*path, name))
    elif isinstance(value, list) and "items" in schema and value:
        yield from _fields(value[0], schema["items"], defs, (*path, 0))
    else:
        yield path, schema, value


def boundaries(kind: str, payload: dict[str, Any]) -> Iterator[Mutation]:
    """Every out-of-bounds value for every field of ``payload``, from its model."""
    schema = PAYLOAD_MODELS[kind].model_json_schema()
    defs = schema.get("$defs", {})
    for path, field, value in _fields(payload, schema, defs, ()):
        if field.get("type") == "integer":
            if "maximum" in field:
                yield Mutation(kind, path, field["maximum"] + 1, "over its maximum")
            if "minimum" in field:
                yield Mutation(kind, path, field["minimum"] - 1, "under its minimum")
            for huge in (10**30, 2**63, -(2**63) - 1, 2**40):
                yield Mutation(kind, path, huge, f"{huge}")
        elif field.get("type") == "string" and "format" not in field:
            if "maxLength" in field:
                yield Mutation(kind, path, "x" * (field["maxLength"] + 1), "too long")
            if "pattern" not in field and "enum" not in field and "const" not in field:
                yield Mutation(kind, path, "a\x00b", "a NUL character")
        elif field.get("type") == "object" and isinstance(value, dict) and path:
            yield Mutation(kind, path, {"x": "y" * 70_000}, "too much detail")
            deep: Any = 1
            for _ in range(40):
                deep = {"d": deep}
            yield Mutation(kind, path, deep, "nested too deep")
            for number in (float("inf"), float("-inf"), float("nan")):
                yield Mutation(kind, path, {"x": [number]}, f"{number} in it")
        elif field.get("format") == "date-time":
            yield Mutation(kind, path, "9999-12-31T23:59:59-23:59", "out of range")


def served(
    kind: str, tmp_path: Path, prepare: Callable[[FastAPI], None], prefix: str = "counterapp_trust"
) -> Iterator[tuple[str, FastAPI, str]]:
    """A real server (SQLite file or a scratch PostgreSQL database) over HTTP,
    ``prepare``d before it serves: (base URL, app, database URL)."""
    from counterapp.server.app import create_app
    from tests.sync_support import live_server, scratch_database

    def serve(url: str) -> Iterator[tuple[str, FastAPI, str]]:
        app = create_app(url)
        prepare(app)
        try:
            with live_server(app) as base:
                yield base, app, url
        finally:
            app.state.engine.dispose()

    if kind == "sqlite":
        yield from serve(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    else:
        with scratch_database(prefix) as url:
            yield from serve(url)
