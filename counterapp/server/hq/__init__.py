"""Head office in a browser (issue 14): users and roles, the finance clerk's
day, the managers' queue figures, the administrator's reference data.

``install_hq(app)`` adds the pages (``views``), the error answers and the
security headers to the server app. Permissions: ``permissions.permission_allowed``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from counterapp.server.hq import models, totals  # noqa: F401  (registers the tables)
from counterapp.server.hq.views import (
    account,
    audit,
    finance,
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
    for module in (session, account, finance, queue, reference, stations, users, audit):
        # Head office's pages are HTML forms for people, not the published API:
        # the OpenAPI document (fuzzed by schemathesis) describes the API only.
        app.include_router(module.router, include_in_schema=False)
    app.mount("/hq/static", StaticFiles(directory=STATIC), name="hq-static")

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        if request.url.path.startswith("/hq"):
            response.headers.setdefault("Content-Security-Policy", _CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            if not request.url.path.startswith("/hq/static"):
                response.headers.setdefault("Cache-Control", "no-store")
        return response
