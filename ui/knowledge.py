"""The knowledge base at the desk and at the greeter's stand (issue 16).

``KnowledgeDialog`` searches head office's articles as the associate types
(accents ignored, English and French), shows the one chosen with what to
bring, fees, hours, eligibility and the owning department, records an
inquiry answered from it (a resolved tier-1 inquiry) and, at the station,
hands what the desk cannot answer to the department through intake.

``install_knowledge`` adds the *Questions* menu (Ctrl+K) to a window, and at
the station shows a service's key points when it joins the visit.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counterapp.services.auth import StaffIdentity
from counterapp.services.changes import Change, changes
from counterapp.services.knowledge import (
    Article,
    ArticleHit,
    InquiryRecorded,
    RecordInquiry,
    article_for_service,
    find_articles,
    get_article,
    record_inquiry,
)
from ui.context import StationContext
from ui.language import current_language
from ui.messages import error_text
from ui.ops import database_lane, queue_lane

if TYPE_CHECKING:
    from ui.station_window import StationWindow

KEY = "Ctrl+K"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Knowledge", text)


def ui_language() -> str:
    """The window's language, for the article shown first."""
    return current_language()


def article_html(article: Article) -> str:
    """The article as the associate reads it out: sections in a fixed order."""
    esc = html.escape
    parts = [f"<h2>{esc(article.title)}</h2>"]
    meta = _tr("Department: %1").replace("%1", esc(article.department or _tr("not given")))
    parts.append(f"<p><b>{meta}</b> · {esc(article.language.upper())}</p>")
    if article.summary:
        parts.append(f"<p>{esc(article.summary)}</p>")
    if article.key_points:
        items = "".join(f"<li>{esc(p)}</li>" for p in article.key_points)
        parts.append(f"<h3>{esc(_tr('Key points'))}</h3><ul>{items}</ul>")
    for heading, body in (
        (_tr("What to bring"), article.bring),
        (_tr("Fees"), article.fees),
        (_tr("Hours"), article.hours),
        (_tr("Who is eligible"), article.eligibility),
        (_tr("More"), article.body),
    ):
        if body:
            parts.append(f"<h3>{esc(heading)}</h3><p>{esc(body)}</p>")
    return "".join(parts)


