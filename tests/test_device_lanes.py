"""The device job queue: jobs kept in the station database, run per device off the
UI thread, and every device fault ending as a failed job with a clear reason that
can be retried or sent to another printer, the sale untouched."""

from __future__ import annotations

import os
import threading
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from serial.urlhandler.protocol_loop import Serial as LoopSerial
from sqlalchemy import delete, select

from counterapp.db.engine import open_database
from counterapp.db.models import AuditEntry, DeviceJob, OutboxEntry
from counterapp.db.uow import UnitOfWork
from counterapp.domain.devices import DeviceRole, DeviceState
from counterapp.services import device_jobs
from counterapp.services.approval import ApprovalNeeded
from counterapp.services.auth import Role
from counterapp.services.device_jobs import (
    JobState,
    NoSale,
    PrintReceipt,
    RetryJob,
    claim_next,
    mark_done,
    mark_failed,
)
from counterapp.services.errors import NotPermitted, ServiceError
from counterapp.services.sales import stored_receipt
from devices.serial_port import SerialSettings, open_port
from devices.simulator import CUT_LINE, DRAWER_LINE, PoleDisplaySimulator, PrinterSimulator
from printing.escpos_receipt import receipt_text
from tests.device_support import (
    FlowHeldOff,
    Template,
    UnpluggedLoop,
    jobs,
    loop_factory,
    printer,
    running_queue,
    sale_is_committed,
    sell_cash,
    wait_for_job,
)
from tests.sync_support import DemoStation

FEED = [""] * 6


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return Template(tmp_path_factory.mktemp("device-queue-template"))


@pytest.fixture
def station(template: Template, tmp_path: Path) -> Iterator[DemoStation]:
    s = template.station(tmp_path)
    yield s
    s.engine.dispose()


@pytest.fixture
def sim() -> Iterator[PrinterSimulator]:
    with PrinterSimulator(on_line=None) as simulator:
        yield simulator


def queue_sale_receipt(station: DemoStation, device: str = "Receipt printer") -> tuple[str, str]:
    """Sell a parking permit for cash and queue its receipt: (receipt number, receipt job id)."""
    receipt_no = sell_cash(station)
    receipt = stored_receipt(UnitOfWork(station.session_factory), receipt_no, copy=False)
    ids = device_jobs.print_receipt(
        UnitOfWork(station.session_factory), PrintReceipt(receipt, device, kick_drawer=True)
    )
    return receipt_no, ids[-1]


# --- the queue's rules -------------------------------------------------------------------


def test_a_queued_receipt_waits_in_the_database_and_prints_after_a_restart(
    station: DemoStation, sim: PrinterSimulator
) -> None:
    receipt_no, job_id = queue_sale_receipt(station)
    station.engine.dispose()  # the station is switched off before the printer got it

    _engine, reopened = open_database(station.path)
    with running_queue(reopened, [printer(sim.url)]) as queue:
        queue.wake()
        info = wait_for_job(reopened, job_id)
    assert info.state is JobState.DONE
    assert sim.wait_for(CUT_LINE)
    assert DRAWER_LINE in sim.lines  # the kick went before the receipt
    assert sim.lines.index(DRAWER_LINE) < sim.lines.index(CUT_LINE)
    assert any(receipt_no in line for line in sim.lines)


def test_a_job_left_half_sent_by_a_crash_is_failed_for_a_person_to_retry(
    station: DemoStation,
) -> None:
    _receipt_no, job_id = queue_sale_receipt(station, device="Receipt printer")
    while claim_next(UnitOfWork(station.session_factory), "Receipt printer"):
        pass  # the crash: claimed ("printing"), never finished

    assert device_jobs.recover_interrupted(UnitOfWork(station.session_factory)) == 2
    info = device_jobs.job_info(UnitOfWork(station.session_factory), job_id)
    assert info.state is JobState.FAILED
    assert "stopped while this was being sent" in info.reason
    assert info.can_retry


