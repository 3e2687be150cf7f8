"""Appointments at head office (issue 16): a site's slots per category with
their capacity, and a resident who phones the town booked, moved or
cancelled by name and contact — the site queue's own engine, so the greeter's
book and the lobby sign see the change at once.

Head office acts as the site's greeter would (role ``greeter`` on the queue's
events, station ``HQ``, the head-office user's id and name)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from counterapp.queue.engine import MAX_CONTACT, MAX_NAME, NotPermitted, QueueError
from counterapp.queue.views import Actor
from counterapp.server.hq.auth import Principal, audit, require
from counterapp.server.hq.views.common import form_of, readers, writers
from counterapp.server.hq.web import render
from counterapp.server.limits import FIRST_YEAR, LAST_YEAR, time_refusal
from counterapp.server.reference import ReferenceItem

router = APIRouter()
HQ_STATION = "HQ"


def _sites(request: Request) -> list[tuple[str, str]]:
    with readers(request)() as session:
        rows = session.scalars(
            select(ReferenceItem.data).where(
                ReferenceItem.entity == "site", ReferenceItem.deleted.is_(False)
            )
        )
        found = sorted(
            (str(r["site_code"]), str(r.get("site_name", "")))
            for r in rows
            if r and "site_code" in r
        )
    return found


def _controls(text: str) -> bool:
    """Control characters (NUL included) in what a form sent: nobody types them."""
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in " \t" for ch in text)


def _actor(who: Principal) -> Actor:
    return Actor(
        staff_id=who.id,
        username=who.username[:64],
        role="greeter",
        station_code=HQ_STATION,
        counter="Head office",
    )


def _choice(request: Request, values: dict[str, str]) -> tuple[str, str, str, dict[str, str]]:
    """(site, day, category, errors) from the query or a form."""
    sites = [code for code, _name in _sites(request)]
    settings = request.app.state.queue_sites.settings
    errors: dict[str, str] = {}
    site = values.get("site", "").strip() or (sites[0] if sites else "")
    if site not in sites:
        errors["site"] = "Choose one of the sites."
    day = values.get("day", "").strip() or datetime.now(settings.zone).date().isoformat()
    try:
        if time_refusal(date.fromisoformat(day)):
            errors["day"] = f"Enter a date from {FIRST_YEAR} to {LAST_YEAR}."
    except ValueError:
        errors["day"] = "Enter a date as YYYY-MM-DD."
    category = values.get("category", "").strip().upper() or settings.categories[0].letter
    if settings.category(category) is None:
        errors["category"] = "Choose one of the categories."
    return site, day, category, errors


def _page(
    request: Request,
    who: Principal,
    values: dict[str, str],
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    notice: str = "",
) -> Response:
    site, day, category, chosen_errors = _choice(request, values)
    errors = {**chosen_errors, **(errors or {})}
    queue = request.app.state.queue_sites
    settings = queue.settings
    slots: list[Any] = []
    booked: list[Any] = []
    if not chosen_errors:
        engine = queue.engine(site)
        with readers(request)() as session:
            slots = engine.slots(session, day=day, category=category)
            booked = engine.appointments_of_day(session, day=day)
    names = {c.letter: c.name for c in settings.categories}
    zone = settings.zone
    free = [s for s in slots if s.free > 0]
    return render(
        request,
        "appointments.html",
        who,
        status=status,
        sites=_sites(request),
        categories=settings.categories,
        site=site,
        day=day,
        category=category,
        slots=slots,
        free=free,
        appointments=[a for a in booked if a.category == category],
        names=names,
        hour=lambda at: at.astimezone(zone).strftime("%H:%M"),
        iso=lambda at: at.astimezone(UTC).isoformat(),
        errors=errors,
        values=values,
        notice=notice,
        capacity=settings.appointment_capacity,
    )


@router.get("/hq/appointments")
def appointments(
    request: Request, who: Annotated[Principal, Depends(require("appointments.book"))]
) -> Response:
    values = dict(request.query_params)
    return _page(request, who, values, notice=values.get("done", ""))


def _back(site: str, day: str, category: str, done: str) -> RedirectResponse:
    query = urlencode({"site": site, "day": day, "category": category, "done": done})
    return RedirectResponse(f"/hq/appointments?{query}", status_code=303)


def _slot_time(raw: str) -> datetime | None:
    try:
        at = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return at if at.tzinfo is not None and not time_refusal(at) else None


def _run(request: Request, site: str, op: Any) -> str:
    """Run ``op(engine, session, now)`` as the site's queue does; "" or the refusal."""
    queue = request.app.state.queue_sites
    engine = queue.engine(site)
    try:
        with queue.writer(site), writers(request)() as session, session.begin():
            outcome = op(engine, session, datetime.now(UTC))
    except (QueueError, NotPermitted) as exc:
        return str(exc)
    queue.hub(site).publish(outcome.changes())
    return ""


