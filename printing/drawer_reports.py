"""End-of-shift documents: the Z report, the deposit slip, the end-of-day
summary (PDF, reportlab) and the Z report and pickup/paid-out slips on the
receipt printer (ESC/POS, python-escpos).

Each renderer takes the stored document (a plain dict written by
``counterapp.services.drawer`` at sign-off), so a reprint months later prints
exactly what was issued, marked COPY.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from counterapp import i18n
from printing import words
from printing.escpos_receipt import MIN_COLUMNS, PrintLine, _wrap, fold_text
from printing.words import PAPER_SPACE, denomination_label, paper_money, say, tender_label

Doc = dict[str, Any]
Sections = list[tuple[str, list[tuple[str, str]]]]


def _money(cents: int, language: str = "en") -> str:
    return paper_money(int(cents), language)


def _when(stored: object, language: str) -> str:
    """A stored site time ("2026-12-01 14:05") in ``language``'s form
    ("2026-12-01 14 h 05"); anything else as it is."""
    text = str(stored or "")
    for form in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            at = datetime.strptime(text, form)
        except ValueError:
            continue
        return i18n.datetime_text(at, language, space=PAPER_SPACE)
    return text


def _clock(stored: object, language: str) -> str:
    """Only the time of day of a stored site time ("14:05", "14 h 05")."""
    text = str(stored or "")
    try:
        at = datetime.strptime(text[:16], "%Y-%m-%d %H:%M")
    except ValueError:
        return text[11:]
    return i18n.time_text(at, language, space=PAPER_SPACE)


def _over_short(cents: int, language: str = "en") -> str:
    if cents > 0:
        return say("report.over", language, amount=_money(cents, language))
    if cents < 0:
        return say("report.short", language, amount=_money(-cents, language))
    return say("report.balanced", language)


def shift_label(doc: Doc, language: str = "en") -> str:
    """A shift as a finance clerk names it: drawer, associate, open and close times.

    Documents issued since issue 10 carry it in English (``shift_name``), shown
    as stored; in another language, and for older stored documents, it is named
    from the drawer, associate and times. Never the raw id.
    """
    if doc.get("shift_name") and language == "en":
        return str(doc["shift_name"])
    opened = str(doc.get("opened_at", ""))
    closed = str(doc.get("closed_at", "") or doc.get("prepared_at", ""))
    if not opened:
        return str(doc.get("shift_name", ""))
    if closed and closed[:10] == opened[:10]:
        span = f"{_when(opened, language)}–{_clock(closed, language)}"
    elif closed:
        span = f"{_when(opened, language)} – {_when(closed, language)}"
    elif doc.get("shift_name"):
        span = say("report.opened_span", language, at=_when(opened, language))
    else:
        span = _when(opened, language)
    return say(
        "report.shift_name",
        language,
        drawer=doc.get("drawer_code", "?"),
        associate=doc.get("associate", ""),
        span=span,
    )


def _pieces(line: dict[str, Any], language: str) -> str:
    label = denomination_label(str(line["label"]), language)
    qty = f"{line['pieces']}" + (
        " + " + say("report.rolls", language, n=line["rolls"]) if line["rolls"] else ""
    )
    return f"{label} x {qty}"


# --- the shared content: sections of (label, value) rows ------------------------------


def z_report_sections(doc: Doc, language: str = "en") -> Sections:
    """The Z report as titled sections of label/value rows: one content for paper and PDF."""

    def w(message_id: str, **values: object) -> str:
        return say(message_id, language, **values)

    def m(cents: int) -> str:
        return _money(cents, language)

    header = [
        (w("report.station_drawer"), f"{doc['station_code']} / {doc['drawer_code']}"),
        (w("report.associate"), doc["associate"]),
        (w("report.opened"), _when(doc["opened_at"], language)),
        (w("report.counted"), _when(doc["counted_at"], language)),
        (
            w("report.signed_off"),
            w("report.signed_off_by", at=_when(doc["closed_at"], language), who=doc["supervisor"]),
        ),
        (w("report.shift"), shift_label(doc, language)),
    ]
    activity = [
        (w("report.sales_n", n=doc["sales_count"]), m(doc["sales_cents"])),
        (w("report.voids_n", n=doc["voids_count"]), m(-doc["voids_cents"])),
        (w("report.refunds_n", n=doc["refunds_count"]), m(-doc["refunds_cents"])),
        (w("report.hst_collected"), m(doc["tax_cents"])),
        *_hst_number(doc, language),
        (w("report.cash_rounding"), m(doc["rounding_cents"])),
        (w("report.no_sales"), str(doc["no_sales"])),
    ]
    cash = [
        (w("report.opening_float"), m(doc["float_cents"])),
        (w("report.cash_received"), m(doc["cash_in_cents"])),
        (w("report.change_given"), m(-doc["change_cents"])),
        (w("report.cash_back"), m(-doc["cash_out_cents"])),
        (w("report.paid_outs_n", n=len(doc["paid_outs"])), m(-doc["paid_outs_cents"])),
        (w("report.pickups_n", n=len(doc["pickups"])), m(-doc["pickups_cents"])),
    ]
    tenders: list[tuple[str, str]] = []
    for t in doc["tenders"]:
        label = tender_label(str(t["label"]), language)
        tenders.append((w("report.tender_expected", tender=label), m(t["expected_cents"])))
        tenders.append((w("report.tender_counted", tender=label), m(t["counted_cents"])))
        tenders.append((w("report.tender_over_short", tender=label), m(t["over_short_cents"])))
    services = [
        (f"{s['gl_account']} {s['description']} x{s['quantity']}", m(s["amount_cents"]))
        for s in doc["services"]
    ]
    gl = [(f"{g['gl_account']} {g['department']}", m(g["amount_cents"])) for g in doc["gl"]]
    movements = [
        (w("report.pickup_at", seq=p["seq"], at=_clock(p["at"], language)), m(p["amount_cents"]))
        for p in doc["pickups"]
    ] + [
        (w("report.paid_out_reason", seq=p["seq"], reason=p["reason"]), m(p["amount_cents"]))
        for p in doc["paid_outs"]
    ]
    result = [(w("report.over_short"), _over_short(doc["over_short_cents"], language))]
    if doc.get("reason"):
        result.append((w("report.reason"), doc["reason"]))
    sections = [
        ("", header),
        (w("report.activity"), activity),
        (w("report.cash_drawer"), cash),
        (w("report.by_tender"), tenders),
        (w("report.by_service"), services),
        (w("report.by_gl"), gl),
    ]
    if movements:
        sections.append((w("report.movements"), movements))
    sections.append((w("report.result"), result))
    return sections


def _hst_number(doc: Doc, language: str = "en") -> list[tuple[str, str]]:
    number = doc.get("hst_registration", "")
    if number and doc.get("tax_cents"):
        return [(say("report.hst_registration", language), str(number))]
    return []


def deposit_sections(doc: Doc, language: str = "en") -> Sections:
    def w(message_id: str, **values: object) -> str:
        return say(message_id, language, **values)

    def m(cents: int) -> str:
        return _money(cents, language)

    def count_rows(lines: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return [(_pieces(ln, language), m(ln["cents"])) for ln in lines]

    cheques = [
        (
            w("report.cheque", reference=c["reference"] or w("report.no_number")),
            m(c["amount_cents"]),
        )
        for c in doc["cheques"]
    ]
    return [
        (
            "",
            [
                (w("report.station_drawer"), f"{doc['station_code']} / {doc['drawer_code']}"),
                (w("report.prepared_by"), doc["associate"]),
                (w("report.prepared"), _when(doc["prepared_at"], language)),
                (w("report.shift"), shift_label(doc, language)),
            ],
        ),
        (
            w("report.notes"),
            [*count_rows(doc["notes"]), (w("report.total_notes"), m(doc["notes_cents"]))],
        ),
        (
            w("report.coins"),
            [*count_rows(doc["coins"]), (w("report.total_coins"), m(doc["coins_cents"]))],
        ),
        (
            w("report.cash"),
            [
                (w("report.cash_counted"), m(doc["cash_counted_cents"])),
                (w("report.float_kept"), m(-doc["float_kept_cents"])),
                (w("report.cash_deposit"), m(doc["cash_deposit_cents"])),
            ],
        ),
        (
            w("report.cheques_n", n=len(doc["cheques"])),
            [*cheques, (w("report.total_cheques"), m(doc["cheques_cents"]))],
        ),
        (
            w("report.deposit_section"),
            [
                (w("report.money_orders"), m(doc["money_orders_cents"])),
                (w("report.total_deposit"), m(doc["total_cents"])),
            ],
        ),
    ]


def day_summary_sections(doc: Doc, language: str = "en") -> Sections:
    def w(message_id: str, **values: object) -> str:
        return say(message_id, language, **values)

    def m(cents: int) -> str:
        return _money(cents, language)

    shifts = [
        (
            shift_label(r, language)
            + ("" if r.get("closed_at") or not r.get("status") else " " + w("report.open")),
            f"{m(r['net_cents'])}  {_over_short(r['over_short_cents'], language)}",
        )
        for r in doc["shifts"]
    ]
    gl = [
        (
            f"{g['gl_account']} {g['department']} {g['description']}",
            w("report.debit", amount=m(g["debit_cents"]))
            if g["debit_cents"]
            else w("report.credit", amount=m(g["credit_cents"])),
        )
        for g in doc["gl"]
    ]
    totals = [
        (w("report.sales_with_hst"), m(doc["sales_cents"])),
        (w("report.voids"), m(-doc["voids_cents"])),
        (w("report.refunds"), m(-doc["refunds_cents"])),
        (w("report.cash_rounding"), m(doc.get("rounding_cents", 0))),
        (w("report.net_taken"), m(doc.get("net_cents", 0))),
        (w("report.hst_collected"), m(doc.get("tax_cents", 0))),
        *_hst_number(doc, language),
        (w("report.paid_outs"), m(-doc.get("paid_outs_cents", 0))),
        (w("report.pickups_to_safe"), m(doc["pickups_cents"])),
        (w("report.over_short_corrections"), _over_short(doc["over_short_cents"], language)),
        (w("report.shifts_open"), str(doc["open_shifts"])),
    ]
    by_tender = [
        (tender_label(str(t["label"]), language), m(t["net_cents"])) for t in doc["tenders"]
    ]
    return [
        ("", [(w("report.station"), doc["station_code"]), (w("report.date"), doc["date"])]),
        (w("report.shifts_n", n=len(doc["shifts"])), shifts),
        (w("report.by_tender"), by_tender),
        (w("report.totals"), totals),
        (
            w("report.gl_distribution"),
            [
                *gl,
                (w("report.debits"), m(doc["gl_debits_cents"])),
                (w("report.credits"), m(doc["gl_credits_cents"])),
            ],
        ),
    ]


def slip_sections(slip: Doc, language: str = "en") -> Sections:
    def w(message_id: str, **values: object) -> str:
        return say(message_id, language, **values)

    rows = [
        (w("report.station_drawer"), f"{slip['station_code']} / {slip['drawer_code']}"),
        (w("report.number"), str(slip["seq"])),
        (w("report.time"), _when(slip["at"], language)),
        (w("report.associate"), slip["associate"]),
    ]
    if slip.get("reason"):
        rows.append((w("report.reason"), slip["reason"]))
    counted = [
        (_pieces(ln, language), _money(ln["cents"], language)) for ln in slip.get("count", [])
    ]
    return [
        ("", rows),
        (w("report.counted"), counted),
        ("", [(w("report.amount"), _money(slip["amount_cents"], language))]),
    ]


def slip_title(slip: Doc, language: str = "en") -> str:
    """ "CASH PICKUP" or "PAID-OUT" in ``language`` (else the stored English title)."""
    return words.slip_title(str(slip.get("kind", "")), language) or str(slip.get("title", ""))


# --- receipt printer ---------------------------------------------------------------------


def sections_to_lines(
    title: str,
    site_name: str,
    sections: list[tuple[str, list[tuple[str, str]]]],
    *,
    copy: bool = False,
    columns: int = 48,
    signatures: tuple[str, ...] = (),
    profile: str = "default",
    language: str = "en",
) -> list[PrintLine]:
    """The document as printer lines: label left, value right, wrapped to ``columns``."""
    if columns < MIN_COLUMNS:
        raise ValueError(f"A report needs at least {MIN_COLUMNS} columns, not {columns}")

    def fold(text: str) -> str:
        return fold_text(text, profile=profile)

    def centred(text: str, **kw: bool) -> list[PrintLine]:
        return [
            PrintLine(" " * ((columns - len(part)) // 2) + part, **kw)
            for part in _wrap(fold(text), columns)
        ]

    out = [*centred(site_name, bold=True), *centred(title, bold=True, tall=True)]
    if copy:
        out.extend(centred(say("report.copy", language), bold=True))
    for heading, rows in sections:
        out.append(PrintLine("-" * columns))
        if heading:
            out.extend(PrintLine(part, bold=True) for part in _wrap(fold(heading), columns))
        for label, value in rows:
            out.extend(
                PrintLine(text) for text in label_value_lines(fold(label), fold(value), columns)
            )
    for who in signatures:
        out.append(PrintLine(""))
        out.append(PrintLine(""))
        out.append(PrintLine(fold(f"{who}: " + "_" * columns)[:columns]))
    if copy:
        out.extend(centred(say("report.copy", language), bold=True))
    return out


#: The narrowest a label may be squeezed beside its value before the value gets a line of its own.
MIN_LABEL_WIDTH = 12


def label_value_lines(label: str, value: str, columns: int) -> list[str]:
    """A label (wrapped at word boundaries) with its value right-aligned on the
    label's last line; a value too wide to sit beside it wraps on lines of its own.
    Only a single word longer than the whole line is ever cut."""
    room = columns - len(value) - 1
    if room >= MIN_LABEL_WIDTH:
        *head, last = _wrap(label, room)
        return [*head, last + " " * (columns - len(last) - len(value)) + value]
    return [*_wrap(label, columns), *(part.rjust(columns) for part in _wrap(value, columns))]


def _escpos(lines: list[PrintLine], profile: str) -> bytes:
    from escpos.magicencode import Encoder
    from escpos.printer import Dummy

    from printing.escpos_receipt import _code_pages

    printer = Dummy(
        profile=profile, magic_encode_args={"encoder": Encoder(dict(_code_pages(profile)))}
    )
    printer.hw("INIT")
    for line in lines:
        printer.set(bold=line.bold, double_height=line.tall, normal_textsize=not line.tall)
        printer.textln(line.text)
    printer.set(normal_textsize=True, bold=False)
    printer.cut(mode="PART")
    return bytes(printer.output)


def z_report_lines(
    doc: Doc, *, columns: int = 48, profile: str = "default", language: str = "en"
) -> list[PrintLine]:
    return sections_to_lines(
        say("report.z", language),
        doc["site_name"],
        z_report_sections(doc, language),
        copy=bool(doc.get("copy")),
        columns=columns,
        signatures=(say("report.associate", language), say("report.supervisor", language)),
        profile=profile,
        language=language,
    )


def render_z_report(
    doc: Doc, *, columns: int = 48, profile: str = "default", language: str = "en"
) -> bytes:
    """The Z report as ESC/POS bytes for the receipt printer, in ``language``
    (the staff member's who prints it)."""
    return _escpos(
        z_report_lines(doc, columns=columns, profile=profile, language=language), profile
    )


def slip_lines(
    slip: Doc, *, columns: int = 48, profile: str = "default", language: str = "en"
) -> list[PrintLine]:
    received = "report.received_in_safe_by" if slip["kind"] == "pickup" else "report.received_by"
    return sections_to_lines(
        slip_title(slip, language),
        slip["site_name"],
        slip_sections(slip, language),
        columns=columns,
        signatures=(say("report.associate", language), say(received, language)),
        profile=profile,
        language=language,
    )


def render_slip(
    slip: Doc, *, columns: int = 48, profile: str = "default", language: str = "en"
) -> bytes:
    """A pickup or paid-out slip as ESC/POS bytes (one goes in the bag, one stays)."""
    return _escpos(slip_lines(slip, columns=columns, profile=profile, language=language), profile)


# --- PDF ---------------------------------------------------------------------------------


def _pdf(
    title: str,
    site_name: str,
    sections: list[tuple[str, list[tuple[str, str]]]],
    *,
    copy: bool,
    signatures: tuple[str, ...] = (),
    language: str = "en",
) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{title} - {site_name}",
        author="counterapp",
    )
    story: list[Any] = [
        Paragraph(escape(site_name), styles["Title"]),
        Paragraph(
            escape(title + ("  " + say("report.copy_pdf", language) if copy else "")),
            styles["Heading1"],
        ),
    ]
    width = doc.width
    last = len(sections) - 1
    for index, (heading, rows) in enumerate(sections):
        block: list[Any] = []
        if heading:
            block.append(Paragraph(escape(heading), styles["Heading3"]))
        if not rows:
            block.append(Paragraph(escape(say("report.none", language)), styles["Normal"]))
        else:
            block.append(_pdf_table(rows, width, styles))
            block.append(Spacer(1, 3 * mm))
        if index == last:
            # The signature lines never stand alone on a page: they travel with
            # the last section (and its heading) they sign for.
            for who in signatures:
                block.append(Spacer(1, 10 * mm))
                block.append(Paragraph(escape(who) + ": " + "_" * 50, styles["Normal"]))
            story.append(KeepTogether(block))
        elif heading:
            story.append(KeepTogether(block[:2]))  # a heading never ends a page alone
            story.extend(block[2:])
        else:
            story.extend(block)
    doc.build(story)
    return buffer.getvalue()


