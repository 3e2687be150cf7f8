"""The finance clerk's pages: the day (or any period), drawer shifts,
deposits against the bank statement, voids and refunds, station health, and
the GL file; each also as JSON under ``/hq/api/finance/…`` for scripts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.domain.money import AmountError, parse_amount
from counterapp.server.hq.auth import Principal, audit, require
from counterapp.server.hq.finance import (
    Period,
    PeriodError,
    corrections,
    day_report,
    deposit_slip,
    deposits,
    gl_export,
    shifts,
    station_health,
)
from counterapp.server.hq.models import HqDeposit
from counterapp.server.hq.views.common import form_of, period_from, readers, writers
from counterapp.server.hq.web import now_utc, render
from counterapp.server.limits import FIRST_YEAR, LAST_YEAR, time_refusal

router = APIRouter()


def _period(request: Request) -> Period | Response:
    try:
        return period_from(request)
    except PeriodError as exc:
        return JSONResponse(status_code=422, content={"detail": f"{exc.field}: {exc}"})


def _page_period(request: Request, who: Principal, template: str) -> Period | Response:
    try:
        return period_from(request)
    except PeriodError as exc:
        return render(
            request,
            template,
            who,
            status=422,
            period=None,
            period_error={exc.field: exc.args[0]},
            raw=request.query_params,
        )


def _sites(request: Request) -> list[str]:
    from counterapp.server.db import Sale

    with readers(request)() as session:
        return sorted(s for s in session.scalars(select(Sale.site_code).distinct()))


def _period_page(
    request: Request,
    who: Principal,
    template: str,
    compute: Callable[[Session, Period], Any],
    name: str,
    **extra: Any,
) -> Response:
    """A page of the period in the query string: ``compute``'s answer as ``name``."""
    period = _page_period(request, who, template)
    if not isinstance(period, Period):
        return period
    with readers(request)() as session:
        result = compute(session, period)
    context: dict[str, Any] = {name: result, **extra}
    return render(
        request,
        template,
        who,
        period=period,
        sites=_sites(request),
        period_error={},
        raw=request.query_params,
        **context,
    )


@router.get("/hq/finance/day")
def day(request: Request, who: Annotated[Principal, Depends(require("finance.read"))]) -> Response:
    return _period_page(request, who, "finance_day.html", day_report, "report")


# The JSON answers for scripts: in the published API (``api``), the pages not.
api = APIRouter(tags=["finance"])

# The period in the query string (``views.common.period_from``), declared for the
# OpenAPI document: the routes read it themselves, to answer a 422 naming the field.
_PERIOD_PARAMETERS = {
    "parameters": [
        {
            "name": "from",
            "in": "query",
            "required": False,
            "description": "The period's first day (the day before ``to`` by default)",
            "schema": {"type": "string", "format": "date"},
        },
        {
            "name": "to",
            "in": "query",
            "required": False,
            "description": "The period's last day (today by default); at most 366 days",
            "schema": {"type": "string", "format": "date"},
        },
        {
            "name": "site",
            "in": "query",
            "required": False,
            "description": "One site's code; every site when empty",
            "schema": {"type": "string", "maxLength": 8},
        },
    ]
}


class FinanceDay(BaseModel):
    """The period's money (``hq.finance.DayReport``), integer cents."""

    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    site: str
    sales_count: int
    sales_cents: int
    voids_count: int
    voids_cents: int
    refunds_count: int
    refunds_cents: int
    net_cents: int
    tax_cents: int
    rounding_cents: int
    by_service: list[dict[str, Any]]
    by_gl: list[dict[str, Any]]
    by_department: list[dict[str, Any]]
    by_tender: list[dict[str, Any]]
    by_station: list[dict[str, Any]]


class FinanceShift(BaseModel):
    """One drawer shift of the period (``hq.finance.ShiftRow``), integer cents."""

    shift_id: str
    station_code: str
    site_code: str
    drawer_code: str
    associate: str
    opened_at: datetime
    status: str
    float_cents: int
    expected: dict[str, int]
    counted: dict[str, int]
    over_short_cents: int
    adjustments_cents: int
    reason: str
    supervisor: str
    closed_at: datetime | None
    records_expected: dict[str, int]
    records_agree: bool | None


@api.get("/hq/api/finance/day", response_model=FinanceDay, openapi_extra=_PERIOD_PARAMETERS)
def day_json(
    request: Request, who: Annotated[Principal, Depends(require("finance.read"))]
) -> Response:
    period = _period(request)
    if not isinstance(period, Period):
        return period
    with readers(request)() as session:
        report = day_report(session, period)
    return JSONResponse(
        {"from": str(period.first), "to": str(period.last), "site": period.site, **asdict(report)}
    )


@router.get("/hq/finance/shifts")
def shifts_page(
    request: Request, who: Annotated[Principal, Depends(require("finance.read"))]
) -> Response:
    return _period_page(request, who, "finance_shifts.html", shifts, "rows")


