"""Drawers and shifts: open with a counted float, pickups, paid-outs, blind
count, supervisor sign-off, corrections after close.

A shift moves open → counted → closed. While open it takes the sales of its
associate (``shift_for_sale``), pickups and paid-outs. The associate's blind
count fixes the expected figures at the same moment (``submit_count``), so
nothing that happens afterwards can move them; the supervisor then signs off
(``sign_off``), which stores the Z report and deposit slip as issued. A
closed shift is locked: a correction is a supervisor's adjusting entry
(``adjust_shift``), never an edit.

Every fact is written with its audit entry and its outbox entry in one commit.

The package, by concern (``from counterapp.services import drawer`` keeps working:
everything a caller uses is here):

- ``common``: the tenders a drawer holds, the station, times as stored;
- ``shift``: what is open and for whom, opening with a counted float;
- ``movements``: pickups and paid-outs, what the drawer should hold now;
- ``figures``: a shift's figures from its records;
- ``count``: the blind count;
- ``sign_offs``: the supervisor's sign-off and corrections after close;
- ``documents``: the Z report and the deposit slip;
- ``end_of_day``: the day's summary and the GL export;
- ``outbox``: the records as they travel to head office (wire models).
"""

from __future__ import annotations

from counterapp.services.approval import ApprovalNeeded, SupervisorApproval
from counterapp.services.drawer.common import (
    DRAWER_TENDERS,
    NO_SALE_ACTION,
    SUPERVISOR_ROLES,
    TENDER_NAMES,
)
from counterapp.services.drawer.count import (
    ChequeCount,
    CountResult,
    SubmitCount,
    awaiting_sign_off,
    stored_count,
    submit_count,
)
from counterapp.services.drawer.documents import (
    ClosedShift,
    closed_shifts,
    shift_name,
    stored_documents,
)
from counterapp.services.drawer.end_of_day import GlExport, day_summary, gl_export
from counterapp.services.drawer.figures import _figures
from counterapp.services.drawer.movements import (
    DrawerStatus,
    MovementResult,
    RecordPaidOut,
    RecordPickup,
    drawer_status,
    record_paid_out,
    record_pickup,
)
from counterapp.services.drawer.shift import (
    NoOpenShift,
    OpenShift,
    ShiftInfo,
    current_shift,
    open_shift,
    shift_for_sale,
)
from counterapp.services.drawer.sign_offs import (
    AdjustShift,
    CloseResult,
    SignOff,
    adjust_shift,
    sign_off,
)

__all__ = [
    "AdjustShift",
    "ApprovalNeeded",
    "ChequeCount",
    "CloseResult",
    "ClosedShift",
    "CountResult",
    "DRAWER_TENDERS",
    "DrawerStatus",
    "GlExport",
    "MovementResult",
    "NO_SALE_ACTION",
    "NoOpenShift",
    "OpenShift",
    "RecordPaidOut",
    "RecordPickup",
    "SUPERVISOR_ROLES",
    "ShiftInfo",
    "SignOff",
    "SubmitCount",
    "SupervisorApproval",
    "TENDER_NAMES",
    "_figures",
    "adjust_shift",
    "awaiting_sign_off",
    "closed_shifts",
    "current_shift",
    "day_summary",
    "drawer_status",
    "gl_export",
    "open_shift",
    "record_paid_out",
    "record_pickup",
    "shift_for_sale",
    "shift_name",
    "sign_off",
    "stored_count",
    "stored_documents",
    "submit_count",
]
