"""Rendering head office's pages: one Jinja2 environment (autoescaped), the
language of the page, the navigation a role sees, money as people read it,
and the answers for "sign in first", "not for your role" and a bad form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from counterapp.server.hq.auth import BadCsrf, Forbidden, NotSignedIn, Principal
from counterapp.server.hq.editor import field_label
from counterapp.server.hq.i18n import LANGUAGES, choose_language, translator
from counterapp.server.hq.permissions import permission_allowed
from counterapp.services.drawer import TENDER_NAMES

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_COOKIE = "hq_lang"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

# (path, label, action) in the order the navigation shows them.
NAV: tuple[tuple[str, str, str], ...] = (
    ("/hq/finance/day", "Day", "finance.read"),
    ("/hq/finance/shifts", "Drawer shifts", "finance.read"),
    ("/hq/finance/deposits", "Deposits", "finance.read"),
    ("/hq/finance/corrections", "Voids and refunds", "finance.read"),
    ("/hq/finance/stations", "Station health", "finance.read"),
    ("/hq/queue", "Queue figures", "queue.read"),
    ("/hq/appointments", "Appointments", "appointments.book"),
    ("/hq/programs", "Program seats", "programs.read"),
    ("/hq/admin/reference", "Catalogue and settings", "reference.read"),
    ("/hq/admin/drafts", "Drafts", "reference.edit"),
    ("/hq/admin/stations", "Stations", "stations.read"),
    ("/hq/admin/users", "Users", "users.manage"),
    ("/hq/admin/audit", "Audit", "audit.read"),
    ("/hq/admin/open311", "Open311 keys", "open311.manage"),
    ("/hq/account", "My account", "account.self"),
)


def money(cents: int | None, lang: str = "en") -> str:
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(int(cents)), 100)
    if lang == "fr":
        return f"{sign}{whole:,}".replace(",", "\u00a0") + f",{frac:02d}\u00a0$"
    return f"{sign}${whole:,}.{frac:02d}"


def page_language(request: Request, who: Principal | None) -> str:
    if who is not None and who.language in LANGUAGES:
        return who.language
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    return choose_language(request.headers.get("Accept-Language", ""))


def render(
    request: Request,
    template: str,
    who: Principal | None,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = context.pop("lang_override", None) or page_language(request, who)
    _ = translator(lang)
    nav = [
        (path, _(label), path == request.url.path or request.url.path.startswith(path + "/"))
        for path, label, action in NAV
        if permission_allowed(who, action)
    ]
    tz: tzinfo = getattr(request.app.state, "hq_zone", UTC)

    def when(at: datetime | None) -> str:
        return at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if at else ""

    html = _env.get_template(template).render(
        _=_,
        lang=lang,
        who=who,
        nav=nav,
        csrf=who.csrf if who is not None else "",
        money=lambda cents: money(cents, lang),
        when=when,
        path=request.url.path,
        query=str(request.url.query),
        allowed=lambda action: permission_allowed(who, action),
        label=field_label,
        tender=lambda kind: TENDER_NAMES.get(kind, kind),
        **context,
    )
    return HTMLResponse(html, status_code=status)


def _wants_html(request: Request) -> bool:
    return request.url.path.startswith("/hq") and not request.url.path.startswith("/hq/api")


def not_signed_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotSignedIn)
    if _wants_html(request) and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        why = "&why=expired" if exc.reason == "expired" else ""
        response = RedirectResponse(f"/hq/login?next={quote(target)}{why}", status_code=303)
        if exc.reason == "expired":
            response.delete_cookie("hq_session", path="/")
        return response
    detail = (
        "your session ended after a time without use: sign in again"
        if exc.reason == "expired"
        else "sign in as a head-office user, or send a user's API token "
        "(Authorization: Bearer hq_…)"
    )
    return JSONResponse(status_code=401, content={"detail": detail})


def forbidden(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Forbidden)
    who: Principal | None = getattr(request.state, "hq_user", None)
    if who is None:
        from counterapp.server.hq.auth import authenticate

        try:
            who = authenticate(request)
        except NotSignedIn:
            who = None
    if _wants_html(request):
        return render(request, "forbidden.html", who, status=403, action=exc.action)
    return JSONResponse(
        status_code=403, content={"detail": f"your role may not do this ({exc.action})"}
    )


def bad_csrf(request: Request, exc: Exception) -> Response:
    who: Principal | None = getattr(request.state, "hq_user", None)
    if _wants_html(request):
        return render(request, "forbidden.html", who, status=403, action="csrf")
    return JSONResponse(
        status_code=403,
        content={"detail": "the form's security token is missing or old: reload the page"},
    )


HANDLERS: dict[type[Exception], Callable[[Request, Exception], Response]] = {
    NotSignedIn: not_signed_in,
    Forbidden: forbidden,
    BadCsrf: bad_csrf,
}


def now_utc() -> datetime:
    return datetime.now(UTC)
