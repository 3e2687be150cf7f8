"""The queue's changes as Qt signals, and the now-serving sign fed from them.

A local queue reports after each commit on the lane that made it; the site
server's queue through its event stream (its own thread). Either way the
signals arrive queued on the UI thread. Each call becomes a stored job for the
sign in the device job queue (``StationQueue.announce``), sent on the sign's
own device lane: a sign that is off never delays a call or a sale, and its
failures show in the print queue and the sign's status like any device's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from counterapp.queue.station import ANNOUNCED, StationQueue
from counterapp.queue.views import QueueChange
from counterapp.services.changes import Change, changes
from counterapp.services.device_jobs import JobInfo, JobState
from ui.messages import error_text
from ui.ops import database_lane

if TYPE_CHECKING:
    from counterapp.device_lanes import DeviceLanes
    from ui.devices_hook import DeviceLanesBridge


class QueueBridge(QObject):
    changed = Signal(object)  # list[QueueChange]
    availability = Signal(bool)  # the site server's event stream is up (True) or lost
    sign_problem = Signal(str)  # "" when the sign took the call

    def __init__(self, sq: StationQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sq = sq
        self._listener = sq.listener(self.changed.emit, self.availability.emit)
        self._local = self.changed.emit
        sq.backend.subscribe(self._local)
        self.changed.connect(self._announce)
        self._device_bridge: DeviceLanesBridge | None = None
        self.follow_device_lanes()

    def follow_device_lanes(self) -> None:
        """Listen to the station's device lanes as they are now. Device settings replace
        them (the old ones are stopped): the sign's jobs end on the new ones, so their
        failures must be heard there, and the old ones are no longer listened to."""
        lanes = self.sq.devices if self.sq.sign else None
        bridge = self._device_bridge
        if bridge is not None and bridge.lanes is lanes:
            return
        if bridge is not None:
            bridge.detach()
            bridge.deleteLater()
            self._device_bridge = None
        if lanes is not None:
            from ui.devices_hook import DeviceLanesBridge

            self._device_bridge = DeviceLanesBridge(lanes, self)
            self._device_bridge.job_changed.connect(self._sign_job)

    @property
    def device_lanes(self) -> DeviceLanes | None:
        """The device lanes this bridge hears the sign's jobs from (None: no sign)."""
        return self._device_bridge.lanes if self._device_bridge is not None else None

    def start(self) -> None:
        if self._listener is not None:
            self._listener.start()

    def stop(self) -> None:
        self.sq.backend.unsubscribe(self._local)
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        if self._device_bridge is not None:
            self._device_bridge.detach()
            self._device_bridge = None

    def _announce(self, calls: list[QueueChange]) -> None:
        if not self.sq.sign or not any(c.kind in ANNOUNCED for c in calls):
            return
        self.follow_device_lanes()  # before a job is queued on them
        sq = self.sq
        database_lane().run(  # the sign's jobs are stored like every device's
            lambda: sq.announce(calls),
            None,
            lambda exc: self.sign_problem.emit(error_text(exc)),
            changes=changes(Change.DEVICE_JOBS),
        )

    def _sign_job(self, info: JobInfo) -> None:
        if info.device != self.sq.sign or info.kind != "now_serving":
            return
        if info.state is JobState.FAILED:
            self.sign_problem.emit(info.reason)
        elif info.state in (JobState.DONE, JobState.SENT):
            self.sign_problem.emit("")
