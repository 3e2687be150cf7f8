"""The window's language: Qt's own catalogue and ours, installed and swapped at run time.

The sources are Qt ``.ts`` files in ``ui/i18n/`` (``pyside6-lupdate`` extracts
them from ``ui/``); the ``.qm`` files are built from them by the set-up
(``./dev`` runs ``python -m ui.language``, the bundle build does the same) and
are not kept in git, so a ``.qm`` can never disagree with its ``.ts``. Run from
a source tree, a missing or stale ``.qm`` is rebuilt at start when
``pyside6-lrelease`` is at hand; the frozen bundle ships the ``.qm`` only.

Modules that translate through a module-level helper (``_tr(text)``) are
extracted with ``-tr-function-alias tr+=_tr``; lupdate files those strings
under the empty context, so our translator looks there when the caller's
context has no entry.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from counterapp import i18n
from counterapp.domain import money
from counterapp.services.preferences import WINDOW_LANGUAGES

log = logging.getLogger(__name__)

CATALOGUES = Path(__file__).resolve().parent / "i18n"
# The window's languages and the catalogue each one loads. "en" is the source, and
# its catalogue holds only the plural forms ("%n line(s)" -> "1 line", "2 lines"),
# made with lupdate's -pluralonly, as Qt's own i18n guide does for the source language.
TS_LOCALE = {"en": "en_CA", "fr": "fr_CA"}
PLURAL_ONLY = frozenset({"en"})
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}  # each in its own language
LUPDATE_ARGS = ("-tr-function-alias", "tr+=_tr", "-no-obsolete", "-locations", "none")


def ts_path(language: str) -> Path:
    return CATALOGUES / f"counterapp_{TS_LOCALE[language]}.ts"


def qm_path(language: str) -> Path:
    return CATALOGUES / f"counterapp_{TS_LOCALE[language]}.qm"


def _tool(name: str) -> str | None:
    """PySide6's own copy beside the interpreter first (the venv), then PATH."""
    here = Path(sys.executable).parent
    for candidate in (here / name, here / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def build_catalogues(*, force: bool = False) -> list[Path]:
    """Compile every ``.ts`` whose ``.qm`` is missing or older; the ``.qm`` built."""
    lrelease = _tool("pyside6-lrelease")
    built: list[Path] = []
    for language in TS_LOCALE:
        ts, qm = ts_path(language), qm_path(language)
        if not ts.exists():
            continue
        if not force and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        if lrelease is None:
            raise RuntimeError("pyside6-lrelease is not installed (it comes with PySide6)")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def update_sources() -> None:
    """Re-extract the messages of ``ui/`` into every ``.ts`` (a translator's step)."""
    lupdate = _tool("pyside6-lupdate")
    if lupdate is None:
        raise RuntimeError("pyside6-lupdate is not installed (it comes with PySide6)")
    sources = sorted(str(p) for p in CATALOGUES.parent.glob("*.py"))
    for language in TS_LOCALE:
        plural = ("-pluralonly",) if language in PLURAL_ONLY else ()
        subprocess.run(
            [lupdate, *LUPDATE_ARGS, *plural, *sources, "-ts", str(ts_path(language))],
            check=True,
        )


class _Catalogue(QTranslator):
    """Our .qm: the caller's context first, then the empty context (``_tr`` helpers)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        found = super().translate(context, source, disambiguation, n)
        if not found and context:
            found = super().translate("", source, disambiguation, n)
        # None is Qt's null string, "not here": the next translator, else the source.
        return found or None  # type: ignore[return-value]


class WindowLanguage:
    """The translators installed on the application, swapped as a whole."""

    def __init__(self) -> None:
        self.language = "en"
        self._applied = False  # English too installs a catalogue (its plural forms)
        self._installed: list[QTranslator] = []

    def apply(self, language: str) -> bool:
        """Install ``language`` (Qt's own catalogue first, then ours); True when it
        changed. Qt then sends every widget a LanguageChange event."""
        if language not in WINDOW_LANGUAGES:
            language = "en"
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no application")
        if language == self.language and self._applied:
            return False
        for old in self._installed:
            app.removeTranslator(old)
        self._installed = []
        if getattr(sys, "frozen", False) is False:
            try:
                build_catalogues()
            except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
                log.warning("translations could not be built: %s", exc)
        if language not in PLURAL_ONLY:
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt = QTranslator(app)
            if qt.load(f"qtbase_{language}", qt_dir):
                app.installTranslator(qt)
                self._installed.append(qt)
        ours = _Catalogue(app)
        if ours.load(str(qm_path(language))):
            app.installTranslator(ours)
            self._installed.append(ours)
        else:
            log.warning("no %s catalogue at %s", language, qm_path(language))
        if language == "en":
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.Canada))
        else:
            QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.Canada))
        self.language = language
        self._applied = True
        return True


_current = WindowLanguage()


def current_language() -> str:
    return _current.language


def set_language(language: str) -> bool:
    return _current.apply(language)


def format_cents(cents: int, *, symbol: bool = True) -> str:
    """Money as the window's language writes it (``1 234,56 $``, ``$1,234.56``).
    ``symbol=False`` is the plain ``1234.56`` put into an amount field to be typed
    over, which ``parse_amount`` reads back in either language."""
    if not symbol:
        return money.format_cents(cents, symbol=False)
    return i18n.money(cents, _current.language)


def system_language() -> str:
    lang = QLocale.system().name().split("_")[0]
    return lang if lang in WINDOW_LANGUAGES else "en"


def run_and_wait(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` on a database worker while the event loop keeps going (between
    two windows, when no window is there to report back to)."""
    from ui.ops import database_lane

    runner = database_lane()  # the one database lane, in order with the window's work
    loop = QEventLoop()
    box: dict[str, Any] = {}

    def ok(result: object) -> None:
        box["result"] = result
        loop.quit()

    def failed(exc: Exception) -> None:
        box["error"] = exc
        loop.quit()

    runner.run(fn, ok, failed)
    loop.exec()
    runner.wait()
    if "error" in box:
        raise box["error"]
    return box.get("result")


if __name__ == "__main__":  # ./dev and installer/bundle.py: build the .qm
    logging.basicConfig(level=logging.INFO)
    if sys.argv[1:] == ["update"]:
        update_sources()
    for path in build_catalogues(force="--force" in sys.argv):
        print(f"built {os.path.relpath(path)}")
