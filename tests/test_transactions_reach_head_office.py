"""Every record the transactions write reaches the real server and is accepted:
sales, voids, refunds, no-charge visits, stock issues, spoiled forms, the
commissioner's log, registrations, intake."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counterapp.db.models import OutboxEntry
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.server import db as server_db
from counterapp.server.app import create_app
from counterapp.services.approval import SupervisorApproval
from counterapp.services.corrections import RefundLine, RefundSale, VoidSale, refund_sale, void_sale
from counterapp.services.intake import RecordIntake, record_intake
from counterapp.services.issuing import SpoilForm, spoil_next_form
from counterapp.services.sales import LineRequest
from counterapp.sync.client import pending_count, push_pending
from tests.counter_support import (
    AFFIDAVIT,
    DEPONENT,
    DOG,
    HOA_ROLL,
    SOLD_AT,
    Counter,
    Template,
    counter_from,
    make_template,
    tax,
)
from tests.sync_support import enrol, live_server, station_credential

CASH, DEBIT = TenderKind.CASH, TenderKind.DEBIT
SAM = SupervisorApproval("sam", "2468")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def counter(template: Template, tmp_path: Path) -> Iterator[Counter]:
    with counter_from(template, tmp_path) as c:
        yield c


def test_every_kind_of_record_is_accepted_by_the_server(counter: Counter, tmp_path: Path) -> None:
    later = SOLD_AT + timedelta(hours=1)
    mixed = counter.sell(
        counter.alex,
        (AFFIDAVIT, tax(HOA_ROLL, 50000), DOG),
        (TenderInput(DEBIT, 50000, reference="084412"), TenderInput(CASH, 4000)),
    )
    pension = LineRequest(
        "COM-PEN",
        1,
        ("Pensioner is present in person", "Government photo ID seen"),
        {"answers": DEPONENT},
    )
    counter.sell(counter.alex, (pension,), ())  # no charge, no tender
    second = counter.sell(counter.alex, (AFFIDAVIT,), (TenderInput(CASH, 2000),))
    refund_sale(
        counter.uow(),
        RefundSale(counter.alex, mixed.receipt_no, (RefundLine(2, 10000),), "Overpaid", SAM),
        now=later,
    )
    void_sale(
        counter.uow(), VoidSale(counter.alex, second.receipt_no, "Keyed twice", SAM), now=later
    )
    spoil_next_form(counter.uow(), SpoilForm(counter.alex, "dog_tag", "Bent"), now=later)
    record_intake(
        counter.uow(),
        RecordIntake(counter.jordan, "correspondence", "Clerk's Office", "Letter to Council"),
        now=later,
    )
    swim = LineRequest(
        "REG-SWIM",
        detail={"answers": {"participant_name": "Léa Roy", "participant_birth_date": "2016-05-04"}},
    )
    counter.sell(counter.alex, (swim,), (TenderInput(CASH, 9800),))
    with counter.session() as s:
        kinds = set(s.scalars(select(OutboxEntry.kind)))
    assert kinds == {
        "sale", "audit", "stock_issue", "commission_log", "intake", "registration", "shift",
    }  # fmt: skip

    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    enrol(app)
    with live_server(app) as url:
        result = push_pending(counter.session_factory, url, credential=station_credential())
    assert result.error is None, result.error
    assert pending_count(counter.session_factory) == 0
    with app.state.engine.connect() as conn:
        held = conn.scalar(select(func.count()).select_from(server_db.ReceivedRecord))
        sale_kinds = sorted(conn.scalars(select(server_db.Sale.kind)))
    assert held == result.stored
    assert sale_kinds == ["refund", "sale", "sale", "sale", "sale", "void"]


def test_a_no_charge_visit_alone_reaches_the_server(counter: Counter, tmp_path: Path) -> None:
    pension = LineRequest(
        "COM-PEN",
        1,
        ("Pensioner is present in person", "Government photo ID seen"),
        {"answers": DEPONENT},
    )
    counter.sell(counter.alex, (pension,), ())
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    enrol(app)
    with live_server(app) as url:
        result = push_pending(
            counter.session_factory, url, batch_size=1, credential=station_credential()
        )
    assert result.error is None, result.error
    with app.state.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(server_db.Tender)) == 0
        assert conn.scalar(select(func.count()).select_from(server_db.Sale)) == 1
