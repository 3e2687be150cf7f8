"""How the window looks for the signed-in user (issue 13): standard or high
contrast colours, normal, large or larger text, and a focus ring that is
always visible. Chosen per user (Counter ▸ Display), remembered like the
language (``counterapp.services.preferences``), applied at once, without a
restart and without rebuilding the window.

It is applied to the application as a whole: its font (every widget without
a font of its own follows), its palette and its style sheet. A few labels
carry a style sheet of their own (an error in red, a status in green, a
heading at 16 pt); while a display other than the standard one is on, an
application event filter rewrites those as they are set: each colour to its
high-contrast counterpart (each at least 7:1 on black), each point size
scaled with the text. The original is kept on the widget, so going back to
the standard display restores it exactly.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QStyleFactory, QWidget

from counterapp.services.preferences import TEXT_SIZES, THEMES, Display

BASE_POINT_SIZE = 12  # ui.app.READABLE_POINT_SIZE: the normal text
POINT_SIZES = {"normal": BASE_POINT_SIZE, "large": 14, "larger": 16}

# The widgets that take the keyboard's focus, for the focus ring.
FOCUSABLE = (
    "QLineEdit",
    "QAbstractSpinBox",
    "QComboBox",
    "QAbstractItemView",
    "QTextEdit",
    "QPlainTextEdit",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QTabBar",
)

# Standard colours: a 1 px grey edge (4.5:1 on white) unfocused, a 3 px dark
# blue ring (8.6:1 on white) with a pale yellow field when focused. The ring
# takes the room of the margin, so focusing never moves or resizes anything.
STANDARD = {
    "edge": "#767676",
    "ring": "#0b3d91",
    "field_focus": "#fff8c4",
    "button": "#f0f0f0",
    "button_hover": "#e2e2e2",
    "button_pressed": "#cfcfcf",
}
HIGH_CONTRAST = {
    "edge": "#ffffff",
    "ring": "#ffff00",
    "field_focus": "#000000",
    "button": "#000000",
    "button_hover": "#333333",
    "button_pressed": "#4d4d4d",
}

# Colours labels set for themselves, and what high contrast shows instead on
# black: error red, confirmation green, warning amber, alert background.
HIGH_CONTRAST_COLOURS = {
    "#b00020": "#ff8a80",  # 9.3:1 on black
    "#1b5e20": "#69f0ae",  # 14.6:1
    "#8a5a00": "#ffd54f",  # 14.1:1
}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")
_BACKGROUND = re.compile(r"background(?:-color)?:\s*#[0-9a-fA-F]{6}")
_POINTS = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")
_ORIGINAL = "displayOriginalSheet"
_APPLIED = "displayAppliedSheet"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Display", text)


def style_sheet(theme: str) -> str:
    c = HIGH_CONTRAST if theme == "high_contrast" else STANDARD
    fields = "QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QTextEdit, QPlainTextEdit"
    focused = ", ".join(f"{w}:focus" for w in FOCUSABLE)
    sheet = f"""
{fields} {{ border: 1px solid {c["edge"]}; margin: 2px; }}
QPushButton, QToolButton {{
    border: 1px solid {c["edge"]}; margin: 2px; border-radius: 3px;
    padding: 3px 5px; background: {c["button"]};
}}
QPushButton:hover, QToolButton:hover {{ background: {c["button_hover"]}; }}
QPushButton:pressed, QToolButton:pressed {{ background: {c["button_pressed"]}; }}
QPushButton:default {{ border-width: 2px; margin: 1px; }}
QCheckBox, QRadioButton {{ border: 1px solid transparent; margin: 2px; padding: 1px; }}
QTabBar::tab {{ border: 1px solid {c["edge"]}; padding: 4px 10px; margin: 2px; }}
{focused} {{ border: 3px solid {c["ring"]}; margin: 0px; }}
QLineEdit:focus, QAbstractSpinBox:focus, QTextEdit:focus, QPlainTextEdit:focus {{
    background: {c["field_focus"]};
}}
QTabBar::tab:focus {{ border: 3px solid {c["ring"]}; margin: 0px; }}
"""
    if theme == "high_contrast":
        sheet += """