def _shift_json(r: Any) -> dict[str, Any]:
    return {
        "shift_id": r.shift_id,
        "station_code": r.station_code,
        "site_code": r.site_code,
        "drawer_code": r.drawer_code,
        "associate": r.associate,
        "opened_at": r.opened_at.isoformat(),
        "status": r.status,
        "float_cents": r.float_cents,
        "expected": r.expected,
        "counted": r.counted,
        "over_short_cents": r.over_short_cents,
        "adjustments_cents": r.adjustments_cents,
        "reason": r.reason,
        "supervisor": r.supervisor,
        "closed_at": r.closed_at.isoformat() if r.closed_at else None,
        "records_expected": r.records_expected,
        "records_agree": r.records_agree,
    }


@api.get(
    "/hq/api/finance/shifts", response_model=list[FinanceShift], openapi_extra=_PERIOD_PARAMETERS
)
def shifts_json(
    request: Request, who: Annotated[Principal, Depends(require("finance.read"))]
) -> Response:
    period = _period(request)
    if not isinstance(period, Period):
        return period
    with readers(request)() as session:
        rows = shifts(session, period)
    return JSONResponse([_shift_json(r) for r in rows])


@router.get("/hq/finance/deposits")
def deposits_page(
    request: Request, who: Annotated[Principal, Depends(require("finance.read"))]
) -> Response:
    notice = request.query_params.get("done", "")
    return _period_page(
        request, who, "finance_deposits.html", deposits, "rows", errors={}, form={}, notice=notice
    )


@router.post("/hq/finance/deposits/{shift_id}")
async def mark_deposit(
    shift_id: str, request: Request, who: Annotated[Principal, Depends(require("finance.deposit"))]
) -> Response:
    """Finance marks a shift's deposit received with the amount the bank shows."""
    form = await form_of(request)
    errors: dict[str, str] = {}
    try:
        bank = parse_amount(form.get("bank_amount", ""), allow_zero=True)
    except AmountError as exc:
        errors["bank_amount"] = exc.args[0]
        bank = 0
    bank_date = form.get("bank_date", "").strip()
    try:
        if time_refusal(date.fromisoformat(bank_date)):
            errors["bank_date"] = f"Enter a date from {FIRST_YEAR} to {LAST_YEAR}."
    except ValueError:
        errors["bank_date"] = "Enter the statement's date as YYYY-MM-DD."
    note = form.get("note", "").strip()
    if len(note) > 200:
        errors["note"] = "A note has at most 200 characters."
    with readers(request)() as session:
        slip = deposit_slip(session, shift_id)
    if slip is None:
        return JSONResponse(status_code=404, content={"detail": "no signed-off shift with that id"})
    station, slip_cents = slip
    if bank != slip_cents and not note and "bank_amount" not in errors:
        errors["note"] = "The bank's amount differs from the slip: say why (a note for the file)."
    if errors:
        period = period_from(request)
        with readers(request)() as session:
            rows = deposits(session, period)
        return render(
            request,
            "finance_deposits.html",
            who,
            status=422,
            period=period,
            rows=rows,
            sites=_sites(request),
            period_error={},
            raw=request.query_params,
            errors={shift_id: errors},
            form=form,
            notice="",
        )
    with writers(request)() as session, session.begin():
        row = session.get(HqDeposit, shift_id)
        before = None if row is None else {"bank_cents": row.bank_cents, "bank_date": row.bank_date}
        if row is None:
            row = HqDeposit(shift_id=shift_id, station_code=station)
            session.add(row)
        row.slip_cents = slip_cents
        row.bank_cents = bank
        row.bank_date = bank_date
        row.note = note
        row.marked_by = who.username
        row.marked_at = now_utc()
        audit(
            session,
            who,
            "deposit.received",
            "shift",
            shift_id,
            {
                "slip_cents": slip_cents,
                "bank_cents": bank,
                "bank_date": bank_date,
                "before": before,
            },
        )
    back = form.get("back", "")
    target = back if back.startswith("/hq/finance/deposits") else "/hq/finance/deposits"
    sep = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{sep}done=marked", status_code=303)


@router.get("/hq/finance/corrections")
def corrections_page(
    request: Request, who: Annotated[Principal, Depends(require("finance.read"))]
) -> Response:
    return _period_page(request, who, "finance_corrections.html", corrections, "rows")


@router.get("/hq/finance/stations")
def stations_page(
    request: Request, who: Annotated[Principal, Depends(require("finance.read"))]
) -> Response:
    with readers(request)() as session:
        rows = station_health(session)
    return render(request, "finance_stations.html", who, rows=rows)


@router.get("/hq/finance/gl.csv")
def gl_file(
    request: Request, who: Annotated[Principal, Depends(require("finance.export"))]
) -> Response:
    period = _period(request)
    if not isinstance(period, Period):
        return period
    with readers(request)() as session:
        _rows, text = gl_export(session, period)
    name = f"gl-{period.first}" + (f"-{period.last}" if period.last != period.first else "")
    name += f"-{period.site}" if period.site else ""
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.get("/hq/finance/gl")
def gl_page(
    request: Request, who: Annotated[Principal, Depends(require("finance.export"))]
) -> Response:
    return _period_page(
        request,
        who,
        "finance_gl.html",
        lambda session, period: gl_export(session, period)[0],
        "days",
    )
