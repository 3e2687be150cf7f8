"""Head office's reference data in English and French (issue 13): publish and pull
carry both; the station shows each text in the window's language and prints the
visitor's receipt and ticket in theirs, falling back to English where head office
has no French yet; head office lists what is missing; stations of the previous
protocol and databases of the previous release keep working."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import select, update

from counterapp.db.engine import make_engine, migrate, open_database
from counterapp.db.models import KbArticle, SaleLine, Service
from counterapp.db.uow import UnitOfWork
from counterapp.domain.fees import form_fields
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.server.app import create_app
from counterapp.server.hq.editor import missing_french
from counterapp.server.reference import Publish, ReferenceRejected, publish, publish_file
from counterapp.services import catalogue
from counterapp.services.auth import StaffIdentity
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale
from counterapp.sync.protocol import CHANGES_PATH, PROTOCOL_HEADER
from counterapp.sync.pull import pull_changes
from counterapp.sync.refdata import ChangesPage, ServiceItem
from devices.simulator import decode_escpos
from printing.escpos_receipt import render_receipt
from tests.drawer_support import open_drawers
from tests.sync_support import (
    AppSwitch,
    DemoStation,
    Server,
    auth_headers,
    enrol,
    live_server,
    make_station_template,
    mounted,
    open_station_copy,
)

AT = datetime(2026, 12, 1, 19, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def http() -> Iterator[tuple[AppSwitch, str]]:
    switch = AppSwitch()
    with live_server(switch, lifespan="off") as url:
        yield switch, url


@pytest.fixture
def server(http: tuple[AppSwitch, str], tmp_path: Path) -> Iterator[Server]:
    switch, url = http
    with mounted(switch, create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")) as app:
        yield Server(url, app)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, StaffIdentity]:
    return make_station_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def station(template: tuple[Path, StaffIdentity], tmp_path: Path) -> Iterator[DemoStation]:
    st = open_station_copy(*template, tmp_path / "station")
    with st.session_factory() as s:  # as a station of the previous release held it: English only
        s.execute(update(Service).values(name_fr="", category_fr="", checklist_fr=[]))
        s.execute(update(KbArticle).values(translation_of=""))
        s.commit()
    yield st
    st.engine.dispose()


def _french_sale(station: DemoStation, *codes: str) -> Any:
    return complete_sale(
        UnitOfWork(station.session_factory),
        CompleteSale(
            station.staff,
            tuple(LineRequest(code, 1) for code in codes),
            (TenderInput(TenderKind.CASH, 20000),),
            language="fr",
        ),
        now=AT,
    )


def test_french_published_at_head_office_reaches_the_station_and_the_french_receipt(
    server: Server, station: DemoStation
) -> None:
    enrol(server.app)
    publish_file(server.writers, DEMO_CATALOGUE.read_text(encoding="utf-8"))

    assert pull_changes(station.session_factory, server.url).ok

    with station.session_factory() as s:
        dog = s.get(Service, "LIC-DOG")
        witness = s.get(Service, "BK-WIT")
        article = s.get(KbArticle, "kb-dog-licence-fr")
        assert dog is not None and witness is not None and article is not None
        assert (dog.name_fr, dog.category_fr) == ("Permis de chien", "Permis et licences")
        assert witness.name_fr == ""  # head office has not translated it yet
        assert article.translation_of == "kb-dog-licence-en"
        sterilized = form_fields(dog.rules)[4]
    assert sterilized.label_in("fr") == "Stérilisé"
    assert sterilized.choices_in("fr") == ("Oui", "Non")
    assert sterilized.choices == ("Yes", "No")  # the answer kept, which the fee rule compares

    services = {s.code: s for s in catalogue.list_services(UnitOfWork(station.session_factory))}
    affidavit = services["COM-AFF"]
    assert affidavit.name_in("fr") == "Assermentation – affidavit"
    assert affidavit.checklist_in("fr")[1] == "Le déposant est présent en personne"
    assert affidavit.name_in("en") == "Commissioning – affidavit"
    assert services["BK-WIT"].name_in("fr") == "Ceremony witness (each)"  # the fallback
    # A French word finds the service the associate types it for.
    assert [s.code for s in catalogue.search(list(services.values()), "chien")] == ["LIC-DOG"]

    open_drawers(station.session_factory, station.staff, at=AT)  # head office's site keeps drawers
    sold = _french_sale(station, "CER-TAX", "BK-WIT")
    printed = decode_escpos(render_receipt(sold.receipt, columns=48))
    text = "\n".join(printed).replace("’", "'")
    assert "Certificat d'impôt foncier" in text
    assert "Ceremony witness (each)" in text  # no French yet: the English, not a blank
    assert "Tax certificate" not in text
    assert any(line.startswith("Reçu ") for line in printed)
    with station.session_factory() as s:  # head office's records and the GL keep the English
        lines = s.scalars(select(SaleLine).order_by(SaleLine.line_no)).all()
        assert [ln.description for ln in lines] == ["Tax certificate", "Ceremony witness (each)"]
    english = complete_sale(
        UnitOfWork(station.session_factory),
        CompleteSale(station.staff, (LineRequest("CER-TAX", 1),),
                     (TenderInput(TenderKind.CASH, 5000),), language="en"),
        now=AT,
    )  # fmt: skip
    assert [ln.description for ln in english.receipt.lines] == ["Tax certificate"]


def test_head_office_lists_what_is_missing_in_french(server: Server) -> None:
    publish_file(server.writers, DEMO_CATALOGUE.read_text(encoding="utf-8"))
    with server.app.state.sessions[0]() as s:
        missing = [(m.entity, m.key, str(m.what), m.english) for m in missing_french(s)]
    assert missing == [
        ("service", "BK-WIT", "Name", "Ceremony witness (each)"),
        ("service", "FOI-REQ", "Form label pages", "Pages copied"),
    ]
    # An English article no French one translates is listed too; its translation clears it.
    article = {"id": "kb-snow-en", "title": "Snow clearing", "body": "Priority routes first."}
    publish(server.writers, [Publish("kb_article", article)])
    with server.app.state.sessions[0]() as s:
        assert ("kb_article", "kb-snow-en") in [(m.entity, m.key) for m in missing_french(s)]
    french = {"id": "kb-snow-fr", "title": "Déneigement", "body": "Les grands axes d'abord.",
              "language": "fr", "translation_of": "kb-snow-en"}  # fmt: skip
    services = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))["services"]
    witness = next(s for s in services if s["code"] == "BK-WIT")
    named = {**witness, "name_fr": "Témoin (chacun)"}
    publish(server.writers, [Publish("kb_article", french), Publish("service", named)])
    with server.app.state.sessions[0]() as s:
        left = [(m.key, str(m.what)) for m in missing_french(s)]
    assert left == [("FOI-REQ", "Form label pages")]
    dog = next(s for s in services if s["code"] == "LIC-DOG")
    rules = {k: v for k, v in dog["rules"].items() if k != "receipt_fr"}
    publish(server.writers, [Publish("service", {**dog, "rules": rules})])
    with server.app.state.sessions[0]() as s:
        receipt = [(m.key, str(m.what), m.english) for m in missing_french(s) if m.key == "LIC-DOG"]
    assert receipt == [("LIC-DOG", "Receipt line", dog["rules"]["receipt"])]


def test_a_station_of_the_previous_protocol_gets_its_items_without_the_french(
    server: Server,
) -> None:
    enrol(server.app)
    publish_file(server.writers, DEMO_CATALOGUE.read_text(encoding="utf-8"))
    headers = {**auth_headers(), PROTOCOL_HEADER: "1"}
    answer = httpx.get(server.url + CHANGES_PATH, params={"since": 0}, headers=headers)
    assert answer.status_code == 200
    page = ChangesPage.model_validate_json(answer.content)
    dog = next(c for c in page.changes if c.entity == "service" and c.key == "LIC-DOG")
    assert dog.data is not None and "name_fr" not in dog.data and "checklist_fr" not in dog.data
    # What such a station checks an item against: the previous release's model, which
    # forbids fields it does not know. Its English is all there.
    old_fields = set(ServiceItem.model_fields) - {"name_fr", "category_fr", "checklist_fr"}
    assert set(dog.data) <= old_fields and dog.data["name"] == "Dog licence"
    article = next(c for c in page.changes if c.entity == "kb_article")
    assert article.data is not None and "translation_of" not in article.data

    current = httpx.get(server.url + CHANGES_PATH, params={"since": 0}, headers=auth_headers())
    dog_now = next(
        c for c in ChangesPage.model_validate_json(current.content).changes if c.key == "LIC-DOG"
    )
    assert dog_now.data is not None and dog_now.data["name_fr"] == "Permis de chien"


def test_items_published_without_french_still_check_and_apply(
    server: Server, station: DemoStation
) -> None:
    """A reference file or a server of the previous release: no French fields at all."""
    enrol(server.app)
    old = {"code": "TST-OLD", "name": "Compost bin", "category": "Sales", "kind": "sale",
           "fee_cents": 2999, "tax_code": "HST", "gl_account": "4900-100",
           "department": "Public Works", "tier": 2, "coverage": "full",
           "checklist": ["Proof of address seen"]}  # fmt: skip
    publish(server.writers, [Publish("service", old)])
    assert pull_changes(station.session_factory, server.url).ok
    services = {s.code: s for s in catalogue.list_services(UnitOfWork(station.session_factory))}
    bin_ = services["TST-OLD"]
    assert (bin_.name_in("fr"), bin_.category_in("fr")) == ("Compost bin", "Sales")
    assert bin_.checklist_in("fr") == ("Proof of address seen",)


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"name_fr": "x" * 121}, "name_fr"),
        ({"checklist": ["One"], "checklist_fr": ["Un", "Deux"]}, "checklist_fr"),
        ({"rules": {"fields": [{"key": "a", "label": "A", "label_fr": "é" * 121}]}}, "label_fr"),
        (
            {
                "rules": {
                    "fields": [
                        {
                            "key": "a",
                            "label": "A",
                            "kind": "choice",
                            "choices": ["Yes"],
                            "choices_fr": ["Oui", "Non"],
                        }
                    ]
                }
            },
            "choices_fr",
        ),  # fmt: skip
        ({"rules": {"fields": [{"key": "a", "label": "A", "label_fr": 3}]}}, "label_fr"),
    ],
)
def test_french_that_does_not_fit_is_refused_naming_the_field(
    server: Server, change: dict[str, Any], names: str
) -> None:
    item = {"code": "TST-FR", "name": "Test", "category": "Sales", "kind": "sale",
            "fee_cents": 100, "tax_code": "HST", "gl_account": "4900-100",
            "department": "Clerk's Office", "tier": 2, "coverage": "full", **change}  # fmt: skip
    with pytest.raises(ReferenceRejected, match=names):
        publish(server.writers, [Publish("service", item)])


def test_a_database_of_the_previous_release_upgrades_and_keeps_its_catalogue(
    tmp_path: Path,
) -> None:
    db = tmp_path / "station.sqlite3"
    engine = make_engine(db)
    migrate(engine, "1301")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO tax_rate (code, name, basis_points) VALUES ('EX', 'x', 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO service (code, name, category, kind, fee_cents, tax_code, gl_account, "
            "department, tier, coverage, requires_commissioner, checklist, keywords, active, rules)"
            " VALUES ('LIC-DOG', 'Dog licence', 'Licences', 'licence', 1500, 'EX', '4240', "
            "'Animal Services', 2, 'full', 0, '[\"Tag seen\"]', '', 1, '{}')"
        )
        conn.exec_driver_sql(
            "INSERT INTO kb_article (id, title, body, tags, service_codes, version) "
            "VALUES ('kb-1', 'Dog licences', 'Bring proof.', '', '[]', 3)"
        )
    engine.dispose()

    engine, sf = open_database(db)  # start-up: backed up, then migrated to the head
    try:
        with sf() as s:
            dog = s.get(Service, "LIC-DOG")
            article = s.get(KbArticle, "kb-1")
            assert dog is not None and article is not None
            assert (dog.name, dog.checklist, dog.name_fr, dog.checklist_fr) == (
                "Dog licence",
                ["Tag seen"],
                "",
                [],
            )
            assert (article.title, article.version, article.translation_of) == (
                "Dog licences",
                3,
                "",
            )
    finally:
        engine.dispose()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] >= "1303"


# --- the window in French ------------------------------------------------------------


def test_a_french_window_shows_head_office_french_and_keeps_english_answers(
    qtbot, tmp_path, station_db
) -> None:
    from counterapp.config import StationConfig
    from counterapp.services.auth import login
    from ui.checklist import ChecklistDialog
    from ui.context import StationContext
    from ui.language import set_language
    from ui.ops import OpRunner
    from ui.service_form import ServiceFormDialog
    from ui.station_window import StationWindow

    ctx = StationContext(StationConfig(data_dir=tmp_path), station_db)
    who = login(UnitOfWork(ctx.session_factory), "alex", "counter")
    open_drawers(ctx.session_factory, who, at=datetime.now(UTC))
    set_language("fr")
    try:
        window = StationWindow(ctx, who)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.results.count() > 0)
        qtbot.keyClicks(window.search, "chien")
        first = window.results.item(0).text()
        assert first.startswith("Permis de chien\n") and "Permis et licences" in first
        dog = window.results.item(0).data(Qt.ItemDataRole.UserRole)

        form = ServiceFormDialog(ctx, OpRunner("test-form", window), who, dog, parent=window)
        qtbot.addWidget(form)
        assert form.windowTitle() == "Permis de chien"
        sterilized = form.inputs["sterilized"]
        assert isinstance(sterilized, QComboBox)
        assert sterilized.accessibleName() == "Stérilisé"
        assert [sterilized.itemText(i) for i in range(sterilized.count())] == ["", "Oui", "Non"]
        form.set_answer("sterilized", "Yes")
        assert sterilized.currentText() == "Oui"
        assert form.answers()["sterilized"] == "Yes"  # what the fee rule compares

        window.search.clear()
        qtbot.keyClicks(window.search, "COM-AFF")
        affidavit = window.results.item(0).data(Qt.ItemDataRole.UserRole)
        checklist = ChecklistDialog(affidavit, window)
        qtbot.addWidget(checklist)
        assert checklist.boxes[1].accessibleName() == "Le déposant est présent en personne"
        for box in checklist.boxes:
            box.setChecked(True)
        assert checklist.ticked()[1] == "Deponent is present in person"  # the sale checks it

        window.search.clear()
        qtbot.keyClicks(window.search, "witness")
        assert window.results.item(0).text().startswith("Ceremony witness (each)\n")
    finally:
        set_language("en")


def test_the_ticket_names_services_in_the_visitors_language() -> None:
    from counterapp.queue.station import StationQueue

    sq = StationQueue.__new__(StationQueue)
    sq.service_names = {"LIC-DOG": "Dog licence", "BK-WIT": "Ceremony witness (each)"}
    sq.service_names_fr = {"LIC-DOG": "Permis de chien"}
    assert sq.names_in("fr") == {"LIC-DOG": "Permis de chien", "BK-WIT": "Ceremony witness (each)"}
    assert sq.names_in("en")["LIC-DOG"] == "Dog licence"


def test_a_french_receipt_fills_head_office_french_detail_line(counter) -> None:
    """``rules.receipt_fr``: the choice by its French label, money in the French form;
    the sale line head office receives keeps the English detail."""
    from tests.counter_support import SOLD_AT

    lottery = LineRequest(
        "LIC-LOT",
        1,
        checklist_ticked=("Organization is an eligible charity",),
        detail={"answers": {"organization": "Club Richelieu", "licence_type": "Raffle",
                            "prize_value": "1250.00"}},
    )  # fmt: skip

    def sell(language: str) -> Any:
        cmd = CompleteSale(counter.alex, (lottery,), (TenderInput(TenderKind.CASH, 5000),),
                           language=language)  # fmt: skip
        return complete_sale(counter.uow(), cmd, now=SOLD_AT)

    french = sell("fr").receipt
    assert french.lines[0].description == "Licence de loterie"
    assert french.lines[0].detail == "Tirage pour Club Richelieu; prix 1 250,00 $"
    printed = "\n".join(decode_escpos(render_receipt(french, columns=32)))
    assert "Tirage pour Club Richelieu" in printed and "Raffle" not in printed
    english = sell("en").receipt
    assert english.lines[0].detail == "Raffle for Club Richelieu; prizes $1,250.00"
    with counter.session() as s:
        details = [ln.detail["receipt_detail"] for ln in s.scalars(select(SaleLine))]
    assert details == ["Raffle for Club Richelieu; prizes $1,250.00"] * 2
