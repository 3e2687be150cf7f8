"""The knowledge base through the real widgets, offscreen (issue 16): Ctrl+K
from anywhere in the station window (with what the service search holds),
results as typed, the article's sections, "Answered" records a resolved
inquiry; adding a service shows its article's key points; the greeter
searches too; a question the desk cannot answer goes to intake."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from counterapp.db.models import Inquiry
from counterapp.db.uow import UnitOfWork
from tests.ui_support import make_ctx, signed_in
from ui.greeter_window import GreeterWindow
from ui.knowledge import KnowledgeDialog
from ui.station_window import StationWindow


def station(qtbot, ctx) -> StationWindow:
    window = signed_in(qtbot, ctx, StationWindow, "alex", "counter")
    qtbot.waitUntil(lambda: window.results.count() > 0)
    return window


def inquiries(station_db) -> list[tuple[str, str, str]]:
    with UnitOfWork(station_db, readonly=True) as uow:
        return [
            (r.article_title, r.channel, r.outcome)
            for r in uow.session.scalars(select(Inquiry).order_by(Inquiry.at))
        ]


def open_with_keys(qtbot, window) -> KnowledgeDialog:
    qtbot.keyClick(window.search, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.knowledge.dialog is not None)
    dialog = window.knowledge.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_search_as_you_type_read_the_article_and_record_the_answer(qtbot, tmp_path, station_db):
    window = station(qtbot, make_ctx(tmp_path, station_db))
    dialog = open_with_keys(qtbot, window)
    qtbot.waitUntil(dialog.search.hasFocus)
    qtbot.keyClicks(dialog.search, "permis chien")  # French, no accents needed
    qtbot.waitUntil(
        lambda: dialog.article is not None and dialog.article.title == "Permis pour chien"
    )
    shown = dialog.view.toPlainText()
    for part in ("Services", "15,00 $", "What to bring", "Fees", "Hours", "Who is eligible"):
        assert part in shown, part
    assert "Animal Services" in shown  # the owning department
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Recorded" in dialog.message.text())
    assert inquiries(station_db) == [("Permis pour chien", "desk", "resolved")]


def test_arrow_keys_choose_another_article(qtbot, tmp_path, station_db):
    window = station(qtbot, make_ctx(tmp_path, station_db))
    dialog = open_with_keys(qtbot, window)
    qtbot.keyClicks(dialog.search, "licence")
    qtbot.waitUntil(lambda: len(dialog.hits) > 1 and dialog.article is not None)
    first = dialog.article.id
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.article is not None and dialog.article.id != first)
    assert dialog.article.id == dialog.hits[1].id


def test_nothing_found_says_what_to_do(qtbot, tmp_path, station_db):
    window = station(qtbot, make_ctx(tmp_path, station_db))
    dialog = open_with_keys(qtbot, window)
    qtbot.keyClicks(dialog.search, "zzzqqq")
    qtbot.waitUntil(lambda: "No article matches" in dialog.message.text())
    assert not dialog.answered_button.isEnabled()


def test_from_the_service_search_the_words_typed_carry_over(qtbot, tmp_path, station_db):
    window = station(qtbot, make_ctx(tmp_path, station_db))
    qtbot.keyClicks(window.search, "garbage")
    dialog = open_with_keys(qtbot, window)
    assert dialog.search.text() == "garbage"
    qtbot.waitUntil(lambda: dialog.article is not None)
    assert dialog.article.department == "Public Works"


def test_adding_a_service_shows_its_articles_key_points(qtbot, tmp_path, station_db):
    window = station(qtbot, make_ctx(tmp_path, station_db))
    qtbot.keyClicks(window.search, "tax certificate")
    qtbot.waitUntil(lambda: window.results.count() > 0)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    qtbot.waitUntil(lambda: "five business days" in window.message.text())
    assert "Added Tax certificate" in window.message.text()


def test_a_question_the_desk_cannot_answer_goes_to_the_department(qtbot, tmp_path, station_db):
    window = station(qtbot, make_ctx(tmp_path, station_db))
    dialog = open_with_keys(qtbot, window)
    qtbot.keyClicks(dialog.search, "parking ticket")
    qtbot.waitUntil(lambda: dialog.article is not None)
    dialog.hand_off_button.click()
    qtbot.waitUntil(lambda: window.intake_dialog is not None and window.intake_dialog.isVisible())
    intake = window.intake_dialog
    qtbot.waitUntil(lambda: intake.department.currentText() == "By-law Services")
    assert intake.subject.text() == "Parking tickets: pay or dispute"
    assert inquiries(station_db) == []  # handed off, not answered


def test_the_greeter_searches_and_answers_too(qtbot, tmp_path, station_db):
    window = signed_in(qtbot, make_ctx(tmp_path, station_db), GreeterWindow, "gail", "greeter")
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=10_000)
    window.knowledge.action.trigger()
    dialog = window.knowledge.dialog
    assert dialog is not None
    assert not dialog.hand_off_button.isVisible()
    qtbot.keyClicks(dialog.search, "marriage")
    qtbot.waitUntil(lambda: dialog.article is not None)
    dialog.answered_button.click()
    qtbot.waitUntil(lambda: bool(inquiries(station_db)))
    assert inquiries(station_db) == [("Marriage licences", "greeter", "resolved")]


def test_an_answer_at_the_desk_joins_the_queues_figures(qtbot, tmp_path, station_db):
    from counterapp.queue.measures import summarise

    window = station(qtbot, make_ctx(tmp_path, station_db))
    panel = window.queue_panel
    qtbot.waitUntil(lambda: panel.sq is not None, timeout=10_000)
    dialog = open_with_keys(qtbot, window)
    qtbot.keyClicks(dialog.search, "garbage")
    qtbot.waitUntil(lambda: dialog.article is not None)
    dialog.answered_button.click()
    qtbot.waitUntil(lambda: window.knowledge.last_inquiry is not None)
    sq = panel.sq
    s = sq.settings
    day = window.knowledge.last_inquiry.at.astimezone(s.zone).date().isoformat()

    def figures():
        return summarise(
            sq.backend.events_of_day(day), day=day, zone=s.zone, standard=s.in_person_standard
        )

    qtbot.waitUntil(lambda: figures().inquiries_answered == 1, timeout=10_000)
    assert figures().first_time_resolution == 1.0
