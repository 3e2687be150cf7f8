"""Signing in and out, and the front door (``/hq``)."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from counterapp.server.hq.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Principal,
    SignInRefused,
    idle_timeout,
    log_refused_sign_in,
    require,
    sign_in,
    sign_out,
)
from counterapp.server.hq.i18n import LANGUAGES
from counterapp.server.hq.permissions import permission_allowed
from counterapp.server.hq.views.common import form_of, writers
from counterapp.server.hq.web import LANG_COOKIE, NAV, render

router = APIRouter()


def _safe_next(target: str) -> str:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/hq") or target.startswith("//"):
        return "/hq"
    return target


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _login_page(
    request: Request, *, error: str = "", status: int = 200, username: str = ""
) -> Response:
    token = secrets.token_urlsafe(24)
    lang = request.query_params.get("lang", "")
    response = render(
        request,
        "login.html",
        None,
        status=status,
        lang_override=lang if lang in LANGUAGES else None,
        login_csrf=token,
        error=error,
        username=username,
        next=_safe_next(request.query_params.get("next", "/hq")),
        expired=request.query_params.get("why") == "expired",
        idle_minutes=int(idle_timeout().total_seconds() // 60),
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/hq/login",
    )
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, samesite="strict", secure=_secure(request), path="/")
    return response


@router.get("/hq/login")
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/hq/login")
async def login(request: Request) -> Response:
    form = await form_of(request)
    sent, expected = form.get("csrf_token", ""), request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        log_refused_sign_in(
            form.get("username", ""),
            request.client.host if request.client else "",
            "the sign-in form's token was missing or old",
        )
        return _login_page(request, error="The sign-in form was too old. Try again.", status=403)
    username = form.get("username", "")[:64]
    try:
        value, who = sign_in(
            writers(request),
            username,
            form.get("password", "")[:200],
            client=request.client.host if request.client else "",
        )
    except SignInRefused as exc:
        return _login_page(request, error=exc.args[0], status=401, username=username)
    response = RedirectResponse(_safe_next(form.get("next", "/hq")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        value,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/hq/login")
    return response


@router.post("/hq/logout")
def logout(
    request: Request, who: Annotated[Principal, Depends(require("account.self"))]
) -> Response:
    sign_out(writers(request), who)
    response = RedirectResponse("/hq/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/hq")
def home(request: Request, who: Annotated[Principal, Depends(require("account.self"))]) -> Response:
    """The first page the role may see."""
    for path, _label, action in NAV:
        if permission_allowed(who, action):
            return RedirectResponse(path, status_code=303)
    return RedirectResponse("/hq/account", status_code=303)


@router.get("/head-office")
def old_page(request: Request) -> Response:
    """The old one-page view's address leads to the finance day."""
    return RedirectResponse("/hq/finance/day", status_code=303)