def test_a_job_for_a_device_the_station_does_not_have_fails_and_can_be_sent_elsewhere(
    station: DemoStation, sim: PrinterSimulator
) -> None:
    _receipt_no, job_id = queue_sale_receipt(station, device="Back office printer")
    with running_queue(station.session_factory, [printer(sim.url)]) as queue:
        info = wait_for_job(station.session_factory, job_id)
        assert info.state is JobState.FAILED
        assert info.reason == "No device called 'Back office printer' is set up at this station"
        device_jobs.retry_job(
            UnitOfWork(station.session_factory), RetryJob(job_id, "Receipt printer")
        )
        queue.wake()
        assert wait_for_job(station.session_factory, job_id).state is JobState.DONE
    assert sim.wait_for(CUT_LINE)


def test_only_a_failed_or_unconfirmed_job_is_sent_again(station: DemoStation) -> None:
    _receipt_no, job_id = queue_sale_receipt(station)
    with pytest.raises(ServiceError, match="Only a failed or unconfirmed job can be sent again"):
        device_jobs.retry_job(UnitOfWork(station.session_factory), RetryJob(job_id))


def test_a_newer_display_frame_replaces_one_not_yet_shown(station: DemoStation) -> None:
    for total in ("$1.00", "$2.00", "$3.00"):
        with UnitOfWork(station.session_factory) as uow:
            device_jobs.queue_display(uow.session, device="Pole", top="TOTAL", bottom=total)
            uow.commit()
    frames = [j for j in jobs(station.session_factory) if j.kind == "display"]
    assert [f.document for f in frames] == [{"top": "TOTAL", "bottom": "$3.00"}]


def test_jobs_for_one_device_run_in_the_order_they_were_queued(
    station: DemoStation, sim: PrinterSimulator
) -> None:
    numbers = [sell_cash(station) for _ in range(3)]
    for number in numbers:
        receipt = stored_receipt(UnitOfWork(station.session_factory), number, copy=False)
        device_jobs.print_receipt(
            UnitOfWork(station.session_factory), PrintReceipt(receipt, "Receipt printer")
        )
    with running_queue(station.session_factory, [printer(sim.url)]) as queue:
        queue.wake()
        assert sim.wait_for(CUT_LINE, count=3)
    printed = [n for line in sim.lines for n in numbers if line == f"Receipt {n}"]
    assert printed == numbers


# A model of the queue rules, checked against the real tables for any sequence of
# what the worker and the associates do.
OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "claim", "done", "fail", "fail_retry", "retry", "send"]),
        st.integers(0, 5),
    ),
    max_size=14,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_queue_rules_hold_for_any_sequence_of_claims_failures_and_retries(
    station: DemoStation, ops: list[tuple[str, int]]
) -> None:
    sf = station.session_factory
    with sf() as s:
        s.execute(delete(DeviceJob))
        s.commit()
    model: dict[str, dict[str, object]] = {}
    order: list[str] = []
    for op, n in ops:
        uow = UnitOfWork(sf)
        if op == "add":
            job = device_jobs.enqueue(
                uow, device_jobs.EnqueueJob("A", "raw", payload=b"x", max_attempts=2)
            )
            model[job.id] = {"state": "queued", "device": "A", "attempts": 0}
            order.append(job.id)
        elif op == "claim":
            device = "A" if n % 2 == 0 else "B"
            claimed = claim_next(uow, device)
            waiting = [
                j for j in order if model[j]["state"] == "queued" and model[j]["device"] == device
            ]
            if not waiting:
                assert claimed is None
            else:
                assert claimed is not None and claimed.id == waiting[0]  # oldest first
                model[claimed.id]["state"] = "printing"
                model[claimed.id]["attempts"] = int(model[claimed.id]["attempts"]) + 1  # type: ignore[call-overload]
        elif op in ("done", "fail", "fail_retry"):
            printing = [j for j in order if model[j]["state"] == "printing"]
            if not printing:
                continue
            target = printing[n % len(printing)]
            if op == "done":
                mark_done(uow, target)
                model[target]["state"] = "done"
            else:
                info = mark_failed(
                    uow, target, "paper out", retry_after_s=0 if op == "fail_retry" else None
                )
                auto = op == "fail_retry" and int(model[target]["attempts"]) < 2  # type: ignore[call-overload]
                model[target]["state"] = "queued" if auto else "failed"
                assert info.state.value == model[target]["state"]
        elif op in ("retry", "send") and order:
            target = order[n % len(order)]
            device = "B" if op == "send" else None
            if model[target]["state"] != "failed":
                with pytest.raises(ServiceError):
                    device_jobs.retry_job(uow, RetryJob(target, device))
                continue
            device_jobs.retry_job(uow, RetryJob(target, device))
            model[target].update(state="queued", attempts=0)
            if device:
                model[target]["device"] = device
    with sf() as s:
        rows = {j.id: j for j in s.scalars(select(DeviceJob))}
    assert set(rows) == set(model)  # nothing lost, nothing invented
    for job_id, expected in model.items():
        row = rows[job_id]
        assert (row.state, row.device, row.attempts) == (
            expected["state"],
            expected["device"],
            expected["attempts"],
        )
        assert row.attempts <= row.max_attempts
        if row.state == "failed":
            assert row.reason  # a failed job always says why
        if row.state == "done":
            assert not row.reason


