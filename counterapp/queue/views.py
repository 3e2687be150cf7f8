"""What the queue answers with, the same from the local queue and from the
site server (these models are also the server's JSON)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from annotated_types import GroupedMetadata
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

#: A visitor's language on the wire (issue 13): bounded, like ``counterapp.i18n.LANGUAGES``.
VisitorLanguage = Literal["en", "fr"]

# Control characters (NUL included) and lone surrogates: no one types them, and
# PostgreSQL cannot store a NUL or a surrogate.
_REFUSED = frozenset(("Cc", "Cs"))


def _one_line(value: str) -> str:
    if any(unicodedata.category(ch) in _REFUSED for ch in value):
        raise ValueError("control characters are not accepted")
    return value


def _lines(value: str) -> str:
    if any(unicodedata.category(ch) in _REFUSED and ch not in "\n\t" for ch in value):
        raise ValueError("control characters other than line breaks and tabs are not accepted")
    return value


# The same rules as JSON Schema says them (the published API document).
_ONE_LINE_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
_LINES_PATTERN = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"


@dataclass(frozen=True, slots=True)
class _Pattern:
    """Declares ``pattern`` in the field's JSON Schema (the check itself is ``_one_line``
    or ``_lines``, whose message says what is wrong rather than quoting a regex)."""

    pattern: str

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> Any:
        found = handler(schema)
        found["pattern"] = self.pattern
        return found


@dataclass(frozen=True, slots=True)
class QueueText(GroupedMetadata):
    """A queue text field on the wire: text only (never a number or a boolean), of
    at most its column's (and the engine's) length, without control characters; a
    note (``lines``) keeps its line breaks and tabs. A value breaking one is
    refused before it reaches the queue, naming the field (422 on the server)."""

    max_length: int
    min_length: int = 0
    lines: bool = False

    def __iter__(self) -> Iterator[Any]:
        yield StringConstraints(strict=True, min_length=self.min_length, max_length=self.max_length)
        yield AfterValidator(_lines if self.lines else _one_line)
        yield _Pattern(_LINES_PATTERN if self.lines else _ONE_LINE_PATTERN)


class Actor(BaseModel):
    """Who asks, from where. ``counter`` is what the sign says ("Counter 3")."""

    model_config = ConfigDict(frozen=True)

    staff_id: Annotated[str, QueueText(36, min_length=1)]
    username: Annotated[str, QueueText(64, min_length=1)]
    role: Annotated[str, QueueText(16, min_length=1)]
    station_code: Annotated[str, QueueText(16, min_length=1)]  # queue_event.station_code
    counter: Annotated[str, QueueText(40)] = ""  # queue_ticket.counter


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
