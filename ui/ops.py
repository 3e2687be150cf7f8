"""Work off the UI thread, reported back on it (Anki's ``CollectionOp`` and task manager).

There is **one database lane** per application: a single worker thread that
owns every database call the windows make, so database work is serialised and
never runs on the UI thread. An operation is a callable run there with a
success and a failure callback run back on the UI thread, and it says what it
changed (``counterapp.services.changes.Change``); the lane announces that on
``changed`` after the success callback and every view that shows one of those
things reloads itself::

    database_lane().op(lambda: void_sale(ctx.uow(), cmd)).changes(
        Change.SALES, Change.DEVICE_JOBS
    ).success(self._done).failure(self._failed).run_in_background()

Work that waits on something other than the database has its own lane so it
never holds the database lane up: the site server's walk-in queue over the
network (``queue_lane``; a station with its own queue keeps that on the
database lane), device probes in Device settings (an ``OpRunner`` of its own),
and each device's jobs on the device job queue's own thread per device.
Read widget values *before* calling ``run``: the callable runs on a worker.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from counterapp.services.changes import Change, Changes, changes

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[Exception], None]


class _Signals(QObject):
    """Created on the UI thread; its own slots therefore run there (queued)."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_success: Success | None,
        on_failure: Failure | None,
        done: Callable[[_Signals], None],
        after: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self._done = done
        self._after = after
        self.succeeded.connect(self._succeeded)
        self.failed.connect(self._failed)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._done(self)
        if self._on_success is not None and _alive(self._on_success):
            self._on_success(result)
        if self._after is not None:
            self._after()  # what changed is announced even when the asker has gone

    @Slot(object)
    def _failed(self, exc: object) -> None:
        self._done(self)
        if self._on_failure is not None and _alive(self._on_failure):
            assert isinstance(exc, Exception)
            self._on_failure(exc)


def _alive(callback: Callable[..., None]) -> bool:
    """False when the callback is a method of a widget or object Qt has deleted
    meanwhile (a dialog closed while its look-up ran): its answer is dropped."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the window, never swallowed
            log.debug("operation failed: %s", traceback.format_exc())
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class OpRunner(QObject):
    """One serial lane of background work (one worker thread)."""

    #: What an operation on this lane changed, after its success callback ran.
    changed = Signal(object)  # frozenset[Change]

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setObjectName(name)
        self._inflight: set[_Signals] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Success | None = None,
        on_failure: Failure | None = None,
        *,
        changes: Changes = frozenset(),
    ) -> None:
        after = (lambda: self.changed.emit(changes)) if changes else None
        signals = _Signals(on_success, on_failure, self._inflight.discard, after)
        self._inflight.add(signals)  # keep it alive until it has reported
        self._pool.start(_Job(fn, signals))

    def op(self, fn: Callable[[], Any]) -> Op:
        return Op(self, fn)

    @property
    def busy(self) -> bool:
        return bool(self._inflight)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)


class Op:
    """One operation: what runs on the lane, what it changes, what happens after."""

    def __init__(self, lane: OpRunner, fn: Callable[[], Any]) -> None:
        self._lane = lane
        self._fn = fn
        self._changes: Changes = frozenset()
        self._success: Success | None = None
        self._failure: Failure | None = None

    def changes(self, *what: Change | Iterable[Change]) -> Op:
        self._changes = changes(self._changes, *what)
        return self

    def success(self, fn: Success) -> Op:
        self._success = fn
        return self

    def failure(self, fn: Failure) -> Op:
        self._failure = fn
        return self

    def run_in_background(self) -> None:
        self._lane.run(self._fn, self._success, self._failure, changes=self._changes)


_DATABASE = "database lane"
_QUEUE = "site queue lane"
_QUEUE_READS = "site queue reads lane"


def _app_lane(name: str) -> OpRunner:
    app = QCoreApplication.instance()
    assert app is not None, "the lanes belong to the running application"
    found = app.findChild(OpRunner, name)
    if found is None:
        found = OpRunner(name, app)
    return found


def database_lane() -> OpRunner:
    """The application's one database lane (made on first use)."""
    return _app_lane(_DATABASE)


def queue_lane(shared: bool) -> OpRunner:
    """Where walk-in queue calls run: the site server's queue (``shared``) is network
    work on a lane of its own; a station's own queue is database work."""
    return _app_lane(_QUEUE) if shared else database_lane()


def queue_read_lane(shared: bool) -> OpRunner:
    """Where the site server's lobby is read: a lane of its own, so that a ticket issued
    or a call made never waits behind a refresh in flight (bench/ticket_on_busy_site.py
    --probe: up to a quarter of a second on a busy site). A station's own queue is read
    on the database lane."""
    return _app_lane(_QUEUE_READS) if shared else database_lane()


class _Listener(QObject):
    """A child of the view: its connections end when the view goes."""

    def __init__(
        self, receiver: QObject, want: Changes, refresh: Callable[[Changes], None]
    ) -> None:
        super().__init__(receiver)
        self._want = want
        self._refresh = refresh

    @Slot(object)
    def check(self, changed: object) -> None:
        assert isinstance(changed, frozenset)
        if changed & self._want:
            self._refresh(changed)


def on_changes(
    receiver: QObject, wanted: Iterable[Change], refresh: Callable[[Changes], None]
) -> None:
    """Call ``refresh`` on the UI thread whenever an operation on a lane changed one
    of ``wanted`` (for as long as ``receiver`` lives)."""
    listener = _Listener(receiver, frozenset(wanted), refresh)
    for lane in (database_lane(), _app_lane(_QUEUE)):
        lane.changed.connect(listener.check)