# --- the cash drawer --------------------------------------------------------------------


def test_opening_the_drawer_without_a_sale_needs_a_supervisor(station: DemoStation) -> None:
    with pytest.raises(ApprovalNeeded, match="needs a supervisor"):
        device_jobs.open_drawer_no_sale(
            UnitOfWork(station.session_factory), NoSale(station.staff, "Receipt printer")
        )
    with pytest.raises(NotPermitted, match="not right"):
        device_jobs.open_drawer_no_sale(
            UnitOfWork(station.session_factory),
            NoSale(station.staff, "Receipt printer", supervisor_username="sam",
                   supervisor_password="wrong"),
        )  # fmt: skip
    assert not jobs(station.session_factory)
    with station.session_factory() as s:
        refused = s.scalars(select(AuditEntry).where(AuditEntry.action == "approval.refused")).all()
    assert len(refused) == 1  # the wrong supervisor password, not the missing approval
    assert refused[0].detail == {"for": "no-sale"}


def test_a_no_sale_is_audited_sent_to_head_office_and_opens_the_drawer(
    station: DemoStation, sim: PrinterSimulator
) -> None:
    assert station.staff.role is Role.ASSOCIATE
    job_id = device_jobs.open_drawer_no_sale(
        UnitOfWork(station.session_factory),
        NoSale(station.staff, "Receipt printer", reason="Make change",
               supervisor_username="sam", supervisor_password="supervisor"),
    )  # fmt: skip
    with station.session_factory() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "drawer.no_sale")).one()
        assert entry.entity_id == job_id
        assert entry.staff_id == station.staff.id
        assert entry.detail["reason"] == "Make change"
        assert entry.detail["approved_by"] != station.staff.id
        outbox = s.scalars(select(OutboxEntry).where(OutboxEntry.id == entry.id)).one()
        assert outbox.payload["action"] == "drawer.no_sale"
    with running_queue(station.session_factory, [printer(sim.url)]) as queue:
        queue.wake()
        assert wait_for_job(station.session_factory, job_id).state is JobState.DONE
    assert sim.wait_for(DRAWER_LINE)
    assert sim.lines == [DRAWER_LINE]  # no paper for a no-sale


def test_the_drawer_opens_for_cash_even_when_the_printer_is_out_of_paper(
    station: DemoStation, sim: PrinterSimulator
) -> None:
    sim.status_mode = "paper_out"
    _receipt_no, job_id = queue_sale_receipt(station)
    with running_queue(station.session_factory, [printer(sim.url)]) as queue:
        queue.wake()
        info = wait_for_job(station.session_factory, job_id)
    assert info.state is JobState.FAILED
    assert sim.lines == [DRAWER_LINE]


# --- faults: the sale stays, the job fails with the reason, a retry works ---------------


