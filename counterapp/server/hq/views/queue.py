"""The managers' figures: the walk-in queue across sites, as tables, charts
(server-side SVG) and CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from counterapp.server.hq.auth import Principal, require
from counterapp.server.hq.finance import PeriodError
from counterapp.server.hq.i18n import translator
from counterapp.server.hq.queue_figures import by_interval_totals, queue_csv, queue_report
from counterapp.server.hq.svg import bar_chart
from counterapp.server.hq.views.common import period_from, readers
from counterapp.server.hq.web import page_language, render

router = APIRouter()


def _minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


@router.get("/hq/queue")
def queue_page(
    request: Request, who: Annotated[Principal, Depends(require("queue.read"))]
) -> Response:
    try:
        period = period_from(request)
    except PeriodError as exc:
        return render(
            request,
            "queue.html",
            who,
            status=422,
            period=None,
            period_error={exc.field: exc.args[0]},
            raw=request.query_params,
        )
    settings = request.app.state.queue_sites.settings
    with readers(request)() as session:
        report = queue_report(session, period, settings)
    _ = translator(page_language(request, who))
    intervals = by_interval_totals(report.summary)
    standard = int(settings.in_person_standard.total_seconds())
    arrivals = bar_chart(
        _("Arrivals by 15-minute interval"),
        _("Tickets issued in each 15-minute interval of the period, all categories."),
        [i for i, *_rest in intervals],
        [a for _i, a, *_rest in intervals],
    )
    waits = bar_chart(
        _("Average wait by 15-minute interval"),
        _("Average minutes from ticket to call in each interval; the dashed line is the standard."),
        [i for i, *_rest in intervals],
        [w for _i, _a, w, _c in intervals],
        fmt=_minutes,
        line_at=standard,
        line_label=_("standard {minutes} min", minutes=standard // 60),
    )
    return render(
        request,
        "queue.html",
        who,
        period=period,
        report=report,
        period_error={},
        raw=request.query_params,
        arrivals_svg=arrivals,
        waits_svg=waits,
        intervals=intervals,
        minutes=_minutes,
        standard_minutes=standard // 60,
    )


@router.get("/hq/queue.csv")
def queue_file(
    request: Request, who: Annotated[Principal, Depends(require("queue.read"))]
) -> Response:
    try:
        period = period_from(request)
    except PeriodError as exc:
        return JSONResponse(status_code=422, content={"detail": f"{exc.field}: {exc}"})
    with readers(request)() as session:
        report = queue_report(session, period, request.app.state.queue_sites.settings)
    return Response(
        queue_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="queue-{period.first}-{period.last}.csv"'
        },
    )
