"""Starting the station: QApplication, translations, sign-in, the window."""

from __future__ import annotations

import logging
import os
import signal
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from counterapp.config import StationConfig
from counterapp.services.auth import Role, StaffIdentity
from counterapp.services.preferences import Display
from ui.context import StationContext, bootstrap
from ui.display import apply_display
from ui.keyrules import install_keyboard_rules
from ui.language import current_language, run_and_wait, set_language, system_language
from ui.login import LoginDialog

XCB_HINT = (
    "Qt could not open a window. On Debian or Ubuntu install the X11 libraries Qt needs:\n"
    "  sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \\\n"
    "    libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libegl1\n"
    "or run without a screen with QT_QPA_PLATFORM=offscreen."
)


def install_translators(app: QApplication, language: str = "") -> None:
    """Qt's own translations first, then the app's (ui/language.py): the station's
    language from its set-up, else the computer's; a user's choice replaces it at sign-in."""
    set_language(language or system_language())


READABLE_POINT_SIZE = 12  # read at arm's length; every window and dialog alike


def apply_readable_font(app: QApplication) -> None:
    """One font scale for every window and dialog: set on the application, so a
    dialog never falls back to a smaller default than the window it came from."""
    font = app.font()
    if font.pointSizeF() < READABLE_POINT_SIZE:
        font.setPointSizeF(READABLE_POINT_SIZE)
        app.setFont(font)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        apply_readable_font(existing)
        install_keyboard_rules(existing)
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
    apply_readable_font(app)
    apply_display(Display())  # the focus ring, from the sign-in on
    install_keyboard_rules(app)
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
    """Sign in, work, and sign in again after a sign-out or switch of user
    (Ctrl+L); closing the window ends the app."""
    app = make_application()
    if ctx is None and not run_first_setup(config):
        return 0  # the set-up was cancelled: nothing was saved
    if ctx is None:
        config = StationConfig.load(config.data_dir)  # as the set-up left it
        from counterapp.bootstrap import UpgradeRefused

        try:
            ctx = bootstrap(config)
        except UpgradeRefused as exc:  # issue 12: too new, or the upgrade failed and was undone
            show_start_failure(str(exc))
            return 3
    ctx.apply_site_clock()  # the demo loads its site settings after bootstrap
    app.setQuitOnLastWindowClosed(False)
    station_language = config.language or system_language()
    identity: StaffIdentity | None = None
    carried: object = None
    while True:
        if identity is None:
            set_language(station_language)  # the sign-in shows in the station's language
            apply_display(Display())  # and in the standard display
            identity = sign_in(ctx, username_hint)
            if identity is None:
                return 0
            apply_display(user_display(ctx, identity))
        elif carried is None:  # signed in at the lock: that user's language and display
            set_language(user_language(ctx, identity) or current_language())
            apply_display(user_display(ctx, identity))
        window = open_window(ctx, identity)
        if carried is not None and hasattr(window, "restore_visit"):
            window.restore_visit(carried)
        window.show()
        window.raise_()
        window.activateWindow()  # shortcuts need an active window, even without a window manager
        app.exec()
        if not getattr(window, "switch_user", False):
            return 0
        identity = getattr(window, "next_identity", None)  # someone signed in at the lock
        carried = getattr(window, "carried_visit", None)  # a change of language, same visit
        username_hint = ""
        window.deleteLater()


def user_language(ctx: StationContext, identity: StaffIdentity) -> str | None:
    """The language this user chose last time (read on a database worker)."""
    from counterapp.services.preferences import staff_language

    try:
        result = run_and_wait(lambda: staff_language(ctx.uow(), identity.id))
    except Exception:  # a preference never keeps anyone from working
        logging.getLogger(__name__).warning("could not read the user's language", exc_info=True)
        return None
    return result if isinstance(result, str) else None


def user_display(ctx: StationContext, identity: StaffIdentity) -> Display:
    """The display this user chose last time (read on a database worker)."""
    from counterapp.services.preferences import staff_display

    try:
        result = run_and_wait(lambda: staff_display(ctx.uow(), identity.id))
    except Exception:  # a preference never keeps anyone from working
        logging.getLogger(__name__).warning("could not read the user's display", exc_info=True)
        return Display()
    return result if isinstance(result, Display) else Display()


def sign_in(ctx: StationContext, username_hint: str = "") -> StaffIdentity | None:
    dialog = LoginDialog(ctx)
    if username_hint:
        dialog.username.setText(username_hint)
        dialog.password.setFocus()
    if os.environ.get("COUNTERAPP_STARTUP_PROBE"):  # bench/startup.py: shown, then leave
        QTimer.singleShot(0, lambda: _probe_shown(dialog))
    try:
        if dialog.exec() != LoginDialog.DialogCode.Accepted:
            return None
        return dialog.identity
    finally:
        dialog.deleteLater()


def _probe_shown(dialog: LoginDialog) -> None:
    import time

    print(f"startup-probe {time.time():.6f}", flush=True)
    dialog.reject()


def open_window(ctx: StationContext, identity: StaffIdentity) -> QMainWindow:
    """The greeter's own window (issue 5), or the counter station's."""
    window: QMainWindow
    if identity.role is Role.GREETER:
        from ui.greeter_window import GreeterWindow

        window = GreeterWindow(ctx, identity)
    else:
        # Loaded after the sign-in (its dialogs, reports and queue are a large import).
        from ui.station_window import StationWindow

        window = StationWindow(ctx, identity)
    _quit_when_closed(window)
    return window


def _quit_when_closed(window: QMainWindow) -> None:
    """The event loop of one signed-in session ends when its window closes."""
    from PySide6.QtCore import QEvent, QObject

    class _Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if obj is window and event.type() == QEvent.Type.Close:
                QTimer.singleShot(0, lambda: None if window.isVisible() else app_quit())
            return False

    def app_quit() -> None:
        app = QApplication.instance()
        if app is not None:
            app.quit()

    watch = _Watch(window)
    window.installEventFilter(watch)