def test_port_missing(station: DemoStation, sim: PrinterSimulator) -> None:
    receipt_no, job_id = queue_sale_receipt(station)
    devices = [printer("/dev/ttyDOESNOTEXIST"), printer(sim.url, name="Back office printer")]
    with running_queue(station.session_factory, devices) as queue:
        queue.wake()
        info = wait_for_job(station.session_factory, job_id)
        assert sale_is_committed(station, receipt_no)
        assert info.state is JobState.FAILED
        assert info.reason == "Receipt printer: port /dev/ttyDOESNOTEXIST does not exist"
        assert info.attempts == 2  # tried again by itself once: nothing had been sent
        device_jobs.retry_job(
            UnitOfWork(station.session_factory), RetryJob(job_id, "Back office printer")
        )
        queue.wake()
        assert wait_for_job(station.session_factory, job_id).state is JobState.DONE
    assert sim.wait_for(CUT_LINE)
    assert f"Receipt {receipt_no}" in sim.lines
    assert queue.statuses()["Receipt printer"].state is DeviceState.OFFLINE


def test_port_busy(station: DemoStation, sim: PrinterSimulator) -> None:
    receipt_no, job_id = queue_sale_receipt(station)
    other_program = serial.Serial(sim.port_path, exclusive=True)
    try:
        with running_queue(station.session_factory, [printer(sim.url)]) as queue:
            queue.wake()
            info = wait_for_job(station.session_factory, job_id)
            assert info.state is JobState.FAILED
            assert (
                info.reason == f"Receipt printer: port {sim.port_path} is in use by another program"
            )
            other_program.close()
            device_jobs.retry_job(UnitOfWork(station.session_factory), RetryJob(job_id))
            queue.wake()
            assert wait_for_job(station.session_factory, job_id).state is JobState.DONE
    finally:
        other_program.close()
    assert sale_is_committed(station, receipt_no)
    assert sim.wait_for(CUT_LINE)


def test_printer_unplugged_mid_receipt(station: DemoStation) -> None:
    receipt_no, job_id = queue_sale_receipt(station)
    devices = [printer("loop://", status_query=False)]
    with running_queue(
        station.session_factory, devices, port_factory=loop_factory(UnpluggedLoop)
    ) as queue:
        queue.wake()
        info = wait_for_job(station.session_factory, job_id)
    assert sale_is_committed(station, receipt_no)
    assert info.state is JobState.FAILED
    assert info.reason.startswith("Receipt printer: lost the connection on loop:// while sending")
    assert info.attempts == 1  # part of it may be on the paper: never repeated by itself
    assert info.can_retry


def test_paper_out(station: DemoStation, sim: PrinterSimulator) -> None:
    sim.status_mode = "paper_out"
    receipt_no, job_id = queue_sale_receipt(station)
    with running_queue(station.session_factory, [printer(sim.url)]) as queue:
        queue.wake()
        info = wait_for_job(station.session_factory, job_id)
        assert info.state is JobState.FAILED
        assert info.reason == "Receipt printer: out of paper"
        assert CUT_LINE not in sim.lines  # nothing of the receipt was sent
        assert queue.statuses()["Receipt printer"].state is DeviceState.PAPER_OUT

        sim.status_mode = "ok"  # paper loaded
        device_jobs.retry_job(UnitOfWork(station.session_factory), RetryJob(job_id))
        queue.wake()
        assert wait_for_job(station.session_factory, job_id).state is JobState.DONE
    assert sale_is_committed(station, receipt_no)
    receipt = stored_receipt(UnitOfWork(station.session_factory), receipt_no, copy=False)
    assert sim.wait_for(CUT_LINE)
    assert sim.lines[1:] == receipt_text(receipt) + FEED + [CUT_LINE]


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("silent", "Receipt printer: no answer to a status request (state unknown)"),
        (
            "garbage",
            "Receipt printer: answered a status request with 0xFF, which is not a status byte "
            "(state unknown)",
        ),
    ],
)
def test_no_answer_or_garbage_to_a_status_query_is_unknown_not_ok(
    station: DemoStation, sim: PrinterSimulator, mode: str, reason: str
) -> None:
    sim.status_mode = mode
    _receipt_no, job_id = queue_sale_receipt(station)
    with running_queue(station.session_factory, [printer(sim.url)]) as queue:
        queue.check_status("Receipt printer")
        queue.wake()
        ended = wait_for_job(station.session_factory, job_id)
        status = queue.backend.status("Receipt printer")
        shown = queue.statuses()["Receipt printer"]
    # Sent is not printed: the printer never said it took the receipt.
    assert ended.state is JobState.SENT and ended.reason == reason
    assert ended.can_retry
    assert shown.state is DeviceState.SENT
    assert status is not None
    assert status.state is DeviceState.UNKNOWN
    assert status.detail == reason
    assert sim.wait_for(CUT_LINE)  # an unknown state is no reason not to try


