"""The Open311 keys the town's systems post with (issue 16): the
administrator adds one per system (shown once) and revokes it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from counterapp.server.hq.auth import Principal, audit, require
from counterapp.server.hq.views.common import form_of, readers, writers
from counterapp.server.hq.web import render
from counterapp.server.service_requests import (
    NoSuchRequest,
    RequestRefused,
    add_key,
    keys,
    revoke_key,
)

router = APIRouter()


def _page(request: Request, who: Principal, *, status: int = 200, **extra: Any) -> Response:
    with readers(request)() as session:
        found = keys(session)
    extra.setdefault("errors", {})
    extra.setdefault("values", {})
    base = str(request.base_url).rstrip("/")
    return render(
        request,
        "open311.html",
        who,
        status=status,
        keys=found,
        discovery=f"{base}/open311/discovery.xml",
        **extra,
    )


@router.get("/hq/admin/open311")
def open311_keys(
    request: Request, who: Annotated[Principal, Depends(require("open311.manage"))]
) -> Response:
    return _page(request, who, notice=request.query_params.get("done", ""))


@router.post("/hq/admin/open311")
async def add(
    request: Request, who: Annotated[Principal, Depends(require("open311.manage"))]
) -> Response:
    form = await form_of(request)
    try:
        with writers(request)() as session, session.begin():
            value = add_key(session, form.get("name", ""), who.username)
            audit(session, who, "open311_key.add", "open311_key", " ".join(form["name"].split()))
    except RequestRefused as exc:
        message = (
            "This system already has a key in use: revoke it first."
            if "already" in str(exc)
            else "Give the system a name of 1 to 80 characters."
        )
        return _page(request, who, status=422, errors={"name": message}, values=form)
    # Shown once: the page is not cached and only the key's hash is stored.
    return _page(request, who, new_key=value, added=" ".join(form["name"].split()))


@router.post("/hq/admin/open311/{key_id}/revoke")
def revoke(
    key_id: str,
    request: Request,
    who: Annotated[Principal, Depends(require("open311.manage"))],
) -> Response:
    try:
        with writers(request)() as session, session.begin():
            key = revoke_key(session, key_id)
            audit(session, who, "open311_key.revoke", "open311_key", key.name)
    except NoSuchRequest:
        return _page(request, who, status=404, errors={"key": "There is no such key."})
    return RedirectResponse("/hq/admin/open311?done=revoked", status_code=303)