class KnowledgeDialog(QDialog):
    """Search, read, record the answer; ``hand_off`` is given at the station only."""

    answered = Signal(object)  # InquiryRecorded

    def __init__(
        self,
        ctx: StationContext,
        staff: StaffIdentity,
        parent: QWidget | None = None,
        *,
        channel: str = "desk",
        text: str = "",
        ticket_id: Callable[[], str | None] = lambda: None,
        hand_off: Callable[[Article], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.staff = staff
        self._channel = channel
        self._ticket_id = ticket_id
        self._hand_off = hand_off
        self._runner = database_lane()
        self._generation = 0
        self._busy = False
        self.article: Article | None = None
        self.hits: list[ArticleHit] = []
        self.setObjectName("knowledgeDialog")
        self.setWindowTitle(self.tr("Knowledge base"))
        self.setAccessibleName(self.tr("Knowledge base"))
        self.resize(1100, 620)

        root = QVBoxLayout(self)
        top = QHBoxLayout()
        search_label = QLabel(self.tr("&Search the articles:"), self)
        self.search = QLineEdit(self)
        self.search.setObjectName("kbSearch")
        self.search.setAccessibleName(self.tr("Search the knowledge base"))
        self.search.setPlaceholderText(self.tr("A few words: dog licence, permis chien, garbage…"))
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        language_label = QLabel(self.tr("&Language:"), self)
        self.language = QComboBox(self)
        self.language.setObjectName("kbLanguage")
        self.language.setAccessibleName(self.tr("Language of the articles"))
        self.language.addItem(self.tr("English and French"), "")
        self.language.addItem(self.tr("English"), "en")
        self.language.addItem(self.tr("French"), "fr")
        language_label.setBuddy(self.language)
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(language_label)
        top.addWidget(self.language)
        root.addLayout(top)

        body = QHBoxLayout()
        left = QVBoxLayout()
        results_label = QLabel(self.tr("&Results:"), self)
        self.results = QListWidget(self)
        self.results.setObjectName("kbResults")
        self.results.setAccessibleName(self.tr("Matching articles"))
        self.results.setAccessibleDescription(
            self.tr("Head office's articles matching the question; the chosen one is shown beside")
        )
        self.results.setWordWrap(True)
        results_label.setBuddy(self.results)
        left.addWidget(results_label)
        left.addWidget(self.results, 1)
        body.addLayout(left, 2)
        right = QVBoxLayout()
        self.view = QTextBrowser(self)
        self.view.setObjectName("kbArticle")
        self.view.setAccessibleName(self.tr("The article"))
        self.view.setOpenLinks(False)
        right.addWidget(self.view, 1)
        body.addLayout(right, 3)
        root.addLayout(body, 1)

        self.message = QLabel(self)
        self.message.setObjectName("kbMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        root.addWidget(self.message)
        buttons = QHBoxLayout()
        self.answered_button = QPushButton(self.tr("&Answered: record it (Ctrl+Enter)"), self)
        self.answered_button.setObjectName("kbAnswered")
        self.answered_button.setAccessibleName(
            self.tr("The question is answered: record a resolved inquiry")
        )
        self.answered_button.setAutoDefault(False)
        self.answered_button.clicked.connect(self.record_answered)
        buttons.addWidget(self.answered_button)
        self.hand_off_button = QPushButton(self.tr("&Hand off to the department…"), self)
        self.hand_off_button.setObjectName("kbHandOff")
        self.hand_off_button.setAccessibleName(
            self.tr("Not answered here: hand the request to the owning department")
        )
        self.hand_off_button.setAutoDefault(False)
        self.hand_off_button.clicked.connect(self.hand_off)
        self.hand_off_button.setVisible(hand_off is not None)
        buttons.addWidget(self.hand_off_button)
        buttons.addStretch(1)
        close = QPushButton(self.tr("&Close (Esc)"), self)
        close.setObjectName("kbClose")
        close.setAccessibleName(self.tr("Close the knowledge base"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        root.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.record_answered)

        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._open_current)
        self.language.currentIndexChanged.connect(lambda _i: self._search(self.search.text()))
        self.results.currentRowChanged.connect(self._show_row)
        self.results.itemActivated.connect(lambda _item: self.view.setFocus())
        self.search.installEventFilter(self)
        self._set_article(None)
        if text:
            self.search.setText(text)
        self.search.setFocus()

    # ----- searching ----------------------------------------------------
    def _search(self, text: str) -> None:
        self._generation += 1
        generation = self._generation
        language = str(self.language.currentData() or "") or None
        read = self.ctx.read
        self._runner.run(
            lambda: find_articles(read(), text, language=language),
            lambda hits: self._found(generation, text, hits),
            self._failed,
        )

    def _found(self, generation: int, text: str, hits: list[ArticleHit]) -> None:
        if generation != self._generation:
            return  # the associate typed on; a newer answer is coming
        self.hits = hits
        self.results.blockSignals(True)
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.title}  [{hit.language.upper()}]\n   {hit.department}")
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            item.setToolTip(hit.summary)
            self.results.addItem(item)
        self.results.blockSignals(False)
        if hits:
            self.say(self.tr("%n article(s) found.", "", len(hits)))
            self.results.setCurrentRow(0)
            self._show_row(0)
        else:
            self._set_article(None)
            if text.strip():
                self.say(
                    self.tr(
                        "No article matches. Try fewer or other words, or hand the question "
                        "to the department."
                    )
                )
            else:
                self.say("")

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.hits):
            return
        article_id, read = self.hits[row].id, self.ctx.read
        self._runner.run(
            lambda: get_article(read(), article_id),
            self._shown,
            self._failed,
        )

    def _shown(self, article: Article) -> None:
        row = self.results.currentRow()
        if 0 <= row < len(self.hits) and self.hits[row].id != article.id:
            return  # the choice moved on meanwhile
        self._set_article(article)

    def _set_article(self, article: Article | None) -> None:
        self.article = article
        if article is None:
            self.view.setHtml(
                "<p>"
                + html.escape(self.tr("Type a few words; the articles appear as you type."))
                + "</p>"
            )
        else:
            self.view.setHtml(article_html(article))
        self.answered_button.setEnabled(article is not None and not self._busy)
        self.hand_off_button.setEnabled(article is not None)

    def _open_current(self) -> None:
        if self.article is not None:
            self.view.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            obj is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            count = self.results.count()
            if count:
                self.results.setCurrentRow(max(0, min(count - 1, self.results.currentRow() + step)))
            return True
        return super().eventFilter(obj, event)

    # ----- acting -------------------------------------------------------
    def record_answered(self) -> None:
        if self.article is None or self._busy:
            return
        cmd = RecordInquiry(self.staff, self.article.id, self._ticket_id(), self._channel)
        now = self.ctx.clock()
        self._busy = True
        self.answered_button.setEnabled(False)
        self._runner.run(
            lambda: record_inquiry(self.ctx.uow(), cmd, now=now),
            self._recorded,
            self._failed,
            changes=changes(Change.RECORDS),
        )

    def _recorded(self, result: InquiryRecorded) -> None:
        self._busy = False
        self.answered_button.setEnabled(self.article is not None)
        self.say(
            self.tr("Recorded: inquiry answered from “%1”, resolved at first contact.").replace(
                "%1", result.article_title
            )
        )
        self.answered.emit(result)
        self.search.setFocus()
        self.search.selectAll()

    def hand_off(self) -> None:
        if self.article is not None and self._hand_off is not None:
            article = self.article
            self.accept()
            self._hand_off(article)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.answered_button.setEnabled(self.article is not None)
        self.say(error_text(exc), error=True)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")


class Knowledge:
    """The knowledge base wired into one window (station or greeter)."""

    def __init__(
        self,
        window: QMainWindow,
        ctx: StationContext,
        staff: StaffIdentity,
        *,
        channel: str,
        menu_title: str,
    ) -> None:
        self.window = window
        self.ctx = ctx
        self.staff = staff
        self.channel = channel
        self.dialog: KnowledgeDialog | None = None
        self.last_inquiry: InquiryRecorded | None = None
        self.menu = window.menuBar().addMenu(menu_title)
        self.menu.setObjectName("questionsMenu")
        self.action = QAction(_tr("&Knowledge base…"), window)
        self.action.setObjectName("openKnowledge")
        self.action.setShortcut(QKeySequence(KEY))
        self.action.triggered.connect(lambda: self.open())
        self.menu.addAction(self.action)
        window.addAction(self.action)  # the key works wherever the focus is
        self.ticket_id: Callable[[], str | None] = lambda: None
        self.hand_off: Callable[[Article], None] | None = None
        self.key_points: KeyPoints | None = None
        self.station_queue: Callable[[], Any] = lambda: getattr(window, "sq", None)

    def open(self, text: str = "") -> KnowledgeDialog:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            if text:
                self.dialog.search.setText(text)
            return self.dialog
        dialog = KnowledgeDialog(
            self.ctx,
            self.staff,
            self.window,
            channel=self.channel,
            text=text,
            ticket_id=self.ticket_id,
            hand_off=self.hand_off,
        )
        dialog.answered.connect(self._answered)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.search.setFocus()
        return dialog

    def _answered(self, result: InquiryRecorded) -> None:
        """The inquiry is recorded; it also joins the queue's day figures (first-time
        resolution) as an "answered" event, on the queue's own lane."""
        self.last_inquiry = result
        sq = self.station_queue()
        if sq is None:
            return
        actor = sq.actor(self.staff)
        queue_lane(sq.shared).run(
            lambda: sq.backend.answered(
                actor, article_id=result.article_id, ticket_id=result.ticket_id
            ),
            lambda _version: None,
            self._not_counted,
            changes=changes(Change.WALK_IN_QUEUE),
        )

    def _not_counted(self, exc: Exception) -> None:
        if self.dialog is not None:
            self.dialog.say(
                _tr("Recorded, but not counted in the queue's figures: %1").replace(
                    "%1", error_text(exc)
                ),
                error=True,
            )

    def _closed(self, dialog: KnowledgeDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()


class KeyPoints(QObject):
    """At the station: a service joining the visit shows its article's key points."""

    def __init__(self, window: StationWindow) -> None:
        super().__init__(window)
        self.window = window
        self.shown: Article | None = None
        self._runner = database_lane()
        window.model.rowsInserted.connect(self._added)

    def _added(self, _parent: QModelIndex, first: int, _last: int) -> None:
        lines = self.window.model.lines
        if not 0 <= first < len(lines):
            return
        code = lines[first].service.code
        read, language = self.window.ctx.read, ui_language()
        self._runner.run(
            lambda: article_for_service(read(), code, language=language),
            self._found,
            lambda _exc: None,  # key points are a help; the line is added either way
        )

    def _found(self, article: Article | None) -> None:
        self.shown = article
        if article is None or not article.key_points:
            return
        points = " · ".join(article.key_points)
        added = self.window.message.text()
        self.window.say(
            f"{added}\n"
            + _tr("%1 — %2 (Ctrl+K: the article)")
            .replace("%1", article.title)
            .replace("%2", points)
        )


def install_knowledge(window: StationWindow) -> Knowledge:
    """The station window's hook: the Questions menu, Ctrl+K (with what the
    service search holds), hand-off to intake, and key points on adding."""
    knowledge = Knowledge(
        window, window.ctx, window.staff, channel="desk", menu_title=_tr("&Questions")
    )

    def current_ticket() -> str | None:
        panel: Any = getattr(window, "queue_panel", None)
        current = getattr(panel, "current", None)
        return getattr(current, "id", None)

    def hand_off(article: Article) -> None:
        window.open_intake(kind="request", department=article.department)
        dialog = window.intake_dialog
        if dialog is not None and not dialog.subject.text():
            dialog.subject.setText(article.title[:120])

    knowledge.ticket_id = current_ticket
    knowledge.station_queue = lambda: getattr(getattr(window, "queue_panel", None), "sq", None)
    knowledge.hand_off = hand_off
    # From the service search: Ctrl+K opens the articles for what is typed there.
    knowledge.action.triggered.disconnect()
    knowledge.action.triggered.connect(lambda: knowledge.open(_search_words(window)))
    knowledge.key_points = KeyPoints(window)
    return knowledge


def _search_words(window: StationWindow) -> str:
    typed = window.search.text().strip()
    return "" if any(ch.isdigit() for ch in typed) else typed


def install_greeter_knowledge(window: Any) -> Knowledge:
    """The greeter's window: the same search, recorded as the greeter's answer."""
    return Knowledge(
        window, window.ctx, window.staff, channel="greeter", menu_title=_tr("&Questions")
    )