def test_loop_port_echo_is_not_taken_for_a_status(station: DemoStation) -> None:
    devices = [printer("loop://")]
    with running_queue(
        station.session_factory, devices, port_factory=loop_factory(LoopSerial)
    ) as queue:
        status = queue.backend.status("Receipt printer")  # loop:// sends the request back
    assert status is not None
    assert status.state is DeviceState.UNKNOWN
    assert "0x10, which is not a status byte" in status.detail


def test_a_9600_baud_line_with_flow_control_held_off(station: DemoStation) -> None:
    receipt_no, job_id = queue_sale_receipt(station)
    devices = [printer("loop://", baudrate=9600, flow_control="rtscts", write_timeout_s=0.3)]
    with running_queue(
        station.session_factory, devices, port_factory=loop_factory(FlowHeldOff)
    ) as queue:
        queue.wake()
        info = wait_for_job(station.session_factory, job_id)
    assert sale_is_committed(station, receipt_no)
    assert info.state is JobState.FAILED
    assert info.reason == "Receipt printer stopped answering (write timed out after 0.3 s)"
    assert info.can_retry


class HeldPrinter(LoopSerial):
    """loop://, but a write waits until the test lets it go: a printer busy for as long
    as the test needs, without the test depending on how long anything takes."""

    release = threading.Event()

    def write(self, data: bytes) -> int | None:  # type: ignore[override]
        self.release.wait(30)
        return super().write(data)


def test_a_busy_printer_does_not_hold_up_the_pole_display(station: DemoStation) -> None:
    HeldPrinter.release = threading.Event()
    with PoleDisplaySimulator(on_line=None) as pole:

        def factory(settings: SerialSettings, name: str) -> serial.SerialBase:
            if name == "Receipt printer":
                return loop_factory(HeldPrinter)(settings, name)
            return open_port(settings, name)

        devices = [
            printer("loop://", status_query=False, write_timeout_s=30),
            printer(pole.url, name="Pole", role=DeviceRole.POLE_DISPLAY.value, columns=20),
        ]
        with running_queue(station.session_factory, devices, port_factory=factory) as queue:
            busy = device_jobs.enqueue(
                UnitOfWork(station.session_factory),
                device_jobs.EnqueueJob("Receipt printer", "raw", payload=b"x" * 2000),
            )
            queue.wake()
            wait_for_job(station.session_factory, busy.id, (JobState.PRINTING,))
            with UnitOfWork(station.session_factory) as uow:
                device_jobs.queue_display(uow.session, device="Pole", top="TOTAL", bottom="$5")
                uow.commit()
            queue.wake("Pole")
            assert pole.wait_for_screen("TOTAL", "$5", timeout=10)
            still = device_jobs.job_info(UnitOfWork(station.session_factory), busy.id)
            assert still.state is JobState.PRINTING  # the display did not wait for it
            HeldPrinter.release.set()
            # status queries off: it took the bytes, nothing confirms they printed
            assert wait_for_job(station.session_factory, busy.id).state is JobState.SENT


