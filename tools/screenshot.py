"""Take the README's screenshot of the real station window.

Run under a virtual X server so the real window plugin (xcb) draws it:
    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshot.py docs/screenshot.png
It signs in the demo associate, adds a commissioning and a room rental,
takes part of the payment in debit and shows the window before the cash.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from counterapp.config import StationConfig
from counterapp.db.uow import UnitOfWork
from counterapp.services.auth import login
from counterapp.services.reference import load_demo
from ui.checklist import ChecklistDialog
from ui.context import bootstrap
from ui.station_window import StationWindow


def main(out: str) -> int:
    app = QApplication(sys.argv)
    ctx = bootstrap(StationConfig(data_dir=Path(tempfile.mkdtemp())))
    load_demo(ctx.uow())
    window = StationWindow(ctx, login(UnitOfWork(ctx.session_factory), "alex", "counter"))
    window.resize(1600, 820)
    window.show()

    def step1() -> None:
        window.search.setText("affidavit")
        window._add_current()
        for w in app.topLevelWidgets():
            if isinstance(w, ChecklistDialog):
                for box in w.boxes:
                    box.setChecked(True)
                w.accept()
        form = window.form_dialog
        if form is not None:  # the commissioner's log entry
            for key, value in (
                ("deponent_name", "Zoë Côté"),
                ("id_type", "Passport"),
                ("id_last_digits", "4821"),
            ):
                form.set_answer(key, value)
            form.submit()
        QTimer.singleShot(500, step2)

    def step2() -> None:
        window.search.setText("meeting room")
        window._add_current()
        window.search.setText("")
        window.kind.setCurrentIndex(window.kind.findData("debit"))
        window.amount.setText("40.00")
        window.reference.setText("042917")
        window.add_tender()
        window.kind.setCurrentIndex(window.kind.findData("cash"))
        window.amount.setText("20")
        QTimer.singleShot(500, shoot)

    def shoot() -> None:
        window.grab().save(out)
        app.quit()

    QTimer.singleShot(800, step1)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"))
