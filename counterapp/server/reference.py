"""Reference data head office owns and stations receive (ARCHITECTURE.md,
decision 4): publishing it with a change version, and "changes since N".

Every published item takes the next value of one server-wide counter
(``change_counter``). The counter row is updated in the publishing
transaction, so publishers queue on it and commit in version order: a
station that has seen version N can never later find an N-1 it missed.
Publishing an item equal to what is already published changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Integer,
    String,
    UniqueConstraint,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from counterapp.ids import uuid7
from counterapp.server.db import ServerBase, UTCDateTime
from counterapp.sync.refdata import ENTITY_MODELS, Change, ChangesPage
from counterapp.sync.wire import describe_errors

MAX_PAGE = 20_000
DEFAULT_PAGE = 5_000


class ChangeCounter(ServerBase):
    """One row: the last change version handed out."""

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class ReferenceItem(ServerBase):
    """One published item of reference data, as stations receive it.

    ``station_code`` / ``site_code`` narrow who receives it (a stock block
    belongs to one station; a setting may be one site's); empty means all.
    """

    __tablename__ = "reference_item"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    entity: Mapped[str] = mapped_column(String(24))
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(BigInteger, unique=True)
    station_code: Mapped[str] = mapped_column(String(16), default="")
    site_code: Mapped[str] = mapped_column(String(8), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("entity", "key"),)


class ReferenceRejected(ValueError):
    """Reference data that does not check; ``str()`` names the item."""


@dataclass(frozen=True, slots=True)
class Publish:
    """One item to publish (``data``) or withdraw (``deleted``)."""

    entity: str
    data: dict[str, Any]
    deleted: bool = False
    site_code: str = ""  # "" = every site


@dataclass(frozen=True, slots=True)
class PublishResult:
    published: int  # new or changed
    unchanged: int
    version: int  # the newest version after publishing


def _checked(item: Publish) -> tuple[str, dict[str, Any], str]:
    """(key, data as JSON values, station_code) or ReferenceRejected."""
    spec = ENTITY_MODELS.get(item.entity)
    if spec is None:
        raise ReferenceRejected(f"unknown kind of reference data {item.entity!r}")
    model, key_field = spec
    if item.deleted:
        key = item.data.get(key_field)
        if not isinstance(key, str) or not key:
            raise ReferenceRejected(f"{item.entity}: a withdrawal needs its {key_field}")
        return key, {key_field: key}, str(item.data.get("station_code", ""))
    try:
        checked = model.model_validate(item.data)
    except ValidationError as exc:
        raise ReferenceRejected(
            f"{item.entity} {item.data.get(key_field, '?')}: {describe_errors(exc)}"
        ) from None
    data = checked.model_dump(mode="json")
    return str(data[key_field]), data, str(data.get("station_code", ""))


def _insert(session: Session) -> Callable[..., Any]:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def publish(
    session_factory: Callable[[], Session],
    items: Sequence[Publish],
    *,
    now: datetime | None = None,
    chunk: int = 5_000,
) -> PublishResult:
    """Check every item, then publish them all in one transaction (all or nothing)."""
    now = now or datetime.now(UTC)
    checked = [(item, *_checked(item)) for item in items]
    published = unchanged = 0
    with session_factory() as session, session.begin():
        version = _current(session)
        whole: dict[tuple[str, str], tuple[bool, Any, str, str]] | None = None
        if len(checked) > chunk:
            # A big publish (a nightly accounts load): read what is published
            # of those kinds once, instead of a look-up per chunk.
            whole = _published(session, {item.entity for item, *_ in checked})
        for start in range(0, len(checked), chunk):
            part = checked[start : start + chunk]
            existing = (
                whole
                if whole is not None
                else _existing(session, [(i.entity, key) for i, key, _, _ in part])
            )
            rows = []
            for item, key, data, station_code in part:
                before = existing.get((item.entity, key))
                stored_data = None if item.deleted else data
                wanted = (item.deleted, stored_data, station_code, item.site_code)
                if before is not None and before == wanted:
                    unchanged += 1
                    continue
                if before is None and item.deleted:
                    unchanged += 1  # withdrawing what was never published
                    continue
                rows.append(
                    {
                        "entity": item.entity,
                        "key": key,
                        "station_code": station_code,
                        "site_code": item.site_code,
                        "deleted": item.deleted,
                        "data": None if item.deleted else data,
                        "updated_at": now,
                    }
                )
            if not rows:
                continue
            last = _take_versions(session, len(rows))
            first = last - len(rows) + 1
            for n, row in enumerate(rows):
                row["version"] = first + n
            stmt = _insert(session)(ReferenceItem)
            session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["entity", "key"],
                    set_={
                        c: stmt.excluded[c]
                        for c in (
                            "version",
                            "station_code",
                            "site_code",
                            "deleted",
                            "data",
                            "updated_at",
                        )
                    },
                ),
                rows,
            )
            published += len(rows)
            version = last
    return PublishResult(published, unchanged, version)


def _published(
    session: Session, entities: set[str]
) -> dict[tuple[str, str], tuple[bool, Any, str, str]]:
    rows = session.execute(
        select(
            ReferenceItem.entity,
            ReferenceItem.key,
            ReferenceItem.deleted,
            ReferenceItem.data,
            ReferenceItem.station_code,
            ReferenceItem.site_code,
        )
        .where(ReferenceItem.entity.in_(sorted(entities)))
        .execution_options(yield_per=10_000)
    )
    return {(e, k): (d, data, st, site) for e, k, d, data, st, site in rows}


def _existing(
    session: Session, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[bool, Any, str, str]]:
    out: dict[tuple[str, str], tuple[bool, Any, str, str]] = {}
    by_entity: dict[str, list[str]] = {}
    for entity, key in keys:
        by_entity.setdefault(entity, []).append(key)
    for entity, entity_keys in by_entity.items():
        for start in range(0, len(entity_keys), 1000):
            rows = session.execute(
                select(
                    ReferenceItem.key,
                    ReferenceItem.deleted,
                    ReferenceItem.data,
                    ReferenceItem.station_code,
                    ReferenceItem.site_code,
                ).where(
                    ReferenceItem.entity == entity,
                    ReferenceItem.key.in_(entity_keys[start : start + 1000]),
                )
            )
            for key, deleted, data, station_code, site_code in rows:
                out[(entity, key)] = (deleted, data, station_code, site_code)
    return out


def _take_versions(session: Session, n: int) -> int:
    """Reserve ``n`` versions; returns the last. Holds the counter's row lock
    until this transaction ends (publishers commit in version order)."""
    last = session.scalar(
        update(ChangeCounter)
        .where(ChangeCounter.id == 1)
        .values(value=ChangeCounter.value + n)
        .returning(ChangeCounter.value)
    )
    if last is None:
        session.add(ChangeCounter(id=1, value=n))
        session.flush()
        return n
    return int(last)


def _current(session: Session) -> int:
    return int(session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == 1)) or 0)


def changes_since(
    session: Session, station_code: str, site_code: str, since: int, limit: int = DEFAULT_PAGE
) -> ChangesPage:
    """What ``station_code`` (at ``site_code``) has not seen since ``since``."""
    limit = max(1, min(limit, MAX_PAGE))
    current = _current(session)
    rows = session.execute(
        select(
            ReferenceItem.entity,
            ReferenceItem.key,
            ReferenceItem.version,
            ReferenceItem.deleted,
            ReferenceItem.data,
        )
        .where(
            ReferenceItem.version > since,
            ReferenceItem.version <= current,
            or_(ReferenceItem.station_code == "", ReferenceItem.station_code == station_code),
            or_(ReferenceItem.site_code == "", ReferenceItem.site_code == site_code),
        )
        .order_by(ReferenceItem.version)
        .limit(limit)
    ).all()
    more = len(rows) == limit
    until = rows[-1].version if more else max(current, since)
    return ChangesPage(
        since=since,
        until=until,
        current=current,
        more=more,
        changes=[
            Change(entity=e, key=k, version=v, deleted=d, data=data) for e, k, v, d, data in rows
        ],
    )


#: Fields a station before protocol 2 does not know (its items forbid extra fields).
FRENCH_FIELDS: dict[str, tuple[str, ...]] = {
    "service": ("name_fr", "category_fr", "checklist_fr"),
    "kb_article": ("translation_of",),
}


def without_french(page: ChangesPage) -> ChangesPage:
    """``page`` as a station of protocol 1 can apply it: the French fields left out
    (a form field's French, inside ``rules``, is ignored by its form anyway)."""
    changes = []
    for c in page.changes:
        dropped = FRENCH_FIELDS.get(c.entity, ())
        if c.data is not None and any(name in c.data for name in dropped):
            data = {k: v for k, v in c.data.items() if k not in dropped}
            c = c.model_copy(update={"data": data})
        changes.append(c)
    return page.model_copy(update={"changes": changes})


def current_version(session: Session) -> int:
    return _current(session)


# --- a reference file, as an administrator keeps it ----------------------------


def items_from_file(
    data: dict[str, Any], session_factory: Callable[[], Session] | None = None
) -> list[Publish]:
    """Items from a JSON document in the catalogue's shape (``demo/catalogue.json``)
    extended with ``accounts``, ``stock_blocks``, ``settings`` and ``articles``.

    Staff ``password`` values are hashed here (argon2) and never stored or
    sent; a staff member already published keeps their id (sales refer to it)
    and, when no password is given, their hash.
    """
    from counterapp.services.auth import hash_password

    known_staff: dict[str, dict[str, Any]] = {}
    if session_factory is not None:
        with session_factory() as session:
            for key, item in session.execute(
                select(ReferenceItem.key, ReferenceItem.data).where(
                    ReferenceItem.entity == "staff", ReferenceItem.deleted.is_(False)
                )
            ):
                if item:
                    known_staff[key] = item
    items: list[Publish] = []
    sites = list(data.get("sites", []))
    if "site" in data:
        sites.append(data["site"])
    for site in sites:
        items.append(
            Publish(
                "site",
                {k: site[k] for k in ("site_code", "site_name", "address_lines") if k in site},
                site_code=str(site.get("site_code", "")),
            )
        )
    items += [Publish("tax_rate", dict(r)) for r in data.get("tax_rates", [])]
    items += [Publish("service", {"active": True, **s}) for s in data.get("services", [])]
    for person in data.get("staff", []):
        person = dict(person)
        before = known_staff.get(person["username"], {})
        password = person.pop("password", None)
        if password:
            person["password_hash"] = hash_password(password)
        elif "password_hash" not in person and before:
            person["password_hash"] = before["password_hash"]
        pin = person.pop("pin", None)
        if pin:
            person["pin_hash"] = hash_password(str(pin))
        elif "pin_hash" not in person and before.get("pin_hash"):
            person["pin_hash"] = before["pin_hash"]
        person.setdefault("id", before.get("id") or uuid7())
        items.append(Publish("staff", person))
    items += [Publish("account", dict(a)) for a in data.get("accounts", [])]
    items += [Publish("stock_block", dict(b)) for b in data.get("stock_blocks", [])]
    for name, value in dict(data.get("settings", {})).items():
        items.append(Publish("setting", {"name": name, "value": value}))
    items += [Publish("kb_article", dict(a)) for a in data.get("articles", [])]
    items += [
        Publish("tender_limit", {"kind": kind, "approval_over_cents": cents})
        for kind, cents in dict(data.get("tender_limits", {})).items()
    ]
    return items


def publish_file(
    session_factory: Callable[[], Session], text: str, *, now: datetime | None = None
) -> PublishResult:
    return publish(session_factory, items_from_file(json.loads(text), session_factory), now=now)


def counts(session: Session) -> Iterable[tuple[str, int]]:
    return session.execute(
        select(ReferenceItem.entity, func.count())
        .where(ReferenceItem.deleted.is_(False))
        .group_by(ReferenceItem.entity)
        .order_by(ReferenceItem.entity)
    ).all()


def unknown_services(session: Session, codes: Iterable[str]) -> list[str]:
    """The codes head office never published as a service (withdrawn ones
    count as known: a station offline may sell one before it hears). Empty
    when the server publishes no catalogue at all (a replication target only)."""
    wanted = set(codes)
    if not wanted:
        return []
    published = set(
        session.scalars(select(ReferenceItem.key).where(ReferenceItem.entity == "service"))
    )
    if not published:
        return []
    return sorted(wanted - published)
