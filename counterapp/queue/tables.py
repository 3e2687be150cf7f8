"""The queue's tables, defined once and placed on a metadata: the station's
(a one-desk office's local queue, migrated by Alembic) and the server's (the
site's shared queue). The same operations (``counterapp.queue.engine``) run
on both, so the domain rules cannot differ between them.

Times are stored as UTC and read back aware on every dialect.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from counterapp.db.types import UTCDateTime

# The unique key of a ticket's request id, per site (migrations 1503 and s1503).
REQUEST_PER_SITE = "uq_queue_ticket_site_code_request_id"

# The queue's timestamps: aware UTC in and out on SQLite and PostgreSQL alike.
UTCTime = UTCDateTime


@dataclass(frozen=True, slots=True)
class QueueTables:
    site: Table  # one row per site: the lock every change takes, and the change version
    number: Table  # last ticket number per site, day and category (restarts daily)
    ticket: Table
    event: Table  # the timeline: every ticket's issued, called, recalled … closed
    appointment: Table


def queue_tables(metadata: MetaData) -> QueueTables:
    site = Table(
        "queue_site",
        metadata,
        Column("site_code", String(8), primary_key=True),
        Column("version", Integer, nullable=False, default=0),
    )
    number = Table(
        "queue_number",
        metadata,
        Column("site_code", String(8), nullable=False),
        Column("day", String(10), nullable=False),
        Column("category", String(4), nullable=False),
        Column("last", Integer, nullable=False, default=0),
        PrimaryKeyConstraint("site_code", "day", "category"),
    )
    ticket = Table(
        "queue_ticket",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("site_code", String(8), nullable=False),
        Column("day", String(10), nullable=False),
        Column("series", String(4), nullable=False),  # the letter it was numbered under
        Column("number", Integer, nullable=False),
        Column("category", String(4), nullable=False),  # where it waits now (transfers move it)
        Column("label", String(12), nullable=False),
        Column("services", JSON, nullable=False),
        Column("priority", Boolean, nullable=False, default=False),
        Column("language_line", Boolean, nullable=False, default=False),
        Column("visitor_name", String(80), nullable=False, default=""),
        Column("appointment_id", String(36), nullable=True),
        Column("appointment_at", UTCTime, nullable=True),
        Column("status", String(12), nullable=False),
        Column("issued_at", UTCTime, nullable=False),
        Column("issued_by", String(36), nullable=True),
        Column("waiting_since", UTCTime, nullable=False),
        Column("called_at", UTCTime, nullable=True),
        Column("called_by", String(36), nullable=True),
        Column("counter", String(40), nullable=True),
        Column("recalls", Integer, nullable=False, default=0),
        Column("expert_id", String(36), nullable=True),
        Column("transfers", Integer, nullable=False, default=0),
        Column("closed_at", UTCTime, nullable=True),
        Column("outcome", String(16), nullable=False, default=""),
        Column("request_id", String(36), nullable=False),
        # What the visitor told the desk, travelling with a warm transfer (issue 16).
        Column("notes", Text, nullable=False, default="", server_default=""),
        # The visitor's language, "en" or "fr" (issue 13): the greeter's choice or the
        # site's usual one at issue; the sign calls the ticket in it and the visit's
        # receipt and pole display start in it. NULL: issued before it was kept (the
        # site's usual language is read in its place).
        Column("language", String(2), nullable=True),
        UniqueConstraint("site_code", "day", "series", "number"),
        # A request id (a station's double-press guard) is its site's own: another
        # site's ticket under the same id is neither returned nor in the way.
        UniqueConstraint("site_code", "request_id", name=REQUEST_PER_SITE),
        Index("ix_queue_ticket_site_status", "site_code", "status"),
    )
    event = Table(
        "queue_event",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("site_code", String(8), nullable=False),
        Column("seq", Integer, nullable=False),  # the site's version after the change
        Column("ticket_id", String(36), nullable=True),
        Column("ticket", String(12), nullable=False, default=""),
        Column("kind", String(16), nullable=False),
        Column("at", UTCTime, nullable=False),
        Column("staff_id", String(36), nullable=True),
        Column("station_code", String(16), nullable=False),
        Column("category", String(4), nullable=False, default=""),
        Column("detail", JSON, nullable=False),
        Index("ix_queue_event_site_seq", "site_code", "seq"),
        Index("ix_queue_event_site_at", "site_code", "at"),
    )
    appointment = Table(
        "queue_appointment",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("site_code", String(8), nullable=False),
        Column("at", UTCTime, nullable=False),
        Column("category", String(4), nullable=False),
        Column("services", JSON, nullable=False),
        Column("visitor_name", String(80), nullable=False, default=""),
        # Phone or e-mail to reach the visitor about the booking (issue 16).
        Column("contact", String(120), nullable=False, default="", server_default=""),
        Column("status", String(12), nullable=False, default="booked"),
        Column("ticket_id", String(36), nullable=True),
        Index("ix_queue_appointment_site_at", "site_code", "at"),
    )
    return QueueTables(site, number, ticket, event, appointment)
