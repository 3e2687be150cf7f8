"""Loading reference data (catalogue, tax rates, staff, station identity).

Head office owns this data; a station receives it. Until replication of
reference data exists (its own issue), a file in the catalogue's JSON shape
loads it — the demo uses ``counterapp/demo/catalogue.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from counterapp.db.models import (
    KbArticle,
    Service,
    SiteSetting,
    Staff,
    Station,
    TaxRate,
    TenderLimit,
)
from counterapp.db.uow import UnitOfWork
from counterapp.ids import uuid7
from counterapp.services.auth import Role, hash_password
from counterapp.sync.refdata import ArticleItem

DEMO_CATALOGUE = Path(__file__).resolve().parents[1] / "demo" / "catalogue.json"


def load_reference(uow: UnitOfWork, data: dict[str, Any]) -> None:
    """Insert or update the station, tax rates, catalogue and staff from ``data``."""
    with uow:
        s = uow.session
        site = data["site"]
        station = s.get(Station, site["station_code"])
        if station is None:
            station = Station(code=site["station_code"], last_receipt_seq=0)
            s.add(station)
        station.site_code = site["site_code"]
        station.site_name = site["site_name"]
        station.address_lines = list(site["address_lines"])
        for rate in data["tax_rates"]:
            s.merge(TaxRate(**rate))
        s.flush()
        for svc in data["services"]:
            s.merge(Service(active=True, **svc))
        for kind, cents in data.get("tender_limits", {}).items():
            s.merge(TenderLimit(kind=kind, approval_over_cents=int(cents)))
        for name, value in data.get("settings", {}).items():
            s.merge(SiteSetting(name=name, value=value))
        for article in data.get("articles", []):  # checked as head office checks them
            s.merge(KbArticle(**ArticleItem.model_validate(article).model_dump()))
        existing = {st.username: st for st in s.scalars(select(Staff))}
        for person in data["staff"]:
            Role(person["role"])  # refuses an unknown role
            row = existing.get(person["username"])
            if row is None:
                row = Staff(id=uuid7(), username=person["username"], active=True)
                s.add(row)
                row.password_hash = hash_password(person["password"])
            row.display_name = person["display_name"]
            row.role = person["role"]
            row.is_commissioner = bool(person.get("is_commissioner", False))
            if person.get("pin") and row.pin_hash is None:
                row.pin_hash = hash_password(person["pin"])
        uow.commit()


def load_demo(uow: UnitOfWork, path: Path = DEMO_CATALOGUE) -> None:
    load_reference(uow, json.loads(path.read_text(encoding="utf-8")))
