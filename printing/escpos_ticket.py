"""The walk-in queue ticket: the number large, the category and services, the
time, how many are ahead and the estimated wait, and a QR code (the site's
satisfaction survey or status link).

One layout (``ticket_layout``) for the text and the ESC/POS renderer, on the
receipt's building blocks (``printing.escpos_receipt``): the same folding of
names to the printer's code pages, the same QR commands.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import tzinfo
from typing import Any

from counterapp import i18n
from counterapp.domain.clock import to_site_time, zone_named
from counterapp.queue.views import IssuedTicket
from printing.escpos_receipt import (
    MIN_COLUMNS,
    Block,
    PrintCode,
    PrintLine,
    _as_text,
    _code_kind,
    _dummy,
    _Layout,
    _print_code,
)
from printing.words import PAPER_SPACE, say


@dataclass(frozen=True, slots=True)
class QueueTicket:
    """What the ticket printer prints for one issued ticket."""

    site_name: str
    label: str  # "C-003"
    category_name: str
    services: tuple[str, ...]  # service names, as the visitor reads them
    issued_at: str  # local time, "2026-11-23 09:14"
    people_ahead: int
    estimated_wait_minutes: int
    priority: bool = False
    language_line: bool = False
    appointment: bool = False
    qr_data: str = ""  # "" = no code
    language: str = "en"  # the visitor's, chosen by the greeter (issue 13)

    def to_dict(self) -> dict[str, Any]:
        """As stored in the ticket's device job (JSON)."""
        return {**asdict(self), "services": list(self.services)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> QueueTicket:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        values["services"] = tuple(values.get("services", ()))
        return cls(**values)


def ticket_from_issue(
    issued: IssuedTicket,
    service_names: dict[str, str],
    zone: tzinfo | str | None = None,
    language: str = "en",
) -> QueueTicket:
    """The printed ticket for ``issued`` in the visitor's ``language``;
    ``service_names`` maps codes to names."""
    tz = zone_named(zone) if isinstance(zone, str) else zone
    t = issued.ticket
    return QueueTicket(
        site_name=issued.site_name,
        label=t.label,
        category_name=issued.category_name,
        services=tuple(service_names.get(code, code) for code in t.services),
        issued_at=i18n.datetime_text(to_site_time(t.issued_at, tz), language, space=PAPER_SPACE),
        people_ahead=issued.people_ahead,
        estimated_wait_minutes=issued.estimated_wait_minutes,
        priority=t.priority,
        language_line=t.language_line,
        appointment=t.appointment_at is not None,
        qr_data=issued.survey_url,
        language=i18n.language_or_default(language),
    )


def _ahead(n: int, language: str) -> str:
    if n == 0:
        return say("ticket.next", language)
    return say("ticket.ahead_one" if n == 1 else "ticket.ahead_many", language, n=n)


def ticket_layout(
    ticket: QueueTicket, *, columns: int = 32, profile: str = "default"
) -> list[Block]:
    """Every line of the ticket, in order (58 mm paper: 32 columns; 80 mm: 48)."""
    if columns < MIN_COLUMNS:
        raise ValueError(f"A ticket needs at least {MIN_COLUMNS} columns, not {columns}")
    lang = ticket.language
    out = _Layout(columns, profile, lang)
    out.centred(ticket.site_name, bold=True)
    out.blank()
    out.centred(say("ticket.your_number", lang), bold=False)
    out.centred(ticket.label, bold=True, tall=True)
    out.blank()
    out.centred(ticket.category_name, bold=True)
    for name in ticket.services:
        out.centred(name)
    if ticket.appointment:
        out.centred(say("ticket.appointment", lang))
    if ticket.priority:
        out.centred(say("ticket.priority", lang))
    if ticket.language_line:
        out.centred(say("ticket.language_line", lang))
    out.rule()
    out.left(say("ticket.issued", lang, at=ticket.issued_at))
    out.left(_ahead(ticket.people_ahead, lang))
    if ticket.people_ahead:
        out.left(say("ticket.wait", lang, minutes=ticket.estimated_wait_minutes))
    out.rule()
    out.centred(say("ticket.watch", lang))
    kind = _code_kind(profile)
    if ticket.qr_data and kind == "qr":
        out.blank()
        out.centred(say("ticket.survey", lang))
        out.blocks.append(PrintCode("qr", ticket.qr_data))
    return out.blocks


def ticket_text(ticket: QueueTicket, *, columns: int = 32, profile: str = "default") -> list[str]:
    """The ticket as the lines the paper shows (screen, tests, simulator)."""
    return _as_text(ticket_layout(ticket, columns=columns, profile=profile))


def render_ticket(ticket: QueueTicket, *, columns: int = 32, profile: str = "default") -> bytes:
    """The ticket as ESC/POS bytes: initialise, lines, QR code, feed, partial cut."""
    blocks = ticket_layout(ticket, columns=columns, profile=profile)
    printer = _dummy(profile)
    printer.hw("INIT")
    bold = tall = False
    for block in blocks:
        if isinstance(block, PrintCode):
            _print_code(printer, block)
            continue
        assert isinstance(block, PrintLine)
        if block.tall != tall:
            printer.set(double_height=block.tall, normal_textsize=not block.tall, bold=block.bold)
        elif block.bold != bold:
            printer.set(bold=block.bold)
        bold, tall = block.bold, block.tall
        printer.textln(block.text)
    if tall or bold:
        printer.set(normal_textsize=True, bold=False)
    printer.cut(mode="PART")
    return bytes(printer.output)
