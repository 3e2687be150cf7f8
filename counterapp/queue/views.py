"""What the queue answers with, the same from the local queue and from the
site server (these models are also the server's JSON)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: A visitor's language on the wire (issue 13): bounded, like ``counterapp.i18n.LANGUAGES``.
VisitorLanguage = Literal["en", "fr"]


class Actor(BaseModel):
    """Who asks, from where. ``counter`` is what the sign says ("Counter 3")."""

    model_config = ConfigDict(frozen=True)

    staff_id: str = Field(min_length=1, max_length=36)
    username: str = Field(min_length=1, max_length=64)
    role: str = Field(min_length=1, max_length=16)
    station_code: str = Field(min_length=1, max_length=16)
    counter: str = Field(default="", max_length=40)


class TicketView(BaseModel):
    id: str
    label: str  # "C-003"
    category: str
    services: list[str]
    priority: bool
    language_line: bool
    visitor_name: str = ""
    status: str
    issued_at: datetime
    waiting_since: datetime
    called_at: datetime | None = None
    called_by: str | None = None
    counter: str | None = None
    recalls: int = 0
    appointment_at: datetime | None = None
    expert_id: str | None = None
    transfers: int = 0
    notes: str = ""  # what the visitor said, handed on with a transfer (issue 16)
    # The visitor's language (issue 13); None: issued before it was kept, or by an older
    # server (the site's usual language stands in).
    language: VisitorLanguage | None = None


class IssuedTicket(BaseModel):
    """A ticket just issued, with what the printed ticket says."""

    ticket: TicketView
    category_name: str
    people_ahead: int
    estimated_wait_minutes: int
    site_name: str = ""
    survey_url: str = ""
    repeated: bool = False  # the same request seen again (a double press): nothing new


class AppointmentView(BaseModel):
    id: str
    at: datetime
    category: str
    services: list[str]
    visitor_name: str
    status: str  # booked | checked_in | cancelled | no_show
    ticket_id: str | None = None
    contact: str = ""


class SlotView(BaseModel):
    """One appointment slot of a category: how many are booked of how many."""

    at: datetime
    category: str
    booked: int
    capacity: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


class CategoryLoad(BaseModel):
    letter: str
    name: str
    waiting: int
    serving: int  # tickets of this category being served now
    longest_wait_s: int


class QueueSnapshot(BaseModel):
    version: int
    at: datetime
    settings: dict[str, Any]
    waiting: list[TicketView]
    serving: list[TicketView]
    parked: list[TicketView]
    appointments: list[AppointmentView]
    categories: list[CategoryLoad]
    backup_requests: list[dict[str, Any]] = Field(default_factory=list)


class QueueChange(BaseModel):
    """One change, as every station hears of it (server-sent event ``data``)."""

    version: int
    kind: str
    ticket: str = ""
    ticket_id: str | None = None
    category: str = ""
    counter: str = ""
    station_code: str = ""
    at: datetime
    # The called ticket's language, for the sign (issue 13); None from an older server.
    language: VisitorLanguage | None = None
