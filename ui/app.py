"""Starting the station: QApplication, translations, sign-in, the window."""

from __future__ import annotations

import logging
import os
import signal
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from counterapp.config import StationConfig
from counterapp.services.auth import Role
from ui.context import StationContext, bootstrap
from ui.login import LoginDialog
from ui.station_window import StationWindow

XCB_HINT = (
    "Qt could not open a window. On Debian or Ubuntu install the X11 libraries Qt needs:\n"
    "  sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \\\n"
    "    libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libegl1\n"
    "or run without a screen with QT_QPA_PLATFORM=offscreen."
)


def install_translators(app: QApplication) -> None:
    """Qt's own translations first, then the app's (.qm shipped beside ui/)."""
    locale = QLocale.system()
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    ours = QTranslator(app)
    if ours.load(locale, "counterapp", "_", os.path.join(os.path.dirname(__file__), "i18n")):
        app.installTranslator(ours)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if not os.environ.get("QT_QPA_PLATFORM") and sys.platform.startswith("linux"):
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            print("No screen found (DISPLAY is not set).", file=sys.stderr)
            print(XCB_HINT, file=sys.stderr)
            raise SystemExit(2)
    app = QApplication(argv or sys.argv)
    app.setApplicationName("counterapp")
    app.setOrganizationName("counterapp")
    install_translators(app)
    _quit_on_signals(app)
    return app


def _quit_on_signals(app: QApplication) -> None:
    """Ctrl+C or SIGTERM in the terminal closes the app cleanly (so the demo
    stops its server). Qt's event loop does not run Python code by itself, so
    a timer gives Python's signal handlers a chance to run."""

    def quit_app(_signum: int, _frame: object) -> None:
        app.closeAllWindows()
        app.quit()

    signal.signal(signal.SIGINT, quit_app)
    signal.signal(signal.SIGTERM, quit_app)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def show_start_failure(message: str) -> None:
    """Why the station cannot start, in a dialog (the database refused at start-up)."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Startup", "counterapp cannot start"),
        QCoreApplication.translate("Startup", "The station database cannot be used."),
    )
    box.setInformativeText(message)
    box.setAccessibleName(QCoreApplication.translate("Startup", "counterapp cannot start"))
    box.exec()


def run_first_setup(config: StationConfig) -> bool:
    """A station with no configuration opens the first-run set-up instead of
    the sign-in (issue 12). False when it was cancelled."""
    from counterapp.setup import needs_setup

    if not needs_setup(config.data_dir):
        return True
    from ui.first_run import FirstRunWizard

    wizard = FirstRunWizard(config.data_dir)
    logging.getLogger(__name__).info("first-run set-up shown: this station has no configuration")
    wizard.show()
    wizard.raise_()
    wizard.activateWindow()
    return wizard.exec() == FirstRunWizard.DialogCode.Accepted


def run_station(
    config: StationConfig, *, username_hint: str = "", ctx: StationContext | None = None
) -> int:
    app = make_application()
    if ctx is None and not run_first_setup(config):
        return 0  # the set-up was cancelled: nothing was saved
    if ctx is None:
        config = StationConfig.load(config.data_dir)  # as the set-up left it
        from counterapp.db.upgrade import UpgradeRefused

        try:
            ctx = bootstrap(config)
        except UpgradeRefused as exc:  # issue 12: too new, or the upgrade failed and was undone
            show_start_failure(str(exc))
            return 3
    ctx.apply_site_clock()  # the demo loads its site settings after bootstrap
    dialog = LoginDialog(ctx)
    if username_hint:
        dialog.username.setText(username_hint)
        dialog.password.setFocus()
    if dialog.exec() != LoginDialog.DialogCode.Accepted or dialog.identity is None:
        return 0
    window: QMainWindow
    if dialog.identity.role is Role.GREETER:  # the greeter's own window (issue 5)
        from ui.greeter_window import GreeterWindow

        window = GreeterWindow(ctx, dialog.identity)
    else:
        window = StationWindow(ctx, dialog.identity)
    window.show()
    window.raise_()
    window.activateWindow()  # shortcuts need an active window, even without a window manager
    return app.exec()
