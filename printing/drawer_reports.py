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
from printing.escpos_receipt import MIN_COLUMNS, PrintLine, fold_text

Doc = dict[str, Any]


def _money(cents: int) -> str:
    return format_cents(int(cents))


def _over_short(cents: int) -> str:
    if cents > 0:
        return f"OVER {_money(cents)}"
    if cents < 0:
        return f"SHORT {_money(-cents)}"
    return "BALANCED"


# --- the shared content: sections of (label, value) rows ------------------------------


def z_report_sections(doc: Doc) -> list[tuple[str, list[tuple[str, str]]]]:
    """The Z report as titled sections of label/value rows: one content for paper and PDF."""
    header = [
        ("Station / drawer", f"{doc['station_code']} / {doc['drawer_code']}"),
        ("Associate", doc["associate"]),
        ("Opened", doc["opened_at"]),
        ("Counted", doc["counted_at"]),
        ("Signed off", f"{doc['closed_at']} by {doc['supervisor']}"),
        ("Shift", doc["shift_id"]),
    ]
    activity = [
        (f"Sales ({doc['sales_count']})", _money(doc["sales_cents"])),
        (f"Voids ({doc['voids_count']})", _money(-doc["voids_cents"])),
        (f"Refunds ({doc['refunds_count']})", _money(-doc["refunds_cents"])),
        ("HST collected", _money(doc["tax_cents"])),
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
                ("Shift", doc["shift_id"]),
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
            f"Drawer {r['drawer_code']} {r['associate']} {r['opened_at'][11:]}-"
            f"{r['closed_at'][11:] or 'OPEN'}",
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
        ("Sales", _money(doc["sales_cents"])),
        ("Voids", _money(-doc["voids_cents"])),
        ("Refunds", _money(-doc["refunds_cents"])),
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

    def centred(text: str, **kw: bool) -> PrintLine:
        text = fold(text)[:columns]
        return PrintLine(" " * ((columns - len(text)) // 2) + text, **kw)

    out = [centred(site_name, bold=True), centred(title, bold=True, tall=True)]
    if copy:
        out.append(centred("*** COPY ***", bold=True))
    for heading, rows in sections:
        out.append(PrintLine("-" * columns))
        if heading:
            out.append(PrintLine(fold(heading)[:columns], bold=True))
        for label, value in rows:
            label, value = fold(label), fold(value)
            room = columns - len(value) - 1
            if len(label) <= room:
                out.append(PrintLine(label + " " * (columns - len(label) - len(value)) + value))
            else:
                out.extend(PrintLine(part) for part in _chunks(label, columns))
                out.extend(PrintLine(part.rjust(columns)) for part in _chunks(value, columns))
    for who in signatures:
        out.append(PrintLine(""))
        out.append(PrintLine(""))
        out.append(PrintLine(fold(f"{who}: " + "_" * columns)[:columns]))
    if copy:
        out.append(centred("*** COPY ***", bold=True))
    return out


def _chunks(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


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
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

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
    for heading, rows in sections:
        if heading:
            story.append(Paragraph(escape(heading), styles["Heading3"]))
        if not rows:
            story.append(Paragraph("None.", styles["Normal"]))
            continue
        table = Table(
            [[Paragraph(escape(label), styles["Normal"]), value] for label, value in rows],
            colWidths=[width * 0.7, width * 0.3],
        )
        table.setStyle(
            TableStyle(
                [
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ("FONTNAME", (1, 0), (1, -1), "Helvetica"),
                ]
            )
        )
        story.append(table)
        story.append(Spacer(1, 3 * mm))
    for who in signatures:
        story.append(Spacer(1, 10 * mm))
        story.append(Paragraph(escape(who) + ": " + "_" * 50, styles["Normal"]))
    doc.build(story)
    return buffer.getvalue()


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
    stem = (
        f"{z['station_code']}-{z['closed_at'][:10]}-drawer{z['drawer_code']}-{z['shift_id'][-8:]}"
    )
    suffix = "-copy" if z.get("copy") else ""
    return (
        write_file(folder / f"Z-{stem}{suffix}.pdf", z_report_pdf(z)),
        write_file(folder / f"deposit-{stem}{suffix}.pdf", deposit_slip_pdf(deposit)),
    )
