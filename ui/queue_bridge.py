"""The queue's changes as Qt signals, and the now-serving sign driven from them.

A local queue reports after each commit on the lane that made it; the site
server's queue through its event stream (its own thread). Either way the
signals arrive queued on the UI thread. Calls go to the sign on the bridge's
own device lane: a sign that is off never delays a call or a sale.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from counterapp.queue.views import QueueChange
from devices.now_serving import NowServing
from ui.messages import error_text
from ui.ops import OpRunner
from ui.queue_context import StationQueue

ANNOUNCED = ("called", "recalled", "resumed")


class QueueBridge(QObject):
    changed = Signal(object)  # list[QueueChange]
    availability = Signal(bool)  # the site server's event stream is up (True) or lost
    sign_problem = Signal(str)  # "" when the sign took the call

    def __init__(self, sq: StationQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sq = sq
        self._devices = OpRunner("queue devices", self)
        self._listener = sq.listener(self.changed.emit, self.availability.emit)
        self._local = self.changed.emit
        sq.backend.subscribe(self._local)
        self.changed.connect(self._announce)

    def start(self) -> None:
        if self._listener is not None:
            self._listener.start()

    def stop(self) -> None:
        self.sq.backend.unsubscribe(self._local)
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        self._devices.wait(3_000)

    def _announce(self, changes: list[QueueChange]) -> None:
        sign = self.sq.sign
        if sign is None:
            return
        for change in changes:
            if change.kind not in ANNOUNCED:
                continue
            call = NowServing(change.ticket, change.counter, recall=change.kind == "recalled")
            self._devices.run(
                partial(sign.show, call),
                lambda _r: self.sign_problem.emit(""),
                lambda exc: self.sign_problem.emit(error_text(exc)),
            )
