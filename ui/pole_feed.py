"""The customer pole display follows the visit on the window.

As lines are added it shows the item and its amount over the running total;
while tenders are taken, the total and what is still due; when the sale is
saved, what was tendered and the change; after a while, or when the visit is
cleared, the welcome text. Every frame is a queued display job (older frames
not yet shown are dropped), written on the database lane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QTimer

from counterapp.domain.devices import DeviceSettings
from counterapp.services import device_jobs
from counterapp.services.sales import SaleResult
from printing.pole_display import (
    DisplayScreen,
    change_screen,
    item_screen,
    total_screen,
    welcome_screen,
)
from printing.words import say
from ui.language_menu import visit_language
from ui.ops import database_lane

if TYPE_CHECKING:
    from ui.devices_hook import WindowDevices

#: How long the change stays on the display after a sale before the welcome comes back.
CHANGE_SHOWN_MS = 20_000

Index = QModelIndex | QPersistentModelIndex


class PoleFeed(QObject):
    def __init__(self, devices: WindowDevices, display: DeviceSettings | None) -> None:
        super().__init__(devices)
        self._devices = devices
        self._window = devices.window
        self._display = display
        self._after_sale = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.show_welcome)
        self.last_screen: DisplayScreen | None = None
        model = self._window.model
        model.rowsInserted.connect(self._line_added)
        model.rowsRemoved.connect(self._lines_changed)
        model.dataChanged.connect(self._lines_changed)
        model.modelReset.connect(self._lines_changed)
        tenders = self._window.tender_list.model()
        tenders.rowsInserted.connect(self._tender_taken)
        tenders.rowsRemoved.connect(self._lines_changed)  # a refused tender is taken back
        self._window.sale_completed.connect(self._sale_completed)
        self.show_welcome()

    @property
    def columns(self) -> int:
        return self._display.columns if self._display else 20

    def set_device(self, display: DeviceSettings | None) -> None:
        self._display = display
        self.show_welcome()

    def stop(self) -> None:
        self._idle.stop()

    def show(self, screen: DisplayScreen) -> None:
        """Queue ``screen`` for the display (nothing happens without a display)."""
        self.last_screen = screen
        if self._display is None:
            return
        name = self._display.name
        lanes = self._devices.lanes

        def write() -> None:
            device_jobs.show_on_display(
                self._devices.uow(), device=name, top=screen.top, bottom=screen.bottom
            )
            lanes.wake(name)

        # A lost frame is shown over by the next one (frames are not in the print queue's list).
        database_lane().run(write, None, None)

    def show_welcome(self) -> None:
        self._after_sale = False
        text = self._display.welcome if self._display else ""
        self.show(welcome_screen(text or say("pole.welcome", self._language()), self.columns))

    def _language(self) -> str:
        """The visitor's language: the visit's choice, else the site's usual one (issue 13)."""
        return visit_language(self._window)

    # -- the visit --------------------------------------------------------------------

    def _line_added(self, _parent: Index, _first: int, last: int) -> None:
        self._idle.stop()
        self._after_sale = False
        model = self._window.model
        line = model.lines[last]
        language = self._language()
        name = line.service.name_in(language)  # head office's name in the visitor's language
        label = name if line.quantity == 1 else f"{line.quantity} x {name}"
        self.show(
            item_screen(label, line.amount_cents, model.total_cents(), self.columns, language)
        )

    def _lines_changed(self, *_args: Any) -> None:
        # Deferred: when a sale completes the window clears the visit just before it
        # announces the sale, and the change must win over the welcome.
        QTimer.singleShot(0, self._show_visit_state)

    def _show_visit_state(self) -> None:
        if self._after_sale:
            return
        model = self._window.model
        if not model.rowCount():
            self.show_welcome()
            return
        self.show(total_screen(model.total_cents(), self._due(), self.columns, self._language()))

    def _due(self) -> int:
        total = self._window.model.total_cents()
        paid = getattr(self._window, "_paid_cents", None)  # the window's running tender sum
        return max(0, total - paid()) if callable(paid) else total

    def _tender_taken(self, *_args: Any) -> None:
        # Only a state the sale reached: a part payment leaves something due and
        # the window keeps it. The tender that settles the visit is not yet taken
        # (the station may still refuse it): the display waits for the saved
        # sale's change screen, or goes back to what is due when it is refused.
        due = self._due()
        if self._window.model.rowCount() and due > 0:
            self.show(
                total_screen(self._window.model.total_cents(), due, self.columns, self._language())
            )

    def _sale_completed(self, result: SaleResult) -> None:
        self._after_sale = True
        tendered = sum(t.tendered_cents for t in result.settlement.tenders)
        language = result.receipt.language  # the sale's own, as its receipt printed
        self.show(change_screen(tendered, result.settlement.change_cents, self.columns, language))
        self._idle.start(CHANGE_SHOWN_MS)
