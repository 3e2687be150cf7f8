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

import ast
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


ROOT = CATALOGUES.parents[1]
#: Where the core's messages for people are raised (counterapp/server/'s answers are the API's).
CORE_SOURCES = ("counterapp", "devices", "printing")
CORE_EXCLUDED = ("counterapp/server/",)
CORE_MESSAGES = CATALOGUES.parent / "core_messages.py"


def _core_files() -> list[Path]:
    files = []
    for folder in CORE_SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if not rel.startswith(CORE_EXCLUDED):
                files.append(path)
    return files


def _first_param(fn: ast.FunctionDef) -> str | None:
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    return params[0] if params else None


def _message_classes(trees: dict[Path, ast.Module]) -> dict[str, str | None]:
    """counterapp.i18n.Message and every class built on it, each with the first
    parameter of its own ``__init__`` ("inherited" when it has none)."""
    classes: dict[str, tuple[list[str], str | None]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                init = next(
                    (
                        f
                        for f in node.body
                        if isinstance(f, ast.FunctionDef) and f.name == "__init__"
                    ),
                    None,
                )
                bases = [ast.unparse(b).split(".")[-1] for b in node.bases]
                classes[node.name] = (bases, _first_param(init) if init else "inherited")
    messages = {"Message"}
    grown = True
    while grown:
        grown = False
        for name, (bases, _) in classes.items():
            if name not in messages and any(b in messages for b in bases):
                messages.add(name)
                grown = True
    return {name: classes[name][1] for name in messages if name in classes}


def _template_takers(trees: dict[Path, ast.Module], classes: dict[str, str | None]) -> set[str]:
    """The core's callables whose first argument is a message template: every
    message class that keeps ``__init__(template, …)``, ``message_id``, and every
    function ``f(template, …)`` that returns a message (``unavailable(template, …)``)."""
    takers = {name for name, first in classes.items() if first in ("template", "inherited")}
    takers.add("message_id")
    for tree in trees.values():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.FunctionDef)
                and _first_param(node) == "template"
                and node.returns is not None
                and ast.unparse(node.returns).strip("'\"").split(".")[-1] in classes
            ):
                takers.add(node.name)
    return takers


# counterapp.i18n.Word carries a word of the core's data, not a template: its
# catalogue is ui/core_labels.py (a test keeps that one complete). Bilingual
# carries head office's own words in both languages (no catalogue holds them).
_DATA_WORDS = ("Word", "Bilingual")
# A template handed on as it is: a helper's ``template`` parameter, or another
# message's ``.template`` (an error re-raised as another kind).
_PASSED_ON = ("template",)


def core_messages(
    files: list[Path] | None = None,
) -> tuple[dict[str, set[str]], list[str]]:
    """Every message template the core raises or hands the window, found by
    reading the source (``ast``) of ``files`` (default: the core's), each with
    the names of the values it is filled with; and the places that build a
    message's text instead (an f-string, ``%``, ``.format()``, ``+``, ``str()``
    …), which the catalogue cannot hold."""
    paths = _core_files() if files is None else files
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    message_classes = _message_classes(trees)
    takers = _template_takers(trees, message_classes)
    found: dict[str, set[str]] = {}
    problems: list[str] = []
    for path, tree in trees.items():
        rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            if cls.name not in message_classes or cls.name in _DATA_WORDS:
                continue
            for node in ast.walk(cls):  # super().__init__("…") in a message class
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "__init__"
                    and isinstance(node.func.value, ast.Call)
                    and ast.unparse(node.func.value) == "super()"
                ):
                    _take(node, rel, found, problems)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in takers:
                _take(node, rel, found, problems)
    return found, problems


def _take(call: ast.Call, where: str, found: dict[str, set[str]], problems: list[str]) -> None:
    arg = call.args[0] if call.args else None
    if arg is None:
        arg = next((k.value for k in call.keywords if k.arg == "template"), None)
    if arg is None:
        return
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        if not arg.value:
            return  # an empty message (nothing to say) needs no translation
        names = {k.arg for k in call.keywords if k.arg}
        found.setdefault(arg.value, set()).update(names)
        return
    if isinstance(arg, ast.Name) and arg.id in _PASSED_ON:
        return
    if isinstance(arg, ast.Attribute) and arg.attr in _PASSED_ON:
        return
    problems.append(f"{where}:{call.lineno}: {ast.unparse(arg)[:80]}")


def write_core_messages() -> Path:
    """Write ui/core_messages.py (see ``core_messages_source``)."""
    CORE_MESSAGES.write_text(core_messages_source(), encoding="utf-8")
    return CORE_MESSAGES


def core_messages_source() -> str:
    """ui/core_messages.py's text: every core template marked for lupdate (context
    "ServiceError"); a template with ``%n`` as a plural message."""
    found, problems = core_messages()
    if problems:
        raise RuntimeError(
            "core messages built from values (use a template and named values):\n"
            + "\n".join(problems)
        )
    lines = [
        "# ruff: noqa: E501",
        '"""The core\'s messages for people, marked for pyside6-lupdate (context',
        '"ServiceError"). Generated by ``python -m ui.language update`` from the',
        "templates raised in counterapp/, devices/ and printing/ (ui.language.core_messages);",
        'do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication",
        "",
        "MESSAGES = (",
    ]
    plural = sorted(t for t in found if "%n" in t)
    for template in sorted(t for t in found if "%n" not in t):
        lines.append(f'    QT_TRANSLATE_NOOP("ServiceError", {template!r}),')
    lines += [
        ")",
        "",
        "",
        "def plurals(n: int) -> tuple[str, ...]:",
        '    """The messages with a count (``%n``): lupdate files them as plural forms."""',
        "    return (",
    ]
    for template in plural:
        lines.append(f'        QCoreApplication.translate("ServiceError", {template!r}, None, n),')
    lines += ["    )", "", "", f"PLURALS = {tuple(plural)!r}", ""]
    return "\n".join(lines)


def update_sources() -> None:
    """Re-extract the messages of ``ui/`` into every ``.ts`` (a translator's step),
    the core's messages first gathered into ui/core_messages.py."""
    lupdate = _tool("pyside6-lupdate")
    if lupdate is None:
        raise RuntimeError("pyside6-lupdate is not installed (it comes with PySide6)")
    write_core_messages()
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
    ``symbol=False`` is the plain figure put into an amount field to be typed
    over (``1234,56`` in French, ``1234.56`` in English), which ``parse_amount``
    reads back."""
    if not symbol:
        return money.amount_field_text(cents, _current.language)
    return i18n.money(cents, _current.language)


def parse_amount(text: str, *, allow_zero: bool = False) -> int:
    """What the associate typed in an amount field, read in the window's language
    (``12,50`` and ``1 234,50 $`` in French, ``12.50`` and ``$1,234.50`` in English);
    an AmountError (a message) when it is not an amount."""
    return money.parse_amount(text, allow_zero=allow_zero, language=_current.language)


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
