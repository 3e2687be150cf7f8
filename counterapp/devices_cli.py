"""``counterapp devices …``: list, test, simulate, and the print queue from a shell.

For the person installing a counter: ``list`` shows every configured device
and what it says about itself; ``test NAME`` sends a test page (printers) or
frame (displays) straight to the device and says what happened; ``jobs`` and
``retry`` reach the queue when the window cannot be used.
"""

from __future__ import annotations

import argparse

from counterapp.config import StationConfig
from counterapp.db.uow import UnitOfWork
from counterapp.domain.clock import format_site_time
from counterapp.domain.devices import DeviceRole


def add_parsers(devsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ls = devsub.add_parser("list", help="the devices set up at this station and their state")
    ls.add_argument("--no-status", action="store_true", help="do not ask the devices")
    ls.set_defaults(func=devices_list)
    test = devsub.add_parser("test", help="send a test print (or display frame) to a device")
    test.add_argument("name", help="the device's name, as `devices list` shows it")
    test.set_defaults(func=devices_test)
    jobs = devsub.add_parser("jobs", help="the print queue, newest first")
    jobs.add_argument("--failed", action="store_true", help="only the failed jobs")
    jobs.set_defaults(func=devices_jobs)
    retry = devsub.add_parser("retry", help="queue a failed job again")
    retry.add_argument("job_id")
    retry.add_argument("--to", default=None, help="send it to this device instead")
    retry.set_defaults(func=devices_retry)


def devices_list(args: argparse.Namespace) -> int:
    from devices.station_devices import StationDevices, check_settings, settings_line

    config = StationConfig.load(args.data_dir)
    devices = config.device_list()
    if not devices:
        print(f"No devices are set up in {args.data_dir / 'station.json'}.")
        return 0
    station = StationDevices(devices)
    for device in devices:
        state = "not in use"
        if device.enabled and not args.no_status:
            status = station.status(device.name)
            state = status.detail if status is not None else "does not report its state"
        role = DeviceRole(device.role).value if device.role in set(DeviceRole) else device.role
        print(f"{device.name}  [{role}]  {device.url}  {settings_line(device)}")
        print(f"    {device.columns} columns, profile {device.profile}; {state}")
    for problem in check_settings(devices):
        print(f"Problem: {problem}")
    return 0


def devices_test(args: argparse.Namespace) -> int:
    from devices.errors import DeviceError
    from devices.station_devices import StationDevices

    config = StationConfig.load(args.data_dir)
    device = next((d for d in config.device_list() if d.name == args.name), None)
    if device is None:
        names = ", ".join(repr(d.name) for d in config.device_list()) or "none"
        print(f"No device called {args.name!r} (devices: {names}).")
        return 2
    kind = "test_print" if DeviceRole(device.role).is_printer else "test_display"
    try:
        status = StationDevices([device]).run(device.name, kind, {}, None)
    except DeviceError as exc:
        print(f"Test failed: {exc}")
        return 1
    print(f"Test sent to {device.name}." + (f" {status.detail}." if status else ""))
    return 0


def _uow(args: argparse.Namespace) -> UnitOfWork:
    from counterapp.db.engine import open_database

    _engine, sf = open_database(StationConfig.load(args.data_dir).database_path)
    return UnitOfWork(sf)


def devices_jobs(args: argparse.Namespace) -> int:
    from counterapp.services.device_jobs import JobState, list_jobs

    states = (JobState.FAILED,) if args.failed else ()
    for job in list_jobs(_uow(args), states=states):
        when = format_site_time(job.created_at, "%Y-%m-%d %H:%M:%S")
        print(f"{job.id}  {when}  {job.device}  {job.kind}  {job.reference}  {job.state.value}"
              + (f"  — {job.reason}" if job.reason else ""))  # fmt: skip
    return 0


def devices_retry(args: argparse.Namespace) -> int:
    from counterapp.services.device_jobs import RetryJob, retry_job
    from counterapp.services.errors import ServiceError

    try:
        info = retry_job(_uow(args), RetryJob(args.job_id, args.to))
    except ServiceError as exc:
        print(exc)
        return 1
    print(f"Queued again for {info.device}; the station prints it when it runs.")
    return 0
