"""Head-office users (administrators only): add, change role, switch off, reset a password."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from counterapp.server.hq.auth import Principal, UserError, add_user, list_users, require, set_user
from counterapp.server.hq.permissions import ROLES
from counterapp.server.hq.views.common import form_of, readers, writers
from counterapp.server.hq.web import render

router = APIRouter()


def _page(request: Request, who: Principal, **extra: Any) -> Response:
    extra.setdefault("errors", {})
    extra.setdefault("values", {})
    extra.setdefault("notice", request.query_params.get("done", ""))
    return render(
        request, "users.html", who, users=list_users(readers(request)), roles=ROLES, **extra
    )


@router.get("/hq/admin/users")
def users(
    request: Request, who: Annotated[Principal, Depends(require("users.manage"))]
) -> Response:
    return _page(request, who)


@router.post("/hq/admin/users")
async def add(
    request: Request, who: Annotated[Principal, Depends(require("users.manage"))]
) -> Response:
    form = await form_of(request)
    try:
        add_user(
            writers(request),
            form.get("username", ""),
            form.get("role", ""),
            form.get("password", ""),
            display_name=form.get("display_name", ""),
            by=who,
        )
    except UserError as exc:
        values = {k: v for k, v in form.items() if k != "password"}
        return _page(request, who, status=422, errors={exc.field: exc.args[0]}, values=values)
    return RedirectResponse("/hq/admin/users?done=added", status_code=303)


@router.post("/hq/admin/users/{username}")
async def change(
    username: str, request: Request, who: Annotated[Principal, Depends(require("users.manage"))]
) -> Response:
    form = await form_of(request)
    try:
        set_user(
            writers(request),
            username,
            role=form.get("role") or None,
            active=form.get("active") == "1" if "active" in form else None,
            password=form.get("password") or None,
            by=who,
        )
    except UserError as exc:
        return _page(request, who, status=422, errors={f"{username}.{exc.field}": exc.args[0]})
    return RedirectResponse("/hq/admin/users?done=changed", status_code=303)
