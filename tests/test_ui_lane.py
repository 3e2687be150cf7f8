"""One background lane for the database (issue 11, item 5).

Every database call the windows make runs on the application's one database
lane, off the UI thread, in the order it was asked for; each operation says what
it changed and the views that show it reload from that. No module under ``ui/``
reaches the database itself: this is checked on the source (an AST scan), so a
new dialog that imports a model or builds a query fails here.
"""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from counterapp.services.changes import Change, changes
from tests.test_ui_devices import open_window, receipt_printer, sell_dog_licence
from ui.ops import OpRunner, database_lane, on_changes, queue_lane

UI = Path(__file__).resolve().parents[1] / "ui"
FORBIDDEN = ("counterapp.db", "sqlalchemy")


def _imports(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            # "from counterapp import db" reaches it too
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_no_ui_module_imports_the_database_or_sqlalchemy() -> None:
    modules = sorted(UI.glob("**/*.py"))
    assert len(modules) > 20  # the scan sees the package
    offending = [
        f"{path.relative_to(UI.parent)}:{line} imports {name}"
        for path in modules
        for line, name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert offending == []


def test_the_scan_catches_an_import_inside_a_function(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n    from sqlalchemy import select\n    from counterapp import db\n",
        encoding="utf-8",
    )
    names = [name for _line, name in _imports(sample)]
    assert "sqlalchemy" in names and "counterapp.db" in names


def test_operations_run_in_order_on_one_worker_and_say_what_changed(qtbot) -> None:
    lane = database_lane()
    assert database_lane() is lane  # one per application
    assert queue_lane(False) is lane  # the station's own walk-in queue is database work
    assert queue_lane(True) is not lane  # the site server's is network work
    ran: list[tuple[int, int]] = []
    answered: list[tuple[str, object, int]] = []
    heard: list[frozenset[Change]] = []
    gate = threading.Event()

    def work(n: int) -> int:
        if n == 0:
            gate.wait(5)  # the next ones wait behind it: one worker
        ran.append((n, threading.get_ident()))
        if n == 2:
            raise ValueError("refused")
        return n * 10

    receiver = QObject()  # standing for a view
    on_changes(receiver, (Change.SALES,), heard.append)
    main = threading.get_ident()
    for n in range(4):
        lane.op(lambda n=n: work(n)).changes(Change.SALES if n != 3 else Change.STOCK).success(
            lambda r: answered.append(("ok", r, threading.get_ident()))
        ).failure(
            lambda e: answered.append(("failed", str(e), threading.get_ident()))
        ).run_in_background()
    assert ran == []  # nothing has run on the UI thread
    gate.set()
    qtbot.waitUntil(lambda: len(answered) == 4, timeout=5_000)
    assert [n for n, _t in ran] == [0, 1, 2, 3]
    assert len({t for _n, t in ran}) == 1 and ran[0][1] != main
    assert answered == [
        ("ok", 0, main),
        ("ok", 10, main),
        ("failed", "refused", main),
        ("ok", 30, main),
    ]
    # Two sales changes announced (the failed operation changed nothing); the stock
    # change is not for a view that shows sales.
    assert heard == [changes(Change.SALES), changes(Change.SALES)]


@pytest.fixture
def printer():
    from devices.simulator import PrinterSimulator

    with PrinterSimulator(on_line=None) as sim:
        yield sim


def test_the_window_and_its_dialogs_make_no_lane_of_their_own(
    qtbot, tmp_path, station_db, printer
) -> None:
    window = open_window(qtbot, tmp_path, station_db, [receipt_printer(printer.url)])
    assert window.lane is database_lane()
    assert sell_dog_licence(qtbot, window) == ""  # a sale and its receipt, on the lanes
    window.devices.show_queue()  # the print queue
    window.open_corrections()
    window.open_stock()
    assert window.corrections_dialog is not None and window.stock_dialog is not None
    assert window.findChildren(OpRunner) == []
    window.corrections_dialog.reject()
    window.stock_dialog.reject()


def test_an_answer_for_a_closed_dialog_is_dropped(qtbot) -> None:
    from PySide6.QtWidgets import QComboBox

    class LookUp(QComboBox):
        def show_found(self, names: list[str]) -> None:
            self.addItems(names)

    gone, kept = LookUp(), LookUp()
    gate = threading.Event()
    lane = database_lane()
    lane.run(lambda: gate.wait(5) and ["a"], gone.show_found)
    lane.run(lambda: ["b"], kept.show_found)
    gone.deleteLater()  # the dialog closes while its look-up runs
    qtbot.wait(10)
    gate.set()
    qtbot.waitUntil(lambda: kept.count() == 1, timeout=5_000)
    lane.wait(5_000)
    assert kept.itemText(0) == "b"
