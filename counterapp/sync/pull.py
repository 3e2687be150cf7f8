"""Pulling reference data from head office into the station (ARCHITECTURE.md,
decision 4).

``pull_changes`` asks for "changes since N" page by page. Each page is
applied in one local transaction together with its ``until`` version, so a
pull cut off anywhere resumes where it stopped and a page applied twice
changes nothing. A new station's initial load is the same call from 0.

Accounts keep the server's ``as_of`` (when head office's balance was true)
and their change ``version``; a station shows a balance as of that time,
minus its own unsent payments. Stock blocks keep the station's ``next_no``:
the station issues the numbers, head office only hands out the ranges.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from pydantic import ValidationError
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from counterapp.db.models import (
    Account,
    IntakeUpdate,
    KbArticle,
    Service,
    SiteSetting,
    Staff,
    Station,
    StockBlock,
    SyncState,
    TaxRate,
    TenderLimit,
)
from counterapp.db.uow import UnitOfWork
from counterapp.domain.accounts import search_key
from counterapp.sync.protocol import CHANGES_PATH, StationCredential
from counterapp.sync.refdata import ENTITY_MODELS, Change, ChangesPage
from counterapp.sync.tls import station_client
from counterapp.sync.transport import (
    Stop,
    request_headers,
    resolve_credential,
    send,
    station_data_dir,
)

log = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]

# Applied in this order within a page: what others refer to comes first.
APPLY_ORDER = (
    "site",
    "tax_rate",
    "service",
    "staff",
    "account",
    "stock_block",
    "setting",
    "kb_article",
    "tender_limit",
    "intake_status",
)
# The kinds, and a mark for each change of what this software keeps of them: a station
# updated to keep more (French beside the English, issue 13) loads everything again.
KNOWN_ENTITIES = ",".join(sorted(APPLY_ORDER)) + ";fr"


@dataclass(frozen=True, slots=True)
class PullResult:
    applied: int  # changes applied
    pages: int
    version: int  # the reference version the station now has
    error: str | None = None
    offline: bool = False  # the server could not be reached at all

    @property
    def ok(self) -> bool:
        return self.error is None


def sync_state(session: Session) -> SyncState:
    """The station's one sync-state row (made on first use)."""
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1, reference_version=0, reference_entities="")
        session.add(state)
        session.flush()
    return state


def reference_version(session_factory: SessionFactory) -> int:
    with UnitOfWork(session_factory, readonly=True) as uow:
        state = uow.session.get(SyncState, 1)
        return state.reference_version if state else 0


def pull_changes(
    session_factory: SessionFactory,
    server_url: str,
    *,
    credential: StationCredential | None = None,
    client: httpx.Client | None = None,
    timeout_s: float = 30.0,
    page_size: int = 5000,
    on_page: Callable[[int, int], None] | None = None,
) -> PullResult:
    """Apply every change head office has for this station. Never raises for
    the network or the server's answer: ``error`` says why it stopped, and
    what was applied before stays applied."""
    own_client = client is None
    http = (
        client
        if client is not None
        else station_client(station_data_dir(session_factory), timeout=timeout_s)
    )
    applied = pages = 0
    version = reference_version(session_factory)
    error: str | None = None
    offline = False
    try:
        cred = resolve_credential(session_factory, credential)
        url = server_url.rstrip("/") + CHANGES_PATH
        while True:
            since = _since(session_factory)
            response = send(
                http,
                "GET",
                url,
                headers=request_headers(session_factory, cred),
                params={"since": since, "limit": page_size},
            )
            try:
                page = ChangesPage.model_validate_json(response.content)
            except ValidationError:
                raise Stop(
                    f"server answered {response.status_code} without reference data; "
                    "is the address a counterapp server?"
                ) from None
            applied += apply_page(session_factory, page)
            pages += 1
            version = page.until
            if on_page is not None:  # progress: the version reached of the server's current
                on_page(page.until, page.current)
            if not page.more:
                break
    except Stop as stop:
        error, offline = str(stop), stop.offline
        log.warning("pull stopped: %s", error)
    finally:
        if own_client:
            http.close()
    if error is None:
        log.info("pulled %d changes in %d pages; reference version %d", applied, pages, version)
    return PullResult(applied, pages, version, error, offline)


def _since(session_factory: SessionFactory) -> int:
    with UnitOfWork(session_factory, readonly=True) as uow:
        state = uow.session.get(SyncState, 1)
        if state is None or state.reference_entities != KNOWN_ENTITIES:
            return 0  # new station, or software that applies more kinds: load it all
        return state.reference_version


def apply_page(session_factory: SessionFactory, page: ChangesPage) -> int:
    """Apply one page and remember its ``until``, in one commit."""
    with UnitOfWork(session_factory) as uow:
        s = uow.session
        state = sync_state(s)
        restarting = state.reference_entities != KNOWN_ENTITIES
        if not restarting and page.since != state.reference_version:
            # Another pull got here first (the window's and the CLI's at once).
            return 0
        by_entity: dict[str, list[Change]] = defaultdict(list)
        for change in page.changes:
            by_entity[change.entity].append(change)
        unknown = set(by_entity) - set(APPLY_ORDER)
        if unknown:  # a newer server: applied once this station is updated
            log.info("skipping reference data this station does not know: %s", sorted(unknown))
        count = 0
        for entity in APPLY_ORDER:
            changes = by_entity.get(entity)
            if changes:
                _APPLY[entity](s, changes)
                count += len(changes)
        now = datetime.now(UTC)
        state.reference_version = page.until
        state.reference_entities = KNOWN_ENTITIES
        state.last_pull_at = now
        state.last_contact_at = now
        state.offline_since = None
        uow.commit()
    return count


