"""Run service calls off the UI thread and report back on it (Anki's CollectionOp).

Database work goes through one single-thread pool, so it is serialised;
device work through another, so a hung printer never delays a sale.
Read widget values *before* calling ``run``: the callable runs on a worker.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Signals(QObject):
    """Created on the UI thread; its own slots therefore run there (queued)."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[Exception], None] | None,
        done: Callable[[_Signals], None],
    ) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self._done = done
        self.succeeded.connect(self._succeeded)
        self.failed.connect(self._failed)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._done(self)
        if self._on_success is not None:
            self._on_success(result)

    @Slot(object)
    def _failed(self, exc: object) -> None:
        self._done(self)
        if self._on_failure is not None:
            assert isinstance(exc, Exception)
            self._on_failure(exc)


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
    """One serial lane of background work."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setObjectName(name)
        self._inflight: set[_Signals] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        signals = _Signals(on_success, on_failure, self._inflight.discard)
        self._inflight.add(signals)  # keep it alive until it has reported
        self._pool.start(_Job(fn, signals))

    @property
    def busy(self) -> bool:
        return bool(self._inflight)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)