def _pdf_table(rows: list[tuple[str, str]], width: float, styles: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    right = ParagraphStyle("value", parent=styles["Normal"], alignment=TA_RIGHT)
    table = Table(
        [
            [Paragraph(escape(label), styles["Normal"]), Paragraph(escape(value), right)]
            for label, value in rows
        ],
        colWidths=[width * 0.62, width * 0.38],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    return table


def z_report_pdf(doc: Doc, language: str = "en") -> bytes:
    return _pdf(
        say("report.z", language),
        doc["site_name"],
        z_report_sections(doc, language),
        copy=bool(doc.get("copy")),
        signatures=(say("report.associate", language), say("report.supervisor", language)),
        language=language,
    )


def deposit_slip_pdf(doc: Doc, language: str = "en") -> bytes:
    return _pdf(
        say("report.deposit", language, date=doc["date"]),
        doc["site_name"],
        deposit_sections(doc, language),
        copy=bool(doc.get("copy")),
        signatures=(say("report.prepared_by", language), say("report.verified_by", language)),
        language=language,
    )


def day_summary_pdf(doc: Doc, language: str = "en") -> bytes:
    return _pdf(
        say("report.end_of_day", language, date=doc["date"]),
        doc["site_name"],
        day_summary_sections(doc, language),
        copy=False,
        signatures=(say("report.supervisor", language),),
        language=language,
    )


# --- files ---------------------------------------------------------------------------------


def write_file(path: Path, data: bytes | str) -> Path:
    """Write ``data`` whole or not at all: a half-written report never sits under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8", newline="")
    else:
        tmp.write_bytes(data)
    tmp.replace(path)
    return path


def save_shift_documents(
    folder: Path, z: Doc, deposit: Doc, language: str = "en"
) -> tuple[Path, Path]:
    """The Z report and deposit slip as PDF files in ``language``; a reprint gets
    "-copy" in its name."""
    opened = str(z.get("opened_at", ""))[11:16].replace(":", "")
    stem = f"{z['station_code']}-{z['closed_at'][:10]}-drawer{z['drawer_code']}-{opened}"
    suffix = "-copy" if z.get("copy") else ""
    return (
        write_file(folder / f"Z-{stem}{suffix}.pdf", z_report_pdf(z, language)),
        write_file(folder / f"deposit-{stem}{suffix}.pdf", deposit_slip_pdf(deposit, language)),
    )