def test_a_printer_that_stops_taking_data_fails_the_job_and_the_call_returns(
    station: DemoStation,
) -> None:
    master, slave = os.openpty()  # nobody reads this printer: its buffer fills up
    tty.setraw(slave)
    try:
        devices = [printer(os.ttyname(slave), status_query=False, write_timeout_s=0.5)]
        with running_queue(station.session_factory, devices) as queue:
            stuck = device_jobs.enqueue(
                UnitOfWork(station.session_factory),
                device_jobs.EnqueueJob("Receipt printer", "raw", payload=b"x" * 200_000),
            )
            queue.wake()
            info = wait_for_job(station.session_factory, stuck.id)
    finally:
        os.close(master)
        os.close(slave)
    assert info.state is JobState.FAILED
    assert info.reason == "Receipt printer stopped answering (write timed out after 0.5 s)"
    assert info.can_retry


@pytest.mark.parametrize(
    ("mode", "job_state", "shown"),
    [
        ("paper_out", JobState.DONE, DeviceState.PAPER_OUT),  # it answered: out of paper
        ("silent", JobState.SENT, DeviceState.SENT),  # it said nothing
    ],
)
def test_a_drawer_kick_never_makes_the_printer_ready_without_asking_it(
    station: DemoStation, sim: PrinterSimulator, mode: str, job_state: JobState, shown: DeviceState
) -> None:
    sim.status_mode = mode
    with UnitOfWork(station.session_factory) as uow:
        job_id = device_jobs.queue_drawer_kick(uow.session, device="Receipt printer")
        uow.commit()
    seen: list[DeviceState] = []
    with running_queue(station.session_factory, [printer(sim.url)]) as queue:
        queue.on_status(lambda _name, status: seen.append(status.state))
        queue.wake()
        ended = wait_for_job(station.session_factory, job_id)
        status = queue.statuses()["Receipt printer"]
    assert sim.wait_for(DRAWER_LINE)  # the drawer opens whatever the paper says
    assert ended.state is job_state
    assert status.state is shown
    assert DeviceState.ONLINE not in seen  # never "ready" from a kick


def test_a_receipt_the_printer_confirms_is_done_and_its_state_is_what_it_said(
    station: DemoStation, sim: PrinterSimulator
) -> None:
    sim.status_mode = "paper_low"
    _receipt_no, job_id = queue_sale_receipt(station)
    with running_queue(station.session_factory, [printer(sim.url)]) as queue:
        queue.wake()
        ended = wait_for_job(station.session_factory, job_id)
        status = queue.statuses()["Receipt printer"]
    assert ended.state is JobState.DONE and not ended.can_retry
    assert status.state is DeviceState.PAPER_LOW


def test_a_frame_for_a_sign_replaces_one_not_yet_shown_from_the_same_counter(
    station: DemoStation,
) -> None:
    with UnitOfWork(station.session_factory) as uow:
        for ticket, counter in (("A-1", "Counter 1"), ("A-2", "Counter 2"), ("A-3", "Counter 1")):
            device_jobs.queue_now_serving(
                uow.session, device="Sign", ticket=ticket, counter=counter
            )
        uow.commit()
    frames = [j.document for j in jobs(station.session_factory) if j.kind == "now_serving"]
    # Counter 1's newer call replaced its older one; Counter 2's call is not lost to it.
    assert [(f["ticket"], f["counter"]) for f in frames] == [
        ("A-2", "Counter 2"),
        ("A-3", "Counter 1"),
    ]


def test_a_job_is_sent_again_only_to_a_device_of_its_role(station: DemoStation) -> None:
    _receipt_no, job_id = queue_sale_receipt(station, device="Gone printer")
    with running_queue(station.session_factory, [printer("loop://")]) as queue:
        queue.wake("Gone printer")
        wait_for_job(station.session_factory, job_id)
    roles = {"Receipt printer": "receipt_printer", "Lobby sign": "now_serving"}
    with pytest.raises(ServiceError, match="Lobby sign is not a receipt printer"):
        device_jobs.retry_job(
            UnitOfWork(station.session_factory), RetryJob(job_id, "Lobby sign", roles)
        )
    info = device_jobs.retry_job(
        UnitOfWork(station.session_factory), RetryJob(job_id, "Receipt printer", roles)
    )
    assert info.device == "Receipt printer" and info.state is JobState.QUEUED
