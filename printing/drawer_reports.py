"""End-of-shift documents: the Z report, the deposit slip, the end-of-day
summary (PDF, reportlab) and the Z report and pickup/paid-out slips on the
receipt printer (ESC/POS, python-escpos).

Each renderer takes the stored document (a plain dict written by
``counterapp.services.drawer`` at sign-off), so a reprint months later prints
exactly what was issued, marked COPY.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from counterapp.domain.money import format_cents
from printing.escpos_receipt import MIN_COLUMNS, PrintLine, _wrap, fold_text

Doc = dict[str, Any]


def _money(cents: int) -> str:
    return format_cents(int(cents))


def _over_short(cents: int) -> str:
    if cents > 0:
        return f"OVER {_money(cents)}"
    if cents < 0:
        return f"SHORT {_money(-cents)}"
    return "BALANCED"


def shift_label(doc: Doc) -> str:
    """A shift as a finance clerk names it: drawer, associate, open and close times.

    Documents issued since issue 10 carry it (``shift_name``); older stored
    ones are named from their drawer, associate and times. Never the raw id.
    """
    if doc.get("shift_name"):
        return str(doc["shift_name"])
    opened = str(doc.get("opened_at", ""))
    closed = str(doc.get("closed_at", "") or doc.get("prepared_at", ""))
    span = f"{opened}–{closed[11:]}" if closed[:10] == opened[:10] and closed else opened
    return f"Drawer {doc.get('drawer_code', '?')}, {doc.get('associate', '')}, {span}".strip(", ")


# --- the shared content: sections of (label, value) rows ------------------------------


def z_report_sections(doc: Doc) -> list[tuple[str, list[tuple[str, str]]]]:
    """The Z report as titled sections of label/value rows: one content for paper and PDF."""
    header = [
        ("Station / drawer", f"{doc['station_code']} / {doc['drawer_code']}"),
        ("Associate", doc["associate"]),
        ("Opened", doc["opened_at"]),
        ("Counted", doc["counted_at"]),
        ("Signed off", f"{doc['closed_at']} by {doc['supervisor']}"),
        ("Shift", shift_label(doc)),
    ]
    activity = [
        (f"Sales ({doc['sales_count']})", _money(doc["sales_cents"])),
        (f"Voids ({doc['voids_count']})", _money(-doc["voids_cents"])),
        (f"Refunds ({doc['refunds_count']})", _money(-doc["refunds_cents"])),
        ("HST collected", _money(doc["tax_cents"])),
        *_hst_number(doc),
        ("Cash rounding", _money(doc["rounding_cents"])),
        ("No-sale drawer opens", str(doc["no_sales"])),
    ]
    cash = [
        ("Opening float", _money(doc["float_cents"])),
        ("Cash received", _money(doc["cash_in_cents"])),
        ("Change given", _money(-doc["change_cents"])),
        ("Cash back on voids/refunds", _money(-doc["cash_out_cents"])),
        (f"Paid-outs ({len(doc['paid_outs'])})", _money(-doc["paid_outs_cents"])),
        (f"Pickups ({len(doc['pickups'])})", _money(-doc["pickups_cents"])),
    ]
    tenders: list[tuple[str, str]] = []
    for t in doc["tenders"]:
        tenders.append((f"{t['label']} expected", _money(t["expected_cents"])))
        tenders.append((f"{t['label']} counted", _money(t["counted_cents"])))
        tenders.append((f"{t['label']} over/short", _money(t["over_short_cents"])))
    services = [
        (f"{s['gl_account']} {s['description']} x{s['quantity']}", _money(s["amount_cents"]))
        for s in doc["services"]
    ]
    gl = [(f"{g['gl_account']} {g['department']}", _money(g["amount_cents"])) for g in doc["gl"]]
    movements = [
        (f"Pickup {p['seq']} at {p['at'][11:]}", _money(p["amount_cents"])) for p in doc["pickups"]
    ] + [
        (f"Paid-out {p['seq']}: {p['reason']}", _money(p["amount_cents"])) for p in doc["paid_outs"]
    ]
    result = [("Over/short", _over_short(doc["over_short_cents"]))]
    if doc.get("reason"):
        result.append(("Reason", doc["reason"]))
    sections = [
        ("", header),
        ("Activity", activity),
        ("Cash drawer", cash),
        ("By tender", tenders),
        ("By service", services),
        ("By GL account (before HST)", gl),
    ]
    if movements:
        sections.append(("Pickups and paid-outs", movements))
    sections.append(("Result", result))
    return sections


def _hst_number(doc: Doc) -> list[tuple[str, str]]:
    number = doc.get("hst_registration", "")
    return [("HST registration no.", str(number))] if number and doc.get("tax_cents") else []


def deposit_sections(doc: Doc) -> list[tuple[str, list[tuple[str, str]]]]:
    def count_rows(lines: list[dict[str, Any]]) -> list[tuple[str, str]]:
        rows = []
        for ln in lines:
            qty = f"{ln['pieces']}" + (f" + {ln['rolls']} rolls" if ln["rolls"] else "")
            rows.append((f"{ln['label']} x {qty}", _money(ln["cents"])))
        return rows

    cheques = [
        (f"Cheque {c['reference'] or '(no number)'}", _money(c["amount_cents"]))
        for c in doc["cheques"]
    ]
    return [
        (
            "",
            [
                ("Station / drawer", f"{doc['station_code']} / {doc['drawer_code']}"),
                ("Prepared by", doc["associate"]),
                ("Prepared", doc["prepared_at"]),
                ("Shift", shift_label(doc)),
            ],
        ),
        ("Notes", [*count_rows(doc["notes"]), ("Total notes", _money(doc["notes_cents"]))]),
        ("Coins", [*count_rows(doc["coins"]), ("Total coins", _money(doc["coins_cents"]))]),
        (
            "Cash",
            [
                ("Cash counted (drawer and pickups)", _money(doc["cash_counted_cents"])),
                ("Less float kept for the next shift", _money(-doc["float_kept_cents"])),
                ("Cash deposit", _money(doc["cash_deposit_cents"])),
            ],
        ),
        (
            f"Cheques ({len(doc['cheques'])})",
            [*cheques, ("Total cheques", _money(doc["cheques_cents"]))],
        ),
        (
            "Deposit",
            [
                ("Money orders", _money(doc["money_orders_cents"])),
                ("TOTAL DEPOSIT", _money(doc["total_cents"])),
            ],
        ),
    ]


def day_summary_sections(doc: Doc) -> list[tuple[str, list[tuple[str, str]]]]:
    shifts = [
        (
            shift_label(r) + ("" if r.get("closed_at") or not r.get("status") else " (OPEN)"),
            f"{_money(r['net_cents'])}  {_over_short(r['over_short_cents'])}",
        )
        for r in doc["shifts"]
    ]
    gl = [
        (
            f"{g['gl_account']} {g['department']} {g['description']}",
            f"Dr {_money(g['debit_cents'])}"
            if g["debit_cents"]
            else f"Cr {_money(g['credit_cents'])}",
        )
        for g in doc["gl"]
    ]
    totals = [
        ("Sales (with HST)", _money(doc["sales_cents"])),
        ("Voids", _money(-doc["voids_cents"])),
        ("Refunds", _money(-doc["refunds_cents"])),
        ("Cash rounding", _money(doc.get("rounding_cents", 0))),
        ("Net taken (all tenders)", _money(doc.get("net_cents", 0))),
        ("HST collected", _money(doc.get("tax_cents", 0))),
        *_hst_number(doc),
        ("Paid-outs", _money(-doc.get("paid_outs_cents", 0))),
        ("Pickups to the safe", _money(doc["pickups_cents"])),
        ("Over/short (with corrections)", _over_short(doc["over_short_cents"])),
        ("Shifts still open", str(doc["open_shifts"])),
    ]
    return [
        ("", [("Station", doc["station_code"]), ("Date", doc["date"])]),
        (f"Shifts ({len(doc['shifts'])})", shifts),
        ("By tender", [(t["label"], _money(t["net_cents"])) for t in doc["tenders"]]),
        ("Totals", totals),
        (
            "GL distribution",
            [
                *gl,
                ("Debits", _money(doc["gl_debits_cents"])),
                ("Credits", _money(doc["gl_credits_cents"])),
            ],
        ),
    ]


def slip_sections(slip: Doc) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = [
        ("Station / drawer", f"{slip['station_code']} / {slip['drawer_code']}"),
        ("Number", str(slip["seq"])),
        ("Time", slip["at"]),
        ("Associate", slip["associate"]),
    ]
    if slip.get("reason"):
        rows.append(("Reason", slip["reason"]))
    counted = [
        (
            f"{ln['label']} x {ln['pieces']}" + (f" + {ln['rolls']} rolls" if ln["rolls"] else ""),
            _money(ln["cents"]),
        )
        for ln in slip.get("count", [])
    ]
    return [("", rows), ("Counted", counted), ("", [("AMOUNT", _money(slip["amount_cents"]))])]


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
        out.extend(centred("*** COPY ***", bold=True))
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
        out.extend(centred("*** COPY ***", bold=True))
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


def z_report_lines(doc: Doc, *, columns: int = 48, profile: str = "default") -> list[PrintLine]:
    return sections_to_lines(
        "Z REPORT",
        doc["site_name"],
        z_report_sections(doc),
        copy=bool(doc.get("copy")),
        columns=columns,
        signatures=("Associate", "Supervisor"),
        profile=profile,
    )


def render_z_report(doc: Doc, *, columns: int = 48, profile: str = "default") -> bytes:
    """The Z report as ESC/POS bytes for the receipt printer."""
    return _escpos(z_report_lines(doc, columns=columns, profile=profile), profile)


def slip_lines(slip: Doc, *, columns: int = 48, profile: str = "default") -> list[PrintLine]:
    signer = (
        ("Associate", "Received in safe by")
        if slip["kind"] == "pickup"
        else ("Associate", "Received by")
    )
    return sections_to_lines(
        slip["title"],
        slip["site_name"],
        slip_sections(slip),
        columns=columns,
        signatures=signer,
        profile=profile,
    )


def render_slip(slip: Doc, *, columns: int = 48, profile: str = "default") -> bytes:
    """A pickup or paid-out slip as ESC/POS bytes (one goes in the bag, one stays)."""
    return _escpos(slip_lines(slip, columns=columns, profile=profile), profile)


# --- PDF ---------------------------------------------------------------------------------


def _pdf(
    title: str,
    site_name: str,
    sections: list[tuple[str, list[tuple[str, str]]]],
    *,
    copy: bool,
    signatures: tuple[str, ...] = (),
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
        Paragraph(escape(title + ("  (COPY)" if copy else "")), styles["Heading1"]),
    ]
    width = doc.width
    last = len(sections) - 1
    for index, (heading, rows) in enumerate(sections):
        block: list[Any] = []
        if heading:
            block.append(Paragraph(escape(heading), styles["Heading3"]))
        if not rows:
            block.append(Paragraph("None.", styles["Normal"]))
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


def z_report_pdf(doc: Doc) -> bytes:
    return _pdf(
        "Z REPORT",
        doc["site_name"],
        z_report_sections(doc),
        copy=bool(doc.get("copy")),
        signatures=("Associate", "Supervisor"),
    )


def deposit_slip_pdf(doc: Doc) -> bytes:
    return _pdf(
        f"DEPOSIT SLIP {doc['date']}",
        doc["site_name"],
        deposit_sections(doc),
        copy=bool(doc.get("copy")),
        signatures=("Prepared by", "Verified by"),
    )


def day_summary_pdf(doc: Doc) -> bytes:
    return _pdf(
        f"END OF DAY {doc['date']}",
        doc["site_name"],
        day_summary_sections(doc),
        copy=False,
        signatures=("Supervisor",),
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


def save_shift_documents(folder: Path, z: Doc, deposit: Doc) -> tuple[Path, Path]:
    """The Z report and deposit slip as PDF files; a reprint gets "-copy" in its name."""
    opened = str(z.get("opened_at", ""))[11:16].replace(":", "")
    stem = f"{z['station_code']}-{z['closed_at'][:10]}-drawer{z['drawer_code']}-{opened}"
    suffix = "-copy" if z.get("copy") else ""
    return (
        write_file(folder / f"Z-{stem}{suffix}.pdf", z_report_pdf(z)),
        write_file(folder / f"deposit-{stem}{suffix}.pdf", deposit_slip_pdf(deposit)),
    )
