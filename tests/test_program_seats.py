"""A program oversold by stations that were offline is settled at head office
(issue 16): seats go in the order they were sold, the rest are placed on the
waitlist and flagged, every sale is kept (money is never refused), and a
cancellation moves the earliest overflow up. The seat rule is checked over
every shape of input with Hypothesis."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from counterapp.db.models import Registration
from counterapp.db.uow import UnitOfWork
from counterapp.domain.seats import Enrolment, settle
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.server.app import create_app
from counterapp.server.db import Sale
from counterapp.server.programs import ProgramSeat
from counterapp.server.reference import publish_file
from counterapp.services.approval import SupervisorApproval
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.services.registrations import CancelRegistration, cancel_registration
from counterapp.services.sales import LineRequest
from counterapp.sync.client import push_pending
from tests.hq_support import add_role_users, bearer, token_for
from tests.sync_support import (
    enrol,
    live_server,
    make_station_template,
    open_station_copy,
    station_credential,
)

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)

# --- the rule -----------------------------------------------------------------------


enrolments = st.lists(
    st.builds(
        Enrolment,
        st.uuids().map(str),
        st.integers(0, 10_000).map(lambda m: T0 + timedelta(minutes=m)),
        st.booleans(),
    ),
    max_size=40,
    unique_by=lambda e: e.registration_id,
)


@given(st.integers(0, 30), st.integers(0, 40), enrolments)
def test_no_seat_is_given_twice_and_no_enrolment_is_lost(
    capacity: int, taken: int, sold: list[Enrolment]
) -> None:
    result = settle(capacity, taken, sold)
    live = [e.registration_id for e in sold if not e.cancelled]
    assert len(result.seated) <= max(0, capacity - taken)
    assert sorted(result.seated + result.overflow) == sorted(live)  # money never refused
    assert not set(result.seated) & set(result.overflow)
    # Nobody is overflow while a later sale keeps a seat.
    when = {e.registration_id: (e.at, e.registration_id) for e in sold}
    if result.seated and result.overflow:
        assert max(when[r] for r in result.seated) < min(when[r] for r in result.overflow)
    # Every free seat is used while anyone waits.
    if result.overflow:
        assert len(result.seated) == max(0, capacity - taken)


@given(st.integers(1, 20), st.integers(0, 20), enrolments, st.data())
def test_a_cancellation_moves_the_earliest_overflow_up(
    capacity: int, taken: int, sold: list[Enrolment], data: st.DataObject
) -> None:
    before = settle(capacity, taken, sold)
    if not before.seated or not before.overflow:
        return
    leaving = data.draw(st.sampled_from(before.seated))
    after = settle(
        capacity,
        taken,
        [
            Enrolment(e.registration_id, e.at, e.cancelled or e.registration_id == leaving)
            for e in sold
        ],
    )
    assert after.overflow == before.overflow[1:]
    assert before.overflow[0] in after.seated


# --- two stations offline, settled at head office ----------------------------------------


@pytest.fixture
def town(tmp_path: Path) -> Iterator[dict[str, Any]]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    add_role_users(app)
    demo = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    swim = next(s for s in demo["services"] if s["code"] == "REG-SWIM")  # 8 places, 5 taken
    publish_file(sessionmaker(app.state.engine), json.dumps({"services": [swim]}))
    stations = []
    for code in ("WHB-01", "WHB-02"):
        enrol(app, code)
        path, alex = make_station_template(tmp_path / f"t-{code}", code)
        st_ = open_station_copy(path, alex, tmp_path / code)
        stations.append((code, st_))
    try:
        with live_server(app) as base:
            yield {"app": app, "base": base, "stations": stations}
    finally:
        for _code, st_ in stations:
            st_.engine.dispose()
        app.state.engine.dispose()


def _sell(station: Any, name: str, at: datetime) -> Any:
    from counterapp.services.sales import CompleteSale, complete_sale

    return complete_sale(
        UnitOfWork(station.session_factory),
        CompleteSale(station.staff, (_swim(name),), (TenderInput(TenderKind.DEBIT, 9800),)),
        now=at,
    )


def _swim(name: str) -> LineRequest:
    return LineRequest(
        "REG-SWIM",
        detail={"answers": {"participant_name": name, "participant_birth_date": "2016-05-04"}},
    )


def test_two_offline_stations_oversell_and_head_office_flags_the_last_sold(
    town: dict[str, Any],
) -> None:
    (a_code, a), (b_code, b) = town["stations"]
    # Offline, each station thinks 3 places are left (8 − 5): both sell 2.
    _sell(a, "Léa Roy", T0)
    _sell(b, "Omar Ali", T0 + timedelta(minutes=5))
    _sell(a, "Mei Chen", T0 + timedelta(minutes=10))
    late = _sell(b, "Ivana Petrova", T0 + timedelta(minutes=15))
    for code, st_ in town["stations"]:
        pushed = push_pending(
            st_.session_factory, town["base"], credential=station_credential(code)
        )
        assert pushed.ok, pushed.error
    app = town["app"]
    with app.state.sessions[0]() as s:
        states = dict(s.execute(select(ProgramSeat.participant_name, ProgramSeat.state)).all())
        # Every sale is at head office: the money was taken and is kept.
        assert s.scalar(select(func.count()).select_from(Sale)) == 4
    assert states == {"Léa Roy": "seated", "Omar Ali": "seated", "Mei Chen": "seated",
                      "Ivana Petrova": "overflow"}  # fmt: skip
    manager = bearer(token_for(app, "mia"))
    page = httpx.get(f"{town['base']}/hq/programs", headers=manager, timeout=20)
    assert page.status_code == 200
    flagged = page.text.split('class="overflow"', 1)[1]
    assert "Ivana Petrova" in flagged and late.receipt_no in flagged and "Léa Roy" not in flagged

    # Mei Chen cancels at station A: Ivana gets the seat.
    with a.session_factory() as s:
        mei = s.scalars(
            select(Registration).where(Registration.participant_name == "Mei Chen")
        ).one()
    cancel_registration(
        UnitOfWork(a.session_factory),
        CancelRegistration(a.staff, mei.id, "Moving away", SupervisorApproval("sam", "2468")),
        now=T0 + timedelta(hours=1),
    )
    assert push_pending(a.session_factory, town["base"], credential=station_credential(a_code)).ok
    with app.state.sessions[0]() as s:
        ivana = s.scalars(
            select(ProgramSeat).where(ProgramSeat.participant_name == "Ivana Petrova")
        ).one()
        assert ivana.state == "seated" and ivana.flagged_at is not None  # it was flagged once
    page = httpx.get(f"{town['base']}/hq/programs", headers=manager, timeout=20)
    assert 'class="overflow"' not in page.text
    assert b_code == "WHB-02"
