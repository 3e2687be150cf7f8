"""Stations in the browser: the list, add one (its one-time code shown once),
revoke one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from counterapp.server.hq.auth import Principal, audit, require
from counterapp.server.hq.views.common import form_of, readers, writers
from counterapp.server.hq.web import render
from counterapp.server.stations import StationView, add_station, list_stations, revoke_station

router = APIRouter()
# The JSON answer for scripts: in the published API, the pages not.
api = APIRouter(tags=["stations"])


def _page(request: Request, who: Principal, **extra: Any) -> Response:
    with readers(request)() as session:
        stations = list_stations(session)
    extra.setdefault("errors", {})
    extra.setdefault("values", {})
    return render(request, "stations.html", who, stations=stations, **extra)


@router.get("/hq/admin/stations")
def stations(
    request: Request, who: Annotated[Principal, Depends(require("stations.read"))]
) -> Response:
    return _page(request, who, notice=request.query_params.get("done", ""))


@api.get("/api/v1/stations", response_model=list[StationView])
def stations_json(
    request: Request, who: Annotated[Principal, Depends(require("stations.read"))]
) -> list[StationView]:
    with readers(request)() as session:
        return list_stations(session)


@router.post("/hq/admin/stations")
async def add(
    request: Request, who: Annotated[Principal, Depends(require("stations.manage"))]
) -> Response:
    form = await form_of(request)
    code, site, name = (form.get(k, "").strip() for k in ("code", "site", "name"))
    errors: dict[str, str] = {}
    if not 1 <= len(code) <= 16 or any(c.isspace() for c in code):
        errors["code"] = "A station code has 1 to 16 characters and no spaces, for example WHB-03."
    if not 1 <= len(site) <= 8 or any(c.isspace() for c in site):
        errors["site"] = "A site code has 1 to 8 characters and no spaces, for example WHB."
    if len(name) > 80:
        errors["name"] = "A name has at most 80 characters."
    if errors:
        return _page(request, who, status=422, errors=errors, values=form)
    one_time = add_station(writers(request), code, site, name)
    with writers(request)() as session, session.begin():
        audit(session, who, "station.add", "station", code, {"site": site})
    # Shown once: the page is not cached, the code is not stored.
    response = _page(request, who, one_time=one_time, added=code)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/hq/admin/stations/{code}/revoke")
def revoke(
    code: str, request: Request, who: Annotated[Principal, Depends(require("stations.manage"))]
) -> Response:
    try:
        revoke_station(writers(request), code)
    except LookupError:
        return JSONResponse(status_code=404, content={"detail": f"no station {code!r}"})
    with writers(request)() as session, session.begin():
        audit(session, who, "station.revoke", "station", code)
    return RedirectResponse("/hq/admin/stations?done=revoked", status_code=303)
