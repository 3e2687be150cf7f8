"""Waitlists that move (issue 16): a cancelled seat is offered to the first
person on the program's waitlist; the offer holds the seat (a walk-in cannot
take it) until it is accepted at the desk — the program's line paid in a
visit — declined, or lapses after 48 hours; then the next person is offered
it. The rule of who is offered is checked with Hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from counterapp.db.models import OutboxEntry, Registration, WaitlistOffer
from counterapp.domain.seats import Waiting, offer_to, seats_to_offer
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services.approval import SupervisorApproval
from counterapp.services.registrations import CancelRegistration, cancel_registration
from counterapp.services.sales import LineRequest
from counterapp.services.waitlist import decline_offer, open_offers
from tests.counter_support import Counter

DEC_1 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # swim lessons start 2027-01-09
SAM_PIN = SupervisorApproval("sam", "2468")
DEBIT = TenderKind.DEBIT


def swim(name: str) -> LineRequest:
    answers = {"participant_name": name, "participant_birth_date": "2016-05-04"}
    return LineRequest("REG-SWIM", detail={"answers": answers})


def _reg(counter: Counter, name: str, status: str) -> Registration:
    with counter.session_factory() as s:
        return s.scalars(
            select(Registration).where(
                Registration.participant_name == name,
                Registration.status == status,
                Registration.cancelled_at.is_(None),
            )
        ).one()


def test_a_freed_seat_goes_to_the_first_on_the_waitlist_who_takes_it_at_the_desk(
    counter: Counter,
) -> None:
    # 8 places, 5 taken at head office: 3 here, then Ana and Ben wait (in that order).
    counter.sell(
        counter.alex,
        (swim("Léa Roy"), swim("Omar Ali"), swim("Mei Chen")),
        (TenderInput(DEBIT, 3 * 9800),),
        now=DEC_1,
    )
    counter.sell(counter.alex, (swim("Ana Silva"),), (), now=DEC_1 + timedelta(minutes=1))
    counter.sell(counter.alex, (swim("Ben Okafor"),), (), now=DEC_1 + timedelta(minutes=2))

    leaving = _reg(counter, "Omar Ali", "enrolled")
    at = DEC_1 + timedelta(hours=1)
    done = cancel_registration(
        counter.uow(), CancelRegistration(counter.alex, leaving.id, "Moving", SAM_PIN), now=at
    )
    assert done.offered_to == ("Ana Silva",)
    (offer,) = open_offers(counter.uow(), counter.alex, now=at)
    assert offer.participant_name == "Ana Silva" and offer.expires_at == at + timedelta(hours=48)
    assert offer.answers["participant_birth_date"] == "2016-05-04"

    # The offer holds the seat: a walk-in goes on the waitlist.
    walk_in = counter.sell(counter.alex, (swim("Cleo Park"),), (), now=at + timedelta(minutes=5))
    assert walk_in.receipt.lines[0].amount_cents == 0

    # Ana comes to the desk: her line (from the offer's answers) is paid and she is enrolled.
    sold = counter.sell(
        counter.alex,
        (LineRequest("REG-SWIM", detail={"answers": offer.answers}),),
        (TenderInput(DEBIT, 9800),),
        now=at + timedelta(hours=2),
    )
    assert sold.receipt.lines[0].amount_cents == 9800
    ana = _reg(counter, "Ana Silva", "enrolled")
    with counter.session_factory() as s:
        row = s.get(WaitlistOffer, offer.id)
        assert (
            row is not None and row.state == "accepted" and row.accepted_registration_id == ana.id
        )
        place = s.scalars(
            select(Registration).where(
                Registration.participant_name == "Ana Silva", Registration.status == "waitlisted"
            )
        ).one()
        assert place.cancelled_at is not None  # her waitlist place is closed
        sent = [
            o.payload
            for o in s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "registration"))
        ]
    assert {"registration_id": place.id, "status": "cancelled"}.items() <= next(
        p for p in sent if p["registration_id"] == place.id and p["status"] == "cancelled"
    ).items()
    assert open_offers(counter.uow(), counter.alex, now=at + timedelta(hours=2)) == []


def test_an_offer_lapses_or_is_declined_and_the_next_person_is_offered(counter: Counter) -> None:
    counter.sell(
        counter.alex,
        (swim("Léa Roy"), swim("Omar Ali"), swim("Mei Chen")),
        (TenderInput(DEBIT, 3 * 9800),),
        now=DEC_1,
    )
    for i, name in enumerate(("Ana Silva", "Ben Okafor", "Cleo Park")):
        counter.sell(counter.alex, (swim(name),), (), now=DEC_1 + timedelta(minutes=1 + i))
    at = DEC_1 + timedelta(hours=1)
    cancel_registration(
        counter.uow(),
        CancelRegistration(counter.alex, _reg(counter, "Léa Roy", "enrolled").id, "Ill", SAM_PIN),
        now=at,
    )
    # Ana does not come within 48 hours: her offer lapses, Ben is offered the seat.
    later = at + timedelta(hours=49)
    (ben,) = open_offers(counter.uow(), counter.alex, now=later)
    assert ben.participant_name == "Ben Okafor"
    # Ana, no longer holding the seat, is refused it at the desk: she waits again.
    again = counter.sell(counter.alex, (swim("Ana Silva"),), (), now=later + timedelta(minutes=1))
    assert again.receipt.lines[0].amount_cents == 0
    # Ben declines: Cleo is offered it.
    assert decline_offer(counter.uow(), counter.alex, ben.id, now=later) == ["Cleo Park"]
    (cleo,) = open_offers(counter.uow(), counter.alex, now=later)
    assert cleo.participant_name == "Cleo Park"
    with counter.session_factory() as s:
        states = {o.registration_id: o.state for o in s.scalars(select(WaitlistOffer))}
    assert sorted(states.values()) == ["declined", "lapsed", "open"]


# --- the rule -------------------------------------------------------------------------

T0 = datetime(2026, 12, 1, tzinfo=UTC)
waiting = st.lists(
    st.builds(
        Waiting,
        st.uuids().map(str),
        st.integers(0, 5000).map(lambda m: T0 + timedelta(minutes=m)),
        st.booleans(),
    ),
    max_size=30,
    unique_by=lambda w: w.registration_id,
)


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 10), waiting)
def test_offers_never_exceed_the_free_seats_and_go_in_waitlist_order(
    capacity: int, taken: int, enrolled: int, holding: int, queue: list[Waiting]
) -> None:
    free = seats_to_offer(capacity, taken, enrolled, holding)
    offered = offer_to(queue, free)
    # Never more seats held than the program has (when it was not already over).
    if taken + enrolled + holding <= capacity:
        assert taken + enrolled + holding + len(offered) <= capacity
    else:
        assert offered == ()
    by_id = {w.registration_id: w for w in queue}
    assert all(not by_id[r].offered_before for r in offered)  # nobody offered twice
    assert len(set(offered)) == len(offered)
    # In the order people asked, and nobody skipped who was eligible.
    eligible = sorted(
        (w for w in queue if not w.offered_before), key=lambda w: (w.at, w.registration_id)
    )
    assert list(offered) == [w.registration_id for w in eligible[: len(offered)]]
    assert len(offered) == min(free, len(eligible))


def test_a_refunded_seat_is_cancelled_and_offered_to_the_waitlist(counter: Counter) -> None:
    from counterapp.services.corrections import RefundLine, RefundSale, refund_sale

    sold = counter.sell(
        counter.alex,
        (swim("Léa Roy"), swim("Omar Ali"), swim("Mei Chen")),
        (TenderInput(DEBIT, 3 * 9800),),
        now=DEC_1,
    )
    counter.sell(counter.alex, (swim("Ana Silva"),), (), now=DEC_1 + timedelta(minutes=1))
    at = DEC_1 + timedelta(hours=1)
    refund_sale(
        counter.uow(),
        RefundSale(counter.alex, sold.receipt_no, (RefundLine(2),), "Family moved", SAM_PIN),
        now=at,
    )
    with counter.session_factory() as s:
        omar = s.scalars(
            select(Registration).where(Registration.participant_name == "Omar Ali")
        ).one()
        assert omar.cancelled_at is not None and omar.cancel_sale_id is not None
        sent = [
            o.payload
            for o in s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "registration"))
            if o.payload["registration_id"] == omar.id
        ]
    assert [p["status"] for p in sent] == ["enrolled", "cancelled"]
    (offer,) = open_offers(counter.uow(), counter.alex, now=at)
    assert offer.participant_name == "Ana Silva"
    # The other seats on the receipt are untouched.
    assert _reg(counter, "Léa Roy", "enrolled").cancelled_at is None
