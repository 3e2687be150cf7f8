"""Programs oversold by stations that were offline (issue 16): the overflow
head office settled onto the waitlist, flagged, with the receipts whose money
was kept."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from counterapp.server.hq.auth import Principal, require
from counterapp.server.hq.views.common import readers
from counterapp.server.hq.web import render
from counterapp.server.programs import programs

router = APIRouter()


@router.get("/hq/programs")
def program_seats(
    request: Request, who: Annotated[Principal, Depends(require("programs.read"))]
) -> Response:
    with readers(request)() as session:
        found = programs(session)
    return render(request, "programs.html", who, programs=found)