QWidget { color: #ffffff; background: #000000; }
QWidget:disabled { color: #a6a6a6; }
QToolTip { color: #000000; background: #ffff00; border: 1px solid #ffffff; }
QMenuBar::item:selected, QMenu::item:selected { color: #000000; background: #ffff00; }
QAbstractItemView { selection-color: #000000; selection-background-color: #ffff00; }
QHeaderView::section { color: #ffffff; background: #000000; border: 1px solid #ffffff; }
QGroupBox { border: 1px solid #ffffff; margin-top: 1.2em; padding-top: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QStatusBar QLabel { border: 1px solid #ffffff; }
a { color: #ffff00; }
"""
    return sheet


def high_contrast_palette() -> QPalette:
    """Black, white and yellow: text 21:1 on its background, selection 19.6:1."""
    p = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    grey = QColor("#a6a6a6")  # disabled text: 8.7:1 on black
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base,
                 QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Button):  # fmt: skip
        p.setColor(role, black)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText, QPalette.ColorRole.BrightText):  # fmt: skip
        p.setColor(role, white)
    p.setColor(QPalette.ColorRole.Highlight, yellow)
    p.setColor(QPalette.ColorRole.HighlightedText, black)
    p.setColor(QPalette.ColorRole.ToolTipBase, yellow)
    p.setColor(QPalette.ColorRole.ToolTipText, black)
    p.setColor(QPalette.ColorRole.Link, yellow)
    p.setColor(QPalette.ColorRole.PlaceholderText, grey)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):  # fmt: skip
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return p


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        q = QColor(colour)
        parts = []
        for v in (q.redF(), q.greenF(), q.blueF()):
            parts.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def rewrite_sheet(sheet: str, display: Display) -> str:
    """A widget's own style sheet as ``display`` shows it."""
    if display.theme == "high_contrast" and _BACKGROUND.search(sheet):
        # A coloured band (an alert): black on yellow, 19.6:1.
        sheet = _BACKGROUND.sub("background: #ffff00", sheet)
        sheet = re.sub(r"(?<![-\w])color:\s*#[0-9a-fA-F]{6}", "color: #000000", sheet)
        if "color:" not in sheet.replace("background", ""):
            sheet += " color: #000000;"
    elif display.theme == "high_contrast":
        sheet = _COLOUR.sub(lambda m: HIGH_CONTRAST_COLOURS.get(m.group(0).lower(), m.group(0)),
                            sheet)  # fmt: skip
    factor = POINT_SIZES[display.text_size] / BASE_POINT_SIZE
    if factor != 1:
        sheet = _POINTS.sub(lambda m: f"font-size: {float(m.group(1)) * factor:g}pt", sheet)
    return sheet


class _OwnSheets(QObject):
    """Rewrites a widget's own style sheet when it is set, for the display on."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.display = Display()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.StyleChange and isinstance(obj, QWidget):
            self.fix(obj)
        return False

    def fix(self, widget: QWidget) -> None:
        sheet = widget.styleSheet()
        if not sheet or sheet == widget.property(_APPLIED):
            return
        shown = rewrite_sheet(sheet, self.display)
        widget.setProperty(_ORIGINAL, sheet)
        widget.setProperty(_APPLIED, shown)
        if shown != sheet:
            widget.setStyleSheet(shown)


class DisplaySettings:
    """The display applied to the application, changed as a whole."""

    def __init__(self) -> None:
        self.display = Display()
        self._filter: _OwnSheets | None = None
        self._standard_style: str | None = None
        self._base_points: float | None = None
        self._applied = False

    def apply(self, display: Display) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            raise RuntimeError("no application")
        if display.theme not in THEMES or display.text_size not in TEXT_SIZES:
            display = Display()
        if self._applied and display == self.display:
            return  # nothing changes: no widget is repolished for nothing
        self._applied = True
        if self._standard_style is None:
            self._standard_style = app.style().name()
        if self._base_points is None:
            self._base_points = max(app.font().pointSizeF(), BASE_POINT_SIZE)
        self.display = display
        font = app.font()
        # The normal size is the readable one (or the computer's, when larger).
        scale = POINT_SIZES[display.text_size] / BASE_POINT_SIZE
        font.setPointSizeF(round(self._base_points * scale))
        app.setFont(font)
        # High contrast in a style that draws the palette; the computer's otherwise.
        # The style changes only when it must (each change replaces every widget's).
        wanted = "fusion" if display.theme == "high_contrast" else self._standard_style
        if app.style().name().lower() != wanted.lower():
            style = QStyleFactory.create(wanted)
            if style is not None:
                app.setStyle(style)
        if display.theme == "high_contrast":
            app.setPalette(high_contrast_palette())
        else:
            app.setPalette(app.style().standardPalette())
        sheet = style_sheet(display.theme)
        if app.styleSheet() != sheet:
            app.setStyleSheet(sheet)
        # Labels with a sheet of their own: back to it, then (unless standard) rewritten.
        for widget in app.allWidgets():
            original = widget.property(_ORIGINAL)
            if isinstance(original, str) and widget.styleSheet() == widget.property(_APPLIED):
                widget.setProperty(_APPLIED, None)
                widget.setStyleSheet(original)
        if display == Display():
            if self._filter is not None:  # nothing to rewrite: no filter on every event
                app.removeEventFilter(self._filter)
                self._filter.deleteLater()
                self._filter = None
            return
        if self._filter is None:
            self._filter = _OwnSheets(app)
            app.installEventFilter(self._filter)
        self._filter.display = display
        for widget in app.allWidgets():
            self._filter.fix(widget)


_current = DisplaySettings()


def current_display() -> Display:
    return _current.display


def apply_display(display: Display) -> None:
    _current.apply(display)


THEME_NAMES = {
    "standard": QT_TRANSLATE_NOOP("Display", "&Standard colours"),
    "high_contrast": QT_TRANSLATE_NOOP("Display", "&High contrast (black, white, yellow)"),
}
SIZE_NAMES = {
    "normal": QT_TRANSLATE_NOOP("Display", "&Normal text"),
    "large": QT_TRANSLATE_NOOP("Display", "&Large text"),
    "larger": QT_TRANSLATE_NOOP("Display", "La&rger text"),
}


def install_display_menu(window: QWidget, menu: QMenu) -> QMenu:
    """Display ▸ colours and text size, in ``menu`` (the Counter menu). Each choice
    shows at once and is remembered for the signed-in user on the window's lane."""
    display_menu = menu.addMenu(_tr("&Display"))
    display_menu.setObjectName("displayMenu")
    themes, sizes = QActionGroup(display_menu), QActionGroup(display_menu)
    for code, text in THEME_NAMES.items():
        action = QAction(_tr(str(text)), display_menu)
        action.setObjectName(f"display_{code}")
        action.setCheckable(True)
        action.setChecked(current_display().theme == code)
        action.triggered.connect(lambda _c=False, t=code: choose(window, theme=t))
        themes.addAction(action)
        display_menu.addAction(action)
    display_menu.addSeparator()
    for code, text in SIZE_NAMES.items():
        action = QAction(_tr(str(text)), display_menu)
        action.setObjectName(f"display_{code}")
        action.setCheckable(True)
        action.setChecked(current_display().text_size == code)
        action.triggered.connect(lambda _c=False, s=code: choose(window, text_size=s))
        sizes.addAction(action)
        display_menu.addAction(action)
    return display_menu


def choose(window: QWidget, *, theme: str | None = None, text_size: str | None = None) -> None:
    """Show the display chosen at once, then remember it for this user."""
    from counterapp.services.preferences import remember_display

    now = current_display()
    chosen = Display(theme=theme or now.theme, text_size=text_size or now.text_size)
    apply_display(chosen)
    from ui.ops import database_lane

    staff, ctx = getattr(window, "staff", None), getattr(window, "ctx", None)
    if staff is None or ctx is None:
        return
    if theme is not None:
        said = (
            _tr("High contrast is on.")
            if theme == "high_contrast"
            else _tr("Standard colours are on.")
        )
    else:
        said = _tr("The text is now at %1 points.").replace(
            "%1", f"{QApplication.font().pointSizeF():g}"
        )
    say = getattr(window, "say", None)
    failed = getattr(window, "_show_error", None) or (lambda _exc: None)
    database_lane().run(
        lambda: remember_display(ctx.uow(), staff.id, chosen),
        lambda _r: say(said) if callable(say) else None,
        failed,
    )
