"""Demo accounts and numbered stock, generated (not shipped as a giant file).

Deterministic: the same seed gives the same accounts, numbers, names and
balances on every machine, so a trainer's handout and the tests can name
them. ``KNOWN`` accounts come first and are the ones the README and the tests
use; the rest are believable filler (Whitby streets, Canadian names with
accents and a few in other scripts).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from counterapp.db.models import Account, Station, StockBlock
from counterapp.db.search_index import SuspendedIndex
from counterapp.db.uow import UnitOfWork
from counterapp.domain.accounts import luhn_check_digit, search_key

#: When head office last sent balances, in the demo.
DEMO_AS_OF = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
SEED = 20261123


def with_check(body: str) -> str:
    return body + luhn_check_digit(body)


@dataclass(frozen=True, slots=True)
class KnownAccount:
    kind: str
    number: str
    holder_name: str
    address: str
    balance_cents: int
    status: str = "open"
    paid_at: datetime | None = None
    detail: dict[str, Any] | None = None


KNOWN: tuple[KnownAccount, ...] = (
    KnownAccount(
        "tax_roll", with_check("18099990010001"), "Zoë Côté", "12 Brock St N", 123456,
        detail={"service_code": "PAY-TAX", "instalment_due": "2026-12-15"},
    ),
    KnownAccount(
        "tax_roll", with_check("18099990010002"), "Nguyễn Thị Hoa", "88 Dundas St W", 287500,
        detail={"service_code": "PAY-TAX", "instalment_due": "2026-12-15"},
    ),
    KnownAccount(
        "tax_roll", with_check("18099990010003"), "李小龍", "5 Garden St", 0,
        detail={"service_code": "PAY-TAX"},
    ),
    KnownAccount(
        "ticket", with_check("9900001"), "", "Plate CBXR 412", 5000,
        detail={"service_code": "PAY-PKT", "offence": "Parked in a fire route"},
    ),
    KnownAccount(
        "ticket", with_check("9900002"), "", "Plate BZTK 905", 0, "paid",
        datetime(2026, 10, 3, 15, 12, tzinfo=UTC),
        {"service_code": "PAY-PKT", "offence": "Overnight parking"},
    ),
    KnownAccount(
        "ticket", with_check("9900003"), "Marc-André Gagné", "41 Centre St S", 30000,
        detail={"service_code": "PAY-BLW", "offence": "Long grass and weeds"},
    ),
    KnownAccount(
        "utility", with_check("990000001"), "Priya Sharma", "300 Anderson St", 14237,
        detail={"service_code": "PAY-WTR"},
    ),
    KnownAccount(
        "invoice", with_check("990001"), "Whitby Minor Hockey", "PO Box 221", 53000,
        detail={"service_code": "PAY-AR", "for": "Ice time, October"},
    ),
    KnownAccount(
        "membership", with_check("99000001"), "Ōmura Kenji", "17 Kent St", 4500,
        detail={"service_code": "PAY-MEM", "pass": "Fitness 10-visit pass"},
    ),
)  # fmt: skip

_FIRST = (
    "Marie", "Jean", "Zoë", "François", "Hélène", "Amélie", "Noël", "Chloé", "Liam", "Olivia",
    "Noah", "Emma", "Aarav", "Priya", "Mohammed", "Fatima", "Wei", "Mei", "Hiroshi", "Yuki",
    "Ahmed", "Sofía", "José", "Łukasz", "Agnieszka", "Siobhán", "Seán", "Björn", "Ingrid", "Kofi",
    "Ama", "Tenzin", "Dmitri", "Anastasia", "Raj", "Ananya", "Gabriel", "Léa", "Owen", "Grace",
)  # fmt: skip
_LAST = (
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
    "Smith", "Brown", "Wilson", "MacDonald", "Campbell", "Anderson", "Taylor", "Thompson",
    "Patel", "Singh", "Sharma", "Nguyễn", "Trần", "Wong", "Chen", "Li", "Kim", "Park", "Ali",
    "Hassan", "Kowalski", "Nowak", "O'Brien", "Murphy", "Silva", "García", "Müller", "Okafor",
    "Mensah", "Novák", "Ivanova",
)  # fmt: skip
_OTHER_SCRIPTS = (
    "王秀英",
    "김민준",
    "Παπαδόπουλος Νίκος",
    "Иванов Сергей",
    "محمد الأحمد",
    "佐藤 花子",
)
_STREETS = (
    "Brock St N", "Brock St S", "Dundas St E", "Dundas St W", "Rossland Rd E", "Rossland Rd W",
    "Taunton Rd E", "Anderson St", "Garden St", "Thickson Rd N", "Cochrane St", "Henry St",
    "Byron St S", "Kent St", "Centre St S", "Mary St E", "Colborne St W", "Manning Rd",
    "Winchester Rd E", "Baldwin St S", "Ashburn Rd", "Country Lane", "Coronation Rd",
    "Bonacord Ave", "Carnwith Dr E", "Des Newman Blvd", "Hopkins St", "Victoria St W",
    "Gordon St", "Lupin Dr", "Champlain Ave", "Montgomery Cres", "Sugar Maple St",
)  # fmt: skip
_PLATE_LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ"


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _person(rng: random.Random) -> str:
    if rng.random() < 0.01:
        return rng.choice(_OTHER_SCRIPTS)
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    if rng.random() < 0.08:
        name += f" & {rng.choice(_FIRST)} {rng.choice(_LAST)}"
    return name


def _address(rng: random.Random) -> str:
    return f"{rng.randint(1, 1999)} {rng.choice(_STREETS)}"


def _tax_roll_body(i: int) -> str:
    # 1809 (Durham, Whitby) · map area · division · parcel: unique for i < 2,500,000.
    return f"1809{i // 2500 + 10:03d}{(i // 50) % 50 * 10 + 10:03d}{(i % 50) * 20 + 100:04d}"


def generate_accounts(
    *, tax_rolls: int = 100_000, tickets: int = 50_000, seed: int = SEED
) -> Iterator[dict[str, Any]]:
    """Rows for ``Account``: the known accounts, then the generated ones."""
    rng = random.Random(seed)
    for k in KNOWN:
        yield {
            "id": _id(rng),
            "kind": k.kind,
            "number": k.number,
            "holder_name": k.holder_name,
            "address": k.address,
            "balance_cents": k.balance_cents,
            "status": k.status,
            "paid_at": k.paid_at,
            "as_of": DEMO_AS_OF,
            "version": 1,
            "detail": dict(k.detail or {}),
        }
    for i in range(tax_rolls):
        owing = rng.random() < 0.85
        balance = rng.randrange(15_000, 650_000) if owing else 0
        yield {
            "id": _id(rng),
            "kind": "tax_roll",
            "number": with_check(_tax_roll_body(i)),
            "holder_name": _person(rng),
            "address": _address(rng),
            "balance_cents": balance,
            "status": "open",
            "paid_at": None,
            "as_of": DEMO_AS_OF,
            "version": 1,
            "detail": {"service_code": "PAY-TAX"},
        }
    for i in range(tickets):
        parking = rng.random() < 0.8
        fine = rng.choice((3000, 5000, 7500, 10000)) if parking else rng.choice((15000, 30000))
        paid = rng.random() < 0.25
        plate = (
            "".join(rng.choice(_PLATE_LETTERS) for _ in range(4)) + f" {rng.randint(0, 999):03d}"
        )
        yield {
            "id": _id(rng),
            "kind": "ticket",
            "number": with_check(f"{1_000_000 + (i * 7) % 8_000_000:07d}"),
            "holder_name": "" if parking else _person(rng),
            "address": f"Plate {plate}" if parking else _address(rng),
            "balance_cents": 0 if paid else fine,
            "status": "paid" if paid else "open",
            "paid_at": DEMO_AS_OF - timedelta(days=rng.randint(1, 300)) if paid else None,
            "as_of": DEMO_AS_OF,
            "version": 1,
            "detail": {"service_code": "PAY-PKT" if parking else "PAY-BLW"},
        }
    for i in range(max(tax_rolls // 10, 1)):
        yield {
            "id": _id(rng),
            "kind": "utility",
            "number": with_check(f"{100_000_000 + i * 13:09d}"),
            "holder_name": _person(rng),
            "address": _address(rng),
            "balance_cents": rng.randrange(0, 45_000),
            "status": "open",
            "paid_at": None,
            "as_of": DEMO_AS_OF,
            "version": 1,
            "detail": {"service_code": "PAY-WTR"},
        }


def _sqlite_time(value: datetime | None) -> str | None:
    # The text SQLAlchemy's SQLite DateTime stores (UTC wall time, no offset).
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _driver_row(row: dict[str, Any], cols: list[str]) -> tuple[Any, ...]:
    row = {
        **row,
        "as_of": _sqlite_time(row["as_of"]),
        "paid_at": _sqlite_time(row["paid_at"]),
        "detail": json.dumps(row["detail"]),
        "search_key": search_key(row["holder_name"], row["address"]),
    }
    return tuple(row[c] for c in cols)


def load_demo_accounts(
    uow: UnitOfWork,
    *,
    tax_rolls: int = 100_000,
    tickets: int = 50_000,
    seed: int = SEED,
    on_loading: Callable[[], None] | None = None,
) -> int:
    """Insert the demo accounts once (a second call finds them and does nothing).

    ``on_loading`` is called only when they are actually about to be loaded
    (the demo says so then, and only then). Returns how many accounts the
    station holds afterwards.
    """
    with uow:
        s = uow.session
        have = s.scalar(select(func.count()).select_from(Account)) or 0
        if have:
            return have
        if on_loading is not None:
            on_loading()
        # Straight to the driver: 150,000 rows through the ORM take seconds
        # longer, and this runs while the demo starts.
        cols = [c.name for c in Account.__table__.columns]
        sql = f"INSERT INTO account ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        rows = (
            _driver_row(row, cols)
            for row in generate_accounts(tax_rolls=tax_rolls, tickets=tickets, seed=seed)
        )
        cursor = s.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        with SuspendedIndex(cursor):  # the name search index, rebuilt once at the end
            cursor.executemany(sql, rows)
        count = s.scalar(select(func.count()).select_from(Account)) or 0
        uow.commit()
        return count


#: Numbered stock head office hands this station (kind, prefix, first, last).
DEMO_STOCK = (
    ("marriage_licence", "ON-M", 2_026_4101, 2_026_4150),
    ("dog_tag", "WD", 26_0501, 26_0700),
)


def load_demo_stock(uow: UnitOfWork) -> None:
    """Give the station its demo stock blocks, once."""
    with uow:
        s = uow.session
        if s.scalar(select(func.count()).select_from(StockBlock)):
            return
        station = s.scalars(select(Station)).one()
        rng = random.Random(SEED + 1)
        for kind, prefix, first, last in DEMO_STOCK:
            s.add(
                StockBlock(
                    id=_id(rng),
                    stock_kind=kind,
                    station_code=station.code,
                    first_no=first,
                    last_no=last,
                    next_no=first,
                    prefix=prefix,
                )
            )
        uow.commit()
