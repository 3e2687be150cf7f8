"""Head office's own tables: its users, their sessions and API tokens, the
audit of every change they make, the bank's answer for each deposit, and
reference-data drafts waiting for review (migration ``s1401``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from counterapp.server.db import ReceivedRecord, ServerBase, UTCDateTime


class HqUser(ServerBase):
    """A person at head office: finance clerk, administrator or manager."""

    __tablename__ = "hq_user"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="")  # "" = the browser's
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HqSession(ServerBase):
    """A signed-in browser. ``id`` is the SHA-256 of the cookie's value."""

    __tablename__ = "hq_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("hq_user.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HqToken(ServerBase):
    """A user's API token for scripts; only its SHA-256 is kept."""

    __tablename__ = "hq_token"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("hq_user.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class HqAudit(ServerBase):
    """Who changed what at head office, and when (never a password or token)."""

    __tablename__ = "hq_audit"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40), default="")
    key: Mapped[str] = mapped_column(String(120), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class HqDeposit(ServerBase):
    """What the bank statement shows for one shift's deposit slip."""

    __tablename__ = "hq_deposit"

    shift_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(16))
    slip_cents: Mapped[int] = mapped_column(BigInteger)  # the slip's total when marked
    bank_cents: Mapped[int] = mapped_column(BigInteger)
    bank_date: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")
    marked_by: Mapped[str] = mapped_column(String(64))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HqDraft(ServerBase):
    """An administrator's unpublished change to one item of reference data.

    ``data`` None withdraws the item. ``base_version`` is the published
    item's version when the draft was made (0: a new item), so a draft made
    stale by another publish is caught at review."""

    __tablename__ = "hq_draft"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(24))
    key: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    site_code: Mapped[str] = mapped_column(String(8), default="")
    base_version: Mapped[int] = mapped_column(BigInteger, default=0)
    author: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("entity", "key"),)


# Finance reads shifts, counts, sign-offs and cash movements by kind.
Index("ix_received_record_kind", ReceivedRecord.kind)