@router.post("/hq/appointments")
async def book(
    request: Request, who: Annotated[Principal, Depends(require("appointments.book"))]
) -> Response:
    form = await form_of(request)
    site, day, category, errors = _choice(request, form)
    name = " ".join(form.get("visitor_name", "").split())
    contact = form.get("contact", "").strip()
    at = _slot_time(form.get("at", ""))
    if at is None:
        errors["at"] = "Choose a free time."
    if not name:
        errors["visitor_name"] = "Enter the resident's name."
    elif _controls(form.get("visitor_name", "")):
        errors["visitor_name"] = "The name has control characters: type it again."
    elif len(name) > MAX_NAME:
        errors["visitor_name"] = "A name has at most 80 characters."  # MAX_NAME
    if not contact:
        errors["contact"] = "Enter a phone number or e-mail to reach them."
    elif _controls(contact):
        errors["contact"] = "The phone or e-mail has control characters: type it again."
    elif len(contact) > MAX_CONTACT:
        errors["contact"] = "A phone or e-mail has at most 120 characters."  # MAX_CONTACT
    if errors:
        return _page(request, who, form, status=422, errors=errors)
    assert at is not None
    refused = _run(
        request,
        site,
        lambda e, s, now: e.book_appointment(
            s, _actor(who), at=at, category=category, visitor_name=name, contact=contact, now=now
        ),
    )
    if refused:
        return _page(request, who, form, status=409, errors={"at": refused})
    with writers(request)() as session, session.begin():
        audit(session, who, "appointment.book", "appointment", f"{site} {at.isoformat()}")
    return _back(site, day, category, "booked")


@router.post("/hq/appointments/{appointment_id}/move")
async def move(
    appointment_id: str,
    request: Request,
    who: Annotated[Principal, Depends(require("appointments.book"))],
) -> Response:
    form = await form_of(request)
    site, day, category, errors = _choice(request, form)
    at = _slot_time(form.get("at", ""))
    if errors or at is None:
        return _page(
            request, who, form, status=422, errors={**errors, "move": "Choose a free time."}
        )
    refused = _run(
        request,
        site,
        lambda e, s, now: e.move_appointment(
            s, _actor(who), appointment_id=appointment_id[:36], at=at, now=now
        ),
    )
    if refused:
        return _page(request, who, form, status=409, errors={"move": refused})
    with writers(request)() as session, session.begin():
        audit(session, who, "appointment.move", "appointment", appointment_id[:36])
    return _back(site, day, category, "moved")


@router.post("/hq/appointments/{appointment_id}/cancel")
async def cancel(
    appointment_id: str,
    request: Request,
    who: Annotated[Principal, Depends(require("appointments.book"))],
) -> Response:
    form = await form_of(request)
    site, day, category, errors = _choice(request, form)
    if errors:
        return _page(request, who, form, status=422, errors=errors)
    refused = _run(
        request,
        site,
        lambda e, s, now: e.cancel_appointment(
            s, _actor(who), appointment_id=appointment_id[:36], now=now
        ),
    )
    if refused:
        return _page(request, who, form, status=409, errors={"move": refused})
    with writers(request)() as session, session.begin():
        audit(session, who, "appointment.cancel", "appointment", appointment_id[:36])
    return _back(site, day, category, "cancelled")
