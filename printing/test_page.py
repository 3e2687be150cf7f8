"""The "test print" page: proves the port, the width, the code pages and the cutter.

What an installer checks at a new counter: the device name and its port
settings, a ruler as wide as the configured columns (it must not wrap), the
accented names the town sees every day, the receipt-number code and the cut.
"""

from __future__ import annotations

from printing.escpos_receipt import fold_text

SAMPLE_NAMES = "Zoë Brontë · François Côté · Đặng Văn Lâm · Łukasz Żółć"


def test_page_lines(
    device: str, port: str, settings_line: str, columns: int, *, profile: str = "default"
) -> list[str]:
    ruler = "".join(str(i % 10) for i in range(1, columns + 1))
    lines = [
        "TEST PRINT",
        fold_text(device, profile=profile)[:columns],
        fold_text(port, profile=profile)[:columns],
        settings_line[:columns],
        ruler,
    ]
    lines += [
        fold_text(name.strip(), profile=profile)[:columns] for name in SAMPLE_NAMES.split("·")
    ]
    return lines


def render_test_page(
    device: str, port: str, settings_line: str, columns: int, *, profile: str = "default"
) -> bytes:
    from escpos.constants import QR_ECLEVEL_M

    from printing.escpos_receipt import _code_kind, _dummy

    printer = _dummy(profile)
    printer.hw("INIT")
    lines = test_page_lines(device, port, settings_line, columns, profile=profile)
    printer.set(bold=True, double_height=True)
    printer.textln(lines[0])
    printer.set(normal_textsize=True, bold=False)
    for line in lines[1:]:
        printer.textln(line)
    kind = _code_kind(profile)
    if kind == "qr":
        printer.set(align="center")
        printer.qr("TEST", ec=QR_ECLEVEL_M, size=5, native=True)
        printer.set(align="left")
    elif kind == "code128":
        printer.barcode("{BTEST", "CODE128", height=64, width=2, function_type="B")
    printer.cut(mode="PART")
    return bytes(printer.output)
