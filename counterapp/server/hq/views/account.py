"""A user's own account: language, password, API tokens for scripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from counterapp.server.hq.auth import (
    Principal,
    UserError,
    new_token,
    password_matches,
    require,
    revoke_token,
    set_language,
    set_user,
    tokens_of,
)
from counterapp.server.hq.views.common import form_of, readers, writers
from counterapp.server.hq.web import render

router = APIRouter()


def _page(
    request: Request,
    who: Principal,
    *,
    new_token_value: str = "",
    errors: dict[str, str] | None = None,
    notice: str = "",
    status: int = 200,
) -> Response:
    return render(
        request,
        "account.html",
        who,
        status=status,
        tokens=tokens_of(readers(request), who),
        new_token=new_token_value,
        errors=errors or {},
        notice=notice,
    )


@router.get("/hq/account")
def account(
    request: Request, who: Annotated[Principal, Depends(require("account.self"))]
) -> Response:
    return _page(request, who, notice=request.query_params.get("done", ""))


@router.post("/hq/account/language")
async def language(
    request: Request, who: Annotated[Principal, Depends(require("account.self"))]
) -> Response:
    form = await form_of(request)
    try:
        set_language(writers(request), who, form.get("language", ""))
    except UserError as exc:
        return _page(request, who, errors={exc.field: exc.args[0]}, status=422)
    return RedirectResponse("/hq/account?done=language", status_code=303)


@router.post("/hq/account/password")
async def password(
    request: Request, who: Annotated[Principal, Depends(require("account.self"))]
) -> Response:
    form = await form_of(request)
    if not password_matches(readers(request), who, form.get("current_password", "")[:200]):
        return _page(
            request,
            who,
            errors={"current_password": "That is not your current password."},
            status=422,
        )
    if form.get("new_password", "") != form.get("repeat_password", ""):
        return _page(
            request, who, errors={"repeat_password": "The two new passwords differ."}, status=422
        )
    try:
        set_user(writers(request), who.username, password=form.get("new_password", ""), by=who)
    except UserError as exc:
        return _page(request, who, errors={"new_password": exc.args[0]}, status=422)
    return RedirectResponse("/hq/login", status_code=303)


@router.post("/hq/account/tokens")
async def add_token(
    request: Request, who: Annotated[Principal, Depends(require("account.self"))]
) -> Response:
    form = await form_of(request)
    try:
        value = new_token(writers(request), who, form.get("name", ""))
    except UserError as exc:
        return _page(request, who, errors={exc.field: exc.args[0]}, status=422)
    return _page(request, who, new_token_value=value)


@router.post("/hq/account/tokens/{token_id}/revoke")
def drop_token(
    token_id: str, request: Request, who: Annotated[Principal, Depends(require("account.self"))]
) -> Response:
    try:
        revoke_token(writers(request), who, token_id)
    except UserError as exc:
        return _page(request, who, errors={exc.field: exc.args[0]}, status=404)
    return RedirectResponse("/hq/account?done=token", status_code=303)