# --- one entity at a time ----------------------------------------------------


def _data(change: Change) -> dict[str, Any]:
    """The change's data, checked again on arrival (the station trusts no wire)."""
    model, _key = ENTITY_MODELS[change.entity]
    try:
        return model.model_validate(change.data).model_dump()
    except ValidationError as exc:
        raise Stop(f"reference data {change.entity} {change.key} is not valid: {exc}") from None


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def _upsert(session: Session, model: Any, rows: list[dict[str, Any]], key: str) -> None:
    if not rows:
        return
    stmt = sqlite_insert(model.__table__)  # Core, not the ORM's bulk path: a page is 5,000 rows
    cols = [c for c in rows[0] if c != key]
    for start in range(0, len(rows), 5000):
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=[key], set_={c: stmt.excluded[c] for c in cols}
            ),
            rows[start : start + 5000],
        )


def _site(session: Session, changes: list[Change]) -> None:
    station = session.scalars(select(Station)).first()
    for change in changes:
        if change.deleted or station is None:
            continue
        d = _data(change)
        if d["site_code"] == station.site_code:
            station.site_name = d["site_name"]
            station.address_lines = list(d["address_lines"])


def _tax_rate(session: Session, changes: list[Change]) -> None:
    # A withdrawn rate stays: past sales and services refer to it.
    _upsert(session, TaxRate, [_data(c) for c in changes if not c.deleted], "code")


def _service(session: Session, changes: list[Change]) -> None:
    _upsert(session, Service, [_data(c) for c in changes if not c.deleted], "code")
    gone = [c.key for c in changes if c.deleted]
    if gone:  # sales refer to it: retire it instead of deleting
        session.execute(update(Service).where(Service.code.in_(gone)).values(active=False))


def _staff(session: Session, changes: list[Change]) -> None:
    rows = [_data(c) for c in changes if not c.deleted]
    for row in rows:
        # Someone of that user name made here before (demo data) steps aside:
        # past sales keep referring to them, but only head office's record signs in.
        session.execute(
            update(Staff)
            .where(Staff.username == row["username"], Staff.id != row["id"])
            .values(username="~" + Staff.id, active=False)
        )
    _upsert(session, Staff, rows, "id")
    gone = [c.key for c in changes if c.deleted]
    if gone:
        session.execute(update(Staff).where(Staff.username.in_(gone)).values(active=False))


def _account(session: Session, changes: list[Change]) -> None:
    rows = []
    for change in changes:
        if change.deleted:
            continue
        d = _data(change)
        d["as_of"] = _utc(d["as_of"])
        d["paid_at"] = _utc(d["paid_at"])
        # Core upserts skip the model's default: the look-up key travels with the row.
        d["search_key"] = search_key(d.get("holder_name", ""), d.get("address", ""))
        d["version"] = change.version
        rows.append(d)
    _upsert(session, Account, rows, "id")
    gone = [c.key for c in changes if c.deleted]
    if gone:
        session.execute(delete(Account).where(Account.id.in_(gone)))


def _stock_block(session: Session, changes: list[Change]) -> None:
    for change in changes:
        block = session.get(StockBlock, change.key)
        if change.deleted:
            if block is not None:  # withdrawn: nothing more is issued from it
                block.next_no = max(block.next_no, block.last_no + 1)
            continue
        d = _data(change)
        if block is None:
            session.add(StockBlock(next_no=d["first_no"], **d))
        else:
            for name, value in d.items():
                setattr(block, name, value)
            block.next_no = max(block.next_no, block.first_no)


def _setting(session: Session, changes: list[Change]) -> None:
    for change in changes:
        if change.deleted:
            session.execute(delete(SiteSetting).where(SiteSetting.name == change.key))
            continue
        d = _data(change)
        session.merge(SiteSetting(name=d["name"], value=d["value"], version=change.version))


def _kb_article(session: Session, changes: list[Change]) -> None:
    rows = []
    for change in changes:
        if not change.deleted:
            rows.append({**_data(change), "version": change.version})
    _upsert(session, KbArticle, rows, "id")
    gone = [c.key for c in changes if c.deleted]
    if gone:
        session.execute(delete(KbArticle).where(KbArticle.id.in_(gone)))


def _tender_limit(session: Session, changes: list[Change]) -> None:
    _upsert(session, TenderLimit, [_data(c) for c in changes if not c.deleted], "kind")
    gone = [c.key for c in changes if c.deleted]
    if gone:  # no limit for that tender any more
        session.execute(delete(TenderLimit).where(TenderLimit.kind.in_(gone)))


def _intake_status(session: Session, changes: list[Change]) -> None:
    rows = [{**_data(c), "version": c.version} for c in changes if not c.deleted]
    _upsert(session, IntakeUpdate, rows, "reference_no")
    gone = [c.key for c in changes if c.deleted]
    if gone:
        session.execute(delete(IntakeUpdate).where(IntakeUpdate.reference_no.in_(gone)))


_APPLY: dict[str, Callable[[Session, list[Change]], None]] = {
    "site": _site,
    "tax_rate": _tax_rate,
    "service": _service,
    "staff": _staff,
    "account": _account,
    "stock_block": _stock_block,
    "setting": _setting,
    "kb_article": _kb_article,
    "tender_limit": _tender_limit,
    "intake_status": _intake_status,
}


def settings(session_factory: SessionFactory) -> dict[str, Any]:
    """The site settings head office made, by name."""
    with UnitOfWork(session_factory, readonly=True) as uow:
        rows: Iterable[SiteSetting] = uow.session.scalars(select(SiteSetting))
        return {r.name: r.value for r in rows}
