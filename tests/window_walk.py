"""Opens every top-level window and every dialog of the app on real widgets,
one at a time, for the tests that check them all (fit, keyboard).

``every_dialog_class()`` finds each QDialog subclass under ui/ by import, so a
new dialog that the walk does not open fails ``test_the_walk_opens_every_dialog``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QWidget

import ui
from counterapp.config import StationConfig
from counterapp.db.uow import UnitOfWork
from counterapp.services import catalogue
from counterapp.services.auth import login
from ui.app import apply_readable_font
from ui.context import StationContext
from ui.display import apply_display, current_display
from ui.keyrules import install_keyboard_rules

Opener = Callable[[], QWidget]


def every_dialog_class() -> set[type]:
    for mod in pkgutil.iter_modules(ui.__path__):
        importlib.import_module(f"ui.{mod.name}")
    found: set[type] = set()
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("ui."):
            found.add(cls)
        todo.extend(cls.__subclasses__())
    return found


def make_ctx(tmp_path: Path, station_db) -> StationContext:
    (tmp_path / "queue.json").write_text(json.dumps({"counter_name": "Counter 1"}))
    return StationContext(StationConfig(data_dir=tmp_path), station_db)


def _service(ctx: StationContext, code: str):
    return next(s for s in catalogue.list_services(ctx.uow()) if s.code == code)


def openers(qtbot, ctx: StationContext) -> Iterator[tuple[str, Opener]]:
    """(name, make it) for the sign-in, both windows and every dialog; each
    opener returns the shown top-level widget."""
    from ui.account_payment import AccountPaymentDialog
    from ui.appointments import AppointmentsDialog
    from ui.approval import ApprovalDialog
    from ui.checklist import ChecklistDialog
    from ui.corrections import CorrectionsDialog
    from ui.desk import LockDialog, OpenVisitDialog, RecallDialog
    from ui.device_jobs_dialog import DeviceJobsDialog
    from ui.device_settings import DeviceSettingsDialog
    from ui.drawer import (
        CloseShiftDialog,
        EndOfDayDialog,
        OpenShiftDialog,
        PaidOutDialog,
        PickupDialog,
        ReprintDialog,
    )
    from ui.greeter_window import GreeterWindow
    from ui.hand_offs import TransferDialog
    from ui.intake import IntakeDialog
    from ui.keys import ShortcutsDialog
    from ui.knowledge import KnowledgeDialog
    from ui.login import LoginDialog
    from ui.no_sale import NoSaleDialog
    from ui.registrations import RegistrationsDialog
    from ui.service_form import ServiceFormDialog
    from ui.station_window import StationWindow
    from ui.stock import StockDialog
    from ui.walk_ins import WalkInDialog

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_readable_font(app)
    apply_display(current_display())  # the focus ring (and a display a test chose)
    install_keyboard_rules(app)  # what ui.app.make_application does for the real app
    uow = UnitOfWork(ctx.session_factory)
    sam = login(uow, "sam", "supervisor")
    gail = login(uow, "gail", "greeter")
    holder: dict[str, StationWindow] = {}

    def station() -> StationWindow:
        if "w" not in holder:
            w = StationWindow(ctx, sam)
            qtbot.addWidget(w)
            w.show()
            qtbot.waitUntil(lambda: w.results.count() > 0, timeout=10_000)
            holder["w"] = w
        return holder["w"]

    def shown(make: Callable[[], QWidget]) -> Opener:
        def open_() -> QWidget:
            widget = make()
            if not isinstance(widget, StationWindow):
                qtbot.addWidget(widget)
            widget.show()
            qtbot.waitExposed(widget)
            return widget

        return open_

    def greeter() -> QWidget:
        w = GreeterWindow(ctx, gail)
        qtbot.waitUntil(lambda: w.sq is not None, timeout=10_000)
        return w

    def site_queue():  # the greeter's connection to the site's walk-in queue
        if "q" not in holder:
            w = greeter()
            qtbot.addWidget(w)
            holder["q"] = w  # type: ignore[assignment]
        return holder["q"].sq  # type: ignore[attr-defined]

    def categories() -> list[tuple[str, str]]:
        return [(c.letter, c.name) for c in site_queue().settings.categories]

    yield "sign in", shown(lambda: LoginDialog(ctx))
    yield "first-run set-up", shown(lambda: _first_run(ctx))
    yield "station window", shown(station)
    yield "greeter window", shown(greeter)
    yield "checklist", shown(lambda: ChecklistDialog(_service(ctx, "COM-AFF"), station()))
    for code in ("LIC-MAR", "LIC-DOG"):
        yield (
            f"service form {code}",
            shown(
                lambda code=code: ServiceFormDialog(
                    ctx, station().lane, sam, _service(ctx, code), (), station()
                )
            ),
        )
    yield (
        "account payment",
        shown(
            lambda: AccountPaymentDialog(
                ctx, station().lane, sam, station()._services, station().model, station()
            )
        ),
    )
    yield "corrections", shown(lambda: CorrectionsDialog(ctx, station().lane, sam, station()))
    yield "intake", shown(lambda: IntakeDialog(ctx, station().lane, sam, station()))
    yield "registrations", shown(lambda: RegistrationsDialog(ctx, station().lane, sam, station()))
    yield "stock", shown(lambda: StockDialog(ctx, station().lane, sam, station()))
    yield "approval", shown(lambda: ApprovalDialog("A cheque over the limit.", station()))
    yield "open shift", shown(lambda: OpenShiftDialog(station()))
    yield "pickup", shown(lambda: PickupDialog(station(), None))
    yield "paid-out", shown(lambda: PaidOutDialog(station()))
    yield "close shift", shown(lambda: CloseShiftDialog(station()))
    yield "reprint Z", shown(lambda: ReprintDialog(station(), []))
    yield "end of day", shown(lambda: EndOfDayDialog(station()))
    yield "no sale", shown(lambda: NoSaleDialog(station().devices, "receipt", station()))
    yield "print queue", shown(lambda: DeviceJobsDialog(station().devices, station()))
    yield "device settings", shown(lambda: DeviceSettingsDialog(ctx.config, station()))
    yield "shortcuts", shown(lambda: ShortcutsDialog(station()))
    yield (
        "open visit",
        shown(lambda: OpenVisitDialog("Sign out?", "1 line", station(), can_park=True)),
    )
    yield "recall parked", shown(lambda: RecallDialog([], station()))
    yield "lock", shown(lambda: LockDialog(station()))
    yield "knowledge base", shown(lambda: KnowledgeDialog(ctx, sam, station()))
    yield "serve a walk-in", shown(lambda: WalkInDialog(categories(), station()))
    yield (
        "transfer",
        shown(
            lambda: TransferDialog(
                "A001",
                [("Expert: Sam", ("expert", sam.id))]
                + [(f"{letter} {name}", ("category", letter)) for letter, name in categories()],
                station(),
            )
        ),
    )
    yield "appointments", shown(lambda: AppointmentsDialog(site_queue(), gail, station()))


def _first_run(ctx: StationContext) -> QWidget:
    from ui.first_run import FirstRunWizard

    return FirstRunWizard(ctx.config.data_dir / "first-run")


OPENED_CLASSES = {
    "FirstRunWizard",
    "AccountPaymentDialog",
    "ApprovalDialog",
    "ChecklistDialog",
    "CorrectionsDialog",
    "LockDialog",
    "OpenVisitDialog",
    "RecallDialog",
    "DeviceJobsDialog",
    "DeviceSettingsDialog",
    "CloseShiftDialog",
    "EndOfDayDialog",
    "OpenShiftDialog",
    "PaidOutDialog",
    "PickupDialog",
    "ReprintDialog",
    "IntakeDialog",
    "ShortcutsDialog",
    "LoginDialog",
    "NoSaleDialog",
    "RegistrationsDialog",
    "ServiceFormDialog",
    "StockDialog",
    "KnowledgeDialog",
    "WalkInDialog",
    "TransferDialog",
    "AppointmentsDialog",
}


def close(widget: QWidget) -> None:
    """Close without asking (the walk leaves nothing open)."""
    from ui.station_window import StationWindow

    if isinstance(widget, StationWindow):
        return  # shared by the dialogs; qtbot closes it at the end
    if isinstance(widget, QDialog):
        widget.done(0)
    widget.close()
