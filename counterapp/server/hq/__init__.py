"""Head office in a browser (issue 14): users and roles, the finance clerk's
day, the managers' queue figures, the administrator's reference data.

``install_hq(app)`` adds the pages (``views``), the error answers and the
security headers to the server app. Permissions: ``permissions.permission_allowed``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders

from counterapp.server.hq import models, totals  # noqa: F401  (registers the tables)
from counterapp.server.hq.views import (
    account,
    appointments,
    audit,
    finance,
    open311,
    programs,
    queue,
    reference,
    session,
    stations,
    users,
)
from counterapp.server.hq.views.common import site_zone
from counterapp.server.hq.web import HANDLERS, TEMPLATES

STATIC = TEMPLATES.parent / "static"

_CSP = (
    "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def install_hq(app: FastAPI) -> None:
    app.state.hq_zone = site_zone()
    for exc, handler in HANDLERS.items():
        app.add_exception_handler(exc, handler)
    modules = (session, account, finance, queue, reference, stations, users, audit, open311)
    for module in (*modules, appointments, programs):
        # Head office's pages are HTML forms for people, not the published API:
        # the OpenAPI document (fuzzed by schemathesis) describes the API only.
        app.include_router(module.router, include_in_schema=False)
        # Their JSON answers for scripts are (``/api/v1/stations``, ``/hq/api/…``).
        api = getattr(module, "api", None)
        if api is not None:
            app.include_router(api)
    app.mount("/hq/static", StaticFiles(directory=STATIC), name="hq-static")

    app.add_middleware(PageHeaders)


class PageHeaders:
    """Security headers on head office's pages, as a plain ASGI middleware: a
    browser that goes away mid-answer is not turned into a logged traceback
    (as ``@app.middleware("http")`` would; issue 15's quiet logs)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/hq"):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", _CSP)
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if not path.startswith("/hq/static"):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
