"""The French catalogue (issue 13): every message translated, up to date with
the source, its placeholders and accelerators kept; and the real windows and
dialogs in French show no English from the catalogue and still fit 1366x768."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableView,
    QWidget,
)

from tests.window_walk import close, make_ctx, openers
from ui.language import LUPDATE_ARGS, _tool, set_language, ts_path
from ui.ops import OpRunner

PLACEHOLDER = re.compile(r"%[0-9n]|\{[a-z_0-9]*\}")


def _messages(path: Path) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter("message"))


def _translations(message: ET.Element) -> list[str]:
    tr = message.find("translation")
    assert tr is not None
    forms = tr.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [tr.text or ""]


def test_every_message_in_the_french_catalogue_is_translated():
    problems = []
    for message in _messages(ts_path("fr")):
        source = message.findtext("source") or ""
        tr = message.find("translation")
        assert tr is not None
        if tr.get("type") in ("unfinished", "obsolete", "vanished"):
            problems.append(f"{tr.get('type')}: {source!r}")
            continue
        forms = _translations(message)
        if message.get("numerus") == "yes" and len(forms) != 2:
            problems.append(f"French has two plural forms: {source!r}")
        for text in forms:
            if not text.strip():
                problems.append(f"empty: {source!r}")
            if sorted(set(PLACEHOLDER.findall(text))) != sorted(set(PLACEHOLDER.findall(source))):
                problems.append(f"placeholders differ: {source!r} -> {text!r}")
            if source.replace("&&", "").count("&") != text.replace("&&", "").count("&"):
                problems.append(f"keyboard accelerator lost or added: {source!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_the_catalogue_is_up_to_date_with_the_source(tmp_path):
    """lupdate over ui/ finds no new (unfinished) message and no obsolete one."""
    lupdate = _tool("pyside6-lupdate")
    assert lupdate is not None
    copy = tmp_path / ts_path("fr").name
    shutil.copy(ts_path("fr"), copy)
    sources = sorted(str(p) for p in (Path(__file__).parents[1] / "ui").glob("*.py"))
    args = [a for a in LUPDATE_ARGS if a != "-no-obsolete"]
    subprocess.run([lupdate, *args, *sources, "-ts", str(copy)], check=True, capture_output=True)
    stale = [
        f"{(m.find('translation').get('type'))}: {m.findtext('source')!r}"  # type: ignore[union-attr]
        for m in _messages(copy)
        if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")  # type: ignore[union-attr]
    ]
    assert not stale, "run `python -m ui.language update` and translate:\n" + "\n".join(stale)


def _english_sources() -> set[str]:
    """Source texts that read differently in French (a French word alike in both,
    "Total", "Notes", is not English left behind)."""
    english = set()
    for message in _messages(ts_path("fr")):
        source = message.findtext("source") or ""
        if PLACEHOLDER.search(source) or len(source) < 3:
            continue
        if all(t != source for t in _translations(message)):
            english.add(source)
            english.add(source.replace("&", ""))
    return english


def visible_texts(top: QWidget) -> list[str]:
    texts = [top.windowTitle()]
    widgets = [top, *top.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(top) and not isinstance(w, QMenu):
            continue
        if w.objectName().startswith("language_"):
            continue  # each language is named in itself: "English" stays English
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QMenu):
            texts.append(w.title())
            texts.extend(
                a.text() for a in w.actions() if not a.objectName().startswith("language_")
            )
        elif isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            texts.extend(
                str(model.headerData(c, Qt.Orientation.Horizontal))
                for c in range(model.columnCount())
            )
        texts.append(w.accessibleName())
        texts.append(w.toolTip())
    return [t for t in texts if t]


@pytest.fixture
def french(qapp):
    set_language("fr")
    yield
    set_language("en")


def test_every_window_and_dialog_in_french_shows_no_english_and_fits(
    qtbot, tmp_path, station_db, french
):
    english = _english_sources()
    ctx = make_ctx(tmp_path, station_db)
    found: list[str] = []
    misfits: list[str] = []
    seen = 0
    for name, open_ in openers(qtbot, ctx):
        widget = open_()
        QApplication.processEvents()
        seen += 1
        for text in visible_texts(widget):
            if text in english or text.replace("&", "") in english:
                found.append(f"{name}: {text!r}")
        need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        if need.width() > 1366 or need.height() > 768 - 48:
            misfits.append(f"{name}: needs {need.width()}x{need.height()} in French")
        if not isinstance(widget, QMainWindow):
            hint = widget.sizeHint()
            if hint.width() > 1366 or hint.height() > 768 - 48:
                misfits.append(f"{name}: opens at {hint.width()}x{hint.height()} in French")
        for lane in widget.findChildren(OpRunner):
            lane.wait(5_000)  # nothing of this dialog still runs when it goes
        close(widget)
    assert seen > 20
    assert not found, "English left in French:\n" + "\n".join(sorted(set(found)))
    assert not misfits, "\n".join(misfits)


def test_the_station_window_reads_french(qtbot, tmp_path, station_db, french):
    ctx = make_ctx(tmp_path, station_db)
    window = dict(openers(qtbot, ctx))["station window"]()
    assert isinstance(window, QMainWindow)
    window.resize(1366, 768 - 48)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Comptoir" in titles and "&Tiroir" in titles
    texts = visible_texts(window)
    for expected in ("&Trouver un service (F2)\u00a0:", "Nouvelle visite (Ctrl+N)", "&Encaisser"):
        assert expected in texts, expected
    assert window.statusBar().currentMessage() == "F1 affiche les raccourcis clavier."


def test_every_label_the_core_hands_the_window_is_in_the_catalogue():
    from counterapp.domain.cash_count import CAD_DENOMINATIONS
    from counterapp.services.auth import Role
    from counterapp.services.sales import TENDER_LABELS
    from ui.core_labels import LABELS

    labels = {d.label for d in CAD_DENOMINATIONS} | set(TENDER_LABELS.values())
    labels |= {role.value for role in Role}
    assert labels <= LABELS, f"add to ui/core_labels.py: {sorted(labels - LABELS)}"


BAD_AMOUNTS = ["", "-5", "1" * 21, "abc", "12.345", "99999999999", "0"]


@pytest.mark.parametrize("typed", BAD_AMOUNTS)
def test_amount_errors_carry_a_message_id_the_catalogue_has(typed: str) -> None:
    from counterapp.domain.money import AmountError, parse_amount
    from ui.core_messages import MESSAGES

    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    assert caught.value.template in MESSAGES  # one message per kind, never per value
    assert typed not in caught.value.template or not typed


# --- the core's messages: ids and named values, gathered from the source (issue 13) ---


def test_no_core_message_is_a_sentence_built_from_values():
    """Every error the core raises for people (and every message it hands the
    window) is a constant template with named values: ast finds none built with
    an f-string, %, .format(), + or str()."""
    from ui.language import core_messages

    found, problems = core_messages()
    assert not problems, "use a template and named values:\n" + "\n".join(problems)
    assert len(found) > 200  # the scan sees the core's messages, not an empty tree
    assert "No receipt {receipt} at this station." in found
    assert found["The tender is short: {due_cents} is still due."] == {"due_cents"}  # super()
    assert "{device}: out of paper" in found  # kept in a table through message_id()


def test_the_scan_catches_a_message_built_from_values(tmp_path):
    from ui.language import _core_files, core_messages

    bad = tmp_path / "bad.py"
    bad.write_text(
        "from counterapp.services.errors import ServiceError\n"
        "from devices.errors import PortUnavailable\n"
        "def f(n, exc):\n"
        "    raise ServiceError(f'No receipt {n} at this station.')\n"
        "def g(n):\n"
        "    raise ServiceError('Receipt %s is gone.' % n)\n"
        "def h(n):\n"
        "    raise ServiceError('Receipt {0}.'.format(n))\n"
        "def i(n):\n"
        "    raise PortUnavailable('Port ' + n, device='x')\n"
        "def j(exc):\n"
        "    raise ServiceError(str(exc))\n"
        "def k(n):\n"
        "    raise ServiceError('No receipt {receipt} here.', receipt=n)\n"
    )
    found, problems = core_messages([*_core_files(), bad])
    assert [p.split(":")[1] for p in problems] == ["4", "6", "8", "10", "12"]
    assert found["No receipt {receipt} here."] == {"receipt"}


def test_the_generated_core_messages_module_is_up_to_date():
    """ui/core_messages.py is what ``python -m ui.language update`` writes from
    the core now: a new core message cannot miss the catalogue."""
    from ui.language import CORE_MESSAGES, core_messages_source

    assert CORE_MESSAGES.read_text(encoding="utf-8") == core_messages_source(), (
        "run `python -m ui.language update` and translate the new messages"
    )


def test_every_core_message_is_finished_in_the_french_catalogue():
    from ui.language import core_messages

    found, _ = core_messages()
    catalogue = {}
    for context in ET.parse(ts_path("fr")).getroot().iter("context"):
        if context.findtext("name") == "ServiceError":
            for message in context.iter("message"):
                catalogue[message.findtext("source")] = message
    problems = []
    for template, names in sorted(found.items()):
        message = catalogue.get(template)
        if message is None:
            problems.append(f"missing: {template!r}")
            continue
        tr = message.find("translation")
        assert tr is not None
        if tr.get("type") in ("unfinished", "obsolete", "vanished"):
            problems.append(f"{tr.get('type')}: {template!r}")
        if ("%n" in template) != (message.get("numerus") == "yes"):
            problems.append(f"a count (%n) is a plural message: {template!r}")
        for text in _translations(message):
            if set(re.findall(r"\{(\w*)\}", text)) != set(re.findall(r"\{(\w*)\}", template)):
                problems.append(f"names differ: {template!r} -> {text!r}")
        unnamed = names - {"device", "port", "count"} - set(re.findall(r"\{(\w*)\}", template))
        if unnamed:
            problems.append(f"values the template does not name: {template!r} {unnamed}")
    assert not problems, "\n".join(problems)


def test_amount_errors_read_french_with_their_values_in_the_window(french) -> None:
    from counterapp.domain.money import AmountError, parse_amount
    from ui.messages import error_text

    with pytest.raises(AmountError) as caught:
        parse_amount("abc")
    assert str(caught.value).startswith("'abc' is not an amount")  # the English stays
    assert error_text(caught.value) == (
        "«\u00a0abc\u00a0» n’est pas un montant. Tapez des chiffres, par exemple 20 ou 20,50."
    )
    with pytest.raises(AmountError) as caught:
        parse_amount("99999999999")
    assert str(caught.value) == "$99,999,999,999.00 is more than the counter accepts in one amount."
    assert error_text(caught.value) == (
        "99\u00a0999\u00a0999\u00a0999,00\u00a0$ dépasse ce que le comptoir accepte "
        "en un seul montant."
    )


def test_english_says_one_line_and_two_lines_not_line_s(qapp, tmp_path):
    """English is the source language, but a message with a count ("%n line(s)") still
    needs its two English forms: the English catalogue holds just those (lupdate
    -pluralonly), every one finished, and the window reads "1 article", "2 articles"."""
    lupdate = _tool("pyside6-lupdate")
    assert lupdate is not None
    copy = tmp_path / ts_path("en").name
    shutil.copy(ts_path("en"), copy)
    sources = sorted(str(p) for p in (Path(__file__).parents[1] / "ui").glob("*.py"))
    args = [a for a in LUPDATE_ARGS if a != "-no-obsolete"]
    subprocess.run(
        [lupdate, *args, "-pluralonly", *sources, "-ts", str(copy)], check=True, capture_output=True
    )
    problems = []
    for message in _messages(copy):
        source = message.findtext("source") or ""
        tr = message.find("translation")
        assert tr is not None and message.get("numerus") == "yes", source
        forms = _translations(message)
        if tr.get("type") or len(forms) != 2 or not all(f.strip() for f in forms):
            problems.append(source)
        elif any("(s)" in form for form in forms):
            problems.append(f"still says (s): {forms}")
    assert not problems, "translate the English plural forms:\n" + "\n".join(problems)
    set_language("fr")
    set_language("en")
    found = QCoreApplication.translate("KnowledgeDialog", "%n article(s) found.", "", 1)
    assert found == "1 article found."
    assert QCoreApplication.translate("KnowledgeDialog", "%n article(s) found.", "", 2) == (
        "2 articles found."
    )


def test_core_errors_read_french_with_their_values_in_a_french_window(
    qtbot, tmp_path, station_db, french
):
    """Errors raised by the core itself, shown by the window in French: the
    template translated once, the values filled, money as 12,50 $."""
    from counterapp.db.uow import UnitOfWork
    from counterapp.domain.cash_count import CashCount, CountError
    from counterapp.domain.devices import DeviceState, DeviceStatus
    from counterapp.domain.tender import ShortTender, TenderInput, TenderKind, settle
    from counterapp.queue.engine import QueueError
    from counterapp.services.approval import ApprovalNeeded
    from counterapp.services.auth import login
    from counterapp.services.drawer.movements import RecordPaidOut, record_paid_out
    from devices.station_devices import DeviceRefused
    from ui.messages import error_text

    nb = "\u00a0"
    with pytest.raises(ShortTender) as short:
        settle(3955, [TenderInput(TenderKind.CASH, 2705)])
    assert str(short.value) == "The tender is short: $12.50 is still due."  # logs: English
    assert (
        error_text(short.value) == f"Le paiement est insuffisant{nb}: il reste 12,50{nb}$ à payer."
    )

    with pytest.raises(CountError) as bad_count:
        CashCount.of({"20": -3})
    assert str(bad_count.value) == "The number of $20 notes cannot be negative."
    assert error_text(bad_count.value) == (
        f"Le champ «{nb}Billets de 20{nb}$ (nombre){nb}» ne peut pas être négatif."
    )

    refused = DeviceRefused(
        DeviceStatus(DeviceState.PAPER_OUT, "Receipt printer: out of paper"),
        device="Imprimante de reçus",
    )
    assert error_text(refused) == f"Imprimante de reçus{nb}: plus de papier"

    recall = QueueError(
        "Recall {label} %n time(s) before marking a no-show (recalled {recalls} so far).",
        label="A-12", count=2, recalls=1,
    )  # fmt: skip
    assert str(recall).startswith("Recall A-12 2 times before")
    assert error_text(recall) == (
        f"Rappelez A-12 2 fois avant de l’inscrire comme absent (rappels jusqu’ici{nb}: 1)."
    )

    ctx = make_ctx(tmp_path, station_db)
    who = login(UnitOfWork(ctx.session_factory), "alex", "counter")
    with pytest.raises(ApprovalNeeded) as needs:
        record_paid_out(UnitOfWork(ctx.session_factory), RecordPaidOut(who, 123_450, "Timbres"))
    assert error_text(needs.value) == (
        f"Un décaissement de 1{nb}234,50{nb}$ exige l’approbation d’un superviseur."
    )
