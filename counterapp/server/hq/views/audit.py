"""The audit: every change made at head office, who and when."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from counterapp.server.hq.auth import Principal, require
from counterapp.server.hq.models import HqAudit
from counterapp.server.hq.views.common import readers
from counterapp.server.hq.web import render

router = APIRouter()
PAGE = 200


@router.get("/hq/admin/audit")
def audit_page(
    request: Request, who: Annotated[Principal, Depends(require("audit.read"))]
) -> Response:
    q = request.query_params
    stmt = select(HqAudit).order_by(HqAudit.at.desc()).limit(PAGE)
    if q.get("user"):
        stmt = stmt.where(HqAudit.username == q["user"][:64])
    if q.get("action"):
        stmt = stmt.where(HqAudit.action.startswith(q["action"][:40]))
    with readers(request)() as session:
        rows = list(session.scalars(stmt))
    return render(request, "audit.html", who, rows=rows, filters=q)
