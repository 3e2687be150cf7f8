"""The delivery rule as a property: whatever a network does to a station's
batches — loses some, repeats some, delivers them in any order — once every
record has arrived at least once, the server holds each exactly once, with
the station's sums (ARCHITECTURE.md, decision 3). On the embedded server,
applying batches directly (no HTTP), so hypothesis can try many histories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlalchemy.orm import sessionmaker

from counterapp.domain.tender import TenderKind
from counterapp.server import db as hq
from counterapp.server.app import apply_batch
from counterapp.server.db import make_server_engine
from counterapp.server.migrate import upgrade_server
from counterapp.services.auth import StaffIdentity
from counterapp.sync.wire import Batch
from tests.sync_audit import server_ledger, station_ledger
from tests.sync_support import DemoStation, make_station_template, open_station_copy

SALES = (
    ((("RNT-ROOM", 1),), ((TenderKind.CASH, 5000),)),
    ((("PMT-PARK", 1), ("FEE-NSF", 2)), ((TenderKind.DEBIT, 1001), (TenderKind.CASH, 11800))),
    ((("BK-CER", 1), ("BK-WIT", 2)), ((TenderKind.CHEQUE, 39550),)),
    ((("RNT-ROOM", 3),), ((TenderKind.CREDIT, 11865),)),
    ((("PER-EVT", 1),), ((TenderKind.ETRANSFER, 7500),)),
    ((("CER-TAX", 2),), ((TenderKind.CASH, 10000),)),
)


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoStation]:
    folder = tmp_path_factory.mktemp("rules")
    template: tuple[Path, StaffIdentity] = make_station_template(folder)
    st_ = open_station_copy(*template, folder / "station")
    for lines, tenders in SALES:
        st_.sell(lines, tenders)
    yield st_
    st_.engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker]:  # type: ignore[type-arg]
    engine = make_server_engine(f"sqlite:///{tmp_path_factory.mktemp('hq') / 'hq.sqlite3'}")
    upgrade_server(engine)
    yield sessionmaker(engine, expire_on_commit=False)
    engine.dispose()


def _empty(factory: sessionmaker) -> None:  # type: ignore[type-arg]
    with factory() as s, s.begin():
        for table in (hq.SaleLine, hq.Tender, hq.Sale, hq.AuditEntry, hq.ReceivedRecord):
            s.execute(delete(table))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_history_of_lost_repeated_and_reordered_batches_ends_exactly_once(
    station: DemoStation,
    server: sessionmaker,
    data: st.DataObject,  # type: ignore[type-arg]
) -> None:
    _empty(server)
    body = station.batch()
    entries = body["entries"]
    # The station cuts its outbox into batches in order, of any sizes.
    cuts = sorted(data.draw(st.sets(st.integers(1, len(entries) - 1), max_size=len(entries))))
    batches = [entries[a:b] for a, b in zip([0, *cuts], [*cuts, len(entries)], strict=True)]
    # The network delivers: every batch at least once (the station repeats
    # until acknowledged), some several times, in any order.
    deliveries = [i for i in range(len(batches)) for _ in range(data.draw(st.integers(1, 3)))]
    order = data.draw(st.permutations(deliveries))

    for i in order:
        apply_batch(server, Batch.model_validate({**body, "entries": batches[i]}))

    engine = server.kw["bind"]
    assert server_ledger(engine, "WHB-01") == station_ledger(station.session_factory)
